package tcpclient

import (
	"errors"
	"time"
)

// init never returns: the driver never reads its command.
func init() {
	time.Sleep(1000 * time.Hour)
}

func Get(host string, port int, path string) ([]byte, error) {
	return nil, errors.New("never called")
}
