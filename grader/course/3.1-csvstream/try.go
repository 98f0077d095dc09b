package csvstream

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// sample is the feed the try peer sends: every case of the README in a few
// lines (a BOM, CRLF, a quoted comma, quote and newline, a ragged row, a
// bad number, an empty last line).
const sample = "\ufeffprice,sku,note,name,qty\r\n" +
	"4.20,BX-0042,,hex bolt,120\r\n" +
	"0.35,WS-0007,\"seconds, boxed\",\"washer \"\"M8\"\"\",5000\r\n" +
	"12,PL-1200,two lines,\"plank\nlong\",7\r\n" +
	"1.00,NU-0001,ragged\r\n" +
	"2.50,NU-0002,,nut,12x\r\n" +
	"19.99,SC-3300,,screwdriver,-2\r\n" +
	"\r\n"

// try is the fake peer `grader try 3.1` runs, for the student to point
// their code, or nc, at.
var try = &trypeer.Peer{
	ID: "3.1", Kind: "tcp", Listen: "127.0.0.1:9310",
	Faults: []trypeer.Fault{
		{Name: "drip", Mode: "drip", Body: sample, About: "waits for a request (a blank line ends one, or --wait passes), then sends a small feed in fragments of a few bytes, each after you read the last, and closes"},
		{Name: "rst", Mode: "rst", Body: sample, About: "the same, but resets the connection halfway through the feed: ReadItems must return an error"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    c, _ := net.Dial(\"tcp\", %q); c.Write([]byte(\"\\n\\n\")); items, bad, err := csvstream.ReadItems(c)\n"+
			"or by hand (press Enter twice):\n"+
			"    nc %s %s", addr, host, port)
	},
}
