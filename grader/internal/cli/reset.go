package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"netcourse/grader/internal/judge"
)

// backupDir is where reset keeps the work it replaces (in .gitignore).
const backupDir = ".grader-backup"

// stubHistory bounds how far back in git history reset looks for a stub.
const stubHistory = 200

// reset puts an exercise's stub back, after saving the student's work.
func reset(ctx context.Context, args []string, in io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("reset", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "do not ask")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("reset: want one exercise ID, like: grader reset 1.3 [--yes]\n%s", usage)
	}
	exs, err := selectExercises(pos)
	if err != nil {
		return err
	}
	ex := exs[0]
	root, err := findRoot()
	if err != nil {
		return err
	}
	rel := filepath.Join("exercises", ex.Dir)
	stub, commit, err := findStub(ctx, root, ex)
	if err != nil {
		return fmt.Errorf("reset %s: %w; %s is unchanged", ex.ID, err, rel)
	}
	backup := filepath.Join(backupDir, ex.Dir+"-"+time.Now().Format("20060102-150405"))
	for i := 2; exists(filepath.Join(root, backup)); i++ {
		backup = filepath.Join(backupDir, fmt.Sprintf("%s-%s-%d", ex.Dir, time.Now().Format("20060102-150405"), i))
	}
	if !*yes {
		fmt.Fprintf(stdout, "Reset %s? Your work is saved to %s [y/N] ", rel, backup)
		answer, _ := bufio.NewReader(in).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			fmt.Fprintf(stdout, "\nNothing changed.\n")
			return nil
		}
	}
	dir := filepath.Join(root, rel)
	if _, err := os.Stat(dir); err == nil {
		if err := os.CopyFS(filepath.Join(root, backup), os.DirFS(dir)); err != nil {
			return fmt.Errorf("reset %s: saving your work to %s: %w; %s is unchanged", ex.ID, backup, err, rel)
		}
	}
	if err := restore(dir, stub); err != nil {
		return fmt.Errorf("reset %s: %w (your work is saved in %s)", ex.ID, err, backup)
	}
	fmt.Fprintf(stdout, "Restored %s to the course's stub (from commit %.10s).\nYour work is in %s.\n", rel, commit, backup)
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// restore writes the stub's files into dir and removes the other Go files
// at its top, which would be compiled with the stub. Subfolders (a try/
// program) and other files stay.
func restore(dir string, stub map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if _, ok := stub[e.Name()]; !ok && !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	for name, data := range stub {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// findStub finds the newest version of the exercise's folder in git
// history that is still a stub: the course's, not a commit of the
// student's work. It returns the folder's files by name and the commit.
func findStub(ctx context.Context, root string, ex *judge.Exercise) (map[string][]byte, string, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, "", errors.New("git is not available, and reset takes the stub from the course's git history")
	}
	git := func(args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	if _, err := git("rev-parse", "--git-dir"); err != nil {
		return nil, "", fmt.Errorf("the course folder is not a git repository (%v), and reset takes the stub from its history", err)
	}
	path := "exercises/" + ex.Dir
	log, err := git("log", "--format=%H", "-n", fmt.Sprint(stubHistory), "--", path)
	if err != nil {
		return nil, "", err
	}
	for _, commit := range strings.Fields(string(log)) {
		// Paths with ./ are relative to root, wherever the repository's top is.
		names, err := git("ls-tree", "--name-only", commit, "./"+path+"/")
		if err != nil {
			continue
		}
		files := map[string][]byte{}
		for _, name := range strings.Fields(string(names)) {
			base := filepath.Base(name)
			data, err := git("cat-file", "blob", commit+":./"+path+"/"+base)
			if err != nil {
				continue // a subfolder
			}
			files[base] = data
		}
		if isStub(files, ex.Package) {
			return files, commit, nil
		}
	}
	return nil, "", fmt.Errorf("no stub of %s in the last %d commits that changed it", path, stubHistory)
}

// isStub reports whether files are an untouched exercise: Go files of the
// package in which every function only returns errors.ErrUnsupported.
func isStub(files map[string][]byte, pkg string) bool {
	funcs := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.SkipObjectResolution)
		if err != nil || f.Name.Name != pkg {
			return false
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !returnsError(fd.Type) || errorPlumbing(fd) {
				continue // given with the stub, not to do
			}
			if !returnsUnsupported(fd.Body) {
				return false
			}
			funcs++
		}
	}
	return funcs > 0
}

// errorPlumbing: a method that makes a stub's type an error (Unwrap, Is,
// As), which the stub gives.
func errorPlumbing(fd *ast.FuncDecl) bool {
	return fd.Recv != nil && (fd.Name.Name == "Unwrap" || fd.Name.Name == "Is" || fd.Name.Name == "As")
}

// returnsError: the function's last result is an error.
func returnsError(ft *ast.FuncType) bool {
	if ft.Results == nil || len(ft.Results.List) == 0 {
		return false
	}
	id, ok := ft.Results.List[len(ft.Results.List)-1].Type.(*ast.Ident)
	return ok && id.Name == "error"
}

// returnsUnsupported: the body is one return whose last value is
// errors.ErrUnsupported.
func returnsUnsupported(body *ast.BlockStmt) bool {
	if len(body.List) != 1 {
		return false
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) == 0 {
		return false
	}
	sel, ok := ret.Results[len(ret.Results)-1].(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "errors" && sel.Sel.Name == "ErrUnsupported"
}
