package sendmail

import (
	"fmt"
	"net"
	"net/mail"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"netcourse/fixtures"
	"netcourse/fixtures/smtpfake"
	"netcourse/grader/course/2.5-sendmail/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// Exercise 2.5: Send one message over SMTP to a fake mail server that
// records the whole conversation. Every reply comes in lockstep fragments,
// the greeting and the EHLO reply are multi-line.
var checks = []judge.Check{
	{Name: "delivers a message in a whole SMTP conversation", Points: 3, Timeout: checkTimeout, Run: checkConversation},
	{Name: "sends one RCPT TO per recipient", Points: 2, Timeout: checkTimeout, Run: checkRecipients},
	{Name: "writes the headers a mail reader needs", Points: 2, Timeout: checkTimeout, Run: checkHeaders},
	{Name: "encodes a non-ASCII subject (RFC 2047)", Points: 2, Timeout: checkTimeout, Run: checkSubject},
	{Name: "ends every line with CRLF", Points: 2, Timeout: checkTimeout, Run: checkCRLF},
	{Name: "dot-stuffs body lines that start with a dot", Points: 2, Timeout: checkTimeout, Run: checkDots},
	{Name: "returns a temporary refusal (4xx) of a recipient as an error, sending nothing", Points: 2, Timeout: checkTimeout, Run: checkTemporary},
	{Name: "returns a permanent refusal (5xx) of a recipient as an error, sending nothing", Points: 1, Timeout: checkTimeout, Run: checkPermanent},
	{Name: "returns the server's refusal of the message as an error", Points: 1, Timeout: checkTimeout, Run: checkMessageRefused},
	{Name: "returns an error when nothing listens (connection refused)", Points: 1, Timeout: checkTimeout, Run: checkConnRefused},
	{Name: "ends the session with QUIT and closes the connection", Points: 1, Timeout: checkTimeout, Run: checkQuit},
}

const (
	sendWithin   = 6 * time.Second  // a conversation of some 100 lockstep fragments, on a loaded machine
	checkTimeout = 15 * time.Second // sendWithin, then up to commandWait+1 s for the server to see the end
	commandWait  = 3 * time.Second  // how long the server waits for each command, and for each fragment to be read
	hangHint     = "Read exactly one reply after each command (textproto.Reader.ReadResponse reads a multi-line one whole), and return once the server answered QUIT or refused something."
	convHint     = "Follow the README's conversation step by step: EHLO, MAIL FROM:<from>, one RCPT TO:<addr> per recipient, DATA, the message, \".\", QUIT; check each reply's code (smtp.Client and textproto.Reader.ReadResponse do)."
)

// args makes a sender, n recipients, a subject and a body no submission
// can guess.
func args(t *judge.T, n int, subject, body string) contract.SendArgs {
	a := contract.SendArgs{From: harness.Word(t.Rand, 6) + "@sender.test", Subject: subject, Body: body}
	for len(a.To) < n {
		if to := harness.Word(t.Rand, 5) + "@example.test"; !slices.Contains(a.To, to) {
			a.To = append(a.To, to)
		}
	}
	return a
}

// asciiSubject and bodyLines make text the submission cannot guess.
func asciiSubject(t *judge.T) string {
	return fmt.Sprintf("Meeting about %s at %d", harness.Word(t.Rand, 6), 1+t.Rand.IntN(12))
}

func bodyLines(t *judge.T, n int) []string {
	var lines []string
	for range n {
		words := make([]string, 2+t.Rand.IntN(6))
		for i := range words {
			words[i] = harness.Word(t.Rand, 2+t.Rand.IntN(7))
		}
		lines = append(lines, strings.Join(words, " "))
	}
	return lines
}

// conversation is one call of Send and what the server saw.
type conversation struct {
	a   contract.SendArgs
	r   contract.SendResult
	c   *judge.Child
	all []*smtpfake.Session // every connection
	s   *smtpfake.Session   // the first in which the client said something
}

// converse runs Send against the fake server, which refuses what cfg says
// (Refuse, RefuseMessage), and waits for every connection to end.
func converse(t *judge.T, a contract.SendArgs, cfg smtpfake.Config) (*conversation, error) {
	seed := t.Rand.Uint64()
	var n atomic.Uint64
	got := harness.NewObserved[*smtpfake.Session]()
	srv, err := harness.Serve(t, func(c *net.TCPConn) {
		cc := cfg
		cc.Fragment, cc.Seed, cc.Wait = true, seed+n.Add(1), commandWait
		got.Add(smtpfake.Play(c, cc))
	})
	if err != nil {
		return nil, err
	}
	a.Addr = srv.Addr()
	c, r, err := harness.Call(t, contract.Send, a, sendWithin)
	if err != nil {
		return nil, harness.TimedOut(err, fmt.Sprintf("Send did not return within %v, although the server at %s answered every command at once", sendWithin, a.Addr), hangHint)
	}
	if !harness.Connected(srv, time.Second) {
		return nil, harness.NotConnected("Send", srv)
	}
	all := got.Wait(t, srv.Accepted(), commandWait+time.Second)
	if err := t.Ctx.Err(); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, judge.Fail("Send connected to %s, but the connection was still open %v after Send returned, with nothing more said", a.Addr, commandWait+time.Second).With("",
			"a client that is done says QUIT and closes its connection; one that leaves it open holds the server's resources.",
			"Send QUIT after the message, and close the connection on every way out of Send (defer).")
	}
	cv := &conversation{a: a, r: r, c: c, all: all, s: all[0]}
	for _, s := range all {
		if slices.ContainsFunc(s.Lines, func(l smtpfake.Line) bool { return l.From == "C" }) {
			cv.s = s
			break
		}
	}
	return cv, nil
}

