package xmlfeed

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 3.2` runs: fakepeer's modes with a
// small feed for a body. They wait for a request first (ReadFeed sends
// none): pass --wait 100ms to start at once.
var try = &trypeer.Peer{
	ID: "3.2", Kind: "tcp", Listen: "127.0.0.1:9000",
	Faults: []trypeer.Fault{
		{Name: "drip", Mode: "drip", Body: feedForTry, About: "sends a small feed in fragments, each after you read the last, then closes"},
		{Name: "fin", Mode: "fin", Body: feedForTry, About: "sends the first half of the feed, then closes cleanly (FIN): a feed cut short, which must be an error"},
		{Name: "stall", Mode: "stall", About: "accepts and sends nothing, never closing: ReadFeed must time out after idle"},
		{Name: "rst", Mode: "rst", Body: feedForTry, About: "sends the first half of the feed, then resets the connection (RST): an error"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("The peer waits --wait (5s) for a request first; ReadFeed sends none, so pass --wait 100ms.\n"+
			"Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    conn, _ := net.Dial(\"tcp\", %q)\n"+
			"    err := xmlfeed.ReadFeed(conn, 2*time.Second, func(v xmlfeed.Vehicle) error { fmt.Printf(\"%%+v\\n\", v); return nil })\n"+
			"or look at the feed by hand:\n"+
			"    nc %s %s", addr, host, port)
	},
}

// feedForTry is the small feed the try peer sends.
const feedForTry = `<?xml version="1.0" encoding="UTF-8"?>
<t:feed xmlns:t="urn:netcourse:transit:1" xmlns:o="urn:netcourse:other">
  <t:vehicle id="V1-17">
    <t:route>42B</t:route>
    <t:position lat="48.8566" lon="2.3522"/>
    <t:time>2026-03-01T08:15:00+01:00</t:time>
    <t:note>Delays &amp; diversions <![CDATA[<near the depot>]]></t:note>
    <o:route>not the route</o:route>
  </t:vehicle>
  <t:archive><t:vehicle id="old"><t:route>1</t:route></t:vehicle></t:archive>
  <t:vehicle id="V2-3">
    <t:route>7A</t:route>
    <t:position lon="-0.1276" lat="51.5072"/>
    <t:time>2026-03-01T07:16:30Z</t:time>
  </t:vehicle>
</t:feed>
`
