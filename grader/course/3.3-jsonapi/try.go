package jsonapi

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake peer `grader try 3.3` runs: fakepeer's modes with a
// small array of items for a body. They wait for a request first (the
// functions send none): pass --wait 100ms to start at once.
var try = &trypeer.Peer{
	ID: "3.3", Kind: "tcp", Listen: "127.0.0.1:9000",
	Faults: []trypeer.Fault{
		{Name: "drip", Mode: "drip", Body: arrayForTry, About: "sends a small array of items in fragments, each after you read the last, then closes"},
		{Name: "fin", Mode: "fin", Body: arrayForTry, About: "sends the first half of the array, then closes cleanly (FIN): an array cut short, which must be an error"},
		{Name: "stall", Mode: "stall", About: "accepts and sends nothing, never closing: StreamItems and DecodeReply must time out after idle"},
		{Name: "trailing", Mode: "drip", Body: arrayForTry + `{"more": true}`, About: "sends the array and something after it: an error"},
	},
	Usage: func(addr string) string {
		host, port := trypeer.SplitAddr(addr)
		return fmt.Sprintf("The peer waits --wait (5s) for a request first; the functions send none, so pass --wait 100ms.\n"+
			"Point your code at it, from a small main (README, \"Try it by hand\"):\n"+
			"    conn, _ := net.Dial(\"tcp\", %q)\n"+
			"    err := jsonapi.StreamItems(conn, 2*time.Second, func(it jsonapi.Item) error { fmt.Printf(\"%%+v\\n\", it); return nil })\n"+
			"or look at it by hand:\n"+
			"    nc %s %s", addr, host, port)
	},
}

// arrayForTry is the array the try peer sends.
const arrayForTry = `[
  {"id": 1000004, "sku": "SKU-00042-a", "qty": 3, "price": 9.99},
  {"sku": "SKU-31337-\u00df", "id": 2000011, "price": 99999999999999999999.99, "qty": -2, "warehouse": {"id": 3}},
  {"id": 3000009, "sku": "SKU-00007-x/y", "qty": 12, "price": 1e3}
]
`
