package htmllinks

import (
	"fmt"
	"strings"
)

// listDiff shows two lists of links line by line, "-" for a wanted link
// got lacks and "+" for one got has extra, aligned on their longest common
// subsequence; at most most lines, the rest counted. go-cmp would diff
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
	if len(lines) > most {
		lines = append(lines[:most], fmt.Sprintf("  … and %d more lines", len(lines)-most))
	}
	return "links (-want +got):\n" + strings.Join(lines, "\n")
}
