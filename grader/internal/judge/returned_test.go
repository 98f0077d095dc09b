package judge

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"netcourse/grader/wire"
)

// TestReturnedIsNewsNotAMessage: a child that says its function returned
// before it was stopped closes Returned at once, with what the function
// returned, and the checks' own conversation goes on as if it had said
// nothing: the result still comes to whoever asks for it.
func TestReturnedIsNewsNotAMessage(t *testing.T) {
	c := &Child{ctx: context.Background(), msgs: make(chan wire.Message, 4), exited: make(chan struct{}), returned: make(chan struct{})}
	lines := `{"kind":"listening","data":{"addr":"127.0.0.1:1"}}
{"kind":"returned","data":{"err":{"text":"unsupported operation","unsupported":true}}}
{"kind":"result","data":{"returned":true,"early":true}}
`
	c.readReplies(strings.NewReader(lines))
	select {
	case <-c.Returned():
	default:
		t.Fatal("Returned not closed after the child said its function returned")
	}
	if r := c.ReturnedEarly(); r == nil || r.Err == nil || !r.Err.Unsupported {
		t.Errorf("ReturnedEarly() = %+v, want the stub's error", r)
	}
	for _, want := range []string{"listening", wire.KindResult} {
		m, err := c.Next(time.Second)
		if err != nil || m.Kind != want {
			t.Fatalf("Next() = %q, %v; want %q: the returned news is not a message of the conversation", m.Kind, err, want)
		}
	}
}

// TestReturnedWhenTheChildIsDone: a result, or a child that stopped
// talking, closes Returned too; a child still at work leaves it open.
func TestReturnedWhenTheChildIsDone(t *testing.T) {
	for name, lines := range map[string]string{
		"result":          `{"kind":"result","data":{}}` + "\n",
		"panic":           `{"kind":"panic","data":{"value":"boom"}}` + "\n",
		"stopped talking": `{"kind":"listening","data":{}}` + "\n",
	} {
		c := &Child{msgs: make(chan wire.Message, 4), returned: make(chan struct{})}
		c.readReplies(strings.NewReader(lines))
		select {
		case <-c.Returned():
		default:
			t.Errorf("%s: Returned not closed", name)
		}
		if c.ReturnedEarly() != nil {
			t.Errorf("%s: ReturnedEarly() = %+v, want nil: the child said no such thing", name, c.ReturnedEarly())
		}
	}
	c := &Child{msgs: make(chan wire.Message, 4), returned: make(chan struct{})}
	r, w := io.Pipe()
	go c.readReplies(r)
	w.Write([]byte(`{"kind":"listening","data":{}}` + "\n"))
	<-c.msgs
	select {
	case <-c.Returned():
		t.Error("Returned closed while the child is still at work")
	default:
	}
	w.Close()
	<-c.Returned()
}
