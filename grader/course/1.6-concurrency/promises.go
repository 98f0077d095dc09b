package concurrency

import "netcourse/grader/internal/judge"

// promises maps every promise of exercises/1.6-concurrency/README.md to the
// check that fails when it is broken, with the bound that check uses.
// Times are after the stop (the judge's Stop command) unless said otherwise;
// Grace is contract.Grace (1 s).
var promises = []judge.Promise{
	// The service.
	{README: "for every line the server sends back the same text backwards, followed by \"\\n\"",
		Check: "answers each line reversed", Bound: "3 random lines on one connection, each answer exactly the reversed line within 1 s"},
	{README: "a client may send as many lines as it likes, and stays connected until it closes its end",
		Check: "answers each line reversed", Bound: "3 lines, one after another, on one connection"},
	{README: "you then read io.EOF: close your end too",
		Check: "leaks no goroutines or connections", Bound: "12 clients that hang up after their answer: none of their sockets still open in the server within 1 s"},
	{README: "a last piece without \"\\n\" before the close is not a line: you may drop it",
		Check: "answers several lines sent in one write", Bound: "no check awaits an answer to a piece without \"\\n\"; the last line is finished before its answer is awaited"},
	{README: "one Read is not one line: ReadString('\\n') gathers reads until the newline",
		Check: "answers a line sent one byte at a time", Bound: "every byte of the line alone, each sent only after the server read the one before"},
	{README: "one Read may return three lines and the start of a fourth; create the reader once per connection, not once per line",
		Check: "answers several lines sent in one write", Bound: "3-4 lines in one write ending mid-line, the rest sent once the server read the first"},
	// Rule 1.
	{README: "accept clients in a loop, and serve each in its own goroutine, so that every client is served at the same time as the others",
		Check: "serves a client while another is idle", Bound: "each answer within 1 s while the first client is connected and silent"},
	{README: "the accept loop must never wait for a client",
		Check: "serves a client while another is idle", Bound: "clients 2-4 answered within 1 s while client 1 says nothing; then client 1 is answered too"},
	{README: "over 100 clients connected at the same time ... every one must get its own answers, within a few seconds",
		Check: "serves over 100 clients at once", Bound: "101-127 clients, 2 lines each, all answered, each with its own lines, within 3 s"},
	// Rule 2.
	{README: "serve until ctx is cancelled or ln is closed by the caller",
		Check: "stops gracefully when ctx is cancelled", Bound: "Serve must not return before the stop (the driver sees an early return)"},
	{README: "serve until ctx is cancelled or ln is closed by the caller (Accept then fails with an error wrapping net.ErrClosed)",
		Check: "stops gracefully when the listener is closed", Bound: "Serve must not return before the stop; must return within Grace + 1 s after the close"},
	{README: "none of them may be disconnected while the server runs (the grace is no idle timeout)",
		Check: "stops gracefully when ctx is cancelled", Bound: "two idle clients and one in mid-line, all silent for 1.25 × Grace while the server runs, must all still be connected at the stop (both stop checks)"},
	// Rule 3.
	{README: "stop accepting (close ln if it is not closed already)",
		Check: "stops gracefully when ctx is cancelled", Bound: "a client connecting 0.6 × Grace after the cancel must be refused (or reset), neither answered nor left in the backlog for 1 s"},
	{README: "give each open connection up to grace to finish the line it is in the middle of: its client still gets the answer to that line",
		Check: "stops gracefully when ctx is cancelled", Bound: "the rest sent 0.6 × Grace after the stop must be answered (both stop checks); not judged if the grader's own client was later than Grace - 0.1 s"},
	{README: "then close every connection, also those of clients that are idle",
		Check: "stops gracefully when the listener is closed", Bound: "an idle client closed after the stop (not before: it was checked open at the stop) and within Grace + 1 s (both stop checks)"},
	{README: "one idle client stays silent, the other sends a line every 0.1 s, and both must be disconnected within a second past the grace, however much they talk",
		Check: "stops gracefully when the listener is closed", Bound: "a client sending a line every 0.1 × Grace after the stop must be closed within Grace + 1 s (both stop checks)"},
	{README: "wait until every goroutine you started has ended (Serve must not return while a handler is still running)",
		Check: "stops gracefully when ctx is cancelled", Bound: "Serve must not have returned 0.6 × Grace after the stop while a client is still in mid-line (both stop checks)"},
	{README: "Serve must return within a second past the grace",
		Check: "stops gracefully when the listener is closed", Bound: "returned within Grace + 1 s after the stop, measured by the driver (both stop checks)"},
	{README: "return nil (or ctx.Err(), or an error wrapping net.ErrClosed)",
		Check: "stops gracefully when ctx is cancelled", Bound: "after a cancel: nil, context.Canceled or net.ErrClosed; after a close: nil or net.ErrClosed, by errors.Is"},
	{README: "return another error only when Accept fails for another reason",
		Check: "stops gracefully when the listener is closed", Bound: "only stops are staged: any other error returned after one fails"},
	// When Serve returns.
	{README: "when Serve returns, nothing of it may be left running: no handler still reading or writing, no connection open",
		Check: "leaks no goroutines or connections", Bound: "no extra goroutine or socket Grace + 0.5 s after the stop, once Serve returned; 1 answered and 2 idle clients connected at the stop"},
	{README: "every goroutine needs a way to end: a goroutine per connection that only waits for <-ctx.Done() lives on after its connection ended",
		Check: "leaks no goroutines or connections", Bound: "two rounds of 6 clients that come and go: goroutines must not grow by 3 or more in both rounds"},
	{README: "close what you accepted: defer conn.Close() at the top of the handler",
		Check: "leaks no goroutines or connections", Bound: "sockets of clients that hung up counted from /proc while the server runs: none left within 1 s"},
}
