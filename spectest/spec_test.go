// Package spectest checks openapi.yaml for the rules no third-party linter enforces (tools/spec/check.sh
// runs the linters). Each check returns one readable message per problem; TestChecksCatchInjectedFaults
// proves that every check fails on a copy of the spec with one fault injected.
//
// Run: go test ./spectest
package spectest

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const specPath = "../openapi.yaml"

// errorStatuses are the error responses every operation declares.
var errorStatuses = []string{"400", "401", "403", "404", "429", "500", "default"}

// readSpec reads openapi.yaml once per test binary.
var readSpec = sync.OnceValues(func() ([]byte, error) { return os.ReadFile(specPath) })

// loadSpec parses a fresh, private copy of the spec (callers may mutate it).
func loadSpec(tb testing.TB) *openapi3.T {
	tb.Helper()
	data, err := readSpec()
	if err != nil {
		tb.Fatalf("read spec: %v", err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		tb.Fatalf("load %s: %v", specPath, err)
	}
	return doc
}

// report fails the test with one line per problem.
func report(t *testing.T, check string, problems []string) {
	t.Helper()
	for _, p := range problems {
		t.Errorf("%s: %s", check, p)
	}
	if len(problems) > 0 {
		t.Logf("%s: %d problem(s) in %s", check, len(problems), specPath)
	}
}

func TestSpecValidates(t *testing.T) {
	doc := loadSpec(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Errorf("kin-openapi validation of %s: %v", specPath, err)
	}
}

func TestDiscriminators(t *testing.T) {
	doc := loadSpec(t)
	if countDiscriminators(doc) == 0 {
		t.Fatalf("no schema in %s has a discriminator; expected at least the job node union", specPath)
	}
	report(t, "discriminator", checkDiscriminators(doc))
}

func TestOperationMetadata(t *testing.T) {
	report(t, "operation", checkOperationMetadata(loadSpec(t)))
}

func TestExamples(t *testing.T) {
	report(t, "example", checkExamples(loadSpec(t)))
}

func TestErrorResponses(t *testing.T) {
	report(t, "error responses", checkErrorResponses(loadSpec(t)))
}

func TestInt64IDs(t *testing.T) {
	report(t, "int64", checkInt64IDs(loadSpec(t)))
}

// TestChecksCatchInjectedFaults injects one fault at a time into a private copy of the spec and requires
// the matching check to report a new problem that names it. Problems the real spec already has are
// subtracted first, so this test stays meaningful while the spec is being fixed.
func TestChecksCatchInjectedFaults(t *testing.T) {
	type check func(*openapi3.T) []string
	// Each inject mutates doc and returns the text the new problem must contain.
	faults := []struct {
		name   string
		check  check
		inject func(t *testing.T, doc *openapi3.T) string
	}{
		{"variant enum differs from its mapping key", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			p := *u.variant.Properties[u.prop].Value // copy: the property schema may be shared
			p.Enum = []any{u.key + "_RENAMED"}
			u.variant.Properties[u.prop] = openapi3.NewSchemaRef("", &p)
			return fmt.Sprintf("%s.%s has enum [%s_RENAMED], want [%s]", u.variantName, u.prop, u.key, u.key)
		}},
		{"variant enum has two values", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			p := *u.variant.Properties[u.prop].Value
			p.Enum = []any{u.key, "OTHER"}
			u.variant.Properties[u.prop] = openapi3.NewSchemaRef("", &p)
			return fmt.Sprintf("%s.%s has enum [%s, OTHER], want [%s]", u.variantName, u.prop, u.key, u.key)
		}},
		{"discriminator property not required", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			u.variant.Required = slices.DeleteFunc(slices.Clone(u.variant.Required), func(r string) bool { return r == u.prop })
			return fmt.Sprintf("%s does not list %q in required", u.variantName, u.prop)
		}},
		{"discriminator property missing", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			props := maps.Clone(u.variant.Properties)
			delete(props, u.prop)
			u.variant.Properties = props
			return fmt.Sprintf("%s has no property %q", u.variantName, u.prop)
		}},
		{"mapping entry dropped", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			delete(u.union.Discriminator.Mapping, u.key)
			return fmt.Sprintf("oneOf member %s has no discriminator mapping entry", u.ref)
		}},
		{"mapping target does not exist", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			u.union.Discriminator.Mapping[u.key] = openapi3.MappingRef{Ref: schemaPrefix + "NoSuchNode"}
			return fmt.Sprintf("mapping %q -> %q: no such schema", u.key, schemaPrefix+"NoSuchNode")
		}},
		{"mapping target written as a bare name", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			u.union.Discriminator.Mapping[u.key] = openapi3.MappingRef{Ref: u.variantName}
			return fmt.Sprintf("mapping %q -> %q: no such schema", u.key, u.variantName)
		}},
		{"mapping target not in oneOf", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			u.union.OneOf = slices.DeleteFunc(slices.Clone(u.union.OneOf), func(m *openapi3.SchemaRef) bool { return m.Ref == u.ref })
			return fmt.Sprintf("mapping %q -> %s, which is not listed in oneOf", u.key, u.ref)
		}},
		{"two mapping keys for one variant", checkDiscriminators, func(t *testing.T, doc *openapi3.T) string {
			u := biggestUnion(t, doc)
			u.union.Discriminator.Mapping["ZZZ_ALIAS"] = openapi3.MappingRef{Ref: u.ref}
			return fmt.Sprintf("both point at %s", u.ref)
		}},
		{"operationId removed", checkOperationMetadata, func(t *testing.T, doc *openapi3.T) string {
			method, path, op := someOperation(t, doc)
			op.OperationID = ""
			return method + " " + path + ": no operationId"
		}},
		{"summary removed", checkOperationMetadata, func(t *testing.T, doc *openapi3.T) string {
			_, _, op := someOperation(t, doc)
			op.Summary = ""
			return "(" + op.OperationID + "): no summary"
		}},
		{"request body example removed", checkExamples, func(t *testing.T, doc *openapi3.T) string {
			_, _, op := someOperation(t, doc)
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				t.Fatalf("%s has no request body", op.OperationID)
			}
			mt := jsonMediaType(t, op.RequestBody.Value.Content)
			mt.Example, mt.Examples = nil, nil
			return "(" + op.OperationID + "): request body application/json has no example or examples"
		}},
		{"error response examples removed", checkExamples, func(t *testing.T, doc *openapi3.T) string {
			_, _, op := someOperation(t, doc)
			r := op.Responses.Value("404")
			if r == nil || r.Value == nil {
				t.Fatalf("%s has no 404 response", op.OperationID)
			}
			mt := jsonMediaType(t, r.Value.Content)
			mt.Example, mt.Examples = nil, nil
			return "(" + op.OperationID + "): response 404"
		}},
		{"success response example removed", checkExamples, func(t *testing.T, doc *openapi3.T) string {
			_, _, op := someOperation(t, doc)
			r := op.Responses.Value("200")
			if r == nil || r.Value == nil {
				t.Fatalf("%s has no 200 response", op.OperationID)
			}
			mt := jsonMediaType(t, r.Value.Content)
			mt.Example, mt.Examples = nil, nil
			return "(" + op.OperationID + "): response 200"
		}},
		{"429 response missing", checkErrorResponses, func(t *testing.T, doc *openapi3.T) string {
			_, _, op := someOperation(t, doc)
			op.Responses.Delete("429")
			return "(" + op.OperationID + "): does not declare response(s) 429"
		}},
		{"default and 500 responses missing", checkErrorResponses, func(t *testing.T, doc *openapi3.T) string {
			_, _, op := someOperation(t, doc)
			op.Responses.Delete("500")
			op.Responses.Delete("default")
			return "(" + op.OperationID + "): does not declare response(s) 500, default"
		}},
		{"int64 format removed from an id", checkInt64IDs, func(t *testing.T, doc *openapi3.T) string {
			where, s, name := findProperty(t, doc, func(name string, p *openapi3.Schema) bool {
				return isIDName(name) && p.Type.Is(openapi3.TypeInteger)
			})
			p := *s.Properties[name].Value
			p.Format = ""
			s.Properties[name] = openapi3.NewSchemaRef("", &p)
			return fmt.Sprintf("%s.%s: integer id has format \"\", want int64", where, name)
		}},
		{"int64 format removed from parentNodeIds items", checkInt64IDs, func(t *testing.T, doc *openapi3.T) string {
			where, s, name := findProperty(t, doc, func(name string, p *openapi3.Schema) bool {
				return name == "parentNodeIds" && p.Items != nil && p.Items.Value != nil && p.Items.Value.Type.Is(openapi3.TypeInteger)
			})
			p := *s.Properties[name].Value
			items := *p.Items.Value
			items.Format = "int32"
			p.Items = openapi3.NewSchemaRef("", &items)
			s.Properties[name] = openapi3.NewSchemaRef("", &p)
			return fmt.Sprintf("%s.%s[]: integer id has format \"int32\", want int64", where, name)
		}},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			before := f.check(loadSpec(t))
			doc := loadSpec(t)
			want := f.inject(t, doc)
			var added []string
			for _, p := range f.check(doc) {
				if !slices.Contains(before, p) {
					added = append(added, p)
				}
			}
			for _, p := range added {
				if strings.Contains(p, want) {
					t.Logf("caught: %s", p)
					return
				}
			}
			t.Errorf("the check did not report the fault; want a new problem containing %q, got %d new: %q", want, len(added), added)
		})
	}
}

