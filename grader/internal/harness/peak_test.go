package harness

import "testing"

func TestMemoryBudget(t *testing.T) {
	for _, c := range []struct{ ref, want int64 }{{5 << 20, 17 << 20}, {12 << 20, 24 << 20}, {20 << 20, 40 << 20}} {
		if got := MemoryBudget(c.ref); got != c.want {
			t.Errorf("MemoryBudget(%d MiB) = %d MiB, want %d", c.ref>>20, got>>20, c.want>>20)
		}
	}
}
