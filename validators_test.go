package dataflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// The generated checks (validators.gen.go) reach every kind of constraint
// the request schemas hold, at any depth: each case breaks one rule and
// expects the *InputError to name its JSON path, with nothing sent.
func TestGeneratedChecksNameTheJSONPath(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	node := func(raw string) gen.Node {
		var n gen.Node
		require.NoError(t, json.Unmarshal([]byte(raw), &n))
		return n
	}
	source := `{"type":"SOURCE_OBS","id":1,"name":"in","parentNodeIds":[],"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","fieldList":[]}`
	createJob := func(nodes ...gen.Node) func() error {
		return func() error {
			_, err := c.CreateJob(ctx, gen.CreateJobRequest{Name: "job_1", Type: "VISUAL", Nodes: &nodes})
			return err
		}
	}
	weekly := func(days ...gen.TriggerRuleDayOfWeek) func() error {
		return func() error {
			week := gen.TriggerRuleIntervalWEEK
			_, err := c.CreateTrigger(ctx, gen.CreateTriggerRequest{Name: "weekly", Type: "SCHEDULED",
				TriggerRule: gen.TriggerRule{Type: gen.TriggerRuleTypeRECURRING, Interval: &week, DayOfWeek: &days}})
			return err
		}
	}
	workflow := func(raw string) func() error {
		return func() error {
			var n gen.WorkflowNode
			require.NoError(t, json.Unmarshal([]byte(raw), &n))
			_, err := c.CreateWorkflow(ctx, gen.CreateWorkflowRequest{Name: "wf_1", Nodes: []gen.WorkflowNode{n}})
			return err
		}
	}
	for name, tc := range map[string]struct {
		call  func() error
		field string
		in    string // a word the reason must hold
	}{
		"pattern of a query parameter": {func() error {
			_, err := c.GetExecutionTimes(ctx, gen.GetExecutionTimesParams{StartDate: "2025-03-19", EndDate: "2025-03-20T00:00:00"})
			return err
		}, "startDate", "match"},
		"minimum of a query parameter": {func() error {
			_, err := c.GetTriggers(ctx, &gen.GetTriggersParams{Limit: dataflow.Ptr(-1)})
			return err
		}, "limit", "0 or more"},
		"minLength and pattern of a body field": {func() error {
			_, err := c.CreateTrigger(ctx, gen.CreateTriggerRequest{Name: "a b", Type: "NONE", TriggerRule: gen.TriggerRule{Type: "NONE"}})
			return err
		}, "name", "match"},
		"enum of a body field": {func() error {
			_, err := c.CreateTrigger(ctx, gen.CreateTriggerRequest{Name: "t_1", Type: "HOURLY", TriggerRule: gen.TriggerRule{Type: "NONE"}})
			return err
		}, "type", "one of"},
		"enum in a nested object": {weekly("FRIDAY", "FUNDAY"), "triggerRule.dayOfWeek[1]", "one of"},
		"bounds in a nested object": {func() error {
			_, err := c.UpdateJobExecutionConfig(ctx, "j", gen.JobCondition{Nrn: "n", ScriptPath: "s", LogPath: "l", Timeout: dataflow.Ptr(1441)})
			return err
		}, "jobCondition.timeout", "1440"},
		"enum in a union variant":      {createJob(node(strings.Replace(source, `"CSV"`, `"XLS"`, 1))), "nodes[0].dataType", "one of"},
		"required list in a variant":   {createJob(node(source), node(`{"type":"TARGET_OBS","id":2,"name":"out","parentNodeIds":null,"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","updateType":"OVERWRITE","fieldList":[]}`)), "nodes[1].parentNodeIds", "not null"},
		"enum in a list in a variant":  {createJob(node(source), node(`{"type":"TRANSFORM_FILTER","id":2,"name":"f","parentNodeIds":[1],"filterType":"AND","filterConditionList":[{"name":"a","operator":"LIKE","value":"x"}]}`)), "nodes[1].filterConditionList[0].operator", "one of"},
		"discriminator missing":        {createJob(node(`{"id":1,"name":"n","parentNodeIds":[]}`)), "nodes[0].type", "required"},
		"unknown variant without list": {createJob(node(`{"type":"TRANSFORM_PIVOT","id":1,"name":"n"}`)), "nodes[0].parentNodeIds", "required"},
		"enum in the other union":      {workflow(`{"type":"TRIGGER","id":"t","name":"n","parentNodeIds":[],"triggerRule":"HOURLY"}`), "nodes[0].triggerRule", "one of"},
		"path parameter":               {func() error { _, err := c.GetWorkflow(ctx, ".."); return err }, "workflowId", "path"},
	} {
		t.Run(name, func(t *testing.T) {
			srv.Reset()
			err := tc.call()
			var ie *dataflow.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tc.field, ie.Field, ie.Error())
			assert.Contains(t, ie.Reason, tc.in)
			assert.Empty(t, srv.Requests(), "nothing is sent")
		})
	}
}