// union describes one variant of the document's largest discriminated union (the job node union).
type union struct {
	union       *openapi3.Schema
	prop, key   string // discriminator property, mapping key
	ref         string // mapping target, "#/components/schemas/<variantName>"
	variantName string
	variant     *openapi3.Schema
}

// biggestUnion picks the component schema with the most mapping entries and, in it, the first key (in
// sorted order) whose target exists. The fault tests mutate that variant.
func biggestUnion(t *testing.T, doc *openapi3.T) union {
	t.Helper()
	var best *openapi3.Schema
	for _, name := range sortedKeys(doc.Components.Schemas) {
		s := doc.Components.Schemas[name].Value
		if s != nil && s.Discriminator != nil && (best == nil || len(s.Discriminator.Mapping) > len(best.Discriminator.Mapping)) {
			best = s
		}
	}
	if best == nil {
		t.Fatal("no component schema has a discriminator")
	}
	for _, key := range sortedKeys(best.Discriminator.Mapping) {
		ref := best.Discriminator.Mapping[key].Ref
		name := strings.TrimPrefix(ref, schemaPrefix)
		if v := doc.Components.Schemas[name]; v != nil && v.Value != nil && v.Value.Properties[best.Discriminator.PropertyName] != nil {
			return union{best, best.Discriminator.PropertyName, key, ref, name, v.Value}
		}
	}
	t.Fatal("no discriminator mapping entry points at a variant with the discriminator property")
	return union{}
}

