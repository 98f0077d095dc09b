package judge

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// apiMismatch explains a build that failed in the grader's driver, not in
// the submission's files: the student renamed a function or changed its
// signature. It names, in the student's terms, what the exercise expects,
// read from the exercise's stub in the course (exercises/<dir>), so the
// list is never written twice. The compiler's lines follow it.
func apiMismatch(output string, ex *Exercise, root string) string {
	if !strings.Contains(output, ex.Folder()+"/driver/") {
		return output
	}
	sigs := exportedFuncs(filepath.Join(root, "exercises", ex.Dir))
	if len(sigs) == 0 {
		return output
	}
	var b strings.Builder
	b.WriteString("The grader calls your package's functions as the exercise's README gives them, and could not: keep these names and signatures exactly:\n")
	for _, s := range sigs {
		b.WriteString("    " + s + "\n")
	}
	b.WriteString("What the compiler said, in the grader's code that calls them:\n")
	b.WriteString(output)
	return b.String()
}

// exportedFuncs lists "func Name(params) results   (in file.go)" for the
// exported functions of the package in dir, by file and name.
func exportedFuncs(dir string) []string {
	fset := token.NewFileSet()
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var out []string
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() {
				continue
			}
			sig := &ast.FuncDecl{Name: fd.Name, Type: fd.Type}
			var buf bytes.Buffer
			if printer.Fprint(&buf, fset, sig) != nil {
				continue
			}
			out = append(out, buf.String()+"   (in "+filepath.Base(name)+")")
		}
	}
	sort.Strings(out)
	return out
}
