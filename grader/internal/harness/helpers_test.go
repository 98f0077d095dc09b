package harness

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"netcourse/fixtures"
	"netcourse/grader/internal/judge"
)

// Handlers add to an observation however often the submission connects,
// without anyone reading: nothing blocks, and the first value stays first.
func TestObservedNeverBlocks(t *testing.T) {
	o := NewObserved[int]()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 10 * MaxObserved {
			o.Add(i)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("add blocked with nobody reading")
	}
	jt := &judge.T{Ctx: context.Background()}
	v, err := o.First(jt, 0, func() *judge.Failure { return judge.Fail("none") })
	if err != nil || v != 0 {
		t.Errorf("first = %d, %v; want 0, nil", v, err)
	}
	if all := o.Wait(jt, 10*MaxObserved, 0); len(all) != MaxObserved {
		t.Errorf("kept %d values, want MaxObserved = %d", len(all), MaxObserved)
	}
}

// A fake that saw nothing is the submission's failure, in its terms; a
// check out of time is a timeout.
func TestObservedFirstMissing(t *testing.T) {
	o := NewObserved[int]()
	jt := &judge.T{Ctx: context.Background()}
	_, err := o.First(jt, 10*time.Millisecond, func() *judge.Failure { return judge.Fail("the server never received a connection") })
	var f *judge.Failure
	if !errors.As(err, &f) {
		t.Errorf("first with nothing observed = %v, want a *judge.Failure", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = o.First(&judge.T{Ctx: ctx}, time.Minute, func() *judge.Failure { return judge.Fail("none") })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("first in a check out of time = %v, want context.Canceled", err)
	}
}

// The hang of issue 9: a handler that reports each connection, and a
// client that connects three times. Close must return, and every handler
// with it.
func TestServerWithObservationClosesAfterManyConnections(t *testing.T) {
	got := NewObserved[[]byte]()
	srv, err := fixtures.NewServer(func(c *net.TCPConn) {
		req, _ := ReadRequest(c, 1<<10, time.Second)
		got.Add(req)
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		c, err := net.Dial("tcp4", srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
		c.Close()
	}
	jt := &judge.T{Ctx: context.Background()}
	if all := got.Wait(jt, 3, 10*time.Second); len(all) != 3 {
		t.Errorf("observed %d connections, want 3", len(all))
	}
	start := time.Now()
	srv.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	if n := srv.Stuck(); n != 0 {
		t.Errorf("Close left %d handlers running", n)
	}
}
