package verify

import "testing"

func TestNormalizeHidesWhatVaries(t *testing.T) {
	for in, want := range map[string]string{
		"dial tcp 127.0.0.1:43210: refused":                "dial tcp 127.0.0.1:PORT: refused",
		"from [::1]:5050 and 127.0.0.2:61000":              "from [::1]:PORT and 127.0.0.2:PORT",
		"returned after ~312ms, budget ~1.5s":              "returned after ~DURATION, budget ~DURATION",
		"held ~71.2 MiB, budget ~20.6 MiB; 16 MB":          "held ~SIZE, budget ~SIZE; 16 MB",
		"        | 2026/11/24 21:08:23 dial tcp":           "        | DATE TIME dial tcp",
		`C: "Date: Wed, 02 Dec 2026 01:30:41 +0000\r\n"`:   `C: "Date: MAIL DATE\r\n"`,
		"Date: Mon, 7 Dec 2026 01:30:41 UTC":               "Date: MAIL DATE",
		"goroutine 21 [running]:\n\tclient.go:22 +0xe5":    "goroutine N [running]:\n\tclient.go:22 +0x?",
		"/root/netcourse/grader/testdata/bad/x/a.go:3":     "grader/testdata/bad/x/a.go:3",
		"timeout 300ms, grace of 1s, 4096 bytes, 10.0.0.1": "timeout 300ms, grace of 1s, 4096 bytes, 10.0.0.1",
		"227 Entering Passive Mode (127,0,0,1,158,17).":    "227 Entering Passive Mode (127,0,0,1,P1,P2).",
	} {
		if got := Normalize(in, "/root/netcourse"); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