// messages are the messages delivered on every connection.
func (cv *conversation) messages() []smtpfake.Message {
	var ms []smtpfake.Message
	for _, s := range cv.all {
		ms = append(ms, s.Messages...)
	}
	return ms
}

// seen is the conversation, for a failure's detail.
func (cv *conversation) seen() string {
	var b strings.Builder
	for i, s := range cv.all {
		if len(cv.all) > 1 {
			fmt.Fprintf(&b, "Connection %d of %d", i+1, len(cv.all))
		} else {
			b.WriteString("The conversation")
		}
		fmt.Fprintf(&b, " (C: your client, S: the server; it ended: %s):\n", s.End)
		for _, l := range s.Lines {
			fmt.Fprintf(&b, "  %s: %q\n", l.From, l.Text)
		}
	}
	return b.String()
}

// returned says what Send returned, for messages.
func (cv *conversation) returned() string {
	if cv.r.Err == nil {
		return "Send returned nil"
	}
	return fmt.Sprintf("Send returned the error %q%s", cv.r.Err.Text, cv.misread())
}

// refusedSomething reports whether the server answered anything with 4xx
// or 5xx: then an error from Send is no problem of its own.
func (cv *conversation) refusedSomething() bool {
	for _, s := range cv.all {
		for _, l := range s.Lines {
			if l.From == "S" && len(l.Text) > 0 && (l.Text[0] == '4' || l.Text[0] == '5') {
				return true
			}
		}
	}
	return false
}

// misread says so when Send's error quotes a line from the middle of a
// multi-line reply ("250-SIZE ..."): the client read it as the whole reply
// to some later command.
func (cv *conversation) misread() string {
	for _, s := range cv.all {
		more := false // the server's line before said more lines follow
		for _, l := range s.Lines {
			if l.From != "S" {
				continue
			}
			text := strings.TrimRight(string(l.Text), "\r\n")
			inMulti := more || (len(text) > 3 && text[3] == '-')
			more = len(text) > 3 && text[3] == '-'
			if inMulti && len(text) >= 8 && strings.Contains(cv.r.Err.Text, text[4:]) {
				return fmt.Sprintf(", which quotes %q: a line from the middle of a multi-line reply (\"-\" after the code: more lines follow), taken as the reply to a later command; read a reply up to its line with a space after the code (textproto.Reader.ReadResponse does)", text)
			}
		}
	}
	return ""
}

