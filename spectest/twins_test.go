package spectest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// A schema used in both directions has two shapes (docs/api-decisions.md, "Strict requests, liberal
// responses"): the request shape, and a returned shape whose `x-go-type` names the request shape (its
// twin). The returned shape has the same properties, no more required fields, the same discriminator
// keys, and each enum of the twin opened: a plain string whose x-open-enum refers to the twin's enum.

const (
	goTypeExt   = "x-go-type"
	openEnumExt = "x-open-enum" // on a response's string: {$ref: the enum schema whose values it may carry, and more}
)

// twinExceptions are returned properties allowed to point at another schema than their twin's, and why.
var twinExceptions = map[string]string{
	"ReturnedWorkflowJobNode.jobCondition": "responses carry RunCondition (no bounds, nrn may be empty); requests JobCondition",
}

func TestReturnedTwins(t *testing.T) {
	doc := loadSpec(t)
	if len(twins(doc)) == 0 {
		t.Fatalf("no component schema of %s names a request twin in %s", specPath, goTypeExt)
	}
	report(t, "returned twin", checkTwins(doc))
}

// twins maps each returned schema name to the name of its request twin.
func twins(doc *openapi3.T) map[string]string {
	out := map[string]string{}
	for name, ref := range doc.Components.Schemas {
		if ref.Value == nil {
			continue
		}
		if twin, ok := ref.Value.Extensions[goTypeExt].(string); ok && doc.Components.Schemas[twin] != nil {
			out[name] = twin
		}
	}
	return out
}

func checkTwins(doc *openapi3.T) []string {
	pairs := twins(doc)
	returnedOf := map[string]string{} // request twin -> returned schema
	for r, q := range pairs {
		returnedOf[q] = r
	}
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, rName := range sortedKeys(pairs) {
		qName := pairs[rName]
		r, q := doc.Components.Schemas[rName].Value, doc.Components.Schemas[qName].Value
		if len(q.OneOf) > 0 || len(r.OneOf) > 0 {
			checkTwinUnions(rName, qName, r, q, doc, pairs, add)
			continue
		}
		if got, want := sortedKeys(r.Properties), sortedKeys(q.Properties); !slices.Equal(got, want) {
			add("%s has properties %v, its twin %s has %v", rName, got, qName, want)
		}
		for _, req := range r.Required {
			if !slices.Contains(q.Required, req) {
				add("%s requires %q, which its twin %s does not", rName, req, qName)
			}
		}
		if r.AdditionalProperties.Has != nil && q.AdditionalProperties.Has != nil && *r.AdditionalProperties.Has != *q.AdditionalProperties.Has ||
			(r.AdditionalProperties.Has == nil) != (q.AdditionalProperties.Has == nil) {
			add("%s and its twin %s differ in additionalProperties", rName, qName)
		}
		for _, p := range sortedKeys(q.Properties) {
			if rp := r.Properties[p]; rp != nil {
				checkTwinProperty(rName+"."+p, rp, q.Properties[p], returnedOf, add)
			}
		}
	}
	return problems
}

func checkTwinUnions(rName, qName string, r, q *openapi3.Schema, doc *openapi3.T, pairs map[string]string, add func(string, ...any)) {
	if r.Discriminator == nil || q.Discriminator == nil {
		add("%s and its twin %s must both be discriminated unions", rName, qName)
		return
	}
	if r.Discriminator.PropertyName != q.Discriminator.PropertyName {
		add("%s discriminates on %q, its twin %s on %q", rName, r.Discriminator.PropertyName, qName, q.Discriminator.PropertyName)
	}
	if got, want := slices.Sorted(maps.Keys(r.Discriminator.Mapping)), slices.Sorted(maps.Keys(q.Discriminator.Mapping)); !slices.Equal(got, want) {
		add("%s maps %v, its twin %s maps %v", rName, got, qName, want)
	}
	for key, m := range r.Discriminator.Mapping {
		qm, ok := q.Discriminator.Mapping[key]
		if !ok {
			continue
		}
		rv, qv := strings.TrimPrefix(m.Ref, schemaPrefix), strings.TrimPrefix(qm.Ref, schemaPrefix)
		if pairs[rv] != qv {
			add("%s maps %q to %s, whose twin should be %s (it is %q)", rName, key, rv, qv, pairs[rv])
		}
	}
}

