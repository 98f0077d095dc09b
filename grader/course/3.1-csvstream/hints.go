package csvstream

import "netcourse/grader/internal/judge"

// hint is what `grader hint 3.1` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "A CSV feed from a socket is a byte stream: a Read returns a piece of a line, maybe the middle of a field. " +
		"A record is not a line either: a quoted field may hold commas, quotes and line breaks. encoding/csv's Reader " +
		"reads on until a record is complete and knows the quoting rules; what is left to you is the meaning: the header " +
		"says which column is which, each record becomes a typed row, and a row that does not fit is reported with its " +
		"line and skipped, not allowed to stop the feed.",
	Nudge: "Take one record through your code by hand: where does it start (which line), which field is which column, " +
		"what happens if the quantity is \"12x\", and what does your loop do next? Then do the same for a record that " +
		"arrives in five Reads, and for the line after a bad one.",
	Checks: map[string]string{
		"reads typed rows from a fragmented stream":              "Does anything in your code assume that one Read, or one line, holds a whole record? What does the header tell you about where each value is?",
		"keeps commas, quotes and newlines inside quoted fields": "What does a record look like when a name is \"bolt, \"\"hex\"\"\" and spans two lines? Who splits it into fields in your code, and which line does the next record start on?",
		"reads CRLF line ends":                                   "Where does the \\r of a CRLF line end go in your code: into the last field?",
		"strips the UTF-8 byte order mark":                       "Print the first header field with %q. Is it exactly the column name?",
		"ignores an empty last line":                             "What does your code make of an empty line: a record with one empty field?",
		"reports ragged rows by line and keeps the rest":         "After Read returns a *csv.ParseError for a row with the wrong number of fields, what does your loop do next, and which record does the next Read return?",
		"reports unparsable numbers by line and keeps the rest":  "When strconv fails on one field, does your loop stop, or go on with the next record?",
		"fails on a header without a needed column":              "What do you do when a column you need is not in the header: is that a problem of one row, or of all of them?",
		"reports a reset connection as an error":                 "Which errors from Read are about one record (a *csv.ParseError), which is the end (io.EOF), and which mean the connection broke?",
	},
}
