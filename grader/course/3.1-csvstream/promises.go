package csvstream

import "netcourse/grader/internal/judge"

// promises are what exercises/3.1-csvstream/README.md promises the student, in
// its words, each with the check that fails when it is broken. Every feed
// is dripped in lockstep in fragments of 1–24 bytes (the BOM's check cuts
// the mark itself), each sent once the one before was read; rows are
// compared exactly, line numbers included.
var promises = []judge.Promise{
	{README: "a feed of typed rows, the header's columns in a random order with a column `ReadItems` does not know among them, dripped in pieces of a few bytes: every row exact, with its line",
		Check: "reads typed rows from a fragmented stream",
		Bound: "15–29 rows, LF, columns sku, name, qty, price and note shuffled; Items exact (go-cmp), no LineError, nil error"},
	{README: "names and notes with commas, doubled quotes and line breaks inside quoted fields, and plain fields (numbers too) quoted for no reason: a record that spans lines moves the line numbers of those after it",
		Check: "keeps commas, quotes and newlines inside quoted fields",
		Bound: "16–27 rows, one of the first four names with a comma, a quoted word and an LF, half the other names and notes with a comma, a quoted word or an LF, a third of all fields quoted; Items exact, lines counted as csv.Reader counts them"},
	{README: "lines ending in CRLF, cut between the `\\r` and the `\\n` now and then",
		Check: "reads CRLF line ends",
		Bound: "10–19 rows, CRLF, the last column a needed one; a fragment ends after the \\r of the middle row; Items exact"},
	{README: "a UTF-8 byte order mark before the header, its three bytes in two Reads",
		Check: "strips the UTF-8 byte order mark",
		Bound: "EF BB BF, a needed column first; fragments 1, 2, then 1–24 bytes; Items exact, nil error"},
	{README: "an empty line at the end of the feed: not a row, and not a malformed one",
		Check: "ignores an empty last line",
		Bound: "8–15 rows then \"\\n\"; Items exact, no LineError"},
	{README: "rows with a field too many or too few: each reported with the line it starts on, and the row after it kept",
		Check: "reports ragged rows by line and keeps the rest",
		Bound: "20–29 rows, 3–5 ragged, never two in a row nor first or last; the LineErrors' lines exactly those, in input order; every good row exact"},
	{README: "a quantity or a price that does not parse (`12x`, `1.5` for a quantity, `12,50`, an empty field): each reported with its line, the rest kept",
		Check: "reports unparsable numbers by line and keeps the rest",
		Bound: "20–29 rows, 3–5 with a bad qty or price; the LineErrors' lines exactly those, in order; every good row exact"},
	{README: "a header without one of the columns `ReadItems` needs: an error",
		Check: "fails on a header without a needed column",
		Bound: "one of sku, name, qty, price renamed; a non-nil error"},
	{README: "a connection reset in the middle of a record: an error, not a shorter feed",
		Check: "reports a reset connection as an error",
		Bound: "the feed cut inside a record after the fourth, then RST; a non-nil error, returned only after every byte sent was read"},
}
