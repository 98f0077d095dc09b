package concurrency

import "netcourse/grader/internal/judge"

// hint is what `grader hint 1.6` shows, in layers.
var hint = judge.Hint{
	Concept: "A server whose clients stay connected must serve all of them at the same time, or one slow or idle " +
		"client keeps every other waiting: one goroutine per connection, while the accept loop goes straight " +
		"back to Accept. Stopping such a server is a small protocol of its own: stop accepting, give clients in " +
		"the middle of a line a grace period, close every connection, and wait until every goroutine you " +
		"started has ended.",
	Nudge: "Connect one nc and type nothing, then a second nc and type a line: is it answered at once? Then stop " +
		"the server (Ctrl-C in the README's try program) while one nc is in the middle of a line: does that line " +
		"still get its answer, does every nc see the close, and does Serve return only after that?",
	Checks: map[string]string{
		"answers each line reversed":                   "Do you answer each complete line with exactly its text reversed and one \"\\n\"? Print what you write with %q.",
		"answers a line sent one byte at a time":       "One Read may return a single byte of a line. What gathers bytes until the newline, and is it made once per connection or once per line?",
		"answers several lines sent in one write":      "One Read may return three lines and half of a fourth. Do you answer all three, and keep the half for later?",
		"serves a client while another is idle":        "What does your accept loop do between two Accepts? If it reads from the connection it just accepted, who accepts the next client?",
		"serves over 100 clients at once":              "Is anything shared between handlers: a buffer, a reader, a lock held while reading? A hundred clients at once must not wait for each other.",
		"stops gracefully when ctx is cancelled":       "What wakes your Accept when ctx is cancelled, and is the listener closed then? What wakes a handler blocked in Read on an idle client, without cutting off one in mid-line before the grace you were given has passed? And when does the grace end for a client that keeps sending lines?",
		"stops gracefully when the listener is closed": "When Accept fails because the listener was closed, how do your handlers hear about it? Does Serve wait for them before it returns?",
		"leaks no goroutines or connections":           "For every goroutine you start, what makes it end? One that waits only for ctx.Done() outlives its connection.",
	},
}
