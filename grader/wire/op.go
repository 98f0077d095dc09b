package wire

// The contract between the judge and a child is declared once per
// exercise, in its contract package, as values of the types below. The
// driver (child side) and the checks (judge side) both use those values,
// so a renamed field or a changed type that breaks one side does not
// compile.

// Op is an operation the judge asks a child to run: its name on the wire,
// the submission's function it exercises (for "not started" messages),
// and the types of its arguments and of its result.
type Op[Args, Result any] struct {
	Name string // on the wire: "get"
	Func string // the student's function: "Get"
}

// Event is a message the child sends during an operation, before its
// result: "the listener is open, at this address".
type Event[V any] struct{ Name string }

// Command is a message the judge sends a child during an operation: "close
// the listener now".
type Command[V any] struct{ Name string }

// None is the data of an event or command that carries none.
type None struct{}
