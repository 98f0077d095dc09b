package sandbox

import (
	"os"
	"testing"
	"time"
)

// TestDemandTellsComputingFromWaiting: over the same wait, a child that
// spins wants the CPU for most of it (running or queued to run, however
// loaded the machine is) and one that sleeps for almost none of it.
func TestDemandTellsComputingFromWaiting(t *testing.T) {
	const wait = 500 * time.Millisecond
	demand := func(mode string) time.Duration {
		p := startTestChild(t, mode)
		d0, ok := p.Demand()
		if !ok {
			t.Skip("this kernel keeps no /proc/PID/task/TID/schedstat")
		}
		time.Sleep(wait)
		d1, _ := p.Demand()
		return d1 - d0
	}
	if d := demand("spin"); d < wait/2 {
		t.Errorf("a spinning child wanted the CPU for %v of %v, want at least half", d, wait)
	}
	if d := demand("sleep"); d >= wait/10 {
		t.Errorf("a sleeping child wanted the CPU for %v of %v, want almost none", d, wait)
	}
}

// TestRunnableTellsComputingFromWaiting: a child that spins has a thread
// that runs or waits to run; one that sleeps has none.
func TestRunnableTellsComputingFromWaiting(t *testing.T) {
	runnable := func(mode string) bool {
		p := startTestChild(t, mode)
		r, ok := p.Runnable()
		if !ok {
			t.Fatal("no thread of the child could be read")
		}
		return r
	}
	if !runnable("spin") {
		t.Error("a spinning child has no runnable thread")
	}
	if runnable("sleep") {
		t.Error("a sleeping child has a runnable thread")
	}
}

// startTestChild starts a test child doing mode ("spin", "sleep"), killed
// when the test ends, and returns once it is past its start.
func startTestChild(t *testing.T, mode string) *Proc {
	t.Helper()
	dir := t.TempDir()
	p, err := start(polling(), Spec{
		Path: os.Args[0], Dir: dir, Output: &lockedBuffer{},
		Env: []string{"SANDBOX_TEST_CHILD=" + mode, "PATH=/usr/bin:/bin", "HOME=" + dir},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Kill(); p.Wait() })
	time.Sleep(200 * time.Millisecond) // past its start
	return p
}