// problems is a failure listing each problem, then the conversation.
func (cv *conversation) problems(summary string, probs []string, why, hint string) error {
	if len(probs) == 0 {
		return nil
	}
	detail := "- " + strings.Join(probs, "\n- ") + "\n" + cv.seen()
	return judge.Fail("%s: %d %s", summary, len(probs), plural(len(probs), "problem")).With(detail, why, hint)
}

func plural(n int, unit string) string {
	if n == 1 {
		return unit
	}
	return unit + "s"
}

// message is the one message delivered, parsed, or the failure that no
// single message came.
func (cv *conversation) message(what string) (*smtpfake.Parsed, []string, error) {
	ms := cv.messages()
	switch len(ms) {
	case 1:
		p, probs := smtpfake.ParseMessage(ms[0].Text)
		return p, probs, nil
	case 0:
		return nil, nil, judge.Fail("no message arrived, so %s could not be judged (%s)", what, cv.returned()).With(cv.seen(),
			"the message travels after DATA and its 354 reply, and counts only once the server answered its final \".\" line with 250.",
			convHint)
	}
	return nil, nil, judge.Fail("%d messages arrived where Send was asked for one (%s)", len(ms), cv.returned()).With(cv.seen(),
		"one message goes to all its recipients at once: one MAIL FROM, a RCPT TO for each recipient, one DATA.",
		"Send one transaction: every RCPT TO between the MAIL FROM and the DATA.")
}

// normal is a body with CR LF line ends made "\n", and no trailing line ends.
func normal(s string) string {
	return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

func checkConversation(t *judge.T) error {
	a := args(t, 1, asciiSubject(t), strings.Join(bodyLines(t, 3+t.Rand.IntN(3)), "\n")+"\n")
	cv, err := converse(t, a, smtpfake.Config{})
	if err != nil {
		return err
	}
	s := cv.s
	probs := slices.Clone(s.Problems)
	if s.Hello == "" && !slices.ContainsFunc(probs, func(p string) bool { return strings.Contains(p, "EHLO") }) {
		probs = append(probs, "the client never said EHLO (or HELO): a conversation begins with a greeting, after the server's 220")
	}
	if !slices.Equal(s.Mails, []string{a.From}) {
		probs = append(probs, fmt.Sprintf("MAIL FROM named %q; want one MAIL FROM:<%s>", s.Mails, a.From))
	}
	var rcpts []string
	for _, r := range s.Rcpts {
		rcpts = append(rcpts, r.Addr)
	}
	if !slices.Equal(rcpts, a.To) {
		probs = append(probs, fmt.Sprintf("RCPT TO named %q; want one RCPT TO:<%s>", rcpts, a.To[0]))
	}
	if !s.Sent("DATA") {
		probs = append(probs, "the client never sent DATA, so no message could follow")
	}
	switch ms := cv.messages(); {
	case len(ms) == 0:
		probs = append(probs, "no message arrived: the server accepts one when its last line, \".\" alone, gets the 250 reply")
	case len(ms) > 1:
		probs = append(probs, fmt.Sprintf("%d messages arrived where one was sent", len(ms)))
	default:
		p, _ := smtpfake.ParseMessage(ms[0].Text)
		if got, want := normal(string(p.Body)), normal(a.Body); got != want {
			probs = append(probs, fmt.Sprintf("the body that arrived is not the one given to Send:\n%s", judge.ShowBytes([]byte(got), []byte(want))))
		}
	}
	if cv.r.Err != nil && !cv.refusedSomething() {
		probs = append(probs, cv.returned()+", although the server accepted everything")
	}
	return cv.problems("the SMTP conversation went wrong", probs,
		"SMTP is a dialogue: each command waits for its reply, and a reply's code (2xx done, 3xx go on, 4xx try later, 5xx refused) says whether to go on. A reply may have several lines (\"250-...\" then \"250 ...\") and arrive in pieces: only the line whose code is followed by a space ends it.",
		convHint)
}

func checkRecipients(t *judge.T) error {
	a := args(t, 3+t.Rand.IntN(2), asciiSubject(t), strings.Join(bodyLines(t, 2), "\n")+"\n")
	cv, err := converse(t, a, smtpfake.Config{})
	if err != nil {
		return err
	}
	var probs []string
	count := map[string]int{}
	var malformed []string
	for _, s := range cv.all {
		for _, r := range s.Rcpts {
			if r.Addr == "" {
				probs = append(probs, fmt.Sprintf("\"RCPT %s\" is not one address: the server refused it with %d", r.Arg, r.Code))
				malformed = append(malformed, r.Arg)
				continue
			}
			count[strings.ToLower(r.Addr)]++
		}
	}
	for _, to := range a.To {
		inList := slices.ContainsFunc(malformed, func(arg string) bool { return strings.Contains(arg, to) })
		if n := count[to]; n != 1 && !(n == 0 && inList) {
			probs = append(probs, fmt.Sprintf("%s got %d RCPT TO commands; want exactly one, RCPT TO:<%s>", to, n, to))
		}
	}
	ms := cv.messages()
	switch {
	case len(ms) == 0:
		probs = append(probs, "no message arrived")
	case len(ms) > 1:
		probs = append(probs, fmt.Sprintf("%d copies arrived: one message, with every recipient named in its own RCPT TO, goes out once", len(ms)))
	default:
		if got := slices.Sorted(slices.Values(ms[0].To)); !slices.Equal(got, slices.Sorted(slices.Values(a.To))) {
			probs = append(probs, fmt.Sprintf("the message went to %q; want all of %q", ms[0].To, a.To))
		}
		p, _ := smtpfake.ParseMessage(ms[0].Text)
		if got := addrs(p.To); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(a.To))) {
			probs = append(probs, fmt.Sprintf("the To header is %q, which names %q; want every recipient: %q", p.Header.Get("To"), got, strings.Join(a.To, ", ")))
		}
	}
	if cv.r.Err != nil && !cv.refusedSomething() {
		probs = append(probs, cv.returned()+", although the server accepted every recipient")
	}
	return cv.problems(fmt.Sprintf("sending to %d recipients went wrong", len(a.To)), probs,
		"the envelope is not the header: the server delivers to the addresses of the RCPT TO commands, one address each (RFC 5321), and answers each on its own, so it can accept one recipient and refuse another. The To header is only what the reader sees.",
		"Send one RCPT TO:<addr> for each address of to, reading the reply after each; list them all in the To header, separated by \", \".")
}

