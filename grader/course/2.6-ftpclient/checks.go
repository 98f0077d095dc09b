package ftpclient

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"netcourse/fixtures/ftpfake"
	"netcourse/grader/course/2.6-ftpclient/contract"
	"netcourse/grader/internal/harness"
	"netcourse/grader/internal/judge"
)

// Exercise 2.6: an FTP client on two connections: commands and replies
// on the control connection, each listing or file on a passive data
// connection of its own.
var checks = []judge.Check{
	{Name: "logs in with USER and PASS", Points: 2, Run: checkLogin, Timeout: checkTimeout},
	{Name: "reads multi-line replies", Points: 2, Run: checkMultiLine, Timeout: checkTimeout},
	{Name: "lists a directory over a passive data connection", Points: 3, Run: checkList, Timeout: checkTimeout},
	{Name: "retrieves a file byte for byte in binary mode (TYPE I)", Points: 3, Run: checkRetr, Timeout: checkTimeout},
	{Name: "connects to the port the PASV reply gives", Points: 2, Run: checkPASV, Timeout: checkTimeout},
	{Name: "reads the 150 reply before the data", Points: 2, Run: check150, Timeout: checkTimeout},
	{Name: "works whether 226 comes before or after the data connection closes", Points: 2, Run: check226, Timeout: checkTimeout},
	{Name: "returns an error carrying the code of a 5xx reply (550)", Points: 2, Run: check5xx, Timeout: checkTimeout},
	{Name: "closes the data connection after each transfer", Points: 1, Run: checkDataClosed, Timeout: checkTimeout},
	{Name: "sends QUIT and closes the control connection", Points: 1, Run: checkQuit, Timeout: checkTimeout},
}

const (
	// checkTimeout holds a session of three steps whose every wait the
	// fake plays out (a client out of step waits fakeIdle per step).
	checkTimeout = 20 * time.Second
	// fakeWait bounds each wait of the fake server: for a reply or a
	// fragment of data to be read, a data connection to come, a close.
	fakeWait = 2 * time.Second
	// fakeIdle is how long the fake waits for a client's next command.
	fakeIdle = 3 * time.Second
	// stepWithin is what one step of a session may take against a prompt
	// server, beyond sessionWithin: a client that the fake holds up pays
	// fakeWait once or twice.
	sessionWithin = 3 * time.Second
	stepWithin    = 2*fakeWait + 500*time.Millisecond
	genericHint   = "Compare the commands above with the README's conversation: each command, then its whole reply, before the next."
	hangHint      = "Every reply your client waits for comes promptly: look for a read that waits for something the server never sends (a second reply, the data before its reply, a close that only you can make)."
	whyTwo        = "FTP speaks on two connections: commands and replies on the control connection, the bytes of each listing or file on a data connection of their own. Each is a stream, read to its end; the replies say when a transfer starts (150) and how it ended (226)."
)

// fixture is the fake server of one check, with what it serves.
type fixture struct {
	cfg      ftpfake.Config
	srv      *ftpfake.Server
	sessions *harness.Observed[ftpfake.Session]
	files    []string // paths of Files, sorted
	// strictType: a file sent in TYPE A (line ends rewritten) is a failure;
	// only the check of TYPE I sets it, so that the other checks name
	// their own cause.
	strictType bool
	dirs       []string // paths of Dirs, sorted
}

