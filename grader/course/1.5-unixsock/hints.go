package unixsock

import "netcourse/grader/internal/judge"

// hint is what `grader hint 1.5` shows, in layers.
var hint = judge.Hint{
	Concept: "A Unix domain socket is a byte stream between two processes on one machine, named by a path in the " +
		"file system instead of an IP address and a port. The path is a real file, a socket file, that bind " +
		"creates, so it has a life of its own: a server that dies leaves a stale file that blocks the next bind. " +
		"A careful server removes only a stale socket file (never anything else) before it listens, and leaves " +
		"nothing behind when it stops. In this protocol the client's half-close marks the end of its request.",
	Nudge: "Run your server, look at the path with ls -l (an s in front means a socket file), kill it with " +
		"kill -9 and start it again: what is at the path now, and what does your Listen do with it? Then put a " +
		"regular file there and try again.",
	Checks: map[string]string{
		"listens on the path and answers a request": "Which network do you pass to net.Listen? The address is a path, not host:port.",
		"answers each client in turn":               "After the first client is answered, who calls Accept again?",
		"reads the whole request across fragments":  "How does your server know the request is complete? Only the client's half-close (io.EOF) says so, not the end of one Read.",
		"replaces a stale socket file":              "What does net.Listen say when a socket file is already at the path? Look at the path with os.Lstat first: what kind of file is it?",
		"leaves a regular file at the path alone":   "Before you remove anything, check what it is: fi.Mode().Type() tells a socket file from a regular file.",
		"leaves a directory at the path alone":      "A connection to a directory is refused too: does a refused connection prove the path holds a stale socket? What does fi.Mode().Type() say?",
		"returns after the listener is closed":      "What does your accept loop do when Accept returns an error wrapping net.ErrClosed?",
		"removes its socket file when it stops":     "After Serve returns, is the path empty (ls -l)? A listener from net.Listen removes its file on Close; one made another way, or told not to, does not.",
		"closes each client's connection":           "Once the reply is written, what releases the accepted connection's file descriptor: CloseWrite, or Close?",
		"returns the server's reply":                "Does Request return every byte the server sent, read until the server closed?",
		"sends its message, then half-closes":       "How does the server know your request is complete? What does CloseWrite send that Write does not, and what would Close do to your reply?",
		"reads the whole reply across fragments":    "Does Request read until io.EOF, or stop after the first Read?",
		"closes its connection":                     "CloseWrite ended your request; what closes the connection once you have the reply?",
		"reports a stale socket file as an error":   "What does net.Dial return when the file is there but nothing listens? Where does that error go?",
	},
}
