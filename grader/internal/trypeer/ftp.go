package trypeer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"time"

	"netcourse/fixtures/ftpfake"
)

// The fake FTP server's account and what it serves.
const (
	ftpUser = "alice"
	ftpPass = "secret"
	ftpDir  = "/pub"
	ftpFile = "/pub/hello.bin"
)

// runFTP runs the fixtures' fake FTP server, shaped by the fault (its
// Mode: words among split, multi, after, before, mixed, hold150, noepsv),
// and logs what each session carried once it has ended.
func runFTP(ctx context.Context, p *Peer, f Fault, opt Options, w *logWriter) error {
	seed := max(opt.Seed, 1)
	file := []byte("hello from the fake FTP server\nline two\r\n\x00\xff binary\n")
	cfg := ftpfake.Config{
		User: ftpUser, Pass: ftpPass,
		Files: map[string][]byte{ftpFile: file},
		Dirs: map[string][]string{ftpDir: {
			fmt.Sprintf("-rw-r--r--    1 ftp      ftp      %8d Jan 02 12:00 hello.bin", len(file)),
			"drwxr-xr-x    2 ftp      ftp          4096 Jan 02 12:00 incoming",
		}},
		Rand:  rand.New(rand.NewPCG(seed, seed)),
		Order: ftpfake.Mixed,
		Wait:  opt.Wait,
		Idle:  5 * time.Minute, // a person types slowly
	}
	for _, m := range strings.Fields(f.Mode) {
		switch m {
		case "split":
			cfg.Split = true
		case "multi":
			cfg.MultiLine = true
		case "after":
			cfg.Order = ftpfake.After
		case "before":
			cfg.Order = ftpfake.Before
		case "hold150":
			cfg.Hold150 = true
		case "noepsv":
			cfg.NoEPSV = true
		default:
			return fmt.Errorf("%s: fault %q: unknown FTP mode %q", p.ID, f.Name, m)
		}
	}
	var ended atomic.Int64
	done := make(chan struct{})
	cfg.OnSession = func(s ftpfake.Session) {
		logSession(w, s)
		if ended.Add(1) == int64(opt.N) {
			close(done)
		}
	}
	srv, err := ftpfake.NewOn(cfg, opt.Listen)
	if err != nil {
		return err
	}
	defer srv.Close()
	intro(w, p, f, srv.Addr(), opt, "session")
	select {
	case <-ctx.Done():
		w.logf("interrupted: closing")
	case <-done:
		w.logf("served %d %s: exiting", opt.N, units(opt.N, "session"))
	}
	return nil
}

// logSession writes what one session carried.
func logSession(w *logWriter, s ftpfake.Session) {
	w.logf("session ended (QUIT received: %v, closed by the client: %v); commands:", s.Quit, s.Closed)
	for _, c := range s.Commands {
		w.logf("  received %q", c+"\r\n")
	}
	for _, tr := range s.Transfers {
		if tr.Reply != 226 {
			w.logf("  %s %s: answered %d, no transfer", tr.Command, tr.Path, tr.Reply)
			continue
		}
		w.logf("  %s %s: TYPE %s, %d bytes, %s; 150 read before the data: %v; data read: %v; data connection closed by the client: %v",
			tr.Command, tr.Path, tr.Type, len(tr.Sent), tr.Order, tr.Read150, tr.Consumed, tr.DataClosed)
	}
}