// newFixture makes a user, two files and two directories the client
// cannot guess; shape changes how the server talks.
func newFixture(t *judge.T, shape func(*ftpfake.Config)) (*fixture, error) {
	cfg := ftpfake.Config{
		User:  "u" + harness.Word(t.Rand, 5),
		Pass:  harness.Word(t.Rand, 10),
		Files: map[string][]byte{},
		Dirs:  map[string][]string{},
		Rand:  rand.New(rand.NewPCG(t.Rand.Uint64(), t.Rand.Uint64())),
		Split: true,
		Order: ftpfake.Before,
		Wait:  fakeWait,
		Idle:  fakeIdle,
	}
	f := &fixture{sessions: harness.NewObserved[ftpfake.Session]()}
	for range 2 {
		p := "/pub/" + harness.Word(t.Rand, 6) + ".bin"
		cfg.Files[p] = binaryFile(t.Rand, 2000+t.Rand.IntN(3000))
		f.files = append(f.files, p)
		d := "/" + harness.Word(t.Rand, 7)
		cfg.Dirs[d] = listing(t.Rand, 3+t.Rand.IntN(5))
		f.dirs = append(f.dirs, d)
	}
	if shape != nil {
		shape(&cfg)
	}
	cfg.OnSession = f.sessions.Add
	srv, err := ftpfake.New(cfg)
	if err != nil {
		return nil, err
	}
	t.Cleanup(srv.Close)
	f.cfg, f.srv = cfg, srv
	return f, nil
}

// binaryFile is random bytes with the ones a text-mode transfer changes:
// "\n", "\r\n", NUL and bytes above 0x7f.
func binaryFile(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	copy(b[rng.IntN(n/2):], "line\nline\r\n\x00\xff")
	return b
}

// listing is a directory's LIST output, as ls -l writes it.
func listing(rng *rand.Rand, n int) []string {
	var lines []string
	for range n {
		lines = append(lines, fmt.Sprintf("-rw-r--r--    1 ftp      ftp      %8d Jan %02d 12:%02d %s.txt",
			rng.IntN(100000), 1+rng.IntN(28), rng.IntN(60), harness.Word(rng, 6)))
	}
	return lines
}

// args is a session of the fixture's user with these steps.
func (f *fixture) args(steps ...contract.Step) contract.SessionArgs {
	return contract.SessionArgs{Addr: f.srv.Addr(), User: f.cfg.User, Pass: f.cfg.Pass, Steps: steps}
}

func retr(path string) contract.Step { return contract.Step{Op: contract.Retr, Path: path} }
func list(path string) contract.Step { return contract.Step{Op: contract.List, Path: path} }

// run plays one session and returns the child (for its sockets), what each
// call returned and what the server saw.
func (f *fixture) run(t *judge.T, a contract.SessionArgs) (*judge.Child, contract.SessionResult, ftpfake.Session, error) {
	// Patient: the server may not yet have read the client's last
	// commands when the calls return; a session the client closed ends as
	// soon as it has, and only a client that leaks waits the second.
	return f.runFor(t, a, true)
}

// runFor is run; patient waits (a second at most) for the client to close
// its connections and the server to read what it sent, before the server
// ends the session.
func (f *fixture) runFor(t *judge.T, a contract.SessionArgs, patient bool) (*judge.Child, contract.SessionResult, ftpfake.Session, error) {
	within := sessionWithin + time.Duration(len(a.Steps))*stepWithin
	c, r, err := harness.Call(t, contract.Session, a, within)
	if err != nil {
		return nil, r, ftpfake.Session{}, harness.TimedOut(err, fmt.Sprintf("the session (%s) did not end within %v", calls(a), within), hangHint)
	}
	s, err := f.session(t, patient)
	return c, r, s, err
}

// session waits for the server's record of the session: at once when the
// client closed its connections, after the server closes them otherwise.
func (f *fixture) session(t *judge.T, patient bool) (ftpfake.Session, error) {
	if patient {
		if all := f.sessions.Wait(t, 1, time.Second); len(all) > 0 {
			return all[0], nil
		}
	}
	f.srv.Close()
	return f.sessions.First(t, time.Second, func() *judge.Failure {
		return judge.Fail("Dial never connected to the server at %s", f.srv.Addr()).With("",
			"every FTP session starts with a TCP connection to the server's control port, which greets you with 220.",
			"Dial the address you were given with net.Dial(\"tcp\", addr).")
	})
}

