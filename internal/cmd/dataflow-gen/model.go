package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// model is what the renderers write from: the spec's operations with the Go
// names oapi-codegen gave their parts.
type model struct {
	gen    *goPackage
	ops    []*operation
	groups []string // the first tag of each operation, in order of first use
	checks *checkWriter
	unions []*union // every discriminated oneOf of components.schemas
}

type operation struct {
	id          string // operationId
	goName      string // the generated client's method: GetJobs
	method      string
	path        string
	summary     string
	description string
	group       string
	pathParams  []*param // in the generated method's order
	params      *paramSet
	body        *requestBody
	result      string // gen type of the success body; "" when it is the value true
	status      int    // the success status
	handWritten bool   // package dataflow defines the method itself
	list        bool   // a paged list: page and limit parameters, a list in the answer
	spec        *openapi3.Operation
}

type param struct {
	name        string // as in the spec: jobId
	in          string
	goArg       string // the method's argument: jobID
	goType      ast.Expr
	goField     string // the field of the params struct
	schema      *openapi3.Schema
	description string
	required    bool
}

type paramSet struct {
	typeName string // gen.GetJobsParams
	byValue  bool   // a parameter is required: the method takes the struct, not a pointer
	fields   []*param
}

type requestBody struct {
	typeName string // gen type: CreateJobRequest
	required bool
	schema   *openapi3.Schema
	example  string // indented JSON, from the spec's example
	fields   []*bodyField
	// wrapped is set when the body only wraps one required object
	// ({"jobCondition": {...}}): the method takes that object.
	wrapped *structField
}

// bodyField is a scalar field of the request body (or of an object inside
// it), which the command offers as a flag.
type bodyField struct {
	path     []string // JSON path: jobCondition, numWorker
	schema   *openapi3.Schema
	required bool // required, and so is every object above it
}

func buildModel(doc *openapi3.T, g, hand *goPackage) (*model, error) {
	m := &model{gen: g, checks: newCheckWriter(g, hand)}
	client := g.types["ClientInterface"]
	if client == nil {
		return nil, fmt.Errorf("gen has no ClientInterface: was it generated with client: true?")
	}
	iface, ok := client.Type.(*ast.InterfaceType)
	if !ok {
		return nil, fmt.Errorf("gen.ClientInterface is not an interface")
	}
	methods := map[string]*ast.FuncType{}
	for _, f := range iface.Methods.List {
		if ft, ok := f.Type.(*ast.FuncType); ok && len(f.Names) == 1 {
			methods[f.Names[0].Name] = ft
		}
	}
	type located struct {
		line int
		path string
		item *openapi3.PathItem
		verb string
		op   *openapi3.Operation
	}
	var all []located
	for path, item := range doc.Paths.Map() {
		for verb, op := range item.Operations() {
			line := 0
			if op.Origin != nil && op.Origin.Key != nil {
				line = op.Origin.Key.Line
			}
			all = append(all, located{line, path, item, verb, op})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].line != all[j].line {
			return all[i].line < all[j].line
		}
		return all[i].path+all[i].verb < all[j].path+all[j].verb
	})
	seenGroup := map[string]bool{}
	for _, l := range all {
		o, err := m.operation(l.path, l.item, l.verb, l.op, methods, hand)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", l.op.OperationID, err)
		}
		if !seenGroup[o.group] {
			seenGroup[o.group] = true
			m.groups = append(m.groups, o.group)
		}
		m.ops = append(m.ops, o)
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for name := range doc.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s := doc.Components.Schemas[name].Value
		if len(s.OneOf) == 0 || s.Discriminator == nil {
			continue
		}
		if _, aliased := s.Extensions["x-go-type"]; aliased {
			continue // another schema's Go type (a response shape of a request union)
		}
		goName, ok := g.findType(name)
		if !ok {
			return nil, fmt.Errorf("components.schemas.%s has no gen type", name)
		}
		m.unions = append(m.unions, m.checks.unionOf(goName, s))
	}
	m.settleChecks()
	if m.checks.err != nil {
		return nil, m.checks.err
	}
	return m, nil
}

