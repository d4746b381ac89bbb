package main

import (
	"fmt"
	"go/ast"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// imports returns the import block a generated file needs, found by the
// package names its code uses.
func imports(code string, candidates ...string) string {
	var std, mod []string
	for _, c := range candidates {
		name := c[strings.LastIndex(c, "/")+1:]
		if !strings.Contains(code, name+".") {
			continue
		}
		if strings.Contains(c, ".") {
			mod = append(mod, strconv.Quote(c))
		} else {
			std = append(std, strconv.Quote(c))
		}
	}
	return "import (\n" + strings.Join(std, "\n") + "\n\n" + strings.Join(mod, "\n") + "\n)\n\n"
}

// publicType is how a method of package dataflow declares a value of the
// generated type t: an alias of a builtin as the builtin (jobID string),
// anything else qualified with gen.
func (m *model) publicType(t ast.Expr) string {
	for {
		id, ok := t.(*ast.Ident)
		if !ok {
			return m.gen.expr(t, "gen")
		}
		ts := m.gen.types[id.Name]
		if ts == nil || !ts.Assign.IsValid() {
			return m.gen.expr(t, "gen")
		}
		t = ts.Type
	}
}

// comment wraps text as a Go comment of lines up to 80 columns.
func comment(text string) string {
	var b strings.Builder
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			b.WriteString("//\n")
		}
		line := "//"
		for _, word := range strings.Fields(para) {
			if len(line)+1+len(word) > 80 && line != "//" {
				b.WriteString(line + "\n")
				line = "//"
			}
			line += " " + word
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

func (m *model) validateSignature(o *operation) string {
	args := []string{"ck *checker"}
	for _, p := range o.pathParams {
		args = append(args, p.goArg+" "+m.publicType(p.goType))
	}
	if o.params != nil {
		args = append(args, "params *gen."+o.params.typeName)
	}
	if o.body != nil {
		args = append(args, "body *gen."+o.body.typeName)
	}
	return strings.Join(args, ", ")
}

func renderValidators(m *model) ([]byte, error) {
	w := m.checks
	var body strings.Builder
	for _, o := range m.ops {
		fmt.Fprintf(&body, "// validate%sInput checks the arguments of %s against openapi.yaml.\n", o.goName, o.id)
		fmt.Fprintf(&body, "func validate%sInput(%s) {\n%s}\n\n", o.goName, m.validateSignature(o), w.inputChecks(o))
	}
	for _, named := range w.order {
		if !w.has[named] {
			continue
		}
		fmt.Fprintf(&body, "// check%s checks a gen.%s at the JSON path p.\n", named, named)
		fmt.Fprintf(&body, "func check%s(ck *checker, p *path, v *gen.%s) {\n%s}\n\n", named, named, w.function(named))
	}
	if w.err != nil {
		return nil, w.err
	}
	var b strings.Builder
	b.WriteString(header + "package dataflow\n\n")
	code := body.String()
	if len(w.patOrder) > 0 {
		code += "regexp.MustCompile"
	}
	b.WriteString(imports(code, "regexp", "unicode/utf8", "github.com/ncp-dataflow/dataflow-go/gen"))
	b.WriteString("// The request checks below follow openapi.yaml's request schemas and\n// parameters: required, bounds, lengths, patterns, enums, list sizes, nested\n// objects, lists and discriminated unions. Rules a schema cannot state are\n// hand-written in validate.go.\n\n")
	if len(w.patOrder) > 0 {
		b.WriteString("var (\n")
		for _, pat := range w.patOrder {
			fmt.Fprintf(&b, "%s = regexp.MustCompile(%s)\n", w.patterns[pat], "`"+pat+"`")
		}
		b.WriteString(")\n\n")
	}
	b.WriteString(body.String())
	return []byte(b.String()), nil
}

func renderMethods(m *model) ([]byte, error) {
	var body strings.Builder
	for _, o := range m.ops {
		if o.handWritten {
			continue
		}
		args := []string{"ctx context.Context"}
		call := []string{"ctx"}
		check := []string{"&ck"}
		for _, p := range o.pathParams {
			args = append(args, p.goArg+" "+m.publicType(p.goType))
			call = append(call, p.goArg)
			check = append(check, p.goArg)
		}
		if ps := o.params; ps != nil {
			if ps.byValue {
				args = append(args, "params gen."+ps.typeName)
				call = append(call, "&params")
				check = append(check, "&params")
			} else {
				args = append(args, "params *gen."+ps.typeName)
				call = append(call, "params")
				check = append(check, "params")
			}
		}
		if b := o.body; b != nil && b.wrapped != nil {
			arg := goIdent(b.wrapped.json)
			args = append(args, arg+" "+m.gen.expr(b.wrapped.typ, "gen"))
			lit := fmt.Sprintf("gen.%s{%s: %s}", b.typeName, b.wrapped.goName, arg)
			call = append(call, lit)
			check = append(check, "&"+lit)
		} else if b != nil {
			args = append(args, "body gen."+b.typeName)
			call = append(call, "body")
			check = append(check, "&body")
		}
		doc := fmt.Sprintf("%s calls %s (%s %s): %s.", o.goName, o.id, o.method, o.path, strings.TrimSuffix(lowerFirst(o.summary), "."))
		if o.description != "" {
			doc += "\n\n" + o.description
		}
		if o.params != nil && !o.params.byValue {
			doc += "\n\nparams may be nil."
		}
		if b := o.body; b != nil && b.wrapped != nil {
			doc += fmt.Sprintf("\n\nThe request body only wraps %s, so the method takes that: it sends {%q: %s}.", goIdent(b.wrapped.json), b.wrapped.json, goIdent(b.wrapped.json))
		}
		body.WriteString(comment(doc))
		ret, send := "(*gen."+o.result+", error)", "checked[gen."+o.result+"]"
		if o.result == "" {
			ret, send = "error", "checkedTrue"
		}
		fmt.Fprintf(&body, "func (c *Client) %s(%s) %s {\n", o.goName, strings.Join(args, ", "), ret)
		fmt.Fprintf(&body, "ck := checker{op: %q}\n", o.id)
		fmt.Fprintf(&body, "validate%sInput(%s)\n", o.goName, strings.Join(check, ", "))
		fmt.Fprintf(&body, "return %s(ctx, &ck, func(ctx context.Context) (*http.Response, error) {\nreturn c.raw.%s(%s)\n})\n}\n\n",
			send, o.goName, strings.Join(call, ", "))
	}
	var b strings.Builder
	b.WriteString(header + "package dataflow\n\n")
	b.WriteString(imports(body.String(), "context", "net/http", "github.com/ncp-dataflow/dataflow-go/gen"))
	b.WriteString("// Each method below is one operation of openapi.yaml, named after its\n// operationId. It checks its arguments before sending anything\n// (*InputError), and returns the decoded 2xx body, an *APIError for any\n// answer that is not a success, or an *OperationError when no answer came.\n// A method written by hand in package dataflow replaces the generated one.\n\n")
	b.WriteString(body.String())
	return []byte(b.String()), nil
}

// constName is the constant of a variant's discriminator value: the union's
// name, "Type", and the variant's name without the words it shares with the
// union's (Node, SourceOBSNode -> NodeTypeSourceOBS; WorkflowNode,
// WorkflowJobNode -> WorkflowNodeTypeJob).
func constName(u *union, v variant) string {
	words := camelWords(u.goName)
	rest := v.goName
	last := words[len(words)-1]
	if strings.HasSuffix(rest, last) && rest != last {
		rest = strings.TrimSuffix(rest, last)
	}
	if lead := strings.Join(words[:len(words)-1], ""); lead != "" && strings.HasPrefix(rest, lead) && rest != lead {
		rest = strings.TrimPrefix(rest, lead)
	}
	return u.goName + "Type" + rest
}

func camelWords(s string) []string {
	var words []string
	start := 0
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		if unicode.IsUpper(r[i]) && (unicode.IsLower(r[i-1]) || (i+1 < len(r) && unicode.IsLower(r[i+1]))) {
			words = append(words, string(r[start:i]))
			start = i
		}
	}
	return append(words, string(r[start:]))
}

func renderNodes(m *model) ([]byte, error) {
	var body strings.Builder
	for _, u := range m.unions {
		fmt.Fprintf(&body, "// The values of gen.%s's %q, one per variant that openapi.yaml maps. The\n// service may add values: keep a default branch when switching on them, and\n// pass values you do not know through unchanged (a gen.%s keeps its raw\n// JSON, so it re-encodes byte for byte).\nconst (\n", u.goName, u.property, u.goName)
		for _, v := range u.variants {
			fmt.Fprintf(&body, "%s = %q\n", constName(u, v), v.value)
		}
		body.WriteString(")\n\n")
		for _, v := range u.variants {
			st, ok := m.gen.types[v.goName].Type.(*ast.StructType)
			if !ok {
				return nil, fmt.Errorf("gen.%s is not a struct", v.goName)
			}
			required := map[string]bool{}
			for _, r := range v.schema.Required {
				required[r] = true
			}
			var fix []string
			for _, f := range fieldsOf(st) {
				if !required[f.json] {
					continue
				}
				if prop := v.schema.Properties[f.json]; prop != nil && prop.Value.Nullable {
					continue
				}
				if rt, _ := m.gen.resolve(f.typ); isSlice(rt) {
					fix = append(fix, f.goName)
				}
			}
			doc := fmt.Sprintf("New%s returns v as a gen.%s whose %q is %s.", v.goName, u.goName, u.property, v.value)
			if len(fix) > 0 {
				doc += fmt.Sprintf(" A nil %s is sent as an empty list, not null: the list is required.", strings.Join(fix, ", "))
			}
			body.WriteString(comment(doc))
			fmt.Fprintf(&body, "func New%s(v gen.%s) (gen.%s, error) {\n", v.goName, v.goName, u.goName)
			for _, f := range fix {
				fmt.Fprintf(&body, "v.%s = nonNilSlice(v.%s)\n", f, f)
			}
			fmt.Fprintf(&body, "var u gen.%s\nif err := u.From%s(v); err != nil {\nreturn gen.%s{}, fmt.Errorf(\"dataflow: New%s: %%w\", err)\n}\nreturn u, nil\n}\n\n",
				u.goName, v.goName, u.goName, v.goName)
		}
		body.WriteString(comment(fmt.Sprintf("New%s returns v, one of the variant structs of gen.%s, as a gen.%s: it calls the New function of v's type.", u.goName, u.goName, u.goName)))
		fmt.Fprintf(&body, "func New%s(v any) (gen.%s, error) {\nswitch v := v.(type) {\n", u.goName, u.goName)
		for _, v := range u.variants {
			fmt.Fprintf(&body, "case gen.%s:\nreturn New%s(v)\n", v.goName, v.goName)
		}
		fmt.Fprintf(&body, "}\nreturn gen.%s{}, fmt.Errorf(\"dataflow: New%s: %%T is not a variant of gen.%s\", v)\n}\n\n", u.goName, u.goName, u.goName)
	}
	var b strings.Builder
	b.WriteString(header + "package dataflow\n\n")
	b.WriteString(imports(body.String(), "fmt", "github.com/ncp-dataflow/dataflow-go/gen"))
	b.WriteString(body.String())
	return []byte(b.String()), nil
}

func isSlice(t ast.Expr) bool {
	_, ok := t.(*ast.ArrayType)
	return ok
}

// sortedNames returns a map's keys in order.
func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
