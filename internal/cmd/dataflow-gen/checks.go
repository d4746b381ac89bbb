package main

import (
	"fmt"
	"go/ast"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// checkWriter turns request schemas into Go checks. It walks a schema and
// the Go type oapi-codegen made of it side by side: the schema says what to
// check, the Go type how to reach the value.
//
// Each named struct or union type gets one function, check<Type>, emitted
// only if something in it (or below it) is checked. Whether a type has checks
// is found by iterating to a fixed point, which also settles recursive types
// (Field.properties is a list of Field).
type checkWriter struct {
	gen      *goPackage
	hand     *goPackage                  // package dataflow's hand-written files: rules<Type> functions
	schemas  map[string]*openapi3.Schema // named type -> the schema it was reached with
	order    []string                    // named types in the order first reached
	has      map[string]bool             // named type -> its function has a body
	patterns map[string]string           // regular expression -> variable name
	patOrder []string
	unions   map[string]*union // union type name -> its variants
	tmp      int
	err      error
}

func newCheckWriter(g, hand *goPackage) *checkWriter {
	return &checkWriter{gen: g, hand: hand, schemas: map[string]*openapi3.Schema{}, has: map[string]bool{},
		patterns: map[string]string{}, unions: map[string]*union{}}
}

func (w *checkWriter) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

func (w *checkWriter) name(prefix string) string {
	w.tmp++
	return prefix + strconv.Itoa(w.tmp)
}

func (w *checkWriter) register(named string, s *openapi3.Schema) {
	if _, ok := w.schemas[named]; !ok {
		w.schemas[named] = s
		w.order = append(w.order, named)
	}
}

// value returns the checks of the value expression v, whose Go type is t
// and schema s, at the JSON path p (a Go expression of type *path).
func (w *checkWriter) value(t ast.Expr, v string, s *openapi3.Schema, p string, required bool) string {
	if s == nil || s.ReadOnly {
		return ""
	}
	if st, ok := t.(*ast.StarExpr); ok {
		inner := w.value(st.X, "(*"+v+")", s, p, false)
		if inner == "" {
			return ""
		}
		return "if " + v + " != nil {\n" + inner + "}\n"
	}
	rt, named := w.gen.resolve(t)
	switch rt := rt.(type) {
	case *ast.StructType:
		if named == "" {
			w.fail("an anonymous struct at %s: give the schema a name", p)
			return ""
		}
		if isUnion(rt) && (len(s.OneOf) == 0 || s.Discriminator == nil) {
			return "" // a union without a discriminator: the schema gives no rule to check by
		}
		w.register(named, s)
		if !w.has[named] {
			return ""
		}
		return fmt.Sprintf("check%s(ck, %s, %s)\n", named, p, addr(v))
	case *ast.ArrayType:
		if id, ok := rt.Elt.(*ast.Ident); ok && id.Name == "byte" {
			return "" // format: byte, base64 on the wire
		}
		return w.array(rt, v, s, p, required)
	case *ast.MapType:
		return w.mapValue(rt, v, s, p, required)
	case *ast.Ident:
		switch {
		case rt.Name == "string" && typeIs(s, "string"):
			return w.stringChecks(convert("string", v), s, p)
		case isInt(rt.Name) && (typeIs(s, "integer") || typeIs(s, "number")):
			return w.numberChecks(convert("int64", v), s, p, true)
		case isFloat(rt.Name) && typeIs(s, "number"):
			return w.numberChecks(convert("float64", v), s, p, false)
		}
	}
	return ""
}

func typeIs(s *openapi3.Schema, t string) bool { return s.Type != nil && s.Type.Includes(t) }

func isInt(n string) bool {
	switch n {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return true
	}
	return false
}

func isFloat(n string) bool { return n == "float32" || n == "float64" }

// convert is the Go conversion of v to the builtin type t.
func convert(t, v string) string {
	if strings.HasPrefix(v, "(") && strings.HasSuffix(v, ")") {
		return t + v
	}
	return t + "(" + v + ")"
}

// addr is &v, simplified when v is itself a dereference.
func addr(v string) string {
	if strings.HasPrefix(v, "(*") && strings.HasSuffix(v, ")") {
		return v[2 : len(v)-1]
	}
	return "&" + v
}

func (w *checkWriter) array(t *ast.ArrayType, v string, s *openapi3.Schema, p string, required bool) string {
	var b strings.Builder
	if required && !s.Nullable {
		fmt.Fprintf(&b, "if %s == nil {\nck.fail(%s, \"is required: a list ([] for none), not null\")\n}\n", v, p)
	}
	if s.MinItems > 0 || s.MaxItems != nil {
		cond, msg := bounds("n", float64(s.MinItems), s.MaxItems != nil, u64(s.MaxItems), false, false, true)
		fmt.Fprintf(&b, "if n := len(%s); %s {\nck.fail(%s, %q, n)\n}\n", v, cond, p, "must have "+msg+" items (got %d)")
	}
	if s.Items != nil {
		pv, iv := w.name("p"), w.name("i")
		item := w.value(t.Elt, v+"["+iv+"]", s.Items.Value, "&path{up: "+pv+", index: "+iv+"}", true)
		if item != "" {
			fmt.Fprintf(&b, "%s := %s\nfor %s := range %s {\n%s}\n", pv, p, iv, v, item)
		}
	}
	return b.String()
}

func (w *checkWriter) mapValue(t *ast.MapType, v string, s *openapi3.Schema, p string, required bool) string {
	var b strings.Builder
	if required && !s.Nullable {
		fmt.Fprintf(&b, "if %s == nil {\nck.fail(%s, \"is required: an object ({} for none), not null\")\n}\n", v, p)
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		pv, kv, xv := w.name("p"), w.name("k"), w.name("x")
		item := w.value(t.Value, xv, ap.Value, "&path{up: "+pv+", name: "+kv+"}", true)
		if item != "" {
			fmt.Fprintf(&b, "%s := %s\nfor _, %s := range sortedKeys(%s) {\n%s := %s[%s]\n%s}\n", pv, p, kv, v, xv, v, kv, item)
		}
	}
	return b.String()
}

func u64(p *uint64) float64 {
	if p == nil {
		return 0
	}
	return float64(*p)
}

// bounds returns the Go condition that x is out of [lo, hi] and the text
// that says the bounds ("2 to 10", "1 or more").
func bounds(x string, lo float64, hasHi bool, hi float64, exLo, exHi, hasLo bool) (string, string) {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	var cond []string
	if hasLo {
		op := "<"
		if exLo {
			op = "<="
		}
		cond = append(cond, x+" "+op+" "+f(lo))
	}
	if hasHi {
		op := ">"
		if exHi {
			op = ">="
		}
		cond = append(cond, x+" "+op+" "+f(hi))
	}
	var msg string
	switch {
	case hasLo && hasHi && !exLo && !exHi:
		msg = f(lo) + " to " + f(hi)
	case hasLo && hasHi:
		msg = boundText(lo, exLo, "more") + " and " + boundText(hi, exHi, "less")
	case hasLo:
		msg = boundText(lo, exLo, "more")
	default:
		msg = boundText(hi, exHi, "less")
	}
	return strings.Join(cond, " || "), msg
}

func boundText(v float64, exclusive bool, dir string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if exclusive {
		return dir + " than " + s
	}
	return s + " or " + dir
}

func (w *checkWriter) numberChecks(x string, s *openapi3.Schema, p string, integer bool) string {
	if s.Min == nil && s.Max == nil {
		return ""
	}
	var lo, hi float64
	if s.Min != nil {
		lo = *s.Min
	}
	if s.Max != nil {
		hi = *s.Max
	}
	verb := "%d"
	if !integer {
		verb = "%g"
	}
	cond, msg := bounds("x", lo, s.Max != nil, hi, s.ExclusiveMin.IsTrue(), s.ExclusiveMax.IsTrue(), s.Min != nil)
	if s.Min != nil && s.Max != nil && !s.ExclusiveMin.IsTrue() && !s.ExclusiveMax.IsTrue() {
		msg = "between " + strings.Replace(msg, " to ", " and ", 1)
	}
	return fmt.Sprintf("if x := %s; %s {\nck.fail(%s, %q, x)\n}\n", x, cond, p, "must be "+msg+" (got "+verb+")")
}

func (w *checkWriter) stringChecks(x string, s *openapi3.Schema, p string) string {
	var b strings.Builder
	switch {
	case s.MinLength == 1 && s.MaxLength == nil:
		fmt.Fprintf(&b, "if %s == \"\" {\nck.fail(%s, \"must not be empty\")\n}\n", x, p)
	case s.MinLength > 0 || s.MaxLength != nil:
		cond, msg := bounds("n", float64(s.MinLength), s.MaxLength != nil, u64(s.MaxLength), false, false, s.MinLength > 0)
		fmt.Fprintf(&b, "if n := utf8.RuneCountInString(%s); %s {\nck.fail(%s, %q, n)\n}\n", x, cond, p, "must be "+msg+" characters long (got %d)")
	}
	if s.Pattern != "" {
		re, ok := w.patterns[s.Pattern]
		if !ok {
			re = "pattern" + strconv.Itoa(len(w.patterns))
			w.patterns[s.Pattern] = re
			w.patOrder = append(w.patOrder, s.Pattern)
		}
		fmt.Fprintf(&b, "if !%s.MatchString(%s) {\nck.fail(%s, \"must match %%s (got %%s)\", %s, quote(%s))\n}\n", re, x, p, re, x)
	}
	if len(s.Enum) > 0 {
		var cases, names []string
		for _, e := range s.Enum {
			es, ok := e.(string)
			if !ok {
				w.fail("a string enum with the value %v at %s", e, p)
				continue
			}
			cases = append(cases, strconv.Quote(es))
			names = append(names, es)
		}
		fmt.Fprintf(&b, "switch %s {\ncase %s:\ndefault:\nck.fail(%s, \"must be one of %%s (got %%s)\", %q, quote(%s))\n}\n",
			x, strings.Join(cases, ", "), p, strings.Join(names, ", "), x)
	}
	return b.String()
}

// object returns the checks of the fields of a struct value v (a pointer
// expression), one per schema property, in the Go struct's field order.
func (w *checkWriter) object(st *ast.StructType, typeName, v string, s *openapi3.Schema) string {
	var b strings.Builder
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	seen := map[string]bool{}
	for _, f := range fieldsOf(st) {
		if f.json == "" {
			continue
		}
		prop := s.Properties[f.json]
		if prop == nil {
			continue
		}
		seen[f.json] = true
		b.WriteString(w.value(f.typ, v+"."+f.goName, prop.Value, fmt.Sprintf("&path{up: p, name: %q}", f.json), required[f.json]))
	}
	for name := range s.Properties {
		if !seen[name] {
			w.fail("gen.%s has no field for the property %q", typeName, name)
		}
	}
	return b.String()
}

// union describes a oneOf with a discriminator, and its variants.
type union struct {
	goName   string
	property string    // the discriminator property: "type"
	variants []variant // sorted by value
}

type variant struct {
	value  string // the discriminator value: "SOURCE_OBS"
	goName string // the variant's Go type: "SourceOBSNode"
	schema *openapi3.Schema
}

// unionOf builds the union description of a discriminated oneOf type.
func (w *checkWriter) unionOf(goName string, s *openapi3.Schema) *union {
	if u := w.unions[goName]; u != nil {
		return u
	}
	u := &union{goName: goName, property: s.Discriminator.PropertyName}
	byRef := map[string]*openapi3.Schema{}
	for _, ref := range s.OneOf {
		byRef[ref.Ref] = ref.Value
	}
	mapping := map[string]string{}
	for value, ref := range s.Discriminator.Mapping {
		mapping[value] = ref.Ref
	}
	if len(mapping) == 0 {
		for _, ref := range s.OneOf {
			mapping[schemaName(ref.Ref)] = ref.Ref
		}
	}
	for value, ref := range mapping {
		vs := byRef[ref]
		if vs == nil {
			w.fail("%s: the discriminator maps %q to %s, which is not one of its oneOf", goName, value, ref)
			continue
		}
		name, ok := w.gen.findType(schemaName(ref))
		if !ok || w.gen.methods[goName]["As"+name] == nil {
			w.fail("%s: no gen type and As method for the variant %s", goName, ref)
			continue
		}
		u.variants = append(u.variants, variant{value: value, goName: name, schema: vs})
	}
	sort.Slice(u.variants, func(i, j int) bool { return u.variants[i].value < u.variants[j].value })
	w.unions[goName] = u
	return u
}

// commonRequired is the properties every variant requires, but the
// discriminator.
func (u *union) commonRequired() []string {
	count := map[string]int{}
	for _, v := range u.variants {
		for _, r := range v.schema.Required {
			count[r]++
		}
	}
	var out []string
	for name, n := range count {
		if n == len(u.variants) && name != u.property {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

func schemaName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// function returns the body of check<named>.
func (w *checkWriter) function(named string) string {
	s := w.schemas[named]
	st, ok := w.gen.types[named].Type.(*ast.StructType)
	if !ok {
		w.fail("gen.%s is not a struct", named)
		return ""
	}
	w.tmp = 0
	if !isUnion(st) {
		body := w.object(st, named, "v", s)
		if w.hand.funcs["rules"+named] != nil {
			body += fmt.Sprintf("rules%s(ck, p, v) // hand-written, in package dataflow\n", named)
		}
		return body
	}
	u := w.unionOf(named, s)
	var b strings.Builder
	fmt.Fprintf(&b, "kind, err := v.Discriminator()\nif err != nil {\nck.fail(p, \"is not an object with a %%q: %%v\", %q, err)\nreturn\n}\nswitch kind {\n", u.property)
	for _, vr := range u.variants {
		body := w.value(ast.NewIdent(vr.goName), "x", vr.schema, "p", true)
		fmt.Fprintf(&b, "case %q:\n", vr.value)
		if body != "" {
			fmt.Fprintf(&b, "x, err := v.As%s()\nif err != nil {\nck.fail(p, \"is not a %%s: %%v\", kind, err)\nreturn\n}\n%s", vr.goName, body)
		}
	}
	fmt.Fprintf(&b, "case \"\":\nck.fail(&path{up: p, name: %q}, \"is required\")\ndefault:\n", u.property)
	b.WriteString("// A value this client does not know is sent unchanged, with the\n// fields that every variant requires.\n")
	if common := u.commonRequired(); len(common) > 0 {
		fmt.Fprintf(&b, "checkPresent(ck, p, v, %s)\n", strings.Join(quoteAll(common), ", "))
	}
	b.WriteString("}\n")
	return b.String()
}