// addrs are the bare addresses of a header's list.
func addrs(list []*mail.Address) []string {
	var out []string
	for _, a := range list {
		out = append(out, strings.ToLower(a.Address))
	}
	return out
}

func checkHeaders(t *judge.T) error {
	a := args(t, 1, asciiSubject(t), strings.Join(bodyLines(t, 2), "\n")+"\n")
	cv, err := converse(t, a, smtpfake.Config{})
	if err != nil {
		return err
	}
	p, probs, err := cv.message("its headers")
	if err != nil {
		return err
	}
	h := p.Header
	if h.Get("Date") != "" && !p.Date.IsZero() {
		if d := time.Since(p.Date); d > 24*time.Hour || d < -24*time.Hour {
			probs = append(probs, fmt.Sprintf("Date %q is not now (the grader's clock says %s)", h.Get("Date"), time.Now().Format(time.RFC1123Z)))
		}
	}
	if h.Get("From") != "" && p.From != nil && !slices.Equal(addrs(p.From), []string{a.From}) {
		probs = append(probs, fmt.Sprintf("From is %q; want %q", h.Get("From"), a.From))
	}
	switch {
	case h.Get("To") == "":
		probs = append(probs, fmt.Sprintf("there is no To header; want \"To: %s\"", a.To[0]))
	case p.To != nil && !slices.Equal(addrs(p.To), a.To):
		probs = append(probs, fmt.Sprintf("To is %q; want %q", h.Get("To"), a.To[0]))
	}
	switch {
	case h.Get("Subject") == "":
		probs = append(probs, fmt.Sprintf("there is no Subject header; want \"Subject: %s\"", a.Subject))
	case p.Subject != a.Subject && !strings.Contains(strings.Join(probs, "\n"), "Subject"):
		probs = append(probs, fmt.Sprintf("the Subject reads %q; want %q", p.Subject, a.Subject))
	}
	if h.Get("Mime-Version") == "" {
		probs = append(probs, "there is no MIME-Version header; want \"MIME-Version: 1.0\", which says the Content-Type means what MIME says")
	}
	switch ct := h.Get("Content-Type"); {
	case ct == "":
		probs = append(probs, "there is no Content-Type header; want \"Content-Type: text/plain; charset=utf-8\"")
	case p.MediaType != "" && p.MediaType != "text/plain":
		probs = append(probs, fmt.Sprintf("Content-Type is %q; the body is plain text: want \"text/plain; charset=utf-8\"", ct))
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("the message's header has %d %s", len(probs), plural(len(probs), "problem")).With(
		"- "+strings.Join(probs, "\n- ")+"\nThe message that arrived:\n"+quoteLines(cv.messages()[0].Text),
		"a mail reader shows, sorts and threads mail by its header: without Date it cannot order it, without MIME-Version and Content-Type it must guess how to read the body (and guesses US-ASCII).",
		"Write Date (time.Now().Format(time.RFC1123Z)), From, To, Subject, MIME-Version: 1.0 and Content-Type: text/plain; charset=utf-8, each on its own line, then an empty line, then the body.")
}

// quoteLines shows a message one quoted line each.
func quoteLines(text []byte) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(string(text), "\n") {
		if l != "" {
			fmt.Fprintf(&b, "  %q\n", l)
		}
	}
	return b.String()
}

