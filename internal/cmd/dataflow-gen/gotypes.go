package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// goPackage is what the generator needs to know of a Go package's source:
// its type declarations and which methods each type has. It reads the
// source only (go/parser), so it works before the package compiles.
type goPackage struct {
	types   map[string]*ast.TypeSpec
	methods map[string]map[string]*ast.FuncDecl // receiver type -> method name -> declaration
	funcs   map[string]*ast.FuncDecl            // functions that are not methods
	fset    *token.FileSet
}

func parseGoPackage(dir string) (*goPackage, error) {
	p := &goPackage{types: map[string]*ast.TypeSpec{}, methods: map[string]map[string]*ast.FuncDecl{}, funcs: map[string]*ast.FuncDecl{}, fset: token.NewFileSet()}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		// The package's own generated files are this generator's output:
		// reading them would make the output depend on itself.
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			(filepath.Base(dir) != "gen" && strings.HasSuffix(name, ".gen.go")) {
			continue
		}
		f, err := parser.ParseFile(p.fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		if isIgnored(f) {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						p.types[ts.Name.Name] = ts
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil {
					p.funcs[d.Name.Name] = d
					continue
				}
				if len(d.Recv.List) != 1 {
					continue
				}
				recv := d.Recv.List[0].Type
				if st, ok := recv.(*ast.StarExpr); ok {
					recv = st.X
				}
				if id, ok := recv.(*ast.Ident); ok {
					if p.methods[id.Name] == nil {
						p.methods[id.Name] = map[string]*ast.FuncDecl{}
					}
					p.methods[id.Name][d.Name.Name] = d
				}
			}
		}
	}
	return p, nil
}

// isIgnored reports a file behind //go:build ignore (tools.go).
func isIgnored(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") && strings.Contains(c.Text, "ignore") {
				return true
			}
		}
	}
	return false
}

// findType returns the declared type whose name matches name without
// regard to case: oapi-codegen's name normaliser may change the case of
// initialisms (Obs -> OBS), never the letters.
func (p *goPackage) findType(name string) (string, bool) {
	if _, ok := p.types[name]; ok {
		return name, true
	}
	for n := range p.types {
		if strings.EqualFold(n, name) {
			return n, true
		}
	}
	return "", false
}

// resolve follows aliases and defined types to the type expression that
// says what the value is: a builtin, a struct, a slice, a map or a pointer.
// It returns the last named type seen ("" if none).
func (p *goPackage) resolve(t ast.Expr) (ast.Expr, string) {
	named := ""
	for range 32 {
		id, ok := t.(*ast.Ident)
		if !ok {
			return t, named
		}
		ts, ok := p.types[id.Name]
		if !ok {
			return t, named // a builtin
		}
		named = id.Name
		t = ts.Type
		if _, ok := t.(*ast.StructType); ok {
			return t, named
		}
	}
	return t, named
}

// isUnion reports a oneOf type: oapi-codegen gives it a single unexported
// field "union".
func isUnion(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == "union" {
				return true
			}
		}
	}
	return false
}

// structField is one field of a generated struct.
type structField struct {
	goName string
	json   string // "" when the field is not encoded (AdditionalProperties)
	typ    ast.Expr
}

func fieldsOf(st *ast.StructType) []structField {
	var out []structField
	for _, f := range st.Fields.List {
		name := ""
		if f.Tag != nil {
			tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`"))
			name, _, _ = strings.Cut(tag.Get("json"), ",")
		}
		if name == "-" {
			name = ""
		}
		for _, n := range f.Names {
			out = append(out, structField{goName: n.Name, json: name, typ: f.Type})
		}
	}
	return out
}

// expr renders a type expression, qualifying the gen package's names.
func (p *goPackage) expr(t ast.Expr, qual string) string {
	switch t := t.(type) {
	case *ast.Ident:
		if _, ok := p.types[t.Name]; ok && qual != "" {
			return qual + "." + t.Name
		}
		return t.Name
	case *ast.StarExpr:
		return "*" + p.expr(t.X, qual)
	case *ast.ArrayType:
		return "[]" + p.expr(t.Elt, qual)
	case *ast.MapType:
		return "map[" + p.expr(t.Key, qual) + "]" + p.expr(t.Value, qual)
	case *ast.SelectorExpr:
		return p.expr(t.X, "") + "." + t.Sel.Name
	case *ast.InterfaceType:
		return "any"
	}
	panic(fmt.Sprintf("dataflow-gen: unexpected type expression %T", t))
}