// checkTwinProperty compares a returned property with its twin's.
func checkTwinProperty(where string, r, q *openapi3.SchemaRef, returnedOf map[string]string, add func(string, ...any)) {
	if r == nil || q == nil || r.Value == nil || q.Value == nil {
		return
	}
	qv := q.Value
	switch {
	case len(qv.Enum) > 1:
		if !isOpenEnum(r, q) {
			add("%s must open its twin's enum: type string, %s: %s", where, openEnumExt, strings.TrimPrefix(describeRef(q), schemaPrefix))
		}
	case len(qv.Enum) == 1: // a discriminator value: the same in both shapes
		if r.Value.Enum == nil || !slices.Equal(r.Value.Enum, qv.Enum) {
			add("%s has enum %v, its twin %v", where, r.Value.Enum, qv.Enum)
		}
	case q.Ref != "":
		target := strings.TrimPrefix(q.Ref, schemaPrefix)
		want := q.Ref
		if rt, ok := returnedOf[target]; ok {
			want = schemaPrefix + rt
		}
		if r.Ref != want {
			if _, ok := twinExceptions[where]; ok && r.Ref != "" {
				return
			}
			add("%s refers to %q, want %q", where, r.Ref, want)
		}
	case qv.Type.Is(openapi3.TypeArray):
		if !r.Value.Type.Is(openapi3.TypeArray) {
			add("%s is not an array like its twin", where)
			return
		}
		checkTwinProperty(where+"[]", r.Value.Items, qv.Items, returnedOf, add)
	default:
		if got, want := typeList(r.Value), typeList(qv); !slices.Equal(got, want) {
			add("%s has type %v, its twin %v", where, got, want)
		}
	}
}

// isOpenEnum: r is a plain string (no enum) whose x-open-enum names the enum schema q refers to.
func isOpenEnum(r, q *openapi3.SchemaRef) bool {
	if r.Ref != "" || !r.Value.Type.Is(openapi3.TypeString) || len(r.Value.Enum) > 0 {
		return false
	}
	name := openEnumName(r.Value)
	return name != "" && q.Ref == schemaPrefix+name
}

// openEnumName is the enum schema an open string names in x-open-enum ({$ref: ...}), or "".
func openEnumName(s *openapi3.Schema) string {
	ext, _ := s.Extensions[openEnumExt].(map[string]any)
	ref, _ := ext["$ref"].(string)
	if !strings.HasPrefix(ref, schemaPrefix) {
		return ""
	}
	return strings.TrimPrefix(ref, schemaPrefix)
}

func describeRef(s *openapi3.SchemaRef) string {
	if s.Ref != "" {
		return s.Ref
	}
	return formatEnum(s.Value.Enum)
}

