package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"netcourse/grader/internal/result"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sample() *result.Run {
	run := &result.Run{Seed: 7, Impl: "exercises", Exercises: []result.Exercise{
		{ID: "1.1", Title: "TCP client", Dir: "1.1-tcpclient", Status: result.Failed, MaxScore: 4, Score: 1, Checks: []result.Check{
			{Name: "sends a request", Status: result.Passed, Score: 1, MaxScore: 1},
			{Name: "reads everything", Status: result.Failed, MaxScore: 2, Message: "Get returned after 1 of 3 fragments\n  got:  \"ab\"\n  want: \"abcd\"", Hint: "Read until io.EOF.", Output: "debug: 2 bytes"},
			{Name: "closes", Status: result.Timeout, MaxScore: 1, Message: "no answer within 2s"},
			{Name: "from ::1", Status: result.Skipped, Message: "no IPv6 loopback here"},
			{Name: "a secret", Status: result.Failed, MaxScore: 1, Visibility: "hidden", Message: "students must not see this"},
		}},
		{ID: "1.2", Title: "TCP server", Dir: "1.2-tcpserver", Status: result.NotStarted, MaxScore: 5, Message: "not started: open exercises/1.2-tcpserver/README.md", Checks: []result.Check{}},
		{ID: "1.3", Title: "Sockets", Dir: "1.3-sockets", Status: result.BuildError, MaxScore: 6, Message: "exercises/1.3-sockets/x.go:3:1: syntax error", Checks: []result.Check{}},
	}}
	run.Total()
	return run
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (record with go test ./grader/internal/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update to record):\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}

func TestTextGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, sample(), TextOptions{Replay: "go run ./grader grade --seed 7"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "\x1b[") {
		t.Error("color escape codes with Color off")
	}
	if strings.Contains(buf.String(), "secret") || !strings.Contains(buf.String(), "1 hidden checks run at grading") {
		t.Error("a hidden check's details are shown, or its count is not")
	}
	golden(t, "text.golden", buf.Bytes())
}

func TestTextColorOnlyWhenAsked(t *testing.T) {
	var buf bytes.Buffer
	Text(&buf, sample(), TextOptions{Color: true})
	if !strings.Contains(buf.String(), "\x1b[") {
		t.Error("no color escape codes with Color on")
	}
}

func TestJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var back result.Run
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Score != 1 || back.MaxScore != 15 || len(back.Exercises) != 3 {
		t.Errorf("round trip: %+v", back)
	}
	golden(t, "json.golden", buf.Bytes())
}

// TestTextSaysWhatTheSandboxLacked: a run whose network was shared says
// so in one line; an isolated one says nothing, so transcripts stay the
// same from machine to machine. Limit statuses have their marks.
func TestTextSaysWhatTheSandboxLacked(t *testing.T) {
	run := sample()
	run.Exercises[0].Checks[1].Status = result.MemoryLimit
	run.Exercises[0].Checks[2].Status = result.OutputLimit
	var quiet, loud bytes.Buffer
	run.Sandbox = &result.Sandbox{Network: result.NetworkIsolated, Notes: []string{"memory is limited by watching"}}
	Text(&quiet, run, TextOptions{})
	run.Sandbox = &result.Sandbox{Network: result.NetworkShared, Notes: []string{"no user namespaces", "children run as the grader's own user"}}
	Text(&loud, run, TextOptions{})
	if strings.Contains(quiet.String(), "Sandbox") {
		t.Errorf("an isolated run mentions the sandbox:\n%s", quiet.String())
	}
	want := "Sandbox: the network was not isolated (no user namespaces; children run as the grader's own user)\n"
	if strings.Count(loud.String(), "Sandbox") != 1 || !strings.Contains(loud.String(), want) {
		t.Errorf("a shared run does not say %q:\n%s", want, loud.String())
	}
	for _, mark := range []string{"  ▲ reads everything", "  » closes"} {
		if !strings.Contains(loud.String(), mark) {
			t.Errorf("no line %q in:\n%s", mark, loud.String())
		}
	}
}
