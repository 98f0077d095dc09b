// Package robust is exercise 2.4: A robust client. Read README.md in this
// folder first.
package robust

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
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
	return do(ctx, p, true, func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	})
}

// Post sends body to url with the given Content-Type and returns the body
// of a 2xx response. It retries only an attempt that sent nothing.
func Post(ctx context.Context, url, contentType string, body []byte, p Policy) ([]byte, error) {
	return do(ctx, p, false, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", contentType)
		}
		return req, err
	})
}

// client has no timeout of its own: the contexts bound every attempt.
var client = &http.Client{}

func do(ctx context.Context, p Policy, idempotent bool, newReq func(context.Context) (*http.Request, error)) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, p.Total)
	defer cancel()
	for n := 1; ; n++ {
		body, a := attempt(ctx, p.AttemptTimeout, newReq)
		if a.err == nil {
			return body, nil
		}
		if ctx.Err() != nil {
			// Cancelled or out of time, whatever the attempt said.
			return nil, fmt.Errorf("%w (the last attempt: %w)", context.Cause(ctx), a.err)
		}
		if n >= p.Attempts || !a.retryable {
			return nil, a.err
		}
		d := p.MaxBackoff
		if n-1 < 62 && p.BaseBackoff<<(n-1) > 0 { // no overflow
			d = min(d, p.BaseBackoff<<(n-1))
		}
		wait := max(time.Duration(p.Rand.Float64()*float64(d)), a.retryAfter)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("waiting to retry after %v: %w", a.err, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// outcome is what an attempt says about retrying.
type outcome struct {
	err        error
	retryable  bool          // a failure worth another attempt
	sent       bool          // some of the request was written
	retryAfter time.Duration // the response's Retry-After, 0 if none
}

func attempt(ctx context.Context, timeout time.Duration, newReq func(context.Context) (*http.Request, error)) ([]byte, outcome) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var o outcome
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { o.sent = true }})
	req, err := newReq(ctx)
	if err != nil {
		o.err = err
		return nil, o
	}
	resp, err := client.Do(req)
	if err != nil {
		o.err, o.retryable = err, true
		return nil, o
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		o.err = &StatusError{Code: resp.StatusCode}
		o.retryable = resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		o.retryAfter = retryAfter(resp.Header.Get("Retry-After"))
		return nil, o
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		o.err, o.retryable = fmt.Errorf("reading the body: %w", err), true
		return nil, o
	}
	return body, o
}

// retryAfter reads a Retry-After value: seconds, or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}
