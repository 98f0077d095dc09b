package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"netcourse/grader/internal/result"
	"netcourse/grader/internal/textsafe"
)

// hostile is what a submission can make the grader quote: a window title,
// an OSC 52 clipboard write, a clear-screen and cursor home, a fake green
// verdict, NUL, a C1 CSI (as a character and as a lone byte), a bidi
// override and bytes that are not UTF-8.
const hostile = "dial: \x1b]0;pwned\a\x1b]52;c;cm0gLXJmIH4=\a\x1b[2J\x1b[H\x1b[32m✓ all checks passed\x1b[0m nul\x00 c1\u009b2J lone\x9b2J bidi\u202egnp.exe bad\xff\xfe end"

// The escaped form every report must show, before its own encoding.
var hostileShown = textsafe.Escape(hostile)

func hostileRun() *result.Run {
	run := &result.Run{Seed: 7, Impl: "subs/\x1b[2Jeve", Exercises: []result.Exercise{
		{ID: "1.1", Title: "TCP client", Dir: "1.1-tcpclient", Status: result.Crashed, MaxScore: 3, Checks: []result.Check{
			{Name: "reads", Status: result.Failed, MaxScore: 1, Message: "Get returned an error: " + hostile, Hint: "Read until io.EOF.", Output: hostile},
			{Name: "closes", Status: result.Crashed, MaxScore: 1, Message: "your code panicked: " + hostile + "\n  at subs/eve/1.1-tcpclient/client.go:9"},
			{Name: "in time", Status: result.Timeout, MaxScore: 1, Message: hostile},
		}},
		{ID: "1.2", Title: "TCP server", Dir: "1.2-tcpserver", Status: result.BuildError, MaxScore: 1, Checks: []result.Check{},
			Message: "subs/eve/1.2-tcpserver/\x1b[2J.go:3:7: invalid operation: \"" + hostile + "\" (untyped string constant) is not used"},
	}}
	run.Total()
	return run
}

// acting lists what in out a terminal or viewer would act on.
func acting(out string) []string {
	var found []string
	if !utf8.ValidString(out) {
		found = append(found, "bytes that are not UTF-8")
	}
	for _, s := range []string{"\x1b", "\x00", "\a", "\u009b", "\u202e"} {
		if strings.Contains(out, s) {
			found = append(found, strings.Trim(textsafe.Escape(s), `"`))
		}
	}
	return found
}

// TestReportsEscapeSubmissionText: in every format, nothing a submission
// influenced reaches the reader raw, and it is still there to read.
func TestReportsEscapeSubmissionText(t *testing.T) {
	for name, write := range Formats {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, hostileRun(), Options{Replay: "grader grade --impl subs/\x1b[2Jeve --seed 7"}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if a := acting(out); len(a) > 0 {
				t.Errorf("%s report holds raw %s:\n%s", name, strings.Join(a, ", "), textsafe.Escape(out))
			}
			// What each format's reader sees once it has decoded the
			// format's own encoding.
			var texts []string
			switch name {
			case "text":
				texts = []string{out}
			case "github":
				texts = []string{out, strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",").Replace(out)}
			case "json":
				var run result.Run
				if err := json.Unmarshal(buf.Bytes(), &run); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				texts = []string{run.Impl, run.Exercises[0].Checks[0].Message, run.Exercises[0].Checks[0].Output, run.Exercises[1].Message}
			case "junit":
				var doc consumerSuites
				if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
					t.Fatalf("not XML a consumer can parse: %v", err)
				}
				c := doc.Suites[0].Cases[0]
				texts = []string{c.Failure.Message, c.Failure.Body, c.SystemOut, doc.Suites[1].Cases[0].Failure.Body}
			case "gradescope":
				var res struct {
					OutputFormat     string `json:"output_format"`
					TestOutputFormat string `json:"test_output_format"`
					TestNameFormat   string `json:"test_name_format"`
					Tests            []struct {
						Output       string `json:"output"`
						OutputFormat string `json:"output_format"`
					} `json:"tests"`
				}
				if err := json.Unmarshal(buf.Bytes(), &res); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				// Gradescope renders "md" and "html" as such; a
				// submission's text must never be either.
				formats := []string{res.OutputFormat, res.TestOutputFormat, res.TestNameFormat}
				for _, tc := range res.Tests {
					texts = append(texts, tc.Output)
					formats = append(formats, tc.OutputFormat)
				}
				for _, f := range formats {
					if f != "text" {
						t.Errorf("an output format is %q, want text", f)
					}
				}
			default:
				t.Fatalf("no test for format %s: add it here", name)
			}
			for _, s := range texts {
				if a := acting(s); len(a) > 0 {
					t.Errorf("%s report, once decoded, holds raw %s: %q", name, strings.Join(a, ", "), s)
				}
			}
			if !strings.Contains(strings.Join(texts, "\n"), hostileShown) {
				t.Errorf("%s report does not show the submission's text escaped (%s)", name, hostileShown)
			}
		})
	}
}

// TestEscapedLeavesTheRunAlone: the reports escape a copy; the run the
// caller holds (and may write in another format next) keeps its text.
func TestEscapedLeavesTheRunAlone(t *testing.T) {
	run := hostileRun()
	e := escaped(run)
	if run.Exercises[0].Checks[0].Output != hostile || run.Impl != "subs/\x1b[2Jeve" {
		t.Error("escaped changed the run it was given")
	}
	if e.Exercises[0].Checks[0].Output != hostileShown {
		t.Errorf("escaped output = %q, want %q", e.Exercises[0].Checks[0].Output, hostileShown)
	}
	plain := sample()
	if diff := escaped(plain); !jsonEqual(t, diff, plain) {
		t.Error("escaped changed a run with nothing to escape")
	}
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	x, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x, y)
}
