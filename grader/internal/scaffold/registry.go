package scaffold

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strconv"
)

// Entry is one exercise's line in the registry.
type Entry struct {
	ID, Title, Dir, Package, Driver string
	Checks                          string // the name of its check list
}

func (e Entry) String() string {
	return fmt.Sprintf("{ID: %q, Title: %q, Dir: %q, Package: %q, Driver: %q, Checks: %s}",
		e.ID, e.Title, e.Dir, e.Package, e.Driver, e.Checks)
}

// AddEntry appends e to the Registry literal in the Go source src, as its
// last element, and returns the source gofmt'ed. It refuses an ID or a
// folder the registry holds already.
func AddEntry(src []byte, e Entry) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "registry.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	lit := registryLiteral(f)
	if lit == nil {
		return nil, fmt.Errorf("no composite literal assigned to var Registry")
	}
	for _, elt := range lit.Elts {
		fields := stringFields(elt)
		switch {
		case fields["ID"] == e.ID:
			return nil, refusef("exercise %s is in the registry already (%s)", e.ID, fields["Title"])
		case fields["Dir"] == e.Dir:
			return nil, refusef("the registry already has an exercise in %s", e.Dir)
		}
	}
	// Insert before the closing brace, after any comment there. A last
	// element without a trailing comma (a one-line literal) gets one;
	// gofmt does the layout.
	at := fset.Position(lit.Rbrace).Offset
	comma := -1
	if n := len(lit.Elts); n > 0 {
		end := fset.Position(lit.Elts[n-1].End()).Offset
		if rest := bytes.TrimLeft(src[end:], " \t"); rest[0] != ',' {
			comma = end
		}
	}
	var b bytes.Buffer
	for i, c := range src {
		if i == comma {
			b.WriteByte(',')
		}
		if i == at {
			if src[i-1] != '\n' {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%s,\n", e)
		}
		b.WriteByte(c)
	}
	return format.Source(b.Bytes())
}

// registryLiteral finds the value of var Registry.
func registryLiteral(f *ast.File) *ast.CompositeLit {
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if name.Name != "Registry" || i >= len(vs.Values) {
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

// stringFields reads the string-valued fields of an element such as
// {ID: "1.1", Title: "TCP client", ...}.
func stringFields(elt ast.Expr) map[string]string {
	fields := map[string]string{}
	if u, ok := elt.(*ast.UnaryExpr); ok && u.Op == token.AND {
		elt = u.X // &judge.Exercise{...}
	}
	lit, ok := elt.(*ast.CompositeLit)
	if !ok {
		return fields
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok1 := kv.Key.(*ast.Ident)
		val, ok2 := kv.Value.(*ast.BasicLit)
		if !ok1 || !ok2 || val.Kind != token.STRING {
			continue
		}
		if s, err := strconv.Unquote(val.Value); err == nil {
			fields[key.Name] = s
		}
	}
	return fields
}

// declaredNames lists the package-level names a declaration introduces.
func declaredNames(decl ast.Decl) []string {
	var names []string
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			names = append(names, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			}
		}
	}
	return names
}