// calls is a session as the calls the driver made.
func calls(a contract.SessionArgs) string {
	s := []string{fmt.Sprintf("Dial(%q)", a.Addr), fmt.Sprintf("Login(%q, %q)", a.User, a.Pass)}
	for _, st := range a.Steps {
		s = append(s, fmt.Sprintf("%s(%q)", stepName(st), st.Path))
	}
	return strings.Join(append(s, "Quit()"), ", ")
}

func stepName(st contract.Step) string {
	if st.Op == contract.List {
		return "List"
	}
	return "Retr"
}

// commands shows what the server received on the control connection.
func commands(s ftpfake.Session) string {
	if len(s.Commands) == 0 {
		return "The server received no command."
	}
	var b strings.Builder
	b.WriteString("The server received, on the control connection:")
	for _, c := range s.Commands {
		fmt.Fprintf(&b, "\n  %q", c+"\r\n")
	}
	return b.String()
}

// errText is a call's error in a sentence.
func errText(r *contract.Reply) string {
	if r == nil {
		return "no error"
	}
	if r.Code != 0 {
		return fmt.Sprintf("the error %q (reply code %d)", r.Err.Text, r.Code)
	}
	return fmt.Sprintf("the error %q", r.Err.Text)
}

// sessionFailed reports the first call that failed where the server gave
// no reason to, or nil: the checks judge the rest.
func sessionFailed(a contract.SessionArgs, r contract.SessionResult, s ftpfake.Session, why, hint string) error {
	switch {
	case r.Dial != nil:
		return judge.Fail("Dial(%q) returned the error %q", a.Addr, r.Dial.Text).With(commands(s), why, hint)
	case r.Login != nil:
		// Not what the server received: a client out of step with the
		// replies may send and hang up before the server has read it.
		return judge.Fail("Login(%q, %q) returned %s, though the user and password are right", a.User, a.Pass, errText(r.Login)).With("", why, hint)
	}
	for i, st := range a.Steps {
		if i >= len(r.Steps) {
			break
		}
		if e := r.Steps[i].Err; e != nil {
			return judge.Fail("%s(%q) returned %s, though the server has it", stepName(st), st.Path, errText(e)).With(commands(s), why, hint)
		}
	}
	return nil
}

// stepsMatch reports the first step whose result is not what the server
// holds.
func (f *fixture) stepsMatch(a contract.SessionArgs, r contract.SessionResult, s ftpfake.Session) error {
	for i, st := range a.Steps {
		got := r.Steps[i]
		if st.Op == contract.List {
			want := f.cfg.Dirs[st.Path]
			if !slices.Equal(got.Lines, want) {
				return judge.Fail("List(%q) returned %d lines that are not the listing the server sent (%d lines)", st.Path, len(got.Lines), len(want)).With(
					"The lines, "+judge.Diff(want, got.Lines),
					"the listing comes on the data connection, one line per entry, each ending in \"\\r\\n\", until the server closes it: all of it is the listing.",
					"Read the data connection to its end (io.ReadAll), then split it into lines and drop the \"\\r\\n\" of each (bufio.Scanner does both).")
			}
			continue
		}
		want := f.cfg.Files[st.Path]
		tr, seen := transferOf(s, "RETR", st.Path)
		if bytes.Equal(got.Data, want) || !f.strictType && seen && tr.Type == "A" && bytes.Equal(got.Data, ascii(want)) {
			continue // the type is the business of the TYPE I check
		}
		why := "a file is bytes: Retr must return them as the server stores them, every one."
		hint := "Read the data connection to its end (io.ReadAll) before you read the 226."
		if seen && tr.Type != "I" {
			why = fmt.Sprintf("the transfer ran in TYPE %s (ASCII, FTP's default), in which a server rewrites line ends (each \"\\n\" became \"\\r\\n\"): a binary file arrives changed.", tr.Type)
			hint = "Send \"TYPE I\" (binary, the bytes as they are) and read its 200 before the RETR."
		}
		return judge.Fail("Retr(%q) returned %d bytes that are not the file (%d bytes)", st.Path, len(got.Data), len(want)).With(
			judge.ShowBytes(got.Data, want), why, hint)
	}
	return nil
}

