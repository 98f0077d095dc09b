package sessions

import (
	"fmt"

	"netcourse/grader/internal/trypeer"
)

// try is the fake web site `grader try 2.3` runs (trypeer's "site" mode).
var try = &trypeer.Peer{
	ID: "2.3", Kind: "http", Listen: "127.0.0.1:8080",
	Faults: []trypeer.Fault{
		{Name: "site", Mode: "site", About: "a small site: POST user=ana&password=s3cret+pass to /login and it answers 303 to /app/home with a session cookie (Path=/app); /app/... needs the cookie, /basic/... basic auth (ana, \"s3cret pass\"); anything else echoes your request"},
		{Name: "echo", Mode: "echo", About: "answers 200 with a body that says what it read: the request line and each header, Cookie and Authorization included"},
	},
	Usage: func(addr string) string {
		return fmt.Sprintf("Point your code at it, from a small main:\n"+
			"    s, _ := sessions.NewSession()\n"+
			"    home, err := s.Login(\"http://%s/login\", \"ana\", \"s3cret pass\")\n"+
			"    page, err := s.Get(\"http://%s/app/orders\")\n"+
			"    report, err := s.GetBasic(\"http://%s/basic/report\", \"ana\", \"s3cret pass\")\n"+
			"or by hand:\n"+
			"    curl -v -c jar.txt -b jar.txt -L --data-urlencode user=ana --data-urlencode 'password=s3cret pass' http://%s/login", addr, addr, addr, addr)
	},
}
