package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// kebab turns an operationId or a JSON name into a command or flag name:
// getJobExecutions -> get-job-executions, numWorker -> num-worker.
func kebab(id string) string {
	var b strings.Builder
	for i, r := range id {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cliFlag is one flag of the command's operation table.
type cliFlag struct {
	name, long, metavar, usage, apiField string
	kind                                 string // kindString, kindInt, kindBool
	min, max                             *float64
	enum                                 []string
	required, bodyField                  bool
	accessor                             string // how exec reads it: in.strp("name")
}

func metavar(name string, s *openapi3.Schema) string {
	switch {
	case typeIs(s, "integer"):
		return "N"
	case typeIs(s, "boolean"):
		return ""
	case len(s.Enum) > 0:
		return "VALUE"
	}
	words := camelWords(goIdent(name))
	return strings.ToUpper(words[len(words)-1])
}

// usage is a flag's help: the first sentence of its description, then its
// bounds or values.
func usage(description string, s *openapi3.Schema, fallback string) string {
	text := strings.Join(strings.Fields(description), " ")
	if i := strings.Index(text, ". "); i >= 0 {
		text = text[:i]
	}
	text = strings.TrimSuffix(text, ".")
	if text == "" {
		text = fallback
	}
	var notes []string
	if s.Min != nil || s.Max != nil {
		var lo, hi float64
		if s.Min != nil {
			lo = *s.Min
		}
		if s.Max != nil {
			hi = *s.Max
		}
		_, msg := bounds("x", lo, s.Max != nil, hi, s.ExclusiveMin.IsTrue(), s.ExclusiveMax.IsTrue(), s.Min != nil)
		notes = append(notes, msg)
	}
	if s.MinLength > 1 || s.MaxLength != nil {
		_, msg := bounds("n", float64(s.MinLength), s.MaxLength != nil, u64(s.MaxLength), false, false, s.MinLength > 0)
		notes = append(notes, msg+" characters")
	}
	if len(s.Enum) > 0 {
		var vals []string
		for _, e := range s.Enum {
			vals = append(vals, fmt.Sprint(e))
		}
		notes = append(notes, "one of "+strings.Join(vals, ", "))
	}
	if len(notes) > 0 {
		text += " (" + strings.Join(notes, "; ") + ")"
	}
	return text
}

// paramAccessor is how exec reads a parameter's flag into the params
// struct's field of Go type t.
func (m *model) paramAccessor(flagName string, t ast.Expr) (string, string, error) {
	ptr := false
	if st, ok := t.(*ast.StarExpr); ok {
		ptr, t = true, st.X
	}
	rt, _ := m.gen.resolve(t)
	q := strconv.Quote(flagName)
	conv := func(expr string) string {
		// A defined type (an enum) needs a conversion; an alias does not.
		if id, ok := t.(*ast.Ident); ok {
			if ts := m.gen.types[id.Name]; ts != nil && !ts.Assign.IsValid() {
				if ptr {
					return "(*gen." + id.Name + ")(" + expr + ")"
				}
				return "gen." + id.Name + "(" + expr + ")"
			}
		}
		return expr
	}
	switch rt := rt.(type) {
	case *ast.Ident:
		switch {
		case rt.Name == "string" && ptr:
			return conv("in.strp(" + q + ")"), "kindString", nil
		case rt.Name == "string":
			return conv("in.str(" + q + ")"), "kindString", nil
		case rt.Name == "int" && ptr:
			return conv("in.intp(" + q + ")"), "kindInt", nil
		case rt.Name == "int":
			return conv("in.int(" + q + ")"), "kindInt", nil
		case rt.Name == "bool" && ptr:
			return conv("in.boolp(" + q + ")"), "kindBool", nil
		case rt.Name == "bool":
			return conv("in.flagBool(" + q + ")"), "kindBool", nil
		}
	case *ast.ArrayType:
		if id, ok := rt.Elt.(*ast.Ident); ok && id.Name == "byte" && ptr {
			return "in.bytesp(" + q + ")", "kindString", nil
		}
	}
	return "", "", fmt.Errorf("the command has no flag type for the parameter %s (%s)", flagName, m.gen.expr(t, "gen"))
}

func (m *model) flagsOf(o *operation) ([]*cliFlag, error) {
	var flags []*cliFlag
	add := func(p *param, t ast.Expr) error {
		name := kebab(p.name)
		acc, kind, err := m.paramAccessor(name, t)
		if err != nil {
			return err
		}
		flags = append(flags, &cliFlag{name: name, metavar: metavar(p.name, p.schema), usage: usage(p.description, p.schema, p.name),
			apiField: p.name, kind: kind, min: p.schema.Min, max: p.schema.Max, enum: enumStrings(p.schema), required: p.required, accessor: acc})
		return nil
	}
	for _, p := range o.pathParams {
		if err := add(p, p.goType); err != nil {
			return nil, err
		}
	}
	if o.params != nil {
		for _, p := range o.params.fields {
			if err := add(p, p.goType); err != nil {
				return nil, err
			}
		}
	}
	if o.body != nil {
		for _, f := range o.body.fields {
			leaf := f.path[len(f.path)-1]
			kind := "kindString"
			switch {
			case typeIs(f.schema, "integer"):
				kind = "kindInt"
			case typeIs(f.schema, "boolean"):
				kind = "kindBool"
			}
			var long []string
			for _, part := range f.path {
				long = append(long, kebab(part))
			}
			flags = append(flags, &cliFlag{name: kebab(leaf), long: strings.Join(long, "-"), metavar: metavar(leaf, f.schema),
				usage: usage(f.schema.Description, f.schema, strings.Join(f.path, ".")), apiField: strings.Join(f.path, "."),
				kind: kind, min: f.schema.Min, max: f.schema.Max, enum: enumStrings(f.schema), required: f.required, bodyField: true})
		}
	}
	// A body field whose name a parameter has, or that a field nested
	// deeper shares with another, goes by its path: create-trigger's
	// triggerRule.type is --trigger-rule-type beside --type.
	taken := map[string]bool{}
	for _, f := range flags {
		if !f.bodyField {
			taken[f.name] = true
		}
	}
	for _, f := range flags {
		if !f.bodyField {
			continue
		}
		nested := strings.Contains(f.apiField, ".")
		clash := false
		for _, g := range flags {
			clash = clash || (g.bodyField && g != f && g.name == f.name && (nested || strings.Contains(g.apiField, ".")))
		}
		if taken[f.name] || (clash && nested) {
			f.name = f.long
		}
	}
	return flags, nil
}

func enumStrings(s *openapi3.Schema) []string {
	var out []string
	for _, e := range s.Enum {
		if v, ok := e.(string); ok {
			out = append(out, v)
		}
	}
	return out
}

func intLit(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func renderCommand(m *model) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(header + "package main\n\n")
	b.WriteString("import (\n\"context\"\n\ndataflow \"github.com/ncp-dataflow/dataflow-go\"\n\"github.com/ncp-dataflow/dataflow-go/gen\"\n)\n\n")
	b.WriteString("// groups are the first tags of the operations, in the spec's order: the\n// sections of the command's help.\n")
	fmt.Fprintf(&b, "var groups = %#v\n\n", m.groups)
	b.WriteString("// operations is every operation of openapi.yaml, in the spec's order. What\n// the spec cannot say (text output, done lines, flag conversions) is added\n// by finish, from custom.go.\n")
	b.WriteString("var operations = finish([]*operation{\n")
	for _, o := range m.ops {
		flags, err := m.flagsOf(o)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.id, err)
		}
		fmt.Fprintf(&b, "{\nname: %q, id: %q, group: %q, method: %q, path: %q, summary: %q,\n", kebab(o.id), o.id, o.group, o.method, o.path, strings.TrimSuffix(o.summary, "."))
		if len(flags) > 0 {
			b.WriteString("flags: []flagSpec{\n")
			for _, f := range flags {
				fmt.Fprintf(&b, "{name: %q", f.name)
				if f.long != "" && f.long != f.name {
					fmt.Fprintf(&b, ", long: %q", f.long)
				}
				if f.metavar != "" {
					fmt.Fprintf(&b, ", metavar: %q", f.metavar)
				}
				fmt.Fprintf(&b, ", usage: %q, apiField: %q", f.usage, f.apiField)
				if f.kind != "kindString" {
					fmt.Fprintf(&b, ", kind: %s", f.kind)
				}
				// Parameters are checked while parsing; body fields by the
				// client, whose error names the flag.
				if f.kind == "kindInt" && f.min != nil && !f.bodyField {
					fmt.Fprintf(&b, ", min: intp(%s)", intLit(f.min))
				}
				if f.kind == "kindInt" && f.max != nil && !f.bodyField {
					fmt.Fprintf(&b, ", max: intp(%s)", intLit(f.max))
				}
				if len(f.enum) > 0 && !f.bodyField {
					fmt.Fprintf(&b, ", enum: %#v", f.enum)
				}
				if f.required {
					b.WriteString(", required: true")
				}
				if f.bodyField {
					b.WriteString(", bodyField: true")
				}
				b.WriteString("},\n")
			}
			b.WriteString("},\n")
		}
		if o.body != nil {
			fmt.Fprintf(&b, "body: &bodySpec{typeName: \"gen.%s\", newValue: func() any { return new(gen.%s) }, required: %t, example: %s},\n",
				o.body.typeName, o.body.typeName, o.body.required, "`"+o.body.example+"`")
		}
		if o.list {
			b.WriteString("list: true,\n")
		}
		fmt.Fprintf(&b, "response: %q,\n", o.result)
		args := []string{"ctx"}
		for _, p := range o.pathParams {
			args = append(args, fmt.Sprintf("in.str(%q)", kebab(p.name)))
		}
		if ps := o.params; ps != nil {
			var fields []string
			for _, p := range ps.fields {
				acc, _, err := m.paramAccessor(kebab(p.name), p.goType)
				if err != nil {
					return nil, err
				}
				fields = append(fields, p.goField+": "+acc)
			}
			lit := "gen." + ps.typeName + "{" + strings.Join(fields, ", ") + "}"
			if !ps.byValue {
				lit = "&" + lit
			}
			args = append(args, lit)
		}
		if b := o.body; b != nil && b.wrapped != nil {
			args = append(args, "bodyOf[gen."+b.typeName+"](in)."+b.wrapped.goName)
		} else if b != nil {
			args = append(args, "*bodyOf[gen."+b.typeName+"](in)")
		}
		b.WriteString("exec: func(ctx context.Context, c *dataflow.Client, in *input) error {\n")
		if o.result == "" {
			fmt.Fprintf(&b, "return c.%s(%s)\n", o.goName, strings.Join(args, ", "))
		} else {
			fmt.Fprintf(&b, "_, err := c.%s(%s)\nreturn err\n", o.goName, strings.Join(args, ", "))
		}
		b.WriteString("},\n},\n")
	}
	b.WriteString("})\n")
	return b.Bytes(), nil
}

