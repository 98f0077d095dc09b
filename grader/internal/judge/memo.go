package judge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"netcourse/grader/internal/atomicfile"
)

// A memo is what one run leaves in the child cache for the next: a map
// kept as JSON in one file, read once per process and written whole at
// the end of each run. Runs side by side each leave a whole file, the
// last one's; what another lost is measured again, never misread.
type memo[V any] struct {
	mu    sync.Mutex
	file  string // "" keeps the memo in memory only
	m     map[string]V
	dirty bool
}

// loadMemo reads the memo in file name of cache; a missing or damaged
// file is an empty memo.
func loadMemo[V any](cache, name string) *memo[V] {
	m := &memo[V]{m: map[string]V{}}
	if cache == "" {
		return m
	}
	m.file = filepath.Join(cache, name)
	if data, err := os.ReadFile(m.file); err == nil {
		if json.Unmarshal(data, &m.m) != nil {
			m.m = map[string]V{}
		}
	}
	return m
}

func (m *memo[V]) get(k string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[k]
	return v, ok
}

// update sets k to what f makes of its value (ok false when it has none).
func (m *memo[V]) update(k string, f func(v V, ok bool) V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[k]
	m.m[k] = f(v, ok)
	m.dirty = true
}

// save writes the memo to its file, whole or not at all, if it changed.
func (m *memo[V]) save() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.file == "" || !m.dirty {
		return nil
	}
	data, err := json.Marshal(m.m)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(m.file, data, 0o600); err != nil {
		return err
	}
	m.dirty = false
	return nil
}