func (m *model) operation(path string, item *openapi3.PathItem, verb string, op *openapi3.Operation,
	methods map[string]*ast.FuncType, hand *goPackage) (*operation, error) {
	if op.OperationID == "" {
		return nil, fmt.Errorf("%s %s has no operationId", verb, path)
	}
	o := &operation{id: op.OperationID, method: verb, path: path, summary: op.Summary, description: op.Description, spec: op}
	if len(op.Tags) > 0 {
		o.group = op.Tags[0]
	}
	var ft *ast.FuncType
	for name, f := range methods {
		if strings.EqualFold(name, op.OperationID) {
			o.goName, ft = name, f
		}
	}
	if ft == nil {
		return nil, fmt.Errorf("gen.ClientInterface has no method for it")
	}
	o.handWritten = hand.methods["Client"][o.goName] != nil

	specParams := map[string]*openapi3.Parameter{}
	for _, refs := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, r := range refs {
			specParams[r.Value.In+":"+r.Value.Name] = r.Value
		}
	}
	for _, f := range ft.Params.List {
		for _, n := range f.Names {
			switch {
			case n.Name == "ctx" || n.Name == "reqEditors":
			case n.Name == "params":
				ps, err := m.paramSet(f.Type, specParams)
				if err != nil {
					return nil, err
				}
				o.params = ps
			case n.Name == "body":
				b, err := m.requestBody(f.Type, op)
				if err != nil {
					return nil, err
				}
				o.body = b
			default:
				var sp *openapi3.Parameter
				for _, p := range specParams {
					if p.In == "path" && strings.EqualFold(p.Name, n.Name) {
						sp = p
					}
				}
				if sp == nil {
					return nil, fmt.Errorf("the generated method's argument %s is no path parameter", n.Name)
				}
				o.pathParams = append(o.pathParams, &param{name: sp.Name, in: "path", goArg: goIdent(sp.Name), goType: f.Type,
					schema: sp.Schema.Value, description: sp.Description, required: true})
			}
		}
	}
	if err := m.result(o); err != nil {
		return nil, err
	}
	if o.params != nil {
		hasPage := false
		for _, p := range o.params.fields {
			hasPage = hasPage || (p.name == "page" && p.in == "query")
		}
		if hasPage && o.result != "" {
			if resp := successSchema(op); resp != nil && resp.Properties["list"] != nil && typeIs(resp.Properties["list"].Value, "array") {
				o.list = true
			}
		}
	}
	return o, nil
}

// goIdent is a parameter name as a Go identifier: jobId -> jobID.
func goIdent(name string) string {
	var b strings.Builder
	up := false
	for _, r := range name {
		if r == '-' || r == '_' || r == '.' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	s := b.String()
	if strings.HasSuffix(s, "Id") {
		s = strings.TrimSuffix(s, "Id") + "ID"
	}
	return s
}

func (m *model) paramSet(t ast.Expr, specParams map[string]*openapi3.Parameter) (*paramSet, error) {
	st, ok := t.(*ast.StarExpr)
	if !ok {
		return nil, fmt.Errorf("the generated params argument is not a pointer")
	}
	id, ok := st.X.(*ast.Ident)
	if !ok {
		return nil, fmt.Errorf("the generated params type is not a name")
	}
	ps := &paramSet{typeName: id.Name}
	decl, ok := m.gen.types[id.Name].Type.(*ast.StructType)
	if !ok {
		return nil, fmt.Errorf("gen.%s is not a struct", id.Name)
	}
	for _, f := range fieldsOf(decl) {
		var sp *openapi3.Parameter
		for _, p := range specParams {
			if p.In != "path" && p.Name == f.json {
				sp = p
			}
		}
		if sp == nil {
			return nil, fmt.Errorf("gen.%s.%s is no parameter of the spec", id.Name, f.goName)
		}
		ps.fields = append(ps.fields, &param{name: sp.Name, in: sp.In, goField: f.goName, goType: f.typ,
			schema: sp.Schema.Value, description: sp.Description, required: sp.Required})
		ps.byValue = ps.byValue || sp.Required
	}
	return ps, nil
}

func (m *model) requestBody(t ast.Expr, op *openapi3.Operation) (*requestBody, error) {
	id, ok := t.(*ast.Ident)
	if !ok {
		return nil, fmt.Errorf("the generated body type is not a name")
	}
	_, named := m.gen.resolve(id)
	if named == "" {
		return nil, fmt.Errorf("the generated body type %s is not a struct", id.Name)
	}
	rb := op.RequestBody.Value
	mt := rb.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil, fmt.Errorf("the request body has no application/json schema")
	}
	b := &requestBody{typeName: named, required: rb.Required, schema: mt.Schema.Value}
	example, err := exampleOf(mt)
	if err != nil {
		return nil, err
	}
	b.example = example
	b.fields = bodyFields(nil, mt.Schema.Value, true)
	if s := b.schema; len(s.Properties) == 1 && len(s.Required) == 1 && (s.AdditionalProperties.Has == nil || !*s.AdditionalProperties.Has) {
		st := m.gen.types[named].Type.(*ast.StructType)
		for _, f := range fieldsOf(st) {
			if _, isName := f.typ.(*ast.Ident); isName && f.json == s.Required[0] {
				if rt, _ := m.gen.resolve(f.typ); rt != nil {
					if _, isStruct := rt.(*ast.StructType); isStruct {
						b.wrapped = &f
					}
				}
			}
		}
	}
	return b, nil
}

