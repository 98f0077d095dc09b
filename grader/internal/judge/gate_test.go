package judge

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeCPU is a machine whose idle share the test sets: every read moves
// the counters by 100 ticks, idle of them idle.
type fakeCPU struct {
	mu          sync.Mutex
	idle, total uint64
	share       uint64 // idle ticks per 100
}

func (f *fakeCPU) read() (uint64, uint64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.idle += f.share
	f.total += 100
	return f.idle, f.total, true
}

// TestGateAdmitsWhileTheCPUIsIdle: Min jobs start at once whatever the
// load; more start only while the CPU has time to spare, never more
// than Max; a job that ends makes room again.
func TestGateAdmitsWhileTheCPUIsIdle(t *testing.T) {
	cpu := &fakeCPU{share: 5} // busy
	g := NewGate(2, 4)
	g.Every = time.Millisecond
	g.idle = cpu.read
	ctx := context.Background()
	for range 2 {
		if err := g.Acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := g.Acquire(short); err == nil {
		t.Fatal("a third job admitted while the CPU was busy")
	}
	cpu.mu.Lock()
	cpu.share = 50 // half idle
	cpu.mu.Unlock()
	for range 2 {
		if err := g.Acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	short, cancel = context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := g.Acquire(short); err == nil {
		t.Fatal("a fifth job admitted past Max")
	}
	g.Release()
	if err := g.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestGateWithoutCounters admits Min where the CPU cannot be read.
func TestGateWithoutCounters(t *testing.T) {
	g := NewGate(1, 3)
	g.Every = time.Millisecond
	g.idle = func() (uint64, uint64, bool) { return 0, 0, false }
	if err := g.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := g.Acquire(short); err == nil {
		t.Fatal("a second job admitted with no CPU counters to go by")
	}
}