// subjects hold characters outside ASCII in several scripts.
var subjects = []string{"Grüße aus Köln", "Café ☕ à 8 h", "日本語の件名", "Привет из Москвы", "¿Qué tal, señor?", "Ünïcödé ✉ test"}

func checkSubject(t *judge.T) error {
	subject := subjects[t.Rand.IntN(len(subjects))] + " " + harness.Word(t.Rand, 4)
	a := args(t, 1, subject, strings.Join(bodyLines(t, 2), "\n")+"\n")
	cv, err := converse(t, a, smtpfake.Config{})
	if err != nil {
		return err
	}
	p, _, err := cv.message("its Subject")
	if err != nil {
		return err
	}
	raw := p.Header["Subject"]
	why := "a header is ASCII (RFC 5322): a server or reader may reject, mangle or misread other bytes. RFC 2047 writes non-ASCII text as encoded-words, =?utf-8?q?...?= or =?utf-8?b?...?=, which every mail reader decodes."
	hint := "Encode the subject with mime.QEncoding.Encode(\"utf-8\", subject) (or mime.BEncoding): it leaves an ASCII subject as it is."
	detail := "The message that arrived:\n" + quoteLines(cv.messages()[0].Text)
	switch {
	case len(raw) == 0:
		return judge.Fail("the message has no Subject header; want one that reads %q", subject).With(detail, why, hint)
	case strings.IndexFunc(raw[0], func(r rune) bool { return r >= 0x80 }) >= 0:
		return judge.Fail("the Subject header holds non-ASCII bytes as they are: %q", raw[0]).With(detail, why, hint)
	case p.Subject != subject:
		return judge.Fail("the Subject header %q reads %q once decoded; want %q", raw[0], p.Subject, subject).With(detail, why, hint)
	}
	return nil
}

