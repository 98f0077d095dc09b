package httppost

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"netcourse/grader/internal/judge"
)

// request is one HTTP request as it crossed the wire, read by the fake
// server itself so that the checks can judge its framing byte by byte
// (net/http's server would hide a malformed one behind a 400).
type request struct {
	raw      []byte // every byte read, head and body as sent
	complete bool   // the head ended with an empty line
	method   string
	target   string
	proto    string
	header   []field // in the order sent
	body     []byte  // the body, de-chunked
	framing  string  // "Content-Length", "chunked" or "" (neither)
	frameErr string  // what is wrong with the framing, "" if nothing
	extra    []byte  // bytes after the body, before the client closed
}

type field struct{ name, value string }

var (
	errTooLong = errors.New("the request is too long")
	errNotSize = errors.New("not a chunk size")
)

// get is the value of the header name (case-insensitive), the first if
// it was sent more than once.
func (r *request) get(name string) string {
	for _, f := range r.header {
		if strings.EqualFold(f.name, name) {
			return f.value
		}
	}
	return ""
}

func (r *request) all(name string) []string {
	var vs []string
	for _, f := range r.header {
		if strings.EqualFold(f.name, name) {
			vs = append(vs, f.value)
		}
	}
	return vs
}

// head is the request line and headers as sent.
func (r *request) head() []byte {
	if i := bytes.Index(r.raw, []byte("\r\n\r\n")); i >= 0 {
		return r.raw[:i+4]
	}
	return r.raw
}

const (
	headLimit = 64 << 10
	bodyLimit = 1 << 20
)

// recording counts what the reader consumed, so raw holds the request's
// bytes and nothing read ahead of it.
type recording struct {
	br  *bufio.Reader
	raw bytes.Buffer
}

func (rc *recording) line() (string, error) {
	s, err := rc.br.ReadString('\n')
	rc.raw.WriteString(s)
	if err == nil && rc.raw.Len() > headLimit+bodyLimit {
		err = errTooLong
	}
	return s, err
}

// sizeLine reads a chunk-size line, but stops at the first byte that
// cannot be in one before its ";" (a hex digit, a space or tab, CR, LF):
// a body sent raw under Transfer-Encoding: chunked is caught at once,
// not after waiting for a line end that may never come.
func (rc *recording) sizeLine() (string, error) {
	var b []byte
	ext := false
	for len(b) < 1024 {
		c, err := rc.br.ReadByte()
		if err != nil {
			rc.raw.Write(b)
			return string(b), err
		}
		b = append(b, c)
		switch {
		case c == '\n':
			rc.raw.Write(b)
			return string(b), nil
		case c == ';':
			ext = true
		case !ext && !strings.ContainsRune("0123456789abcdefABCDEF \t\r", rune(c)):
			rc.raw.Write(b)
			return string(b), errNotSize
		}
	}
	rc.raw.Write(b)
	return string(b), errNotSize
}

func (rc *recording) full(n int) ([]byte, error) {
	p := make([]byte, n)
	k, err := io.ReadFull(rc.br, p)
	rc.raw.Write(p[:k])
	return p[:k], err
}

// readRequest reads one request from c, waiting at most within for all of
// it; answer gets it and writes the response. Then the server closes its
// side and keeps reading until the client closes (at most linger), so that
// bytes sent after the body are seen, whatever the timing.
func readRequest(c *net.TCPConn, within, linger time.Duration, answer func(*request) []byte) *request {
	c.SetReadDeadline(time.Now().Add(within))
	// The limit bounds what a submission can make the grader hold.
	rc := &recording{br: bufio.NewReaderSize(io.LimitReader(c, headLimit+2*bodyLimit), 4096)}
	r := &request{}
	defer func() { r.raw = rc.raw.Bytes() }()
	first, err := rc.line()
	if err != nil {
		return r
	}
	if f := strings.Fields(first); len(f) == 3 {
		r.method, r.target, r.proto = f[0], f[1], f[2]
	}
	for {
		l, err := rc.line()
		if err != nil {
			return r
		}
		l = strings.TrimRight(l, "\r\n")
		if l == "" {
			break
		}
		name, value, _ := strings.Cut(l, ":")
		r.header = append(r.header, field{name, strings.TrimSpace(value)})
	}
	r.complete = true
	r.readBody(rc, within)
	c.Write(answer(r))
	c.CloseWrite()
	c.SetReadDeadline(time.Now().Add(linger))
	extra := make([]byte, rc.br.Buffered())
	rc.br.Read(extra)
	rest, _ := io.ReadAll(io.LimitReader(c, bodyLimit))
	r.extra = append(extra, rest...)
	return r
}

