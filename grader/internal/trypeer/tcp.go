package trypeer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// listening is fakepeer's first line, with the address it got.
var listening = regexp.MustCompile(`listening on (\S+), mode`)

// runTCP builds fixtures/cmd/fakepeer and runs it in the fault's mode: the
// same peer the READMEs use, so what it logs is what they describe.
func runTCP(ctx context.Context, p *Peer, f Fault, opt Options, w *logWriter) error {
	// A folder of its own: another `grader try` may be running its build.
	tmp, err := os.MkdirTemp("", "netcourse-try-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "fakepeer")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./fixtures/cmd/fakepeer")
	build.Dir = opt.Root
	if out, err := build.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("building fixtures/cmd/fakepeer: %v\n%s", err, out)
	}
	args := []string{"-listen", opt.Listen, "-mode", f.Mode, "-n", fmt.Sprint(opt.N),
		"-seed", fmt.Sprint(max(opt.Seed, 1)), "-wait", opt.Wait.String()}
	if f.Body != "" {
		args = append(args, "-body", f.Body)
	}
	if f.BodyHex != "" {
		args = append(args, "-body-hex", f.BodyHex)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	// Ctrl-C, not a kill: fakepeer closes its connections and says so.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 3 * time.Second
	logs, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var last string
	sc := bufio.NewScanner(logs)
	for sc.Scan() {
		line := sc.Text()
		if m := listening.FindStringSubmatch(line); m != nil {
			intro(w, p, f, m[1], opt, "connection")
		}
		w.printf("%s\n", line)
		last = line
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil || err == nil:
		return nil
	case errors.As(err, &ee):
		return fmt.Errorf("the fake peer stopped: %s", strings.TrimPrefix(last, "fakepeer: "))
	}
	return err
}