// ascii is a file as a server sends it in TYPE A.
func ascii(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }

// transferOf finds the server's record of a transfer.
func transferOf(s ftpfake.Session, cmd, path string) (ftpfake.Transfer, bool) {
	for _, tr := range s.Transfers {
		if tr.Command == cmd && tr.Path == path {
			return tr, true
		}
	}
	return ftpfake.Transfer{}, false
}

// played runs a session and returns its first failure where a call went
// wrong or returned the wrong thing, with the record for further checks.
func (f *fixture) played(t *judge.T, a contract.SessionArgs, why, hint string) (*judge.Child, contract.SessionResult, ftpfake.Session, error) {
	return f.playedFor(t, a, false, why, hint)
}

func (f *fixture) playedFor(t *judge.T, a contract.SessionArgs, patient bool, why, hint string) (*judge.Child, contract.SessionResult, ftpfake.Session, error) {
	c, r, s, err := f.runFor(t, a, patient)
	if err != nil {
		return c, r, s, err
	}
	if fail := sessionFailed(a, r, s, why, hint); fail != nil {
		return c, r, s, fail
	}
	if fail := f.stepsMatch(a, r, s); fail != nil {
		return c, r, s, fail
	}
	return c, r, s, nil
}

func checkLogin(t *judge.T) error {
	f, err := newFixture(t, nil)
	if err != nil {
		return err
	}
	a := f.args()
	_, r, s, err := f.run(t, a)
	if err != nil {
		return err
	}
	var probs []string
	user, pass := "USER "+a.User, "PASS "+a.Pass
	iu, ip := slices.Index(s.Commands, user), slices.Index(s.Commands, pass)
	switch {
	case iu < 0:
		probs = append(probs, fmt.Sprintf("no %q came", user+"\r\n"))
	case ip < 0:
		probs = append(probs, fmt.Sprintf("no %q came", pass+"\r\n"))
	case ip < iu:
		probs = append(probs, "PASS came before USER; the server asks for the password (331) only once it knows the user")
	}
	if s.BareLF > 0 {
		probs = append(probs, fmt.Sprintf("%d command lines ended in \"\\n\" alone; FTP commands end in \"\\r\\n\" (Cmd of textproto.Conn adds it)", s.BareLF))
	}
	if r.Dial != nil {
		probs = append(probs, fmt.Sprintf("Dial returned the error %q after the greeting %q", r.Dial.Text, ftpfake.Reply(220, ftpfake.Greeting[len(ftpfake.Greeting)-1:])))
	} else if r.Login != nil {
		probs = append(probs, fmt.Sprintf("Login returned %s, though the server answered 331 to USER and 230 to PASS", errText(r.Login)))
	}
	if len(probs) == 0 {
		return nil
	}
	return judge.Fail("the login did not go as FTP's does:\n  - %s", strings.Join(probs, "\n  - ")).With(commands(s),
		"the server greets with 220; USER name gets 331 (password needed), PASS password gets 230 (logged in). Each command is one line ending in \"\\r\\n\", and each reply is read before the next command.",
		"Send \"USER <user>\", read the 331, send \"PASS <pass>\", read the 230 (ReadResponse of textproto.Conn reads a reply and checks its code).")
}

func checkMultiLine(t *judge.T) error {
	f, err := newFixture(t, func(c *ftpfake.Config) { c.MultiLine = true })
	if err != nil {
		return err
	}
	a := f.args(list(f.dirs[0]), retr(f.files[0]))
	_, _, _, err = f.played(t, a,
		"any FTP reply may run over several lines: the first starts \"220-\" (code and dash), the last \"220 \" (code and space), and lines between may be any text. Here the server's greeting was\n    "+
			fmt.Sprintf("%q", ftpfake.Reply(220, ftpfake.Greeting))+
			"\n  and its 230, 150 and 226 were multi-line too. A client that reads one line per reply takes the rest of a reply for the answer to its next command, and is out of step from then on.",
		"Read each reply with ReadResponse of textproto.Conn, which reads every line of a multi-line reply; by hand, read lines until one starts with the code and a space.")
	return err
}

