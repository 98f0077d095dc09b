package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// next waits for one batch of changed files.
func next(t *testing.T, ch <-chan []string, within time.Duration) []string {
	t.Helper()
	select {
	case names := <-ch:
		return names
	case <-time.After(within):
		t.Fatalf("no change reported within %v", within)
	}
	return nil
}

// quiet asserts that no batch comes for d.
func quiet(t *testing.T, ch <-chan []string, d time.Duration) {
	t.Helper()
	select {
	case names := <-ch:
		t.Fatalf("reported %q, want nothing", names)
	case <-time.After(d):
	}
}

func TestFilesReportsSaves(t *testing.T) {
	for _, tc := range []struct {
		name   string
		notify bool
	}{{"events", true}, {"polling only", false}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, text string) {
				t.Helper()
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("client.go", "package a\n")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ch := watchFiles(ctx, dir, 50*time.Millisecond, 30*time.Millisecond, tc.notify)

			write("client.go", "package a // saved\n")
			if got := next(t, ch, 2*time.Second); !slices.Equal(got, []string{"client.go"}) {
				t.Errorf("after a save: %q, want [client.go]", got)
			}

			// An editor's burst (a new file, two writes, a rename over
			// the original) is one batch.
			write("helper.go", "package a\n")
			write(".client.go.swp", "junk")
			write("client.go.tmp", "package a // again\n")
			if err := os.Rename(filepath.Join(dir, "client.go.tmp"), filepath.Join(dir, "client.go")); err != nil {
				t.Fatal(err)
			}
			if got := next(t, ch, 2*time.Second); !slices.Equal(got, []string{"client.go", "helper.go"}) {
				t.Errorf("after a burst: %q, want [client.go helper.go]", got)
			}
			quiet(t, ch, 200*time.Millisecond)

			// Files the judge does not grade are not saves.
			write("client_test.go", "package a\n")
			write("README.md", "# notes\n")
			quiet(t, ch, 200*time.Millisecond)

			os.Remove(filepath.Join(dir, "helper.go"))
			if got := next(t, ch, 2*time.Second); !slices.Equal(got, []string{"helper.go"}) {
				t.Errorf("after a removal: %q, want [helper.go]", got)
			}

			cancel()
			select {
			case _, ok := <-ch:
				if ok {
					t.Error("a batch after the context ended")
				}
			case <-time.After(2 * time.Second):
				t.Error("the channel was not closed when the context ended")
			}
		})
	}
}

// TestFilesSurvivesAFolderMadeAgain: the folder deleted and made again (a
// reset, a git checkout) loses fsnotify's watch; polling still sees saves.
func TestFilesSurvivesAFolderMadeAgain(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "ex")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := Files(ctx, dir, 50*time.Millisecond, 30*time.Millisecond)
	os.RemoveAll(dir)
	next(t, ch, 2*time.Second)
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a // back\n"), 0o644)
	if got := next(t, ch, 2*time.Second); !slices.Equal(got, []string{"a.go"}) {
		t.Errorf("after the folder came back: %q, want [a.go]", got)
	}
}