// someOperation returns updateJobExecutionConfig (the seed page's operation), else the first operation.
func someOperation(t *testing.T, doc *openapi3.T) (method, path string, op *openapi3.Operation) {
	t.Helper()
	for _, p := range sortedKeys(doc.Paths.Map()) {
		ops := doc.Paths.Value(p).Operations()
		for _, m := range sortedKeys(ops) {
			if op == nil || ops[m].OperationID == "updateJobExecutionConfig" {
				method, path, op = m, p, ops[m]
			}
		}
	}
	if op == nil {
		t.Fatal("the spec has no operations")
	}
	return method, path, op
}

func jsonMediaType(t *testing.T, content openapi3.Content) *openapi3.MediaType {
	t.Helper()
	for _, mt := range sortedKeys(content) {
		if isJSON(mt) && content[mt] != nil {
			return content[mt]
		}
	}
	t.Fatal("no JSON media type")
	return nil
}

// findProperty returns the first schema (in walkSchemas order) with a property matching match.
func findProperty(t *testing.T, doc *openapi3.T, match func(name string, p *openapi3.Schema) bool) (where string, s *openapi3.Schema, name string) {
	t.Helper()
	walkSchemas(doc, func(w string, cand *openapi3.Schema) {
		if s != nil {
			return
		}
		for _, n := range sortedKeys(cand.Properties) {
			if p := cand.Properties[n].Value; p != nil && match(n, p) {
				where, s, name = w, cand, n
				return
			}
		}
	})
	if s == nil {
		t.Fatal("no matching property in the spec")
	}
	return where, s, name
}