func (r *request) readBody(rc *recording, within time.Duration) {
	te, cls := r.get("Transfer-Encoding"), r.all("Content-Length")
	switch {
	case te != "" && len(cls) > 0:
		r.frameErr = fmt.Sprintf("the request has both Transfer-Encoding: %s and Content-Length: %s; a request says its length one way only (servers and proxies that pick different ones disagree on where it ends)", te, cls[0])
	case te != "" && !strings.EqualFold(te, "chunked"):
		r.frameErr = fmt.Sprintf("Transfer-Encoding is %q; the only one a request body may use here is \"chunked\"", te)
		return
	}
	if te != "" {
		r.framing = "chunked"
		r.readChunked(rc, within)
		return
	}
	if len(cls) == 0 {
		if r.method == "POST" {
			r.frameErr = "the request has neither Content-Length nor Transfer-Encoding: chunked, so its body is empty to the server (RFC 9112, section 6.3): whatever follows the head is not read as the body"
		}
		return
	}
	r.framing = "Content-Length"
	n, err := strconv.Atoi(cls[0])
	for _, v := range cls[1:] {
		if v != cls[0] {
			r.frameErr = fmt.Sprintf("Content-Length is sent more than once, with different values (%s)", strings.Join(cls, ", "))
			return
		}
	}
	if err != nil || n < 0 || n > bodyLimit {
		r.frameErr = fmt.Sprintf("Content-Length is %q, not a length in bytes", cls[0])
		return
	}
	body, err := rc.full(n)
	r.body = body
	if err != nil {
		r.frameErr = fmt.Sprintf("Content-Length says %d bytes, but only %d came, and then %s", n, len(body), stopped(err, within))
	}
}

// readChunked decodes a chunked body strictly: sizes in hex, each chunk
// followed by CRLF, a last chunk of size 0, trailers, an empty line.
func (r *request) readChunked(rc *recording, within time.Duration) {
	for {
		l, err := rc.sizeLine()
		if errors.Is(err, errNotSize) {
			// Show what had arrived with it too; it is not read as the body.
			more, _ := rc.br.Peek(min(rc.br.Buffered(), 200))
			r.frameErr = fmt.Sprintf("after %d bytes of chunked body, where a chunk's size should come (hexadecimal digits, then \\r\\n), came %s", len(r.body), judge.Quote(append([]byte(l), more...)))
			return
		}
		if err != nil && l != "" {
			r.frameErr = fmt.Sprintf("after %d bytes of chunked body, where a chunk's size should come (hexadecimal digits, then \\r\\n), came %s, and then %s", len(r.body), judge.Quote([]byte(l)), stopped(err, within))
			return
		}
		if err != nil {
			r.frameErr = fmt.Sprintf("after %d bytes of chunked body the next chunk's size line never came: %s (a chunked body ends with the last chunk \"0\\r\\n\\r\\n\")", len(r.body), stopped(err, within))
			return
		}
		size, _, _ := strings.Cut(strings.TrimRight(l, "\r\n"), ";")
		n, perr := strconv.ParseInt(strings.TrimSpace(size), 16, 32)
		if perr != nil || n < 0 || !strings.HasSuffix(l, "\r\n") {
			r.frameErr = fmt.Sprintf("after %d bytes of chunked body the line %q is not a chunk size (hexadecimal digits, then \\r\\n)", len(r.body), l)
			return
		}
		if n == 0 {
			break
		}
		if len(r.body)+int(n) > bodyLimit {
			r.frameErr = "the chunked body is larger than 1 MiB"
			return
		}
		p, err := rc.full(int(n))
		r.body = append(r.body, p...)
		if err != nil {
			r.frameErr = fmt.Sprintf("a chunk announced %d bytes, but only %d came, and then %s", n, len(p), stopped(err, within))
			return
		}
		if end, err := rc.full(2); err != nil || string(end) != "\r\n" {
			r.frameErr = fmt.Sprintf("a chunk of %d bytes is followed by %q, not by \\r\\n", n, end)
			return
		}
	}
	for {
		l, err := rc.line()
		if err != nil {
			r.frameErr = fmt.Sprintf("after the last chunk (0) the empty line that ends a chunked body never came: %s", stopped(err, within))
			return
		}
		if l == "\r\n" || l == "\n" {
			return
		}
	}
}

func stopped(err error, within time.Duration) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the client closed its side"
	}
	if errors.Is(err, errTooLong) {
		return "the request grew too long"
	}
	return fmt.Sprintf("nothing more arrived within %v", within)
}

// response is an HTTP/1.1 answer that closes the connection, so that a
// client reads it to its end and then closes too.
func response(status int, contentType string, body []byte) []byte {
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		status, statusText[status], contentType, len(body), body)
}

var statusText = map[int]string{200: "OK", 201: "Created", 400: "Bad Request", 409: "Conflict", 422: "Unprocessable Entity"}