// A node of a type this client does not know is sent unchanged once it has
// what every node has.
func TestUnknownNodeTypeIsSentUnchanged(t *testing.T) {
	srv, c := newFake(t)
	raw := `{"type":"FUTURE_PIVOT","id":7,"name":"pivot","parentNodeIds":[],"pivotColumn":"x"}`
	var n gen.Node
	require.NoError(t, json.Unmarshal([]byte(raw), &n))
	err := c.VerifyJob(context.Background(), gen.VerifyJobRequest{Name: "job_1", Nodes: []gen.Node{n}})
	var ie *dataflow.InputError
	require.False(t, errors.As(err, &ie), "refused: %v", err)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	var sent struct {
		Nodes []json.RawMessage `json:"nodes"`
	}
	require.NoError(t, json.Unmarshal(reqs[0].Body, &sent))
	require.Len(t, sent.Nodes, 1)
	assert.JSONEq(t, raw, string(sent.Nodes[0]))
}

// The hand-written core of the checks (validate.go) holds no fact of
// openapi.yaml: none of its enum values or patterns in a string, none of
// its bounds in a literal (but 0 to 3, which loops and indices use).
func TestValidateGoRepeatsNoSpecFact(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile("openapi.yaml")
	require.NoError(t, err)
	enums, patterns, bounds := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 12 {
			return
		}
		for _, e := range s.Enum {
			if v, ok := e.(string); ok {
				enums[v] = true
			}
		}
		if s.Pattern != "" {
			patterns[s.Pattern] = true
		}
		for _, b := range []*float64{s.Min, s.Max} {
			if b != nil && *b > 3 {
				bounds[strconv.FormatFloat(*b, 'f', -1, 64)] = true
			}
		}
		if s.MaxLength != nil && *s.MaxLength > 3 {
			bounds[strconv.FormatUint(*s.MaxLength, 10)] = true
		}
		for _, p := range s.Properties {
			walk(p.Value, depth+1)
		}
		for _, o := range s.OneOf {
			walk(o.Value, depth+1)
		}
		if s.Items != nil {
			walk(s.Items.Value, depth+1)
		}
	}
	for _, s := range doc.Components.Schemas {
		walk(s.Value, 0)
	}
	for _, p := range doc.Components.Parameters {
		walk(p.Value.Schema.Value, 0)
	}
	require.NotEmpty(t, enums)
	require.NotEmpty(t, bounds)

	src, err := os.ReadFile("validate.go")
	require.NoError(t, err)
	f, err := parser.ParseFile(token.NewFileSet(), "validate.go", src, parser.ParseComments)
	require.NoError(t, err)
	word := func(w string) *regexp.Regexp { return regexp.MustCompile(`\b` + regexp.QuoteMeta(w) + `\b`) }
	// JSON is a value of a node's dataType, and also the word for what
	// the checks read.
	delete(enums, "JSON")
	// Column types in lower case (FieldType: map, string, date, ...) are
	// also ordinary words.
	for e := range enums {
		if strings.ToLower(e) == e {
			delete(enums, e)
		}
	}
	check := func(text, where string) {
		for e := range enums {
			assert.False(t, word(e).MatchString(text), "validate.go repeats the enum value %s in %s", e, where)
		}
		for p := range patterns {
			assert.NotContains(t, text, p, "validate.go repeats a pattern in %s", where)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok {
			switch lit.Kind {
			case token.STRING:
				check(lit.Value, "a string")
				for b := range bounds {
					assert.False(t, word(b).MatchString(lit.Value), "validate.go states the bound %s in a string", b)
				}
			case token.INT, token.FLOAT:
				assert.False(t, bounds[lit.Value], "validate.go holds the bound %s", lit.Value)
			}
		}
		return true
	})
	for _, cg := range f.Comments {
		check(cg.Text(), "a comment")
	}
}
