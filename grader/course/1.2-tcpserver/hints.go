package tcpserver

import "netcourse/grader/internal/judge"

// hint is what `grader hint 1.2` shows, in layers.
var hint = judge.Hint{
	Concept: "A server has two kinds of socket. The listening socket only accepts; each Accept gives you a new " +
		"socket connected to one client, and the data goes over that one. The kernel tells you who is calling: " +
		"conn.RemoteAddr() is the client's address and port. A server loops: accept, serve that client, close " +
		"its connection, accept the next, until the listener is closed, which makes Accept fail with net.ErrClosed.",
	Nudge: "Try your server with nc from two addresses (nc 127.0.0.1 9000, then nc -s 127.0.0.2 127.0.0.1 9000): " +
		"does each get its own address, does nc end by itself after the greeting, and does a third nc still " +
		"get an answer? Then close the listener with time.AfterFunc: does Serve return?",
	Checks: map[string]string{
		"greets a client from 127.0.0.1 exactly":        "Print the greeting with %q just before you write it. Is there a port in it? A newline at the end? Anything after the newline?",
		"greets each client with its own address":       "Which address do you print: the listener's, your end of the connection, or the client's end? Connect from 127.0.0.2 and see which one changes.",
		"greets IPv6 clients from ::1":                  "What does RemoteAddr().String() look like for an IPv6 client? How many colons are in it, and where does your code cut it?",
		"closes each client's connection":               "After the greeting is written, what happens to conn? The client waits for EOF, and gets it only when your side closes, with a plain Close: SetLinger(0) turns the close into a reset.",
		"serves many clients one after another":         "Read your code as the second client: once the first one is greeted, who calls Accept for you?",
		"keeps serving after a client resets":           "Connect with nc and press Ctrl-C before the greeting, or imagine a client gone before you write: what does your code do when the write fails? Which errors should end Serve?",
		"returns promptly after the listener is closed": "What does your loop do when Accept returns an error? After the listener is closed, every Accept fails at once, for ever.",
		"leaks no connections":                          "Count the Close calls: is there one for every accepted connection, on every path? CloseWrite alone sends FIN but keeps the socket.",
	},
}