func checkList(t *judge.T) error {
	f, err := newFixture(t, nil)
	if err != nil {
		return err
	}
	a := f.args(list(f.dirs[0]), list(f.dirs[1]))
	_, _, _, err = f.played(t, a, whyTwo,
		"For each List: EPSV (or PASV), connect to the port it gives, send \"LIST <dir>\", read the 150, read the data connection to its end, close it, read the 226.")
	return err
}

func checkRetr(t *judge.T) error {
	f, err := newFixture(t, nil)
	if err != nil {
		return err
	}
	f.strictType = true
	a := f.args(retr(f.files[0]), retr(f.files[1]))
	_, _, _, err = f.played(t, a, whyTwo,
		"For each Retr: TYPE I once, EPSV (or PASV), connect to the port it gives, send \"RETR <path>\", read the 150, read the data connection to its end, close it, read the 226.")
	return err
}

func checkPASV(t *judge.T) error {
	f, err := newFixture(t, func(c *ftpfake.Config) { c.NoEPSV = true })
	if err != nil {
		return err
	}
	a := f.args(retr(f.files[0]))
	_, r, s, err := f.run(t, a)
	if err != nil {
		return err
	}
	var pasv *ftpfake.Offer
	for i, o := range s.Offers {
		if o.Command == "PASV" {
			pasv = &s.Offers[i]
		}
	}
	hint := "Take the six numbers between the parentheses of the 227: h1,h2,h3,h4 are the host, and the port is p1*256 + p2 (strconv.Atoi each; fmt.Sscanf works too)."
	why := "PASV's reply, 227, gives the data port as two bytes, p1 and p2: the port is p1*256 + p2. A client that reads them wrong connects to a port where nothing listens."
	switch {
	case pasv == nil && r.Dial == nil && r.Login == nil:
		return judge.Fail("the server answered EPSV with 502 (not implemented), and your client never sent PASV").With(commands(s),
			"EPSV is an extension (RFC 2428) older servers lack; PASV is in every server. A client that only knows EPSV cannot transfer anything there.",
			"Use PASV; or, if you use EPSV, send PASV when EPSV's reply is a 5xx.")
	case pasv != nil && !pasv.Connected:
		_, msg, _ := strings.Cut(pasv.Reply, " ")
		host, _, _ := net.SplitHostPort(f.srv.Addr())
		return judge.Fail("the server answered PASV with %q, which gives the data address %s (the port is p1*256 + p2), but no data connection came there; Retr returned %s",
			pasv.Reply, net.JoinHostPort(host, strconv.Itoa(pasv.Port)), stepErr(r, 0)).With(
			fmt.Sprintf("The reply text your ReadResponse sees: %q", msg), why, hint)
	}
	if fail := sessionFailed(a, r, s, why, hint); fail != nil {
		return fail
	}
	return f.stepsMatch(a, r, s)
}

// plural is word, with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// stepErr is step i's error in a sentence.
func stepErr(r contract.SessionResult, i int) string {
	if i >= len(r.Steps) {
		return "nothing (it was never called)"
	}
	return errText(r.Steps[i].Err)
}

