package htmllinks

import (
	"fmt"
	"strings"
)

// listDiff shows two lists of links line by line, "-" for a wanted link
// got lacks and "+" for one got has extra, aligned on their longest common
// subsequence, with two equal lines of context around each change; at
// most most lines, the rest counted. go-cmp would diff
// inside similar URLs, which reads badly for a list of links.
func listDiff(want, got []string, most int) string {
	// lcs[i][j] is the longest common subsequence of want[i:] and got[j:].
	lcs := make([][]int, len(want)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(got)+1)
	}
	for i := len(want) - 1; i >= 0; i-- {
		for j := len(got) - 1; j >= 0; j-- {
			if want[i] == got[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var lines []string
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case i < len(want) && j < len(got) && want[i] == got[j]:
			lines = append(lines, "    "+want[i])
			i, j = i+1, j+1
		case j < len(got) && (i == len(want) || lcs[i][j+1] >= lcs[i+1][j]):
			lines = append(lines, "  + "+got[j])
			j++
		default:
			lines = append(lines, "  - "+want[i])
			i++
		}
	}
	// Equal lines more than two away from a change are only counted.
	const context = 2
	near := make([]bool, len(lines))
	for i, l := range lines {
		if !strings.HasPrefix(l, "    ") {
			for k := max(i-context, 0); k <= min(i+context, len(lines)-1); k++ {
				near[k] = true
			}
		}
	}
	var shown []string
	for i := 0; i < len(lines); {
		if near[i] {
			shown = append(shown, lines[i])
			i++
			continue
		}
		k := i
		for k < len(lines) && !near[k] {
			k++
		}
		shown = append(shown, fmt.Sprintf("    … %d equal", k-i))
		i = k
	}
	if len(shown) > most {
		shown = append(shown[:most], fmt.Sprintf("  … and %d more lines", len(shown)-most))
	}
	return "links (-want +got):\n" + strings.Join(shown, "\n")
}
