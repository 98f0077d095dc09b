package judge

import (
	"cmp"
	"slices"
	"time"
)

// A pace is how long each check took when it last passed, kept in the
// child cache, so that a run starts the longest checks first: a long wait
// started last would end the run alone, and a check's time limit says
// little of how long it takes (1.6's checks wait seconds within the
// default limit, 3.2's big feed takes one within its minute). A check not
// yet timed ranks by its time limit. The order changes no verdict.
type pace struct{ *memo[time.Duration] }

// paceFile is the pace's file in a child cache.
const paceFile = "pace.json"

func loadPace(cache string) *pace { return &pace{loadMemo[time.Duration](cache, paceFile)} }

func paceKey(ex *Exercise, c Check) string { return ex.ID + " " + c.Name }

// order is the order to start ex's checks in, longest first, and each
// check's rank at the gate: its expected time in milliseconds; with
// longest false, the registry's order, all of one rank.
func (p *pace) order(ex *Exercise, longest bool) (byRank, ranks []int) {
	byRank, ranks = make([]int, len(ex.Checks)), make([]int, len(ex.Checks))
	for i, c := range ex.Checks {
		byRank[i] = i
		d, ok := p.get(paceKey(ex, c))
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
	p.update(paceKey(ex, c), func(time.Duration, bool) time.Duration { return d })
}
