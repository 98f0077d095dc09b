// Package robust is exercise 2.4: A robust client. Read README.md in this
// folder first.
package robust

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"
)

// Policy says how hard Get and Post try, and for how long.
type Policy struct {
	Attempts       int           // at most this many attempts in all, the first included (at least 1)
	AttemptTimeout time.Duration // each attempt, from dialling to the body's last byte
	Total          time.Duration // the whole call: every attempt and every wait
	BaseBackoff    time.Duration // the backoff before the second attempt, before jitter
	MaxBackoff     time.Duration // the backoff's cap, before jitter
	Rand           *rand.Rand    // the jitter: one Rand.Float64() per wait, in order
}

// StatusError is the error for a response whose status is not 2xx.
type StatusError struct {
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("status %d %s", e.Code, http.StatusText(e.Code))
}

// Get fetches url and returns the body of a 2xx response, retrying as the
// README says.
func Get(ctx context.Context, url string, p Policy) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}

// Post sends body to url with the given Content-Type and returns the body
// of a 2xx response. It retries only an attempt that sent nothing.
func Post(ctx context.Context, url, contentType string, body []byte, p Policy) ([]byte, error) {
	// TODO: your code here. Delete the line below when you start.
	return nil, errors.ErrUnsupported
}