// bodyFields lists the scalar fields of an object schema and of the objects
// inside it, depth first in the order of their names.
func bodyFields(prefix []string, s *openapi3.Schema, required bool) []*bodyField {
	req := map[string]bool{}
	for _, r := range s.Required {
		req[r] = true
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*bodyField
	for _, n := range names {
		ps := s.Properties[n].Value
		path := append(append([]string(nil), prefix...), n)
		switch {
		case ps.ReadOnly || len(ps.OneOf) > 0 || len(ps.AnyOf) > 0 || len(ps.AllOf) > 0:
		case typeIs(ps, "object") && len(ps.Properties) > 0:
			out = append(out, bodyFields(path, ps, required && req[n])...)
		case typeIs(ps, "string") && ps.Format != "byte" && ps.Format != "binary", typeIs(ps, "integer"), typeIs(ps, "boolean"):
			out = append(out, &bodyField{path: path, schema: ps, required: required && req[n]})
		}
	}
	return out
}

// exampleOf is the media type's example as indented JSON: its example, else
// the first of its named examples.
func exampleOf(mt *openapi3.MediaType) (string, error) {
	v := mt.Example
	if v == nil && len(mt.Examples) > 0 {
		names := make([]string, 0, len(mt.Examples))
		for n := range mt.Examples {
			names = append(names, n)
		}
		sort.Strings(names)
		v = mt.Examples[names[0]].Value.Value
	}
	if v == nil {
		return "", nil
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// successSchema is the schema of the operation's first 2xx JSON answer.
func successSchema(op *openapi3.Operation) *openapi3.Schema {
	codes := make([]int, 0)
	for code := range op.Responses.Map() {
		if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 {
			codes = append(codes, n)
		}
	}
	sort.Ints(codes)
	for _, c := range codes {
		r := op.Responses.Status(c)
		if r == nil || r.Value == nil {
			continue
		}
		if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			return mt.Schema.Value
		}
	}
	return nil
}

// result finds the success type in the generated <Op>Response struct: its
// first JSON2xx field.
func (m *model) result(o *operation) error {
	ts := m.gen.types[o.goName+"Response"]
	if ts == nil {
		return fmt.Errorf("gen has no %sResponse: generate the client with responses", o.goName)
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return fmt.Errorf("gen.%sResponse is not a struct", o.goName)
	}
	for _, f := range fieldsOf(st) {
		code, err := strconv.Atoi(strings.TrimPrefix(f.goName, "JSON"))
		if !strings.HasPrefix(f.goName, "JSON") || err != nil || code < 200 || code > 299 {
			continue
		}
		ptr, ok := f.typ.(*ast.StarExpr)
		if !ok {
			return fmt.Errorf("gen.%sResponse.%s is not a pointer", o.goName, f.goName)
		}
		o.status = code
		rt, named := m.gen.resolve(ptr.X)
		if id, ok := rt.(*ast.Ident); ok && id.Name == "bool" {
			return nil // the bare value true
		}
		if named == "" {
			return fmt.Errorf("the %d answer's schema is inline, so its Go type has no name: move it to components.schemas and $ref it", code)
		}
		if id, ok := ptr.X.(*ast.Ident); ok {
			o.result = id.Name
		}
		return nil
	}
	return fmt.Errorf("no 2xx application/json answer")
}

// settleChecks runs the check writer to its fixed point: which named types
// have checks, reached from every operation's input.
func (m *model) settleChecks() {
	w := m.checks
	for range 100 {
		changed := false
		for _, o := range m.ops {
			w.inputChecks(o)
		}
		for i := 0; i < len(w.order); i++ {
			named := w.order[i]
			has := w.function(named) != ""
			if has != w.has[named] {
				w.has[named] = has
				changed = true
			}
		}
		if !changed {
			return
		}
	}
	w.fail("the checks did not settle")
}

// inputChecks is the body of validate<Op>Input.
func (w *checkWriter) inputChecks(o *operation) string {
	w.tmp = 0
	var b strings.Builder
	for _, p := range o.pathParams {
		fmt.Fprintf(&b, "checkPathParam(ck, %q, %s)\n", p.name, p.goArg)
		b.WriteString(w.value(p.goType, p.goArg, p.schema, fmt.Sprintf("&path{name: %q}", p.name), true))
	}
	if ps := o.params; ps != nil {
		var inner strings.Builder
		for _, f := range ps.fields {
			inner.WriteString(w.value(f.goType, "params."+f.goField, f.schema, fmt.Sprintf("&path{name: %q}", f.name), f.required))
		}
		if inner.Len() > 0 {
			if ps.byValue {
				b.WriteString(inner.String())
			} else {
				fmt.Fprintf(&b, "if params != nil {\n%s}\n", inner.String())
			}
		}
	}
	if o.body != nil {
		b.WriteString(w.value(ast.NewIdent(o.body.typeName), "(*body)", o.body.schema, "nil", true))
	}
	return b.String()
}
