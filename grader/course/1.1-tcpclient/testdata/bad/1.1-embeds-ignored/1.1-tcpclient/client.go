// Package tcpclient reads what the go tool ignores but //go:embed can
// name: _reference.go and .reference.go, links to the reference solution
// (one could as well link to /proc/self/environ). Handed back as an
// error, the report would show it.
package tcpclient

import (
	_ "embed"
	"errors"
)

//go:embed _reference.go
var underscore string

//go:embed .reference.go
var dot string

// Get hands back what it embedded as its error, for the report to show.
func Get(host string, port int, path string) ([]byte, error) {
	return nil, errors.New(underscore + dot)
}
