package scaffold

import (
	"fmt"
	"slices"
	"strings"
)

// ReadmeFile is the course's README, relative to the root: its course
// table lists every exercise, in course order.
const ReadmeFile = "README.md"

// courseHeading is the section of ReadmeFile that holds the course table.
const courseHeading = "## The course"

// TableRow is one exercise's row of the course table.
type TableRow struct {
	ID, Title string
	Folder    string // "exercises/1.1-tcpclient", shown as code
}

func (r TableRow) String() string {
	return fmt.Sprintf("| %s | %s | `%s` |", r.ID, r.Title, r.Folder)
}

// table is where the course table is in a README's lines.
type table struct {
	rows       []TableRow
	first, end int // the lines of the rows: lines[first:end]
}

// findTable finds the first table under courseHeading: a header row
// "| ID | Exercise | Folder |", its separator, then one row per exercise.
func findTable(lines []string) (table, error) {
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) != courseHeading {
		i++
	}
	if i == len(lines) {
		return table{}, fmt.Errorf("no %q section", courseHeading)
	}
	for i++; i < len(lines) && !strings.HasPrefix(lines[i], "|"); i++ {
		if strings.HasPrefix(lines[i], "## ") {
			return table{}, fmt.Errorf("no table in the %q section", courseHeading)
		}
	}
	if i+1 >= len(lines) || !slices.Equal(cells(lines[i]), []string{"ID", "Exercise", "Folder"}) {
		return table{}, fmt.Errorf("the table in the %q section does not start with | ID | Exercise | Folder |", courseHeading)
	}
	t := table{first: i + 2}
	for t.end = t.first; t.end < len(lines) && strings.HasPrefix(lines[t.end], "|"); t.end++ {
		c := cells(lines[t.end])
		if len(c) != 3 {
			return table{}, fmt.Errorf("line %d: want 3 cells, have %d: %s", t.end+1, len(c), lines[t.end])
		}
		t.rows = append(t.rows, TableRow{ID: c[0], Title: c[1], Folder: strings.Trim(c[2], "`")})
	}
	return t, nil
}

// CourseTable reads the rows of README.md's course table.
func CourseTable(readme []byte) ([]TableRow, error) {
	t, err := findTable(strings.Split(string(readme), "\n"))
	return t.rows, err
}

// AddTableRow adds r to the course table of readme, before the first row
// with a later ID, and refuses an ID the table has already.
func AddTableRow(readme []byte, r TableRow) ([]byte, error) {
	lines := strings.Split(string(readme), "\n")
	t, err := findTable(lines)
	if err != nil {
		return nil, err
	}
	at := t.end
	for i, row := range t.rows {
		if row.ID == r.ID {
			return nil, refusef("exercise %s is in the course table of %s already (%s)", r.ID, ReadmeFile, row.Title)
		}
		if at == t.end && lessID(r.ID, row.ID) {
			at = t.first + i
		}
	}
	lines = append(lines[:at], append([]string{r.String()}, lines[at:]...)...)
	return []byte(strings.Join(lines, "\n")), nil
}

// cells splits a table row "| a | b |" into its trimmed cells.
func cells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	var out []string
	for _, c := range strings.Split(line, "|") {
		out = append(out, strings.TrimSpace(c))
	}
	return out
}
