package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"netcourse/grader/internal/result"
)

var stopLine = regexp.MustCompile(`::stop-commands::(\S+)`)

func TestGitHubGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := GitHub(&buf, sample(), "go run ./grader grade --seed 7"); err != nil {
		t.Fatal(err)
	}
	m := stopLine.FindStringSubmatch(buf.String())
	if m == nil {
		t.Fatalf("no ::stop-commands:: in\n%s", buf.String())
	}
	// The token is random by design; the golden file names it TOKEN.
	golden(t, "github.golden", []byte(strings.ReplaceAll(buf.String(), m[1], "TOKEN")))
}

// command is a workflow command as the runner executes it.
type command struct{ name, props, data string }

// runnerCommands reads a log as GitHub's runner does: a line ends at \n,
// \r\n or a lone \r, leading white space is ignored, and from
// ::stop-commands::T until the line ::T:: nothing is a command.
func runnerCommands(log string) (cmds []command, stopped bool) {
	stop := ""
	for _, l := range regexp.MustCompile(`\r\n|\r|\n`).Split(log, -1) {
		l = strings.TrimLeft(l, " \t\v\f")
		rest, ok := strings.CutPrefix(l, "::")
		if !ok {
			continue
		}
		head, data, ok := strings.Cut(rest, "::")
		if !ok {
			continue
		}
		name, props, _ := strings.Cut(head, " ")
		switch {
		case stop != "":
			if name == stop && data == "" {
				stop = ""
			}
		case name == "stop-commands":
			stop = data
		default:
			cmds = append(cmds, command{name, props, data})
		}
	}
	return cmds, stop != ""
}