func checkCRLF(t *judge.T) error {
	a := args(t, 1, asciiSubject(t), strings.Join(bodyLines(t, 4+t.Rand.IntN(4)), "\n")+"\n")
	cv, err := converse(t, a, smtpfake.Config{})
	if err != nil {
		return err
	}
	commands, data := 0, 0
	var bare []string
	for _, s := range cv.all {
		commands += s.BareLFCommands
		data += s.BareLFData
		for _, l := range s.Lines {
			if l.From == "C" && !strings.HasSuffix(string(l.Text), "\r\n") && len(bare) < 4 {
				bare = append(bare, fmt.Sprintf("%q", l.Text))
			}
		}
	}
	if commands+data > 0 {
		return judge.Fail("%d lines ended in \"\\n\" alone: %d commands and %d lines of the message", commands+data, commands, data).With(
			"The first of them: "+strings.Join(bare, ", "),
			"SMTP and the mail format both end every line with CR LF (\"\\r\\n\"). A bare LF is not a line end to a strict server: the message's last \".\" line, written \".\\n\", is not seen as the end, and the server waits for ever.",
			"End every command and every line of the message with \"\\r\\n\"; textproto.Writer.PrintfLine and DotWriter (smtp.Client.Data) do it for you.")
	}
	// The body must still be there: a check that line ends are right on a
	// message that never came would pass code that sends nothing.
	if _, _, err := cv.message("its line ends"); err != nil {
		return err
	}
	return nil
}

func checkDots(t *judge.T) error {
	lines := bodyLines(t, 6)
	lines[1] = "." + lines[1]
	lines[3] = "."
	lines[4] = ".." + lines[4]
	a := args(t, 1, asciiSubject(t), strings.Join(lines, "\n")+"\n")
	cv, err := converse(t, a, smtpfake.Config{})
	if err != nil {
		return err
	}
	why := "the message ends with a line holding \".\" alone, so a line of the body that starts with \".\" must get one more in front (RFC 5321 4.5.2), which the server takes off. Without it a body line \".\" ends the message early, and \".x\" arrives as \"x\"."
	hint := "Before you send a line of the body, add a \".\" in front of it if it starts with \".\"; smtp.Client.Data and textproto.Writer.DotWriter do this for you."
	ms := cv.messages()
	if len(ms) != 1 {
		_, _, err := cv.message("the dotted lines")
		return err
	}
	p, _ := smtpfake.ParseMessage(ms[0].Text)
	got, want := strings.Split(normal(string(p.Body)), "\n"), strings.Split(normal(a.Body), "\n")
	if slices.Equal(got, want) {
		return nil
	}
	detail := judge.Diff(want, got) + cv.seen()
	if slices.ContainsFunc(cv.s.Problems, func(p string) bool { return strings.Contains(p, "unknown command") }) {
		return judge.Fail("the body line \".\" ended the message early, and the lines after it reached the server as commands").With(detail, why, hint)
	}
	return judge.Fail("body lines that start with \".\" arrived without their first dot").With(detail, why, hint)
}

// refusals pick a 4xx or 5xx reply for a recipient.
var (
	temporary = []int{450, 451, 452}
	permanent = []int{550, 551, 553}
)

func refusal(code int, addr string) smtpfake.Reply {
	text := map[int]string{
		450: "4.2.1 <%s>: Recipient address rejected: mailbox busy, try again later",
		451: "4.3.0 <%s>: Recipient address rejected: temporary local problem",
		452: "4.2.2 <%s>: Recipient address rejected: mailbox full",
		550: "5.1.1 <%s>: Recipient address rejected: User unknown",
		551: "5.1.6 <%s>: Recipient address rejected: user has moved",
		553: "5.1.3 <%s>: Recipient address rejected: not allowed",
	}[code]
	return smtpfake.Reply{Code: code, Lines: []string{fmt.Sprintf(text, addr)}}
}

func checkTemporary(t *judge.T) error {
	return checkRefused(t, temporary[t.Rand.IntN(len(temporary))], "a temporary failure: the caller may try again later")
}

func checkPermanent(t *judge.T) error {
	return checkRefused(t, permanent[t.Rand.IntN(len(permanent))], "a permanent failure: trying again will not help")
}

