// Package contract is what the judge and the child of exercise 2.4 say to
// each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import (
	"time"

	"netcourse/grader/wire"
)

// Get runs the submission's Get(ctx, URL, policy).
var Get = wire.Op[Args, Result]{Name: "get", Func: "Get"}

// Post runs the submission's Post(ctx, URL, ContentType, Body, policy).
var Post = wire.Op[Args, Result]{Name: "post", Func: "Post"}

// Cancel is the judge's signal to cancel the call's context, for a call
// whose Args.WaitCancel is set.
var Cancel = wire.Command[wire.None]{Name: "cancel"}

// CancelWithin bounds how long the driver waits for the call to return
// once it cancelled the context; the checks wait a little longer.
const CancelWithin = 5 * time.Second

// Args are the arguments of a call and the policy it runs under.
type Args struct {
	URL         string
	ContentType string // Post's
	Body        []byte // Post's

	Attempts       int
	AttemptTimeout time.Duration
	Total          time.Duration
	BaseBackoff    time.Duration
	MaxBackoff     time.Duration
	// Seed makes the policy's Rand: rand.New(rand.NewPCG(Seed, 0)), so
	// the judge knows every jitter draw the call should make.
	Seed uint64

	// WaitCancel makes the driver wait for the judge's Cancel while the
	// call runs, then cancel the context the call was given.
	WaitCancel bool
}

// Result is what the call returned.
type Result struct {
	wire.Return
	Status   int  // the Code of a *robust.StatusError in the error's chain, 0 if none
	Canceled bool // errors.Is(err, context.Canceled)
	// For a call with WaitCancel: whether it returned before the
	// cancel, and how long after the cancel it returned otherwise
	// (Hung: it had not returned CancelWithin after the cancel).
	Early       bool
	Hung        bool
	AfterCancel time.Duration
}
