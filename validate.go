package dataflow

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// This file is the hand-written core of the request checks. The checks
// themselves are generated from openapi.yaml into validators.gen.go; what
// is here is how a failure is reported, and the rules a schema cannot
// state, each named rules<Type> so that the generated check of that type
// calls it.

// checker collects the first problem of one call's arguments: one clear
// line is better than a list.
type checker struct {
	op    string
	ctx   *InputError // a nil context: nothing can be sent
	first *InputError // the first value the schema refuses
	rule  *InputError // the first hand-written rule broken
}

func (c *checker) fail(p *path, format string, args ...any) {
	if c.first == nil {
		c.first = &InputError{Operation: c.op, Field: p.String(), Reason: fmt.Sprintf(format, args...)}
	}
}

// breaks records a broken hand-written rule. It is reported only when the
// schema found nothing: a rule between fields means little while one of
// them is out of bounds.
func (c *checker) breaks(p *path, format string, args ...any) {
	if c.rule == nil {
		c.rule = &InputError{Operation: c.op, Field: p.String(), Reason: fmt.Sprintf(format, args...)}
	}
}

// context refuses a nil context, which net/http would panic on.
func (c *checker) context(ctx context.Context) {
	if ctx == nil {
		c.ctx = &InputError{Operation: c.op, Field: "ctx", Reason: "must not be nil (use context.Background())"}
	}
}

// breaksAt is breaks for a rule that names the field itself
// ("nodes[1].parentNodeIds[0]").
func (c *checker) breaksAt(field, format string, args ...any) {
	if c.rule == nil {
		c.rule = &InputError{Operation: c.op, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
}

func (c *checker) err() error {
	switch {
	case c.ctx != nil: // reported first, whatever else is wrong
		return c.ctx
	case c.first != nil:
		return c.first
	case c.rule != nil:
		return c.rule
	}
	return nil
}

// path is the JSON path of a checked value (jobCondition.numWorker,
// nodes[2].type). The generated checks build it on the stack as they
// descend; it becomes text only when a check fails.
type path struct {
	up    *path
	name  string // a field; "" for an element of a list
	index int
}

func (p *path) String() string {
	if p == nil {
		return ""
	}
	var parts []*path
	for q := p; q != nil; q = q.up {
		parts = append(parts, q)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		q := parts[i]
		switch {
		case q.name == "":
			b.WriteString("[" + strconv.Itoa(q.index) + "]")
		case b.Len() > 0:
			b.WriteString("." + q.name)
		default:
			b.WriteString(q.name)
		}
	}
	return b.String()
}

// quote shows a refused value in an error, shortened as clip does: the
// value may be long, and the error is one line.
func quote(s string) string { return strconv.Quote(clip(s)) }

// sortedKeys walks a map in a fixed order, so that the first problem
// reported is always the same one.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K { //nolint:unused // the generated checks call it for a map whose values have constraints
	return slices.Sorted(maps.Keys(m))
}

// checkPresent checks that the JSON object v encodes has each of the
// fields, not null. The generated checks call it for a variant of a union
// that this client does not know, with the fields every known variant
// requires.
func checkPresent(ck *checker, p *path, v json.Marshaler, fields ...string) {
	raw, err := v.MarshalJSON()
	var obj map[string]json.RawMessage
	if err == nil {
		err = json.Unmarshal(raw, &obj)
	}
	if err != nil {
		ck.fail(p, "is not an object: %v", err)
		return
	}
	for _, f := range fields {
		if v, ok := obj[f]; !ok || string(v) == "null" {
			ck.fail(&path{up: p, name: f}, "is required")
		}
	}
}

// checkPathParam is the rule every path parameter meets, whatever its
// schema says: it must stay exactly one path segment. The generated checks
// call it for each path parameter of every operation (jobId, executionId,
// workflowId, triggerId).
func checkPathParam(ck *checker, name, v string) {
	if reason := pathSegmentProblem(v); reason != "" {
		ck.fail(&path{name: name}, "%s (got %q)", reason, clip(v))
	}
}

// pathSegmentProblem says why v cannot be sent as one path parameter, or
// returns "" when it can. Once the URL is resolved, a value that is empty,
// "." or "..", or holds a "/" or "\" would change which operation the
// request reaches (GetJob(".") would list jobs), so such values are refused
// before anything is sent, as are control characters. Percent-encoded forms
// ("%2e%2e", "%2F", "%252F") are refused too: a proxy or the service may
// decode a path once or twice before routing it.
func pathSegmentProblem(v string) string {
	decoded := false
	for range 3 {
		if reason := segmentShapeProblem(v); reason != "" {
			if decoded {
				return reason + " once percent-decoded"
			}
			return reason
		}
		d, err := url.PathUnescape(v)
		if err != nil || d == v {
			return ""
		}
		v, decoded = d, true
	}
	return "must not be percent-encoded more than twice"
}

func segmentShapeProblem(v string) string {
	switch {
	case strings.TrimSpace(v) == "":
		return "must not be empty"
	case v == "." || v == "..":
		return `must not be "." or ".." (it would change the request's path)`
	case strings.ContainsAny(v, `/\`):
		return `must not contain "/" or "\" (it would change the request's path)`
	case strings.ContainsFunc(v, unicode.IsControl):
		return "must not contain control characters"
	}
	return ""
}

// rulesTriggerRule checks what a trigger rule needs beyond its schema:
// which fields its type and interval make required, as the createTrigger
// page lists them. (The values themselves are checked by the schema.)
func rulesTriggerRule(ck *checker, p *path, r *gen.TriggerRule) {
	empty := func(s *string) bool { return s == nil || strings.TrimSpace(*s) == "" }
	switch r.Type {
	case gen.TriggerRuleTypeRECURRING:
		switch {
		case r.Interval == nil:
			ck.breaks(&path{up: p, name: "interval"}, "is required for a %s rule", r.Type)
		case *r.Interval == gen.TriggerRuleIntervalWEEK && (r.DayOfWeek == nil || len(*r.DayOfWeek) == 0):
			ck.breaks(&path{up: p, name: "dayOfWeek"}, "must name at least one day for a %s interval", *r.Interval)
		case *r.Interval == gen.TriggerRuleIntervalMONTH && empty(r.DateOfMonth):
			ck.breaks(&path{up: p, name: "dateOfMonth"}, "is required for a %s interval", *r.Interval)
		}
	case gen.TriggerRuleTypeONETIME:
		if empty(r.ExecutionDate) {
			ck.breaks(&path{up: p, name: "executionDate"}, "is required for a %s rule", r.Type)
		}
	}
}
