package verify

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"netcourse/grader/internal/judge"
)

// ScenarioGlob finds the known-bad submissions: one folder each, in their
// exercise's folder, laid out like exercises/ plus scenario.json and
// transcript.golden.
const ScenarioGlob = "grader/course/*/testdata/bad/*"

// ScenarioDir is where an exercise's known-bad submissions live.
func ScenarioDir(ex *judge.Exercise) string { return ex.Folder() + "/testdata/bad" }

// MinScenarios is how many known-bad submissions each exercise must have.
const MinScenarios = 4

// Scenario is a known-bad submission and what grading it must show.
type Scenario struct {
	Name     string   `json:"-"` // the folder's name, "1.1-no-close"
	Dir      string   `json:"-"` // the folder, relative to the course's root
	Exercise string   `json:"exercise"`
	About    string   `json:"about"`            // the student's mistake, in one sentence
	Fails    []string `json:"fails"`            // exactly the checks that must not pass
	Status   string   `json:"status,omitempty"` // the exercise status when it matters (build_error), or the gravest check status (timeout, crashed)

	// Needs is "sandbox" for a submission that attacks the machine: it is
	// graded only where the sandbox is complete (Contained), and skipped
	// with a note elsewhere.
	Needs string `json:"needs,omitempty"`
	// Limits tighten the children's limits, so that a submission that
	// burns CPU is cut short and verify stays fast.
	Limits *ScenarioLimits `json:"limits,omitempty"`
}

// ScenarioLimits are a scenario's own limits; zero fields keep the
// grader's.
type ScenarioLimits struct {
	CPU       string `json:"cpu,omitempty"`        // CPU time per child, a duration: "1s"
	MemoryMiB int64  `json:"memory_mib,omitempty"` // memory per child, mebibytes
	Time      string `json:"time,omitempty"`       // the longest a check may take, a duration
}

// options sets the scenario's limits in opt.
func (l *ScenarioLimits) options(opt *judge.Options) error {
	if l == nil {
		return nil
	}
	for _, d := range []struct {
		name, text string
		to         *time.Duration
	}{{"cpu", l.CPU, &opt.Limits.CPU}, {"time", l.Time, &opt.MaxCheckTime}} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil {
			return fmt.Errorf("limits: %s: %w", d.name, err)
		}
		*d.to = v
	}
	opt.Limits.Memory = l.MemoryMiB << 20
	return nil
}

// LoadScenarios reads every scenario folder of the course at root.
func LoadScenarios(root string) ([]Scenario, error) {
	paths, err := filepath.Glob(filepath.Join(root, ScenarioGlob, "scenario.json"))
	if err != nil {
		return nil, err
	}
	var out []Scenario
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var s Scenario
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		s.Name = filepath.Base(filepath.Dir(p))
		if s.Dir, err = filepath.Rel(root, filepath.Dir(p)); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// What varies between two runs with the same seed, and its stand-in.
var normalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`((?:127\.\d+\.\d+\.\d+|\[::1\]|localhost)):\d{2,5}`), "$1:PORT"},
	{regexp.MustCompile(`(\w\("(?:127\.\d+\.\d+\.\d+|localhost)", )\d{2,5}\b`), "${1}PORT"}, // Get("127.0.0.1", 40469, ...)
	{regexp.MustCompile(`(\bGet\("::1", )\d{2,5}\b`), "${1}PORT"},                           // Get("::1", 40469, ...)
	{regexp.MustCompile(`(\baddress ::1):\d{2,5}\b`), "$1:PORT"},                            // Dial's "address ::1:40469: too many colons"
	{regexp.MustCompile(`\(127,0,0,1,\d{1,3},\d{1,3}\)`), "(127,0,0,1,P1,P2)"},              // an FTP PASV reply's data address
	{regexp.MustCompile(`~[0-9.]+(ns|µs|ms|s|m)\b`), "~DURATION"},
	{regexp.MustCompile(`~[0-9.]+ MiB\b`), "~SIZE"}, // a measured peak of memory (3.2, 3.3)
	{regexp.MustCompile(`\+0x[0-9a-f]+`), "+0x?"},
	{regexp.MustCompile(`0x[0-9a-f]{6,}`), "0x?"},
	{regexp.MustCompile(`goroutine \d+`), "goroutine N"},
	{regexp.MustCompile(`/tmp/netcourse-[a-z]+-\d+`), "TMPDIR"},
	{regexp.MustCompile(`\b\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\b`), "DATE TIME"},
	{regexp.MustCompile(`\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (?:[+-]\d{4}|[A-Z]{1,5})\b`), "MAIL DATE"}, // a mail's Date: header
}

// Normalize replaces what varies from run to run (ports, measured
// durations, addresses in stack traces, the project folder) so that
// transcripts can be compared.
func Normalize(s, root string) string {
	s = strings.ReplaceAll(s, root+string(filepath.Separator), "")
	for _, n := range normalizers {
		s = n.re.ReplaceAllString(s, n.with)
	}
	return s
}