// checkRefused refuses the middle one of three recipients with code.
func checkRefused(t *judge.T, code int, meaning string) error {
	a := args(t, 3, asciiSubject(t), strings.Join(bodyLines(t, 2), "\n")+"\n")
	refused := a.To[1]
	reply := refusal(code, refused)
	cv, err := converse(t, a, smtpfake.Config{Refuse: map[string]smtpfake.Reply{refused: reply}})
	if err != nil {
		return err
	}
	said := strings.TrimRight(string(reply.Bytes()), "\r\n")
	why := "a reply's first digit is its meaning: 2 done, 4 not now (try again later), 5 never. The README's Send sends a message to all its recipients or to none, and gives the caller the server's reply (a *textproto.Error with its Code): the caller retries a 4xx later and reports a 5xx to the user. A copy already sent to the others cannot be taken back, and the retry would send them a second one."
	hint := "Check the reply to every RCPT TO (smtp.Client.Rcpt returns it as an error); on a refusal, stop before DATA and return that error, or wrap it with %w and the address."
	asked, inList := false, ""
	for _, s := range cv.all {
		for _, r := range s.Rcpts {
			asked = asked || strings.EqualFold(r.Addr, refused)
			if r.Addr == "" && strings.Contains(r.Arg, refused) {
				inList = fmt.Sprintf(" (only \"RCPT %s\", with other addresses)", r.Arg)
			}
		}
	}
	if !asked {
		return judge.Fail("the server never got RCPT TO:<%s>%s, so it could not refuse that recipient (%s)", refused, inList, cv.returned()).With(cv.seen(),
			"each recipient needs a RCPT TO of its own: the server answers for each address.", "Send one RCPT TO:<addr> per recipient.")
	}
	if ms := cv.messages(); len(ms) > 0 {
		return judge.Fail("the server answered RCPT TO:<%s> with %q, %s, but Send went on and sent the message to %q", refused, said, meaning, ms[0].To).With(cv.seen(), why, hint)
	}
	if cv.r.Err == nil {
		return judge.Fail("Send returned nil, although the server refused %s with %q, %s", refused, said, meaning).With(cv.seen(), why, hint)
	}
	switch {
	case cv.r.Code == 0:
		return judge.Fail("Send returned the error %q, but errors.As(err, &tpErr) finds no *textproto.Error in it, so the caller cannot read the code %d", cv.r.Err.Text, code).With(cv.seen(), why,
			"Return the error smtp.Client.Rcpt gave you (or textproto.Reader.ReadResponse), or wrap it with fmt.Errorf(\"...: %w\", err); %v or a new error lose it.")
	case cv.r.Code != code:
		return judge.Fail("%s, whose *textproto.Error has the code %d; the server refused %s with %d", cv.returned(), cv.r.Code, refused, code).With(cv.seen(), why,
			"Return the error of the RCPT TO the server refused, not of a later command.")
	case !strings.Contains(strings.ToLower(cv.r.Err.Text), strings.ToLower(refused)):
		return judge.Fail("Send returned the error %q, which does not name the refused recipient %s", cv.r.Err.Text, refused).With(cv.seen(), why,
			"Wrap the error with the address: fmt.Errorf(\"%s: %w\", addr, err).")
	}
	return nil
}

func checkQuit(t *judge.T) error {
	a := args(t, 1, asciiSubject(t), strings.Join(bodyLines(t, 2), "\n")+"\n")
	cv, err := converse(t, a, smtpfake.Config{})
	if err != nil {
		return err
	}
	held, err := cv.c.Sockets()
	if err != nil {
		if !cv.c.Exited() {
			return err
		}
		held = 0 // a child that is gone holds nothing; its exit is reported
	}
	if !cv.s.Quit {
		return judge.Fail("the session ended without QUIT (%s)", cv.returned()).With(cv.seen(),
			"QUIT ends the session: the server answers 221 and closes. A client that just hangs up leaves the server to find out on its own, and some servers treat it as an aborted session.",
			"After the message's 250, send QUIT and read its 221 (smtp.Client.Quit does), then close the connection.")
	}
	if held > 0 {
		return judge.Fail("after Send returned, your program still held %d open sockets", held).With(cv.seen(),
			"the server closed its side after QUIT, but your socket stays open until you Close it: a program that sends many mails runs out of file descriptors.",
			"Close the connection on every way out of Send: defer c.Close() right after a successful Dial.")
	}
	return nil
}

