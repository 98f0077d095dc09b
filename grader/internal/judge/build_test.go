package judge

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestChildPackagesMatchDrivers proves ChildPackages is exactly what the
// drivers import from the project, besides the exercises themselves.
func TestChildPackagesMatchDrivers(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "../../drivers/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var got []string
	for _, p := range strings.Fields(string(out)) {
		rel, ok := strings.CutPrefix(p, "netcourse/")
		if !ok || strings.HasPrefix(rel, "exercises/") || strings.HasPrefix(rel, "grader/drivers/") {
			continue
		}
		got = append(got, rel)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(ChildPackages))
	if !slices.Equal(got, want) {
		t.Errorf("drivers import %q from the project, ChildPackages says %q", got, want)
	}
}
