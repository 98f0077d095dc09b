package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"netcourse/grader/internal/result"
)

// The JUnit document follows gotestsum's conventions (attributes, their
// order, failure type and tab indent) so that whatever reads gotestsum's
// reports reads ours; it adds errors and system-out, which JUnit consumers
// know from Ant and Surefire.
type junitSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Time     string   `xml:"time,attr"`
	Suites   []junitSuite
}

type junitSuite struct {
	XMLName    xml.Name        `xml:"testsuite"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Name       string          `xml:"name,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	XMLName   xml.Name      `xml:"testcase"`
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitSkipped `xml:"skipped"`
	Failure   *junitFailure `xml:"failure"`
	Error     *junitFailure `xml:"error"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// junitFailure is both <failure> (the check's verdict) and <error> (the
// code under test crashed or never answered, as JUnit tells them apart).
type junitFailure struct {
	Message  string `xml:"message,attr"`
	Type     string `xml:"type,attr"`
	Contents string `xml:",chardata"`
}

// JUnit writes the run as JUnit XML for CI test reports: one testsuite per
// exercise, one testcase per check. A failed check is a <failure>, a
// crashed or timed-out one an <error>, a skipped one <skipped>; the child's
// trimmed output is the case's system-out. An exercise that did not run
// (build error, not started) is a suite holding one failing case with the
// reason. Checks that are not visible are left out like in the text report
// (CI logs are the student's to read) and counted in a property.
func JUnit(w io.Writer, run *result.Run) error {
	run = escaped(run) // also keeps out what XML 1.0 cannot hold (NUL, ESC)
	doc := junitSuites{Name: "netcourse"}
	var total time.Duration
	for _, e := range run.Exercises {
		s, d := junitExercise(e, run)
		doc.Suites = append(doc.Suites, s)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		total += d
	}
	doc.Time = seconds(total)
	out, err := xml.MarshalIndent(doc, "", "\t")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}

func junitExercise(e result.Exercise, run *result.Run) (junitSuite, time.Duration) {
	class := e.ID + " " + e.Title
	s := junitSuite{Name: class, Properties: []junitProperty{
		{"dir", e.Dir},
		{"status", e.Status},
		{"score", strconv.Itoa(e.Score)},
		{"max_score", strconv.Itoa(e.MaxScore)},
		{"impl", run.Impl},
		{"seed", strconv.FormatUint(run.Seed, 10)},
	}}
	var total time.Duration
	hidden := 0
	checks := e.Checks
	if e.Status == result.NotStarted {
		// A stub is one thing to do, not one failure per check: the
		// suite gets the one case below that says so.
		checks = nil
	}
	for _, c := range checks {
		if !c.Shown() {
			hidden++
			continue
		}
		tc := junitCase{Classname: class, Name: c.Name, Time: seconds(c.Duration)}
		switch c.Status {
		case result.Passed:
		case result.Skipped, result.Interrupted:
			tc.Skipped = &junitSkipped{Message: c.Message}
		case result.Crashed, result.Timeout, result.MemoryLimit, result.OutputLimit:
			tc.Error = junitProblem(c.Status, c.Message, c.Hint)
		default:
			tc.Failure = junitProblem(c.Status, c.Message, c.Hint)
		}
		tc.SystemOut = c.Output
		s.add(tc)
		total += c.Duration
	}
	if hidden > 0 {
		s.Properties = append(s.Properties, junitProperty{"hidden_checks", strconv.Itoa(hidden)})
	}
	if len(checks) == 0 && e.Status != result.Passed {
		// Nothing ran: one case carries why, so the exercise still counts
		// as a failure in every consumer's totals.
		tc := junitCase{Classname: class, Name: strings.ReplaceAll(e.Status, "_", " "), Time: seconds(0)}
		switch e.Status {
		case result.Skipped, result.Interrupted:
			tc.Skipped = &junitSkipped{Message: e.Message}
		case result.Timeout, result.Crashed, result.MemoryLimit, result.OutputLimit:
			tc.Error = junitProblem(e.Status, e.Message, "")
		default:
			tc.Failure = junitProblem(e.Status, e.Message, "")
		}
		s.add(tc)
	}
	s.Time = seconds(total)
	return s, total
}

func (s *junitSuite) add(tc junitCase) {
	s.Tests++
	switch {
	case tc.Skipped != nil:
		s.Skipped++
	case tc.Error != nil:
		s.Errors++
	case tc.Failure != nil:
		s.Failures++
	}
	s.Cases = append(s.Cases, tc)
}

// junitProblem puts the message's first line in the attribute, which
// consumers show in lists, and all of it with the hint in the body.
func junitProblem(status, msg, hint string) *junitFailure {
	first, _, _ := strings.Cut(msg, "\n")
	body := msg
	if hint != "" {
		body += "\nHint: " + hint
	}
	return &junitFailure{Message: first, Type: status, Contents: body}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%f", d.Seconds()) }