// synopsis is the README's command column: the operation's required flags.
func (m *model) synopsis(o *operation) string {
	flags, err := m.flagsOf(o)
	if err != nil {
		return ""
	}
	parts := []string{"dataflow", kebab(o.id)}
	var body []string
	for _, f := range flags {
		switch {
		case !f.required:
		case f.bodyField:
			body = append(body, strings.TrimSpace("--"+f.name+" "+f.metavar))
		default:
			parts = append(parts, "--"+f.name+" "+f.metavar)
		}
	}
	switch {
	case o.body == nil:
	case len(body) > 0:
		parts = append(parts, strings.Join(body, " "), "(or --cli-input-json FILE)")
	case o.body.required:
		parts = append(parts, "--cli-input-json FILE")
	default:
		parts = append(parts, "[--cli-input-json FILE]")
	}
	return strings.Join(parts, " ")
}

const (
	readmeBegin = "<!-- operations table: generated from openapi.yaml by internal/cmd/dataflow-gen; do not edit -->"
	readmeEnd   = "<!-- end of the operations table -->"
)

func renderReadme(m *model, readme []byte) ([]byte, error) {
	start := bytes.Index(readme, []byte(readmeBegin))
	end := bytes.Index(readme, []byte(readmeEnd))
	if start < 0 || end < start {
		return nil, fmt.Errorf("no operations table between %q and %q", readmeBegin, readmeEnd)
	}
	var b bytes.Buffer
	b.Write(readme[:start])
	b.WriteString(readmeBegin + "\n")
	b.WriteString("| area | operationId | method and path | command |\n|---|---|---|---|\n")
	for _, o := range m.ops {
		fmt.Fprintf(&b, "| %s | %s | `%s %s` | `%s` |\n", o.group, o.id, o.method, o.path, m.synopsis(o))
	}
	b.Write(readme[end:])
	return b.Bytes(), nil
}
