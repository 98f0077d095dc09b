package wire

import "time"

// Stop is the command that ends a server under test: the driver closes
// the listener (or connection) it gave the submission's Serve.
var Stop = Command[None]{Name: "close"}

// ReturnWithin is how long a server under test gets to return once the
// driver closed its listener; the checks wait a little longer than this
// for the result.
const ReturnWithin = 2 * time.Second

// Stopped says how a server under test ended once the judge stopped it.
// Results of serving operations embed it.
type Stopped struct {
	Returned      bool          // Serve returned: on its own, or within ReturnWithin of the stop
	Early         bool          // Serve returned before the judge stopped it
	Err           *Err          // what Serve returned
	ReturnedAfter time.Duration // from the stop to Serve's return; 0 when Early
}
