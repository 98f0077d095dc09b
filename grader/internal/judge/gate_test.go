package judge

import (
	"context"
	"slices"
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

// TestGateTakesBackThePlacesPastMin: a job past Min that ends takes its
// place with it, even while others wait: the next needs an idle look.
func TestGateTakesBackThePlacesPastMin(t *testing.T) {
	cpu := &fakeCPU{share: 50}
	g := NewGate(1, 3)
	g.Every = time.Millisecond
	g.idle = cpu.read
	ctx := context.Background()
	for range 3 {
		if err := g.Acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	cpu.mu.Lock()
	cpu.share = 5 // busy from now on
	cpu.mu.Unlock()
	g.Release()
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := g.Acquire(short); err == nil {
		t.Fatal("a job past Min took the place of one that ended while the CPU was busy")
	}
	g.Release()
	g.Release()
	if err := g.Acquire(ctx); err != nil { // Min: whatever the load
		t.Fatal(err)
	}
}

// TestGateRanks: a waiting job of higher rank goes first; jobs of one
// rank go in order of arrival; a job whose context ends leaves the queue.
func TestGateRanks(t *testing.T) {
	g := NewGate(1, 1)
	ctx := context.Background()
	if err := g.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	queued := func(n int) {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			g.mu.Lock()
			l := len(g.queue)
			g.mu.Unlock()
			if l == n {
				return
			}
		}
		t.Fatalf("the queue never held %d jobs", n)
	}
	gone, cancel := context.WithCancel(ctx)
	wait := func(name string, ctx context.Context, rank int) {
		wg.Go(func() {
			if err := g.AcquireRank(ctx, rank); err != nil {
				return
			}
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			g.Release()
		})
	}
	wait("low", ctx, 0)
	queued(1)
	wait("mid a", ctx, 5)
	queued(2)
	wait("cancelled", gone, 7)
	queued(3)
	wait("mid b", ctx, 5)
	queued(4)
	wait("high", ctx, 9)
	queued(5)
	cancel()
	queued(4)
	g.Release()
	wg.Wait()
	if want := []string{"high", "mid a", "mid b", "low"}; !slices.Equal(order, want) {
		t.Errorf("admitted %q, want %q", order, want)
	}
	if g.running != 0 || len(g.queue) != 0 {
		t.Errorf("after all: %d running, %d waiting", g.running, len(g.queue))
	}
}
