package ftpclient

import "netcourse/grader/internal/judge"

// hint is what `grader hint 2.6` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "FTP talks on two TCP connections. On the control connection your client sends one command per line " +
		"(\"\\r\\n\" at the end) and reads one reply per command: a three-digit code, and text that may run over several lines. " +
		"Every listing or file then travels on a data connection of its own: PASV (or EPSV) tells you which port to connect to, " +
		"the 150 reply says the transfer starts, the server's close of the data connection says it is complete, and the 226 " +
		"says how it went. The two connections are independent streams, so the 226 may come before the data or after it.",
	Nudge: "Write the conversation of one Retr as a list: each command, the reply you expect to it, and on which connection " +
		"you read what, in which order. Where in your list could the server answer something other than what you expect, " +
		"and where do you close each connection?",
	Checks: map[string]string{
		"logs in with USER and PASS":                                         "Print each command you send with %q. Does every one end in \\r\\n, and do you read the reply to USER before you send PASS?",
		"reads multi-line replies":                                           "How does your code know a reply has ended? A line \"230-Welcome\" is not the end: which line is?",
		"lists a directory over a passive data connection":                   "Where does your List stop reading the data connection, and what do you do with the \\r\\n at the end of each line?",
		"retrieves a file byte for byte in binary mode (TYPE I)":             "Compare the bytes you got with the file: where are they different, and which command decides how the server sends line ends?",
		"connects to the port the PASV reply gives":                          "Print the six numbers you take from the 227 reply and the port you compute: how many values does one byte hold?",
		"reads the 150 reply before the data":                                "After RETR, which connection do you read first? What would happen if the server answered 550 instead of 150?",
		"works whether 226 comes before or after the data connection closes": "What does your client wait for right after the 150: the data, or the 226? What if the server sends the 226 only once you have read all the data?",
		"returns an error carrying the code of a 5xx reply (550)":            "What does your Retr do when the reply to RETR is not 150? Can the caller find the reply code in the error you return?",
		"closes the data connection after each transfer":                     "Follow each data connection you open: on which line is it closed, on every way out of the function?",
		"sends QUIT and closes the control connection":                       "What does your Quit send, what does it read, and what does it close?",
	},
}
