package trypeer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"netcourse/fixtures"
)

// runUnix runs a fake server on a Unix socket path that answers each
// request in upper case, or leaves a stale socket file there.
func runUnix(ctx context.Context, p *Peer, f Fault, opt Options, w *logWriter) error {
	if err := fixtures.UnixSockets(); err != nil {
		return err
	}
	path := opt.Listen
	if path == "" {
		dir, err := fixtures.SocketDir("netcourse-try-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "try.sock")
	}
	if f.Name == "stale" {
		if err := fixtures.StaleUnixSocket(path); err != nil {
			return err
		}
		defer func() {
			if fixtures.IsSocketFile(path) {
				os.Remove(path)
			}
		}()
		w.printf("Fake peer of exercise %s: %s\n\n%s\n\n", p.ID, f.About, p.Usage(path))
		w.printf("Also start your own server at %s: its Listen must replace the stale file.\nThe file stays until Ctrl-C.\n", path)
		<-ctx.Done()
		return nil
	}
	var next, finished atomic.Int64
	allDone := make(chan struct{})
	var once sync.Once
	srv, err := fixtures.NewUnixServer(path, func(c *net.UnixConn) {
		i := next.Add(1)
		if i > int64(opt.N) {
			return
		}
		name := fmt.Sprintf("conn %d", i)
		w.logf("%s: accepted", name)
		serveUpper(c, f.Name == "drip", opt, rand.New(rand.NewPCG(opt.Seed, uint64(i))), func(format string, args ...any) {
			w.logf("%s: %s", name, fmt.Sprintf(format, args...))
		})
		if finished.Add(1) == int64(opt.N) {
			once.Do(func() { close(allDone) })
		}
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	intro(w, p, f, path, opt, "connection")
	select {
	case <-ctx.Done():
		w.logf("interrupted: closing")
	case <-allDone:
		w.logf("served %d %s: exiting", opt.N, units(opt.N, "connection"))
	}
	return nil
}

// serveUpper reads a request until the client's half-close, logging each
// read, and answers it in upper case.
func serveUpper(c *net.UnixConn, drip bool, opt Options, rng *rand.Rand, logf func(string, ...any)) {
	c.SetReadDeadline(time.Now().Add(opt.Wait))
	var req []byte
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			logf("received %s", quote(buf[:n]))
			req = append(req, buf[:n]...)
		}
		if errors.Is(err, io.EOF) {
			logf("received EOF: your half-close ends the request")
			break
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			logf("no end of request within %v: a client ends its request with CloseWrite (nc -N); closing", opt.Wait)
			return
		}
		if err != nil {
			logf("read: %v", err)
			return
		}
	}
	c.SetReadDeadline(time.Time{})
	reply := bytes.ToUpper(req)
	if !drip {
		logf("send %s", quote(reply))
		if _, err := c.Write(reply); err != nil {
			logf("write: %v", err)
			return
		}
	} else {
		for _, n := range fixtures.Split(rng, len(reply), 1, 8) {
			logf("send %q", reply[:n])
			if _, err := fixtures.DripUnix(c, reply[:n], nil, opt.Wait); err != nil {
				logf("stopped: %v", err)
				return
			}
			reply = reply[n:]
		}
	}
	logf("close")
}
