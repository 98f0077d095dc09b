package tcpclient

import "netcourse/grader/internal/judge"

// hint is what `grader hint 1.1` shows, in layers.
var hint = judge.Hint{
	Concept: "A TCP connection is a stream of bytes between two programs. Your client opens one with net.Dial, " +
		"writes an HTTP/1.0 request as plain text (every line ends in \\r\\n, and an empty line ends the request), " +
		"and reads the answer. Nothing in the stream says where a message ends: an HTTP/1.0 server says " +
		"\"that was all\" by closing its side, which your Read sees as io.EOF. So a client reads until io.EOF " +
		"and keeps every byte; any other error means the answer was cut short and goes back to the caller.",
	Nudge: "Print the request you send with fmt.Printf(\"%q\\n\", req): is there a \\r before every \\n, " +
		"and an empty line at the very end? Then count your Reads: how many times can your code call Read " +
		"before it returns, and what exactly makes it stop?",
	Checks: map[string]string{
		"sends a well-formed HTTP/1.0 request":              "Compare your request with the one in the README, byte by byte (%q shows \\r and \\n). Which line ends differ, and where is the empty line that ends the headers?",
		"connects to an IPv6 host given as a literal (::1)": "Print the address you give net.Dial when host is \"::1\". How would Dial tell where the address ends and the port begins?",
		"reads the whole response across fragments":         "What does your code do after the first Read returns? The server sends each piece only after you have read the one before, so one Read can only ever see the first piece.",
		"keeps the bytes that arrive with the close":        "Walk through your loop with a single Read that returns n > 0 and io.EOF together. Do those n bytes reach your result before you leave the loop?",
		"returns an error when the connection is refused":   "Follow the err that net.Dial returns: where does it go? A panic, log.Fatal or os.Exit there ends the caller's whole program, not just your Get.",
		"reports a reset connection as an error":            "Your loop stops on an error from Read. Does it stop the same way for io.EOF and for \"connection reset by peer\"? Only one of them means the response is complete.",
		"closes its connection":                             "Look at every way out of Get after a successful Dial, the error paths included. Does each of them close the connection? Which Go statement runs on every return? And is it Close, or only CloseWrite?",
	},
}