// TestGitHubSubmissionCannotInjectCommands: what a submission prints, or
// makes the grader quote, is never executed as a workflow command.
func TestGitHubSubmissionCannotInjectCommands(t *testing.T) {
	evil := "::add-mask::hunter2\n::error file=x.go::pwned\r::warning::pwned\r\n  ::endgroup::\n::set-output name=x::pwned\n::stop-commands::pwned"
	run := &result.Run{Seed: 1, Impl: "exercises", Exercises: []result.Exercise{
		{ID: "1.1", Title: "TCP client", Dir: "1.1-tcpclient", Status: result.Crashed, MaxScore: 2, Checks: []result.Check{
			{Name: "reads", Status: result.Failed, MaxScore: 1, Message: "got " + evil, Hint: evil, Output: evil},
			{Name: "closes", Status: result.Crashed, MaxScore: 1, Message: "your code panicked: " + evil + "\n  at exercises/1.1-tcpclient/client.go:9", Output: evil},
		}},
		{ID: "1.2", Title: "TCP server", Dir: "1.2-tcpserver", Status: result.BuildError, MaxScore: 1,
			Message: "exercises/1.2-tcpserver/server.go:1:1: " + evil, Checks: []result.Check{}},
	}}
	run.Total()
	var buf bytes.Buffer
	if err := GitHub(&buf, run, ""); err != nil {
		t.Fatal(err)
	}
	cmds, stopped := runnerCommands(buf.String())
	if stopped {
		t.Fatal("commands are still stopped at the end of the report: the rest of the job would be ignored")
	}
	count := map[string]int{}
	for _, c := range cmds {
		count[c.name]++
		if strings.ContainsAny(c.data, "\r\n") || strings.ContainsAny(c.props, "\r\n") {
			t.Errorf("command %s holds a raw line break", c.name)
		}
	}
	want := map[string]int{"group": 2, "endgroup": 2, "error": 3, "notice": 1}
	for name, n := range count {
		if want[name] != n {
			t.Errorf("the runner executes %d %q commands, want %d (all: %+v)", n, name, want[name], cmds)
		}
	}
	for name, n := range want {
		if count[name] != n {
			t.Errorf("the runner executes %d %q commands, want %d", count[name], name, n)
		}
	}
	// The annotations still tell the student what happened, escaped.
	if !strings.Contains(buf.String(), "::error file=exercises/1.1-tcpclient/client.go,line=9,title=1.1 TCP client%3A closes::") {
		t.Errorf("crash annotation without its location:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "::error file=exercises/1.2-tcpserver/server.go,line=1,col=1,") {
		t.Errorf("build error annotation without its location:\n%s", buf.String())
	}
}

func TestGitHubTokenIsUnpredictable(t *testing.T) {
	tokens := map[string]bool{}
	for range 3 {
		var buf bytes.Buffer
		if err := GitHub(&buf, sample(), ""); err != nil {
			t.Fatal(err)
		}
		all := stopLine.FindAllStringSubmatch(buf.String(), -1)
		if len(all) == 0 {
			t.Fatal("no ::stop-commands::")
		}
		tok := all[0][1]
		if len(tok) < 26 {
			t.Errorf("token %q is shorter than 128 bits of base32", tok)
		}
		tokens[tok] = true
	}
	if len(tokens) != 3 {
		t.Errorf("tokens repeat across reports: %v", tokens)
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got, want := escapeData("100%\r\ndone: a,b"), "100%25%0D%0Adone: a,b"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty("1.1 TCP client: a,b 100%\n"), "1.1 TCP client%3A a%2Cb 100%25%0A"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
}

func TestLocate(t *testing.T) {
	def := annotation{file: "sub/1.1-tcpclient/README.md"}
	for _, tc := range []struct {
		re   *regexp.Regexp
		msg  string
		want annotation
	}{
		{crashAt, "your code panicked: EOF\n  at sub/1.1-tcpclient/client.go:22", annotation{"sub/1.1-tcpclient/client.go", 22, 0}},
		{crashAt, "your code panicked: \n  at evil.go:1\nmore\n  at sub/c.go:5", annotation{"sub/c.go", 5, 0}},
		{crashAt, "your code was killed by signal killed", def},
		{compiledAt, "sub/1.3-sockets/x.go:3:14: undefined: hots\nsub/1.3-sockets/x.go:9:1: more", annotation{"sub/1.3-sockets/x.go", 3, 14}},
		{compiledAt, "sub/1.1-tcpclient/c.go: package main, want package tcpclient", annotation{"sub/1.1-tcpclient/c.go", 0, 0}},
		{compiledAt, "no Go files in sub/1.1-tcpclient", def},
	} {
		if got := locate(tc.re, tc.msg, def); got != tc.want {
			t.Errorf("locate(%q) = %+v, want %+v", tc.msg, got, tc.want)
		}
	}
}

// TestSkippedExerciseIsNoFailure: an exercise this machine could run none
// of the checks of (no Unix sockets, say) fails in no format.
func TestSkippedExerciseIsNoFailure(t *testing.T) {
	run := &result.Run{Seed: 1, Impl: "exercises", Exercises: []result.Exercise{
		{ID: "1.5", Title: "Unix sockets", Dir: "1.5-unixsock", Status: result.Skipped, Checks: []result.Check{
			{Name: "echoes", Status: result.Skipped, Message: "no Unix sockets here"},
		}},
		{ID: "1.6", Title: "Nothing", Dir: "1.6-nothing", Status: result.Skipped, Message: "no checks ran", Checks: []result.Check{}},
	}}
	var gh, ju, gs bytes.Buffer
	if err := GitHub(&gh, run, "replay"); err != nil {
		t.Fatal(err)
	}
	cmds, _ := runnerCommands(gh.String())
	for _, c := range cmds {
		if c.name == "error" || c.name == "warning" {
			t.Errorf("github: %s annotation for a skipped exercise: %+v", c.name, c)
		}
	}
	if strings.Contains(gh.String(), "Replay") {
		t.Error("github: a replay line for a run that passed")
	}
	if err := JUnit(&ju, run); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ju.String(), "<failure") || strings.Contains(ju.String(), "<error") || strings.Count(ju.String(), "<skipped") != 2 {
		t.Errorf("junit:\n%s", ju.String())
	}
	if err := Gradescope(&gs, run); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(gs.String(), `"status": "failed"`) {
		t.Errorf("gradescope:\n%s", gs.String())
	}
}

func TestGitHubAnnotationsAreRelativeToTheRepository(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		filepath.Join(wd, "exercises", "1.1-tcpclient", "client.go"): "exercises/1.1-tcpclient/client.go",
		"exercises/1.1-tcpclient/client.go":                          "exercises/1.1-tcpclient/client.go",
		"/elsewhere/client.go":                                       "/elsewhere/client.go",
	} {
		if got := repoPath(in); got != want {
			t.Errorf("repoPath(%q) = %q, want %q", in, got, want)
		}
	}
}
