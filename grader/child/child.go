// Package child is the runtime of a driver: the small main package that is
// compiled together with a submission and runs its functions when the judge
// asks. It reads commands on fd 3, writes replies on fd 4, and turns panics
// in the submission into messages the judge can explain. It never decides
// whether the submission is right.
package child

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync"

	"netcourse/grader/wire"
)

// Handler runs one operation. It returns the result to send to the judge,
// or an error when the driver itself could not do its job.
type Handler func(s *Session, args json.RawMessage) (any, error)

// ErrPanicked is returned by Call and Go when the submission panicked; the
// panic was already reported.
var ErrPanicked = errors.New("child: submission panicked")

// Session is one conversation with the judge.
type Session struct {
	in       *bufio.Scanner
	mu       sync.Mutex
	out      *json.Encoder
	panicked chan struct{}
	once     sync.Once
}

// Main serves the judge's first command with the matching handler, then
// waits for the judge to say exit (so sockets stay open while the judge
// looks at them). It returns the process exit code.
func Main(handlers map[string]Handler) int {
	in := os.NewFile(wire.CommandFD, "commands")
	out := os.NewFile(wire.ReplyFD, "replies")
	if in == nil || out == nil {
		fmt.Fprintln(os.Stderr, "this program is started by the grader: run make grade")
		return 2
	}
	s := &Session{in: bufio.NewScanner(in), out: json.NewEncoder(out), panicked: make(chan struct{})}
	s.in.Buffer(make([]byte, 64<<10), 64<<20)

	var cmd wire.Message
	if err := s.Recv(&cmd); err != nil {
		fmt.Fprintln(os.Stderr, "child: reading command:", err)
		return 2
	}
	h, ok := handlers[cmd.Kind]
	if !ok {
		s.send(wire.KindFailed, "unknown operation "+cmd.Kind)
		return 2
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err := h(s, cmd.Data)
		switch {
		case errors.Is(err, ErrPanicked):
		case err != nil:
			s.send(wire.KindFailed, err.Error())
		default:
			s.send(wire.KindResult, res)
		}
	}()
	select {
	case <-done:
	case <-s.panicked:
		return 0
	}
	// Stay until told to go: the judge may still be reading our sockets,
	// and it keeps us running a while after the answer (judge's
	// answerSettle), so that a goroutine the submission left to panic
	// after the function returned is seen to kill the program. Once told,
	// go at once.
	var m wire.Message
	for s.Recv(&m) == nil && m.Kind != wire.KindExit {
	}
	return 0
}

// Recv waits for the judge's next command.
func (s *Session) Recv(m *wire.Message) error {
	if !s.in.Scan() {
		if err := s.in.Err(); err != nil {
			return err
		}
		return errors.New("judge closed the command pipe")
	}
	*m = wire.Message{}
	return json.Unmarshal(s.in.Bytes(), m)
}

// Await waits for a command of the given kind and decodes its data into v
// (which may be nil).
func (s *Session) Await(kind string, v any) error {
	var m wire.Message
	for {
		if err := s.Recv(&m); err != nil {
			return err
		}
		if m.Kind == kind {
			break
		}
		if m.Kind == wire.KindExit {
			return fmt.Errorf("judge said exit while waiting for %q", kind)
		}
	}
	if v == nil || len(m.Data) == 0 {
		return nil
	}
	return json.Unmarshal(m.Data, v)
}

// Event sends an interim message (for example the address a server
// listens on) before the final result.
func (s *Session) Event(kind string, v any) error { return s.send(kind, v) }

func (s *Session) send(kind string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Encode(wire.Message{Kind: kind, Data: data})
}

// Call runs f, the part of the operation that calls into the submission,
// and reports a panic in it.
func (s *Session) Call(f func()) (err error) {
	defer func() {
		if v := recover(); v != nil {
			s.reportPanic(v)
			err = ErrPanicked
		}
	}()
	f()
	return nil
}

// Go runs f in a new goroutine like Call, and ends the session if it
// panics.
func (s *Session) Go(f func()) {
	go s.Call(f)
}

func (s *Session) reportPanic(v any) {
	s.send(wire.KindPanic, wire.Panic{Value: fmt.Sprint(v), Stack: string(debug.Stack())})
	s.once.Do(func() { close(s.panicked) })
}