// TestTwinCheckCatchesInjectedFaults breaks one returned schema at a time.
func TestTwinCheckCatchesInjectedFaults(t *testing.T) {
	faults := []struct {
		name   string
		inject func(t *testing.T, doc *openapi3.T) string
	}{
		{"returned shape loses a property", func(t *testing.T, doc *openapi3.T) string {
			r := doc.Components.Schemas["ReturnedWorkflowTriggerNode"].Value
			props := maps.Clone(r.Properties)
			delete(props, "isValid")
			r.Properties = props
			return "ReturnedWorkflowTriggerNode has properties"
		}},
		{"returned enum closed", func(t *testing.T, doc *openapi3.T) string {
			r := doc.Components.Schemas["ReturnedWorkflowTriggerNode"].Value
			props := maps.Clone(r.Properties)
			props["triggerRule"] = openapi3.NewSchemaRef(schemaPrefix+"WorkflowTriggerNodeTriggerRule",
				doc.Components.Schemas["WorkflowTriggerNodeTriggerRule"].Value)
			r.Properties = props
			return "ReturnedWorkflowTriggerNode.triggerRule must open its twin's enum"
		}},
		{"returned shape requires more than its twin", func(t *testing.T, doc *openapi3.T) string {
			r := doc.Components.Schemas["ReturnedTriggerRule"].Value
			r.Required = append(slices.Clone(r.Required), "time")
			return `ReturnedTriggerRule requires "time"`
		}},
		{"returned union maps to a variant of another twin", func(t *testing.T, doc *openapi3.T) string {
			r := doc.Components.Schemas["ReturnedWorkflowNode"].Value
			r.Discriminator.Mapping["JOB"] = openapi3.MappingRef{Ref: schemaPrefix + "ReturnedWorkflowTriggerNode"}
			return `ReturnedWorkflowNode maps "JOB" to ReturnedWorkflowTriggerNode`
		}},
		{"returned property changes its type", func(t *testing.T, doc *openapi3.T) string {
			tr := doc.Components.Schemas["ReturnedTriggerRule"].Value
			props := maps.Clone(tr.Properties)
			props["dayOfWeek"] = openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}})
			tr.Properties = props
			return "ReturnedTriggerRule.dayOfWeek is not an array like its twin"
		}},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			before := checkTwins(loadSpec(t))
			doc := loadSpec(t)
			want := f.inject(t, doc)
			for _, p := range checkTwins(doc) {
				if !slices.Contains(before, p) && strings.Contains(p, want) {
					t.Logf("caught: %s", p)
					return
				}
			}
			t.Errorf("the twin check did not report %q", want)
		})
	}
}

// TestResponseEnumsAreOpen: no enum a response can carry is closed (a discriminator's single value
// aside), and every x-open-enum names an enum schema.
func TestResponseEnumsAreOpen(t *testing.T) {
	report(t, "response enum", checkResponseEnums(loadSpec(t)))
}

func checkResponseEnums(doc *openapi3.T) []string {
	var problems []string
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		if ref.Ref != "" {
			where = strings.TrimPrefix(ref.Ref, schemaPrefix)
		}
		s := ref.Value
		seen[s] = true
		if len(s.Enum) > 1 {
			problems = append(problems, fmt.Sprintf("%s: a response can carry this closed enum %s; open it (type string, %s)", where, formatEnum(s.Enum), openEnumExt))
		}
		if _, ok := s.Extensions[openEnumExt]; ok {
			name := openEnumName(s)
			e := doc.Components.Schemas[name]
			if e == nil || e.Value == nil || len(e.Value.Enum) == 0 {
				problems = append(problems, fmt.Sprintf("%s: %s does not refer to an enum schema (%v)", where, openEnumExt, s.Extensions[openEnumExt]))
			}
		}
		for _, p := range sortedKeys(s.Properties) {
			walk(where+"."+p, s.Properties[p])
		}
		walk(where+"[]", s.Items)
		walk(where+".additionalProperties", s.AdditionalProperties.Schema)
		for i, m := range append(append(slices.Clone(s.OneOf), s.AnyOf...), s.AllOf...) {
			walk(fmt.Sprintf("%s/%d", where, i), m)
		}
	}
	eachOperation(doc, func(where string, op *openapi3.Operation) {
		if op.Responses == nil {
			return
		}
		for _, status := range sortedKeys(op.Responses.Map()) {
			r := op.Responses.Value(status)
			if r == nil || r.Value == nil {
				continue
			}
			for _, mt := range sortedKeys(r.Value.Content) {
				walk(where+" "+status, r.Value.Content[mt].Schema)
			}
		}
	})
	return problems
}

func TestResponseEnumCheckCatchesAClosedEnum(t *testing.T) {
	doc := loadSpec(t)
	join := doc.Components.Schemas["ReturnedTransformJoinNode"].Value
	props := maps.Clone(join.Properties)
	props["joinType"] = doc.Components.Schemas["TransformJoinNode"].Value.Properties["joinType"]
	join.Properties = props
	for _, p := range checkResponseEnums(doc) {
		if strings.Contains(p, "JoinType: a response can carry this closed enum [INNER, LEFT_OUTER, RIGHT_OUTER, FULL_OUTER]") {
			t.Logf("caught: %s", p)
			return
		}
	}
	t.Errorf("closing ReturnedTransformJoinNode.joinType was not reported: %q", checkResponseEnums(doc))
}
