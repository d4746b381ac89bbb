package dataflow

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// The bounds below repeat openapi.yaml's request-side constraints, so that a
// call that can never succeed fails before anything is sent.
const (
	minNumWorker = 2
	maxNumWorker = 10
	minTimeout   = 1
	maxTimeout   = 1440
)

var resourceName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]{2,99}$`)

type checker struct {
	op   string
	errs []error
}

func (c *checker) fail(field, format string, args ...any) {
	if len(c.errs) == 0 { // report the first problem only: one clear line
		c.errs = append(c.errs, &InputError{Operation: c.op, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs[0]
}

// id checks a path parameter: it must stay exactly one path segment.
func (c *checker) id(field, v string) {
	if reason := pathSegmentProblem(v); reason != "" {
		c.fail(field, "%s (got %q)", reason, clip(v))
	}
}

// pathSegmentProblem says why v cannot be sent as one path parameter, or
// returns "" when it can. Once the URL is resolved, a value that is empty,
// "." or "..", or holds a "/" or "\" would change which operation the
// request reaches (GetJob(".") would list jobs), so such values are refused
// before anything is sent, as are control characters. Percent-encoded forms
// ("%2e%2e", "%2F", "%252F") are refused too: a proxy or the service may
// decode a path once or twice before routing it.
//
// Every operation calls it (through checker.id) for each of its path
// parameters: jobId, executionId, workflowId, triggerId.
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

// context refuses a nil context, which net/http would panic on.
func (c *checker) context(ctx context.Context) {
	if ctx == nil {
		// Reported first, whatever else is wrong: nothing can be sent.
		c.errs = append([]error{&InputError{Operation: c.op, Field: "ctx", Reason: "must not be nil (use context.Background())"}}, c.errs...)
	}
}

func (c *checker) required(field, v string) {
	if strings.TrimSpace(v) == "" {
		c.fail(field, "is required and must not be empty")
	}
}

func (c *checker) name(field, v string) {
	if !resourceName.MatchString(v) {
		c.fail(field, "must be 3 to 100 letters, digits, _ or -, starting with a letter or _ (got %q)", v)
	}
}

func (c *checker) intRange(field string, v *int, lo, hi int) {
	if v != nil && (*v < lo || *v > hi) {
		c.fail(field, "must be between %d and %d (got %d)", lo, hi, *v)
	}
}

func (c *checker) jobCondition(prefix string, jc gen.JobCondition) {
	c.intRange(prefix+".numWorker", jc.NumWorker, minNumWorker, maxNumWorker)
	c.intRange(prefix+".timeout", jc.Timeout, minTimeout, maxTimeout)
	c.required(prefix+".nrn", jc.Nrn)
	c.required(prefix+".scriptPath", jc.ScriptPath)
	c.required(prefix+".logPath", jc.LogPath)
}

func (c *checker) options(prefix string, o *gen.JobConditionOptions) {
	if o == nil {
		return
	}
	c.intRange(prefix+".numWorker", o.NumWorker, minNumWorker, maxNumWorker)
	c.intRange(prefix+".timeout", o.Timeout, minTimeout, maxTimeout)
}

func (c *checker) positive(field string, v *int) {
	if v != nil && *v < 1 {
		c.fail(field, "must be 1 or more (got %d)", *v)
	}
}

func (c *checker) page(page, limit *int) {
	if page != nil && *page < 0 {
		c.fail("page", "must be 0 or more (got %d)", *page)
	}
	if limit != nil && *limit < 0 {
		c.fail("limit", "must be 0 or more (got %d)", *limit)
	}
}

var localDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$`)

func (c *checker) period(start, end string) {
	for _, f := range []struct{ name, v string }{{"startDate", start}, {"endDate", end}} {
		if !localDateTime.MatchString(f.v) {
			c.fail(f.name, "must be a local date and time YYYY-MM-DDTHH:mm:ss (got %q)", f.v)
		}
	}
}

// workflowNodes checks a workflow's required node list: a list (not null)
// of objects that each say their type.
func (c *checker) workflowNodes(field string, nodes []gen.WorkflowNode) {
	if nodes == nil {
		c.fail(field, "is required: a list ([] for none), not null")
		return
	}
	for i, n := range nodes {
		kind, err := n.Discriminator()
		switch {
		case err != nil:
			c.fail(fmt.Sprintf("%s[%d]", field, i), "is not a node object: %v", err)
		case kind == "":
			c.fail(fmt.Sprintf("%s[%d].type", field, i), "is required (JOB or TRIGGER)")
		}
	}
}

func (c *checker) nodes(field string, nodes *[]gen.Node) {
	if nodes == nil {
		return
	}
	for i, n := range *nodes {
		if _, err := n.Discriminator(); err != nil {
			c.fail(fmt.Sprintf("%s[%d]", field, i), "is not a node object: %v", err)
			continue
		}
		info, err := InspectNode(n)
		if err != nil {
			c.fail(fmt.Sprintf("%s[%d]", field, i), "is not a node: %v", err)
			continue
		}
		if info.Type == "" {
			c.fail(fmt.Sprintf("%s[%d].type", field, i), "is required")
		}
		if info.ParentNodeIDs == nil {
			c.fail(fmt.Sprintf("%s[%d].parentNodeIds", field, i), "must be a list ([] for a source node), not null")
		}
	}
}

// triggerRule checks the conditional fields of a trigger rule: what each
// rule type and interval needs, as the createTrigger page lists them.
func (c *checker) triggerRule(field string, r gen.TriggerRule) {
	empty := func(s *string) bool { return s == nil || strings.TrimSpace(*s) == "" }
	switch r.Type {
	case gen.TriggerRuleTypeRECURRING:
		if r.Interval == nil || !r.Interval.Valid() {
			c.fail(field+".interval", "must be HOUR, DAY, WEEK or MONTH for a RECURRING rule")
			return
		}
		switch *r.Interval {
		case gen.TriggerRuleIntervalWEEK:
			if r.DayOfWeek == nil || len(*r.DayOfWeek) == 0 {
				c.fail(field+".dayOfWeek", "must name at least one day for a WEEK interval")
			}
		case gen.TriggerRuleIntervalMONTH:
			if empty(r.DateOfMonth) {
				c.fail(field+".dateOfMonth", "is required for a MONTH interval (1 to 31, or -1 for the last day)")
			}
		}
	case gen.TriggerRuleTypeONETIME:
		if empty(r.ExecutionDate) {
			c.fail(field+".executionDate", "is required for a ONE_TIME rule")
		}
	case gen.TriggerRuleTypeNONE:
	default:
		c.fail(field+".type", "must be RECURRING, ONE_TIME or NONE (got %q)", r.Type)
	}
}
