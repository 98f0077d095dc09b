package sendmail

import "netcourse/grader/internal/judge"

// promises maps what exercises/2.5-sendmail/README.md promises to the check
// that fails when it is broken, with the bound it uses. Every check's
// server sends its replies in lockstep fragments of 1–7 bytes, the
// greeting and the EHLO reply as multi-line replies, and waits 3 s for each
// command; Send must return within 6 s.
var promises = []judge.Promise{
	{README: "Connect to addr and wait for the server's greeting (220, maybe over several lines)",
		Check: "delivers a message in a whole SMTP conversation", Bound: "a 2-line 220 greeting in fragments; a command before it is read arrives early but is still answered"},
	{README: "Greet the server: EHLO (or HELO) with a name; the EHLO reply has several lines (250-... then 250 ...)",
		Check: "delivers a message in a whole SMTP conversation", Bound: "a 5-line 250 reply to EHLO; MAIL before it gets 503 and is reported"},
	{README: "MAIL FROM:<from>",
		Check: "delivers a message in a whole SMTP conversation", Bound: "exactly one MAIL FROM with the address given, in angle brackets (parameters such as BODY=8BITMIME allowed)"},
	{README: "RCPT TO:<addr> for each recipient, one address per command",
		Check: "sends one RCPT TO per recipient", Bound: "3–4 recipients: each exactly one RCPT TO, one message delivered to all of them"},
	{README: "To lists every recipient",
		Check: "sends one RCPT TO per recipient", Bound: "the To header parses (net/mail) to exactly the recipients"},
	{README: "DATA, then the message, then a line with a single dot",
		Check: "delivers a message in a whole SMTP conversation", Bound: "one message accepted (250 after the dot), whose body is the body given (line ends and trailing empty lines aside), and Send returns nil"},
	{README: "the header: Date, From, To, Subject, MIME-Version: 1.0, Content-Type: text/plain; charset=utf-8, then an empty line",
		Check: "writes the headers a mail reader needs", Bound: "each present once; Date an RFC 5322 date within 24 h of the grader's clock; From and To the addresses given; Content-Type text/plain (any charset); Content-Transfer-Encoding 7bit, 8bit, quoted-printable or base64 decoded"},
	{README: "a Subject that is not ASCII is written as RFC 2047 encoded-words",
		Check: "encodes a non-ASCII subject (RFC 2047)", Bound: "a subject in one of six scripts: no byte above 0x7f in the header, and mime.WordDecoder gives it back exactly (Q or B, any folding)"},
	{README: "every line, commands and message, ends in \\r\\n",
		Check: "ends every line with CRLF", Bound: "5–8 body lines and every command: no line ends in \\n alone"},
	{README: "a body line that starts with \".\" gets another \".\" in front (dot-stuffing)",
		Check: "dot-stuffs body lines that start with a dot", Bound: "body lines \".x\", \".\" alone and \"..x\": each arrives as it was given"},
	{README: "a recipient refused with 4xx (try later): Send sends no message and returns an error holding the reply",
		Check: "returns a temporary refusal (4xx) of a recipient as an error, sending nothing", Bound: "the second of three recipients gets 450, 451 or 452: no DATA accepted; errors.As(err, &*textproto.Error) with that Code; the error text names the address"},
	{README: "a recipient refused with 5xx (never): Send sends no message and returns an error holding the reply",
		Check: "returns a permanent refusal (5xx) of a recipient as an error, sending nothing", Bound: "the second of three recipients gets 550, 551 or 553: as for 4xx"},
	{README: "a message refused after its final dot (not 250): Send returns an error holding the reply",
		Check: "returns the server's refusal of the message as an error", Bound: "554, 552 or 451 after the dot: errors.As(err, &*textproto.Error) with that Code"},
	{README: "a network error is returned (nothing listens: the dial's error, or wrapped with %w)",
		Check: "returns an error when nothing listens (connection refused)", Bound: "an unused loopback port: errors.Is(err, syscall.ECONNREFUSED) within 6 s, and a message delivered where a server listens"},
	{README: "QUIT, and close the connection",
		Check: "ends the session with QUIT and closes the connection", Bound: "QUIT after the message; the child holds no socket once Send returned"},
}
