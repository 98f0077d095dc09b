package sendmail

import "netcourse/grader/internal/judge"

// hint is what `grader hint 2.5` shows, in layers.
var hint = judge.Hint{
	Concept: "SMTP is a dialogue of text lines over TCP: the client says a command, the server answers with a three-digit code " +
		"(2xx done, 3xx go on, 4xx not now, 5xx never) and some text, and only then comes the next command. A reply may have " +
		"several lines (\"250-\" goes on, \"250 \" ends it) and may arrive in pieces. The envelope (MAIL FROM, one RCPT TO per " +
		"recipient) says where the mail goes; the message after DATA (a header, an empty line, the body) is what the reader sees. " +
		"Both are lines ending in CR LF, and the message ends with a line holding a single dot, so a body line starting with a dot gets one more.",
	Nudge: "Print every line your client sends and receives with %q. Does each of your lines end in \\r\\n? After each command, " +
		"how many reply lines do you read, and what makes you stop? What do you do when a RCPT TO gets a code that does not start with 2?",
	Checks: map[string]string{
		"delivers a message in a whole SMTP conversation":                               "Which command came first, and did you wait for the 220 greeting? Read the conversation in the report line by line: where does the server's answer stop matching what your client expected?",
		"sends one RCPT TO per recipient":                                               "How many RCPT TO commands does your client send for three recipients? The server answers each address on its own: how could it refuse just one in a list?",
		"writes the headers a mail reader needs":                                        "List the header lines your message starts with and compare them with the README's six. Is there an empty line between the header and the body?",
		"encodes a non-ASCII subject (RFC 2047)":                                        "Print your Subject line with %q: are there bytes beyond \\x7f in it? The mime package has an encoder for header words.",
		"ends every line with CRLF":                                                     "Where do \\n line ends get into what you send: your format strings, the body as it was given to you, or both?",
		"dot-stuffs body lines that start with a dot":                                   "What does the server do when a line of your body is a single \".\"? What must a sender do to every line that starts with a dot so the server can tell?",
		"returns a temporary refusal (4xx) of a recipient as an error, sending nothing": "Which reply codes does your client treat as success? A 4xx is not a 5xx, but it is not a yes either.",
		"returns a permanent refusal (5xx) of a recipient as an error, sending nothing": "After a RCPT TO is refused, does your code still send DATA? And does the error you return still hold the reply, so that errors.As finds it?",
		"returns the server's refusal of the message as an error":                       "After you write the final \".\" line, do you read and check the reply to it, or only the reply to QUIT that comes after?",
		"returns an error when nothing listens (connection refused)":                    "Follow the error your dial returns: does it reach the caller as it is, or wrapped with %w?",
		"ends the session with QUIT and closes the connection":                          "Look at the last lines of your conversation: who said goodbye? And on every way out of Send, what closes your socket?",
	},
}