// ---------------------------------------------------------------------------------------------------
// Checks.

const schemaPrefix = "#/components/schemas/"

func countDiscriminators(doc *openapi3.T) int {
	n := 0
	walkSchemas(doc, func(_ string, s *openapi3.Schema) {
		if s.Discriminator != nil {
			n++
		}
	})
	return n
}

// checkDiscriminators: for every schema with a discriminator, the mapping is complete and 1:1 over the
// oneOf members (each a $ref to a named schema), and every variant declares the discriminator property
// as a required string whose enum is exactly [mapping key].
func checkDiscriminators(doc *openapi3.T) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	walkSchemas(doc, func(where string, s *openapi3.Schema) {
		d := s.Discriminator
		if d == nil {
			return
		}
		prop := d.PropertyName
		if len(s.OneOf) == 0 {
			add("%s: has a discriminator but no oneOf", where)
		}
		if len(d.Mapping) == 0 {
			add("%s: discriminator on %q has no mapping", where, prop)
		}
		members := map[string]bool{}
		for i, m := range s.OneOf {
			if m.Ref == "" {
				add("%s: oneOf[%d] is an inline schema; want a $ref to a named schema", where, i)
				continue
			}
			if members[m.Ref] {
				add("%s: oneOf lists %s twice", where, m.Ref)
			}
			members[m.Ref] = true
		}
		mappedBy := map[string]string{}
		for _, key := range sortedKeys(d.Mapping) {
			ref := d.Mapping[key].Ref
			if other, dup := mappedBy[ref]; dup {
				add("%s: mapping keys %q and %q both point at %s; want a 1:1 mapping", where, other, key, ref)
			}
			mappedBy[ref] = key
			name, ok := strings.CutPrefix(ref, schemaPrefix)
			var target *openapi3.SchemaRef
			if ok && doc.Components != nil {
				target = doc.Components.Schemas[name]
			}
			if target == nil || target.Value == nil {
				add("%s: mapping %q -> %q: no such schema (want %s<Name>)", where, key, ref, schemaPrefix)
				continue
			}
			if !members[ref] {
				add("%s: mapping %q -> %s, which is not listed in oneOf", where, key, ref)
			}
			v := target.Value
			p := v.Properties[prop]
			switch {
			case p == nil || p.Value == nil:
				add("%s: mapping %q -> %s: %s has no property %q", where, key, ref, name, prop)
			case len(p.Value.Enum) != 1 || p.Value.Enum[0] != key:
				add("%s: mapping %q -> %s: %s.%s has enum %s, want [%s]",
					where, key, ref, name, prop, formatEnum(p.Value.Enum), key)
			}
			if p != nil && p.Value != nil && !p.Value.Type.Is(openapi3.TypeString) {
				add("%s: mapping %q -> %s: %s.%s has type %v, want string", where, key, ref, name, prop, typeList(p.Value))
			}
			if !slices.Contains(v.Required, prop) {
				add("%s: mapping %q -> %s: %s does not list %q in required", where, key, ref, name, prop)
			}
		}
		for _, m := range s.OneOf {
			if m.Ref != "" {
				if _, ok := mappedBy[m.Ref]; !ok {
					add("%s: oneOf member %s has no discriminator mapping entry", where, m.Ref)
				}
			}
		}
	})
	return problems
}

// checkOperationMetadata: every operation has an operationId and a summary.
func checkOperationMetadata(doc *openapi3.T) []string {
	var problems []string
	eachOperation(doc, func(where string, op *openapi3.Operation) {
		if strings.TrimSpace(op.OperationID) == "" {
			problems = append(problems, fmt.Sprintf("%s: no operationId", where))
		}
		if strings.TrimSpace(op.Summary) == "" {
			problems = append(problems, fmt.Sprintf("%s: no summary", where))
		}
	})
	return problems
}