func check150(t *judge.T) error {
	f, err := newFixture(t, func(c *ftpfake.Config) { c.Hold150 = true })
	if err != nil {
		return err
	}
	a := f.args(retr(f.files[0]))
	_, _, s, err := f.played(t, a, whyTwo,
		"Read the 150 right after you send RETR, before you read the data connection.")
	if err != nil {
		return err
	}
	tr, ok := transferOf(s, "RETR", f.files[0])
	if !ok {
		return judge.Fail("the server saw no RETR %s", f.files[0]).With(commands(s), whyTwo, "Send \"RETR <path>\" once the data connection is open.")
	}
	if !tr.Read150 {
		return judge.Fail("after RETR, your client did not read the 150 reply for %v: it was waiting on the data connection, which the server opens only after its 150", fakeWait).With(
			fmt.Sprintf("The server sent %q on the control connection, in pieces, and held the data back until your client had read all of it.", tr.Opening),
			"the reply to RETR says whether a transfer starts at all: a server may answer 550 (no such file) or 425 instead of 150, and then sends no data. A client reading the data first waits for bytes that never come; only the 150 says they will.",
			"After sending RETR, read the reply on the control connection first; read the data only once it is a 150 (or 125).")
	}
	return nil
}

func check226(t *judge.T) error {
	f, err := newFixture(t, func(c *ftpfake.Config) { c.Order = ftpfake.Mixed })
	if err != nil {
		return err
	}
	a := f.args(retr(f.files[0]), retr(f.files[1]), list(f.dirs[0]))
	_, _, s, err := f.played(t, a,
		"the 226 and the data travel on different connections, so either may come first: a server may send 226 before the data, or only after it closed the data connection.",
		"Read the data connection to its end first, then the 226: that works in either order.")
	if err != nil {
		return err
	}
	for _, tr := range s.Transfers {
		if tr.Order == ftpfake.After && !tr.Consumed {
			return judge.Fail("in %s %s, where the server sends the 226 only after the data connection closed, your client did not read the data for %v: it was waiting for the 226 first", tr.Command, tr.Path, fakeWait).With(
				fmt.Sprintf("The transfers' orders were: %s.", orders(s)),
				"a server may send the final 226 only once the data is sent and the data connection closed, and the data may be more than the connection's buffers hold: a client that waits for the 226 before reading the data waits for ever.",
				"Read the data connection to its end first, then the 226: that works in either order.")
		}
	}
	return nil
}

// orders lists the order of each transfer.
func orders(s ftpfake.Session) string {
	var o []string
	for _, tr := range s.Transfers {
		o = append(o, fmt.Sprintf("%s %s: %s", tr.Command, tr.Path, tr.Order))
	}
	return strings.Join(o, "; ")
}

func check5xx(t *judge.T) error {
	f, err := newFixture(t, nil)
	if err != nil {
		return err
	}
	missing := "/pub/" + harness.Word(t.Rand, 8) + ".bin"
	a := f.args(retr(missing), retr(f.files[0]))
	_, r, s, err := f.run(t, a)
	if err != nil {
		return err
	}
	why := "a 5xx reply is a permanent failure: the command was refused and nothing was transferred. The caller must hear it as an error, with the code that says why (550: no such file)."
	if r.Dial != nil || r.Login != nil || len(r.Steps) < 2 {
		return sessionFailed(a, r, s, why, genericHint)
	}
	e := r.Steps[0].Err
	switch {
	case e == nil:
		tr, _ := transferOf(s, "RETR", missing)
		return judge.Fail("Retr(%q) returned %d bytes and no error, though the server answered RETR with %q", missing, len(r.Steps[0].Data), tr.Opening).With(commands(s), why,
			"Check the code of the reply to RETR: only a 150 (or 125) starts a transfer; anything else is an error to return (ReadResponse(1) of textproto.Conn returns a *textproto.Error for it).")
	case e.Code != 550:
		return judge.Fail("Retr(%q) returned the error %q, from which errors.As finds no *textproto.Error with the code 550 (it found code %d)", missing, e.Err.Text, e.Code).With("", why,
			"Return the *textproto.Error that ReadResponse gives (or wrap it with %w), so the caller can see the code.")
	}
	if e2 := r.Steps[1].Err; e2 != nil {
		return judge.Fail("after the 550, the next Retr(%q) returned %s, though the file is there", f.files[0], errText(e2)).With(commands(s),
			"a refused command leaves the session as it was: the next command gets its own reply. A client that left a reply unread, or closed the connection, is out of step.",
			"On an error reply, close that transfer's data connection and return; the control connection stays as it is.")
	}
	return f.stepsMatch(contract.SessionArgs{Steps: a.Steps[1:]}, contract.SessionResult{Steps: r.Steps[1:]}, s)
}

