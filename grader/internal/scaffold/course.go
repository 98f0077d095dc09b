package scaffold

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// CourseDir holds the exercises' folders on the grader's side, and
// CourseFile lists them in course order; both relative to the root.
const (
	CourseDir  = "grader/course"
	CourseFile = "grader/course/course.go"
)

// coursePath is the import path of an exercise's package on the grader's side.
func coursePath(dir string) string { return "netcourse/" + CourseDir + "/" + dir }

// AddToCourse adds the exercise in dir, package name, to the course list
// in the Go source src (course.go): its import, and name.Exercise in the
// Exercises literal in course order, before the first exercise with a
// later ID. It returns the source gofmt'ed, and refuses an ID, a folder or
// an import name the list has already.
func AddToCourse(src []byte, id, name, dir string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "course.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var imports *ast.GenDecl
	ids := map[string]string{} // import name → exercise ID, for the exercises' packages
	for _, decl := range f.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && gd.Lparen.IsValid() && imports == nil {
			imports = gd
		}
	}
	for _, spec := range f.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		local := path.Base(p)
		if spec.Name != nil {
			local = spec.Name.Name
		}
		if local == name {
			return nil, refusef("%s imports %s as %s already: choose another --name", CourseFile, p, name)
		}
		if d, ok := strings.CutPrefix(p, "netcourse/"+CourseDir+"/"); ok {
			exID, _, _ := strings.Cut(d, "-")
			if exID == id || d == dir {
				return nil, refusef("exercise %s is in the course list already (%s)", id, p)
			}
			ids[local] = exID
		}
	}
	if imports == nil {
		return nil, fmt.Errorf("no import ( ... ) block to add %s to", coursePath(dir))
	}
	lit := exercisesLiteral(f)
	if lit == nil {
		return nil, fmt.Errorf("no composite literal assigned to var Exercises")
	}

	// Where the element goes: at the start of the line of the first
	// exercise that comes later, else before the closing brace. A last
	// element without a trailing comma (a one-line literal) gets one.
	at, comma := -1, -1
	for _, elt := range lit.Elts {
		if sel, ok := elt.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && ids[x.Name] != "" && lessID(id, ids[x.Name]) {
				at = fset.Position(elt.Pos()).Offset
				for at > 0 && src[at-1] != '\n' {
					at--
				}
				break
			}
		}
	}
	if at < 0 {
		at = fset.Position(lit.Rbrace).Offset
		if n := len(lit.Elts); n > 0 {
			end := fset.Position(lit.Elts[n-1].End()).Offset
			if rest := bytes.TrimLeft(src[end:], " \t"); rest[0] != ',' {
				comma = end
			}
		}
	}
	imp := fset.Position(imports.Rparen).Offset
	var b bytes.Buffer
	for i, c := range src {
		if i == comma {
			b.WriteByte(',')
		}
		if i == at || i == imp {
			if src[i-1] != '\n' {
				b.WriteByte('\n')
			}
			if i == at {
				fmt.Fprintf(&b, "%s.Exercise,\n", name)
			} else {
				fmt.Fprintf(&b, "%s %q\n", name, coursePath(dir))
			}
		}
		b.WriteByte(c)
	}
	return format.Source(b.Bytes()) // which also sorts the imports
}

// exercisesLiteral finds the value of var Exercises.
func exercisesLiteral(f *ast.File) *ast.CompositeLit {
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if name.Name != "Exercises" || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.CompositeLit); ok {
					return lit
				}
			}
		}
	}
	return nil
}

// lessID orders exercise IDs as the course does: by section, then by
// number, so 1.10 comes after 1.9.
func lessID(a, b string) bool {
	as, an, _ := strings.Cut(a, ".")
	bs, bn, _ := strings.Cut(b, ".")
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	if num(as) != num(bs) {
		return num(as) < num(bs)
	}
	return num(an) < num(bn)
}