// checkExamples: every JSON request and response body has `example` or `examples` on its media type.
func checkExamples(doc *openapi3.T) []string {
	var problems []string
	eachOperation(doc, func(where string, op *openapi3.Operation) {
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			for _, mt := range sortedKeys(op.RequestBody.Value.Content) {
				if isJSON(mt) && !hasExample(op.RequestBody.Value.Content[mt]) {
					problems = append(problems, fmt.Sprintf("%s: request body %s has no example or examples", where, mt))
				}
			}
		}
		if op.Responses == nil {
			return
		}
		for _, status := range sortedKeys(op.Responses.Map()) {
			r := op.Responses.Value(status)
			if r == nil || r.Value == nil {
				continue
			}
			via := ""
			if r.Ref != "" {
				via = " (" + r.Ref + ")"
			}
			for _, mt := range sortedKeys(r.Value.Content) {
				if isJSON(mt) && !hasExample(r.Value.Content[mt]) {
					problems = append(problems, fmt.Sprintf("%s: response %s%s %s has no example or examples", where, status, via, mt))
				}
			}
		}
	})
	return problems
}

// checkErrorResponses: every operation declares the 400, 401, 403, 404, 429, 500 and default responses.
func checkErrorResponses(doc *openapi3.T) []string {
	var problems []string
	eachOperation(doc, func(where string, op *openapi3.Operation) {
		var missing []string
		for _, status := range errorStatuses {
			if op.Responses == nil || op.Responses.Value(status) == nil {
				missing = append(missing, status)
			}
		}
		if len(missing) > 0 {
			problems = append(problems, fmt.Sprintf("%s: does not declare response(s) %s", where, strings.Join(missing, ", ")))
		}
	})
	return problems
}

// checkInt64IDs: an integer property named `id` or `*Id`, the integer items of an array property named
// `*Ids` (parentNodeIds), and an integer parameter named `id`/`*Id` all have format int64.
func checkInt64IDs(doc *openapi3.T) []string {
	var problems []string
	walkSchemas(doc, func(where string, s *openapi3.Schema) {
		for _, name := range sortedKeys(s.Properties) {
			p := s.Properties[name].Value
			if p == nil {
				continue
			}
			switch {
			case isIDName(name) && p.Type.Is(openapi3.TypeInteger) && p.Format != "int64":
				problems = append(problems, fmt.Sprintf("%s.%s: integer id has format %q, want int64", where, name, p.Format))
			case strings.HasSuffix(name, "Ids") && p.Items != nil && p.Items.Value != nil &&
				p.Items.Value.Type.Is(openapi3.TypeInteger) && p.Items.Value.Format != "int64":
				problems = append(problems, fmt.Sprintf("%s.%s[]: integer id has format %q, want int64", where, name, p.Items.Value.Format))
			}
		}
	})
	eachOperation(doc, func(where string, op *openapi3.Operation) {
		for _, pr := range op.Parameters {
			if pr.Value == nil || pr.Value.Schema == nil || pr.Value.Schema.Value == nil {
				continue
			}
			p := pr.Value
			if isIDName(p.Name) && p.Schema.Value.Type.Is(openapi3.TypeInteger) && p.Schema.Value.Format != "int64" {
				problems = append(problems, fmt.Sprintf("%s: %s parameter %s: integer id has format %q, want int64", where, p.In, p.Name, p.Schema.Value.Format))
			}
		}
	})
	return problems
}

// ---------------------------------------------------------------------------------------------------
// Walking the document.