func checkDataClosed(t *judge.T) error {
	f, err := newFixture(t, nil)
	if err != nil {
		return err
	}
	a := f.args(list(f.dirs[0]), retr(f.files[0]), retr(f.files[1]))
	_, _, s, err := f.playedFor(t, a, true, whyTwo, genericHint)
	if err != nil {
		return err
	}
	var open []string
	for _, tr := range s.Transfers {
		if tr.Reply == 226 && !tr.DataClosed {
			open = append(open, tr.Command+" "+tr.Path)
		}
	}
	if len(open) > 0 {
		return judge.Fail("your client never closed the data connection of %d of %d transfers (%s): the server closed its end and waited in vain for yours", len(open), len(s.Transfers), strings.Join(open, ", ")).With("",
			"each transfer has a data connection of its own, used once: one left open holds a file descriptor and a port on both ends for as long as the client runs.",
			"Close the data connection once you have read it to its end (defer conn.Close() right after dialling it).")
	}
	return nil
}

func checkQuit(t *judge.T) error {
	f, err := newFixture(t, nil)
	if err != nil {
		return err
	}
	a := f.args(retr(f.files[0]))
	c, r, err := harness.Call(t, contract.Session, a, sessionWithin+stepWithin)
	if err != nil {
		return harness.TimedOut(err, fmt.Sprintf("the session (%s) did not end within %v", calls(a), sessionWithin+stepWithin), hangHint)
	}
	// The session has returned and the child is idle: what it holds now,
	// it holds for good.
	held, err := c.Sockets()
	if err != nil {
		if !c.Exited() {
			return err
		}
		held = 0
	}
	s, err := f.session(t, true)
	if err != nil {
		return err
	}
	if fail := sessionFailed(a, r, s, whyTwo, genericHint); fail != nil {
		return fail
	}
	switch {
	case !s.Quit:
		return judge.Fail("Quit returned %s, but the server never received QUIT", errText(r.Quit)).With(commands(s),
			"QUIT ends an FTP session politely: the server answers 221, frees the session, and both sides close. A client that just goes away leaves the server to find out from a dead connection.",
			"In Quit, send \"QUIT\", read the 221, then close the control connection.")
	case !s.Closed:
		return judge.Fail("after QUIT and the server's 221, your client never closed the control connection").With(commands(s),
			"an open connection holds a file descriptor and kernel buffers on both ends until it is closed; a client that forgets leaks one per session.",
			"Close the control connection at the end of Quit (textproto.Conn's Close closes it).")
	case r.Quit != nil:
		return judge.Fail("Quit returned %s, though the server answered QUIT with \"221 Goodbye.\\r\\n\"", errText(r.Quit)).With(commands(s),
			"221 is the success reply to QUIT.", "Read the reply to QUIT with the code 221 (ReadResponse(221)).")
	case held > 0:
		detail := ""
		for _, tr := range s.Transfers {
			if tr.Reply == 226 && !tr.DataClosed {
				detail = fmt.Sprintf("The server never saw the data connection of %s %s closed.", tr.Command, tr.Path)
			}
		}
		return judge.Fail("after Quit had returned, your program still held %d open %s, although the server saw the control connection close", held, plural(held, "socket")).With(detail,
			"every connection the client opened, the control one and each data one, must be closed: a socket left open holds a file descriptor, and a client that leaks one per session runs out of them.",
			"Close every data connection once read, and the control connection in Quit; CloseWrite does not replace Close.")
	}
	return nil
}
