package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"netcourse/grader/internal/result"
)

// The shape a JUnit consumer reads (as Jenkins' and GitLab's parsers do),
// declared apart from the writer's types so a test cannot agree with the
// writer by construction.
type consumerSuites struct {
	XMLName  xml.Name        `xml:"testsuites"`
	Tests    int             `xml:"tests,attr"`
	Failures int             `xml:"failures,attr"`
	Errors   int             `xml:"errors,attr"`
	Suites   []consumerSuite `xml:"testsuite"`
}

type consumerSuite struct {
	Name     string         `xml:"name,attr"`
	Tests    int            `xml:"tests,attr"`
	Failures int            `xml:"failures,attr"`
	Errors   int            `xml:"errors,attr"`
	Skipped  int            `xml:"skipped,attr"`
	Cases    []consumerCase `xml:"testcase"`
}

type consumerCase struct {
	Classname string `xml:"classname,attr"`
	Name      string `xml:"name,attr"`
	Time      string `xml:"time,attr"`
	Failure   *struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	} `xml:"failure"`
	Error *struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
	} `xml:"error"`
	Skipped *struct {
		Message string `xml:"message,attr"`
	} `xml:"skipped"`
	SystemOut string `xml:"system-out"`
}

func TestJUnitGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "junit.golden", buf.Bytes())
}

// TestJUnitCountsMatchTheRun reads the report back as a consumer would and
// checks every count against what happened in the run.
func TestJUnitCountsMatchTheRun(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var got consumerSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not XML a consumer reads: %v\n%s", err, buf.Bytes())
	}
	// sample(): 1.1 has passed, failed, timeout, skipped and one hidden
	// check; 1.2 is not started; 1.3 has a build error.
	want := []struct {
		name                             string
		tests, failures, errors, skipped int
	}{
		{"1.1 TCP client", 4, 1, 1, 1},
		{"1.2 TCP server", 1, 1, 0, 0},
		{"1.3 Sockets", 1, 1, 0, 0},
	}
	if len(got.Suites) != len(want) {
		t.Fatalf("%d suites, want %d", len(got.Suites), len(want))
	}
	tests, failures, errors := 0, 0, 0
	for i, w := range want {
		s := got.Suites[i]
		if s.Name != w.name || s.Tests != w.tests || s.Failures != w.failures || s.Errors != w.errors || s.Skipped != w.skipped {
			t.Errorf("suite %d = %s tests=%d failures=%d errors=%d skipped=%d, want %+v",
				i, s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, w)
		}
		// The attributes must agree with the elements: consumers use either.
		var f, e, sk int
		for _, c := range s.Cases {
			if c.Classname != w.name {
				t.Errorf("case %q: classname %q, want %q", c.Name, c.Classname, w.name)
			}
			if c.Failure != nil {
				f++
			}
			if c.Error != nil {
				e++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		if len(s.Cases) != s.Tests || f != s.Failures || e != s.Errors || sk != s.Skipped {
			t.Errorf("suite %s: elements %d cases, %d failures, %d errors, %d skipped disagree with its attributes",
				s.Name, len(s.Cases), f, e, sk)
		}
		tests, failures, errors = tests+s.Tests, failures+s.Failures, errors+s.Errors
	}
	if got.Tests != tests || got.Failures != failures || got.Errors != errors {
		t.Errorf("testsuites tests=%d failures=%d errors=%d, want the suites' sums %d %d %d",
			got.Tests, got.Failures, got.Errors, tests, failures, errors)
	}

	c := got.Suites[0].Cases[1]
	if c.Failure == nil || c.Failure.Message != "Get returned after 1 of 3 fragments" ||
		!strings.Contains(c.Failure.Body, `want: "abcd"`) || !strings.Contains(c.Failure.Body, "Hint: Read until io.EOF.") ||
		c.SystemOut != "debug: 2 bytes" {
		t.Errorf("failing check lost its message, hint or output: %+v", c)
	}
	if c := got.Suites[0].Cases[2]; c.Error == nil || c.Error.Type != result.Timeout {
		t.Errorf("timeout is not an error of type timeout: %+v", c)
	}
	if c := got.Suites[2].Cases[0]; c.Failure == nil || c.Failure.Type != result.BuildError || !strings.Contains(c.Failure.Body, "x.go:3:1") {
		t.Errorf("build error case: %+v", c)
	}
	if strings.Contains(buf.String(), "secret") || !strings.Contains(buf.String(), `<property name="hidden_checks" value="1">`) {
		t.Error("a hidden check's details are in the report, or its count is not")
	}
}

// TestJUnitSurvivesAnyOutput: a child may print bytes XML cannot hold;
// the report must still parse.
func TestJUnitSurvivesAnyOutput(t *testing.T) {
	run := &result.Run{Impl: "exercises", Exercises: []result.Exercise{{ID: "1.1", Title: "TCP client", Status: result.Crashed, MaxScore: 1,
		Checks: []result.Check{{Name: "a <b> & \"c\"", Status: result.Crashed, MaxScore: 1,
			Message: "your code panicked: \x00\x1b[31m]]>", Output: "\x1b[31mred\x00\xff</system-out>"}}}}}
	var buf bytes.Buffer
	if err := JUnit(&buf, run); err != nil {
		t.Fatal(err)
	}
	var got consumerSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("does not parse: %v\n%s", err, buf.Bytes())
	}
	c := got.Suites[0].Cases[0]
	if c.Name != `a <b> & "c"` || c.Error == nil || !strings.Contains(c.SystemOut, "red") || !strings.Contains(c.SystemOut, "</system-out>") {
		t.Errorf("round trip: %+v", c)
	}
}

// TestJUnitNotStartedIsOneCase: a stub is one thing to do, as the README
// says, not a failure per check.
func TestJUnitNotStartedIsOneCase(t *testing.T) {
	run := &result.Run{Exercises: []result.Exercise{{ID: "1.2", Title: "TCP server", Status: result.NotStarted, MaxScore: 3,
		Message: "not started: open exercises/1.2-tcpserver/README.md",
		Checks: []result.Check{
			{Name: "a", Status: result.Failed, MaxScore: 1, Message: "not started"},
			{Name: "b", Status: result.Failed, MaxScore: 2, Message: "not started"},
		}}}}
	var buf bytes.Buffer
	if err := JUnit(&buf, run); err != nil {
		t.Fatal(err)
	}
	var got consumerSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Tests != 1 || got.Failures != 1 || len(got.Suites) != 1 || len(got.Suites[0].Cases) != 1 {
		t.Fatalf("a not-started exercise gave %d cases (%d failures), want one failing case:\n%s", got.Tests, got.Failures, buf.String())
	}
	if c := got.Suites[0].Cases[0]; c.Failure == nil || !strings.Contains(c.Failure.Message, "README") {
		t.Errorf("the case does not say what to do: %+v", c)
	}
}