// walkSchemas calls visit once for every schema object written in the document: each component schema
// and everything nested in it, and the inline schemas of parameters, request bodies, responses and
// headers. A $ref is not followed (its target is visited where it is defined), so every schema is
// reported at one place: "#/components/schemas/Job.properties.nodes[]" or "GET /path: response 200 ...".
func walkSchemas(doc *openapi3.T, visit func(where string, s *openapi3.Schema)) {
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Ref != "" || ref.Value == nil {
			return
		}
		s := ref.Value
		visit(where, s)
		for _, name := range sortedKeys(s.Properties) {
			walk(where+".properties."+name, s.Properties[name])
		}
		walk(where+"[]", s.Items)
		if s.AdditionalProperties.Schema != nil {
			walk(where+".additionalProperties", s.AdditionalProperties.Schema)
		}
		for _, c := range []struct {
			kind string
			list openapi3.SchemaRefs
		}{{"allOf", s.AllOf}, {"oneOf", s.OneOf}, {"anyOf", s.AnyOf}} {
			for i, m := range c.list {
				walk(fmt.Sprintf("%s.%s[%d]", where, c.kind, i), m)
			}
		}
		walk(where+".not", s.Not)
	}
	walkContent := func(where string, content openapi3.Content) {
		for _, mt := range sortedKeys(content) {
			if content[mt] != nil {
				walk(where+" "+mt, content[mt].Schema)
			}
		}
	}
	if c := doc.Components; c != nil {
		for _, name := range sortedKeys(c.Schemas) {
			walk(schemaPrefix+name, c.Schemas[name])
		}
		for _, name := range sortedKeys(c.Parameters) {
			if p := c.Parameters[name]; p != nil && p.Ref == "" && p.Value != nil {
				walk("#/components/parameters/"+name, p.Value.Schema)
			}
		}
		for _, name := range sortedKeys(c.RequestBodies) {
			if b := c.RequestBodies[name]; b != nil && b.Ref == "" && b.Value != nil {
				walkContent("#/components/requestBodies/"+name, b.Value.Content)
			}
		}
		for _, name := range sortedKeys(c.Responses) {
			if r := c.Responses[name]; r != nil && r.Ref == "" && r.Value != nil {
				walkContent("#/components/responses/"+name, r.Value.Content)
			}
		}
		for _, name := range sortedKeys(c.Headers) {
			if h := c.Headers[name]; h != nil && h.Ref == "" && h.Value != nil {
				walk("#/components/headers/"+name, h.Value.Schema)
			}
		}
	}
	eachOperation(doc, func(where string, op *openapi3.Operation) {
		for _, p := range op.Parameters {
			if p != nil && p.Ref == "" && p.Value != nil {
				walk(where+": parameter "+p.Value.Name, p.Value.Schema)
			}
		}
		if b := op.RequestBody; b != nil && b.Ref == "" && b.Value != nil {
			walkContent(where+": request body", b.Value.Content)
		}
		if op.Responses != nil {
			for _, status := range sortedKeys(op.Responses.Map()) {
				if r := op.Responses.Value(status); r != nil && r.Ref == "" && r.Value != nil {
					walkContent(where+": response "+status, r.Value.Content)
				}
			}
		}
	})
}

// eachOperation calls visit for every operation, in path then method order, as "PUT /path (operationId)".
// visit gets a shallow copy whose Parameters also hold the path-level parameters.
func eachOperation(doc *openapi3.T, visit func(where string, op *openapi3.Operation)) {
	if doc.Paths == nil {
		return
	}
	for _, path := range sortedKeys(doc.Paths.Map()) {
		item := doc.Paths.Value(path)
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			op := ops[method]
			where := method + " " + path
			if op.OperationID != "" {
				where += " (" + op.OperationID + ")"
			}
			// Include path-level parameters so parameter checks see them too.
			merged := *op
			merged.Parameters = append(slices.Clone(item.Parameters), op.Parameters...)
			visit(where, &merged)
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// Small helpers.

func isJSON(mediaType string) bool {
	mt, _, _ := strings.Cut(mediaType, ";")
	mt = strings.TrimSpace(strings.ToLower(mt))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func hasExample(mt *openapi3.MediaType) bool {
	return mt != nil && (mt.Example != nil || len(mt.Examples) > 0)
}

func isIDName(name string) bool { return name == "id" || strings.HasSuffix(name, "Id") }

func formatEnum(enum []any) string {
	parts := make([]string, len(enum))
	for i, v := range enum {
		parts[i] = fmt.Sprint(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func typeList(s *openapi3.Schema) []string {
	if s.Type == nil {
		return nil
	}
	return *s.Type
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
