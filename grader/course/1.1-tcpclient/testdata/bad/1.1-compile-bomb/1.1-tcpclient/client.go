// Package tcpclient makes the compiler hold a 2 GiB array of data: a few
// bytes of source that would take the machine's memory and disk.
package tcpclient

import "errors"

var bomb = [1 << 28]int64{1: 1, 1<<28 - 1: 1}

// Get never gets to run.
func Get(host string, port int, path string) ([]byte, error) {
	return nil, errors.New(string(rune(bomb[len(bomb)-1])))
}