// messageRefusals are replies a server gives a whole message.
var messageRefusals = []smtpfake.Reply{
	{Code: 554, Lines: []string{"5.7.1 Message rejected: it looks like spam"}},
	{Code: 552, Lines: []string{"5.3.4 Message too big for this mailbox"}},
	{Code: 451, Lines: []string{"4.3.0 Error: queue file write error, try again later"}},
}

func checkMessageRefused(t *judge.T) error {
	a := args(t, 1, asciiSubject(t), strings.Join(bodyLines(t, 2), "\n")+"\n")
	reply := messageRefusals[t.Rand.IntN(len(messageRefusals))]
	cv, err := converse(t, a, smtpfake.Config{RefuseMessage: reply})
	if err != nil {
		return err
	}
	said := strings.TrimRight(string(reply.Bytes()), "\r\n")
	why := "the reply to the final \".\" is the server's answer to the whole message: only a 250 means it took responsibility for delivering it. Anything else means the mail is not on its way, and the caller must be told (a *textproto.Error with the Code: a 4xx may be retried later)."
	hint := "Check the reply to the message's final \".\" as you check every other reply: smtp.Client.Data's writer returns it from Close."
	refused := 0
	for _, s := range cv.all {
		refused += len(s.Refused)
	}
	switch {
	case refused == 0:
		return judge.Fail("the message never reached its final \".\", so the server could not answer it (%s)", cv.returned()).With(cv.seen(),
			"the message travels after DATA and its 354 reply, and ends with a line holding a single dot.", convHint)
	case cv.r.Err == nil:
		return judge.Fail("Send returned nil, although the server answered the message with %q: it was not sent", said).With(cv.seen(), why, hint)
	case cv.r.Code == 0:
		return judge.Fail("Send returned the error %q, but errors.As(err, &tpErr) finds no *textproto.Error in it, so the caller cannot read the code %d", cv.r.Err.Text, reply.Code).With(cv.seen(), why,
			"Return the error you got (w.Close() of smtp.Client.Data, or textproto.Reader.ReadResponse), or wrap it with %w.")
	case cv.r.Code != reply.Code:
		return judge.Fail("%s, whose *textproto.Error has the code %d; the server answered the message with %d", cv.returned(), cv.r.Code, reply.Code).With(cv.seen(), why, hint)
	}
	return nil
}

func checkConnRefused(t *judge.T) error {
	addr, release, err := fixtures.RefusedAddr()
	if err != nil {
		return err
	}
	t.Cleanup(release)
	a := args(t, 1, asciiSubject(t), "hello\n")
	a.Addr = addr
	_, r, err := harness.Call(t, contract.Send, a, sendWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("Send(%q, ...) did not return within %v, though nothing listens there and the kernel refuses at once", addr, sendWithin), "Return the error from the dial.")
	}
	switch {
	case r.Err == nil:
		return judge.Fail("Send returned nil, but nothing listens on %s: no mail was sent", addr).With("",
			"a refused connection is an ordinary network outcome; a caller told \"sent\" will never try again.",
			"Check the error of smtp.Dial (or net.Dial) and return it.")
	case !r.Err.Refused:
		return judge.Fail("Send returned the error %q where nothing listens on %s, but errors.Is(err, syscall.ECONNREFUSED) is false", r.Err.Text, addr).With("",
			"the caller decides what to do by what the error is: a refused connection may be worth a retry later. An error made up in its place, or wrapped with %v, hides which it was.",
			"Return the dial's error as it is, or wrap it with fmt.Errorf(\"...: %w\", err).")
	}
	// The error counts only from a Send that delivers where a server listens.
	cv, err := converse(t, args(t, 1, asciiSubject(t), "hello\n"), smtpfake.Config{})
	if err != nil {
		return err
	}
	if len(cv.messages()) != 1 {
		return judge.Fail("Send returned an error where nothing listens, but it delivers no message where a server listens either (%s)", cv.returned()).With(cv.seen(),
			"an error for a refused connection only means something from a Send that delivers when it can.", convHint)
	}
	return nil
}
