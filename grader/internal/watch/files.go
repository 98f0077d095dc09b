package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Files reports saves of the Go files of one folder (those the judge
// grades: not _test.go, not in subfolders), a batch of file names per
// save. fsnotify says at once when something in the folder changed; a poll
// every poll interval catches what events miss (editors that replace a
// file, network file systems, a folder deleted and made again). Either
// way, a file counts as changed when its size or modification time did,
// so one save is reported once, however many events it made. A batch is
// sent once the folder has been quiet for quiet (editors write in bursts),
// or at the latest a second after the first change. The channel is closed
// when ctx ends.
func Files(ctx context.Context, dir string, poll, quiet time.Duration) <-chan []string {
	return watchFiles(ctx, dir, poll, quiet, true)
}

const maxQuietWait = time.Second

// watchFiles is Files; without notify it only polls, as on a file system
// that sends no events.
func watchFiles(ctx context.Context, dir string, poll, quiet time.Duration, notify bool) <-chan []string {
	ch := make(chan []string)
	var fw *fsnotify.Watcher
	if notify {
		if w, err := fsnotify.NewWatcher(); err == nil {
			if w.Add(dir) == nil {
				fw = w
			} else {
				w.Close()
			}
		}
	}
	// The first snapshot is taken now, so that a save right after Files
	// returns is a change.
	last := snapshot(dir)
	go func() {
		defer close(ch)
		if fw != nil {
			defer fw.Close()
		}
		loop(ctx, dir, poll, quiet, fw, last, ch)
	}()
	return ch
}

func loop(ctx context.Context, dir string, poll, quiet time.Duration, fw *fsnotify.Watcher, last map[string]fileState, ch chan<- []string) {
	var events <-chan fsnotify.Event
	var errs <-chan error
	if fw != nil {
		events, errs = fw.Events, fw.Errors
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	settle := time.NewTimer(time.Hour)
	settle.Stop()
	pending := map[string]bool{}
	var first time.Time
	// look compares the folder with the last snapshot; on a change it
	// (re)arms the settle timer and reports true.
	look := func() bool {
		now := snapshot(dir)
		changed := diff(last, now)
		last = now
		if len(changed) == 0 {
			return false
		}
		if len(pending) == 0 {
			first = time.Now()
		}
		for _, n := range changed {
			pending[n] = true
		}
		// Wait for quiet, but not beyond maxQuietWait after the first change.
		settle.Reset(min(quiet, max(time.Until(first.Add(maxQuietWait)), 0)))
		return true
	}
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			look()
		case _, ok := <-errs:
			if !ok {
				errs = nil
			}
		case <-tick.C:
			look()
		case <-settle.C:
			// A write may still be under way: wait for quiet again,
			// unless this save has been going on too long already.
			if look() && time.Since(first) < maxQuietWait || len(pending) == 0 {
				continue
			}
			batch := make([]string, 0, len(pending))
			for n := range pending {
				batch = append(batch, n)
			}
			slices.Sort(batch)
			select {
			case ch <- batch:
			case <-ctx.Done():
				return
			}
			clear(pending)
		}
	}
}

type fileState struct {
	size int64
	mod  time.Time
}

// snapshot records the size and modification time of the folder's graded
// Go files. A missing folder has none.
func snapshot(dir string) map[string]fileState {
	entries, _ := os.ReadDir(dir)
	s := make(map[string]fileState, len(entries))
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		s[name] = fileState{fi.Size(), fi.ModTime()}
	}
	return s
}

// diff lists the files added, removed or changed from a to b.
func diff(a, b map[string]fileState) []string {
	var names []string
	for n, sa := range a {
		if sb, ok := b[n]; !ok || sb != sa {
			names = append(names, n)
		}
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			names = append(names, n)
		}
	}
	return names
}
