package robust

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/2.4-robust/README.md promises
// to the check that fails when it is broken, with the bound it uses.
var promises = []judge.Promise{
	{README: "Both return the body of a 2xx response", Check: "returns the body of a good response",
		Bound: "a 100–500 byte body, byte for byte; one GET request to the path and query given"},
	{README: "An attempt ... has AttemptTimeout for all of it, the body included: a stall before the status line, halfway through the body, or a trickle",
		Check: "gives up on a stalled or trickling attempt at its timeout", Bound: "AttemptTimeout 400–450 ms, Total 3·AttemptTimeout + 600 ms; the three shuffled, then a 200: the body after exactly 4 attempts (so no slow attempt lasted much past its timeout); the call lasts at least 3·AttemptTimeout (child-measured)"},
	{README: "The whole call has Total ... returns at once with a timeout error; while attempts remain, the call does not end before Total",
		Check: "ends the whole call at the total deadline", Bound: "every attempt stalls; 12 attempts of 100 ms, Total 250–350 ms; Timeout() error, elapsed ≥ Total and ≤ Total + max(Total, 300 ms) or the reference's lateness + that, late in two runs"},
	{README: "A GET is retried after a status 429 or 5xx, and after any error of the request or of reading the body",
		Check: "retries a GET through 503s, resets and cut bodies", Bound: "503, RST mid-body and a body short of its Content-Length, shuffled, then 200: exactly 4 attempts and the body"},
	{README: "Any other status is returned at once as a *StatusError",
		Check: "stops after the attempts allowed", Bound: "a 404: one attempt, and a *StatusError with Code 404"},
	{README: "There are at most Attempts attempts in all; then the call returns the last attempt's error (a *StatusError with its Code)",
		Check: "stops after the attempts allowed", Bound: "only 503s, Attempts 2–4: exactly Attempts requests, errors.As finds Code 503"},
	{README: "A POST is not retried once any of it was sent",
		Check: "does not retry a POST once its body was sent", Bound: "503, RST mid-body, stall: one request each, Content-Type and body exact, an error (Code 503 for the 503); a 200 returns its body"},
	{README: "The backoff: wait(n) = u(n) · min(MaxBackoff, BaseBackoff · 2^(n−1)), u(n) = p.Rand.Float64()",
		Check: "waits the seeded backoff with jitter between attempts", Bound: "three 503s, Base 400 ms, Max 800 ms, u in [0.6,0.9), [0.03,0.12), [0.4,0.6): each next connection no sooner than its wait after the 503 was sent; the one after the short second wait at most 250 ms later (or the reference's lateness + 250 ms, late in two runs)"},
	{README: "The backoff (no attempt before its wait is over)",
		Check: "retries a GET through 503s, resets and cut bodies", Bound: "each next connection no sooner than the wait due after the failure was sent"},
	{README: "Retry-After: the wait is the longer of that and wait(n)",
		Check: "honours Retry-After", Bound: "Retry-After: 1 on a 503: the next connection ≥ 1 s after the 503 was sent"},
	{README: "When ctx is cancelled, the call stops at once, in the middle of an attempt or of a wait, makes no further attempt, and returns context.Canceled",
		Check: "stops at once when the context is cancelled", Bound: "cancelled during a stalled attempt, and halfway through a 1.2–1.9 s backoff: returns within 300 ms of the cancel (child-measured; or the reference's time + 200 ms, late in two runs), errors.Is(err, context.Canceled), no request after the cancel"},
}
