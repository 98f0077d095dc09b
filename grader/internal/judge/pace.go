package judge

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"netcourse/grader/internal/atomicfile"
)

// A pace is how long each check took when it last passed, kept in the
// child cache, so that a run starts the longest checks first: a long wait
// started last would end the run alone, and a check's time limit says
// little of how long it takes (1.6's checks wait seconds within the
// default limit, 3.2's big feed takes one within its minute). A check not
// yet timed ranks by its time limit. The order changes no verdict.
type pace struct {
	mu    sync.Mutex
	file  string                   // "" keeps the pace in memory only
	took  map[string]time.Duration // by paceKey
	dirty bool
}

// paceFile is the pace's file in a child cache.
const paceFile = "pace.json"

func loadPace(cache string) *pace {
	p := &pace{took: map[string]time.Duration{}}
	if cache == "" {
		return p
	}
	p.file = filepath.Join(cache, paceFile)
	if data, err := os.ReadFile(p.file); err == nil {
		json.Unmarshal(data, &p.took) // a damaged file is a first run
	}
	return p
}

func paceKey(ex *Exercise, c Check) string { return ex.ID + " " + c.Name }

// order is the order to start ex's checks in, longest first, and each
// check's rank at the gate: its expected time in milliseconds; with
// longest false, the registry's order, all of one rank.
func (p *pace) order(ex *Exercise, longest bool) (byRank, ranks []int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	byRank, ranks = make([]int, len(ex.Checks)), make([]int, len(ex.Checks))
	for i, c := range ex.Checks {
		byRank[i] = i
		d, ok := p.took[paceKey(ex, c)]
		if !ok {
			d = c.timeout()
		}
		if longest {
			ranks[i] = int(d / time.Millisecond)
		}
	}
	slices.SortStableFunc(byRank, func(a, b int) int { return cmp.Compare(ranks[b], ranks[a]) })
	return byRank, ranks
}

// passed records how long check c took to pass: a failure may end early
// or run to its limit, and says little of the next run.
func (p *pace) passed(ex *Exercise, c Check, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.took[paceKey(ex, c)] = d
	p.dirty = true
}

// save writes the pace to its file, whole or not at all (a rename), for
// the next run; concurrent runs each leave a whole one.
func (p *pace) save() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.file == "" || !p.dirty {
		return nil
	}
	data, err := json.Marshal(p.took)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(p.file, data, 0o600); err != nil {
		return err
	}
	p.dirty = false
	return nil
}
