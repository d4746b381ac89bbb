package dataflowtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	dataflow "github.com/ncp-dataflow/dataflow-go"
)

// contract is the embedded openapi.yaml, loaded and validated once per
// process, with a router over it. It is never modified after loading, so
// every Server shares it.
type contract struct {
	doc     *openapi3.T
	router  routers.Router
	seedJob json.RawMessage // components.responses.Job.examples.seed
	// examples holds, by operationId, the spec's example of each
	// operation's success answer: what the fake sends for an operation it
	// has no handler for.
	examples map[string]cannedAnswer
}

// cannedAnswer is a status and a JSON body taken from the spec.
type cannedAnswer struct {
	status int
	body   json.RawMessage
}

var (
	contractOnce sync.Once
	contractVal  *contract
	contractErr  error
)

// loadContract returns the shared contract, loading it on first use.
func loadContract() (*contract, error) {
	contractOnce.Do(func() { contractVal, contractErr = newContract(dataflow.OpenAPISpec()) })
	return contractVal, contractErr
}

func newContract(spec []byte) (*contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("dataflowtest: the embedded openapi.yaml does not load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("dataflowtest: the embedded openapi.yaml is not a valid OpenAPI document: %w", err)
	}
	// Route on the path alone: the fake listens on a loopback address that
	// no server entry of the spec names (codegen-notes §6.1).
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("dataflowtest: no router over openapi.yaml: %w", err)
	}
	seed, err := exampleValue(doc, "Job", "seed")
	if err != nil {
		return nil, err
	}
	return &contract{doc: doc, router: router, seedJob: seed, examples: successExamples(doc)}, nil
}

// successExamples finds, for every operation, its lowest 2xx status with an
// application/json example (the example, else the first of its named
// examples by name).
func successExamples(doc *openapi3.T) map[string]cannedAnswer {
	out := map[string]cannedAnswer{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			var codes []int
			for code := range op.Responses.Map() {
				if n, err := strconv.Atoi(code); err == nil && n >= 200 && n <= 299 {
					codes = append(codes, n)
				}
			}
			slices.Sort(codes)
			for _, code := range codes {
				if ex, ok := jsonExample(op.Responses.Status(code)); ok {
					out[op.OperationID] = cannedAnswer{status: code, body: ex}
					break
				}
			}
		}
	}
	return out
}

func jsonExample(r *openapi3.ResponseRef) (json.RawMessage, bool) {
	if r == nil || r.Value == nil {
		return nil, false
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil {
		return nil, false
	}
	v := mt.Example
	if v == nil && len(mt.Examples) > 0 {
		names := slices.Sorted(maps.Keys(mt.Examples))
		if ex := mt.Examples[names[0]]; ex != nil && ex.Value != nil {
			v = ex.Value.Value
		}
	}
	if v == nil {
		return nil, false
	}
	raw, err := json.Marshal(v)
	return raw, err == nil
}

// exampleValue returns components.responses[response] JSON example name.
func exampleValue(doc *openapi3.T, response, name string) (json.RawMessage, error) {
	missing := fmt.Errorf("dataflowtest: openapi.yaml has no example components.responses.%s.content.application/json.examples.%s", response, name)
	ref := doc.Components.Responses[response]
	if ref == nil || ref.Value == nil {
		return nil, missing
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Examples[name] == nil || mt.Examples[name].Value == nil {
		return nil, missing
	}
	raw, err := json.Marshal(mt.Examples[name].Value.Value)
	if err != nil {
		return nil, fmt.Errorf("dataflowtest: example %s.%s: %w", response, name, err)
	}
	return raw, nil
}

// OperationIDs returns the operationId of every operation in the embedded
// spec, sorted. Tests use it to check that they cover every operation.
func OperationIDs() []string {
	c, err := loadContract()
	if err != nil {
		panic(err)
	}
	var ids []string
	for _, item := range c.doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	sort.Strings(ids)
	return ids
}

// validationOptions are the fake's request and response validation options.
// Defaults are never injected into the request (SkipSettingDefaults), every
// error is reported (MultiError), and undeclared statuses are errors.
// Authentication has already been checked with the signing package when
// validation runs, so the function only insists that each header is there.
func validationOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		SkipSettingDefaults:   true,
		MultiError:            true,
		IncludeResponseStatus: true,
		AuthenticationFunc:    requireHeader,
	}
}

func requireHeader(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s := in.SecurityScheme
	if s == nil || s.Type != "apiKey" || s.In != "header" {
		return nil
	}
	if in.RequestValidationInput.Request.Header.Get(s.Name) == "" {
		return fmt.Errorf("header %s is missing", s.Name)
	}
	return nil
}

// describe turns a kin-openapi validation error into one readable line per
// problem: where (parameter, JSON pointer into the body) and what is wrong.
// Errors inside a oneOf branch are unfolded, with their pointers made
// absolute.
func describe(err error) string {
	var lines []string
	var walk func(prefix string, base []string, err error)
	walk = func(prefix string, base []string, err error) {
		switch e := err.(type) { //nolint:errorlint // walks the error tree one level at a time
		case openapi3.MultiError:
			for _, x := range e {
				walk(prefix, base, x)
			}
		case *openapi3filter.RequestError:
			p := prefix
			switch {
			case e.Parameter != nil:
				p = join(prefix, e.Parameter.In+" parameter "+strconv.Quote(e.Parameter.Name))
			case e.RequestBody != nil:
				p = join(prefix, "request body")
			}
			if e.Err == nil {
				lines = append(lines, join(p, e.Reason))
				return
			}
			if !isSchemaLevel(e.Err) && e.Reason != "" && e.Reason != e.Err.Error() {
				p = join(p, e.Reason)
			}
			walk(p, base, e.Err)
		case *openapi3filter.ResponseError:
			if e.Err == nil {
				lines = append(lines, join(prefix, e.Reason))
				return
			}
			p := prefix
			if !isSchemaLevel(e.Err) {
				p = join(prefix, e.Reason)
			}
			walk(p, base, e.Err)
		case *openapi3filter.SecurityRequirementsError:
			for _, x := range e.Errors {
				walk(join(prefix, "authentication"), base, x)
			}
		case *openapi3.SchemaError:
			ptr := absolute(base, e.JSONPointer())
			if e.Origin != nil {
				var multi openapi3.MultiError
				var inner *openapi3.SchemaError
				switch {
				case errors.As(e.Origin, &multi):
					walk(prefix, ptr, multi)
					return
				case errors.As(e.Origin, &inner) && inner != e:
					walk(prefix, ptr, inner)
					return
				}
			}
			lines = append(lines, join(prefix, "/"+strings.Join(ptr, "/")+": "+schemaReason(e)))
		default:
			lines = append(lines, join(prefix, err.Error()))
		}
	}
	walk("", nil, err)
	return strings.Join(dedupe(lines), "; ")
}

// absolute joins a pointer found inside a branch to the branch's own
// pointer, unless it already starts with it.
func absolute(base, ptr []string) []string {
	if len(ptr) >= len(base) && slices.Equal(ptr[:len(base)], base) {
		return ptr
	}
	return append(slices.Clone(base), ptr...)
}

func isSchemaLevel(err error) bool {
	switch err.(type) { //nolint:errorlint // the level itself, not what it wraps
	case *openapi3.SchemaError, openapi3.MultiError:
		return true
	}
	return false
}

func join(prefix, msg string) string {
	if prefix == "" {
		return msg
	}
	return prefix + ": " + msg
}

// schemaReason is the reason of e without the schema and value dumps of
// SchemaError.Error, naming the value of a discriminator that matches no
// mapping.
func schemaReason(e *openapi3.SchemaError) string {
	reason := e.Reason
	switch {
	case reason == "" && e.Origin != nil:
		reason = e.Origin.Error()
	case reason == "":
		reason = "does not match " + e.SchemaField
	}
	if v, ok := e.Value.(string); ok && strings.HasPrefix(reason, "discriminator property") {
		reason += fmt.Sprintf(": %q is not in the discriminator mapping", v)
	}
	return reason
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// findRoute finds the operation of req; the error is a *routers.RouteError
// for an unknown path or method.
func (c *contract) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	return c.router.FindRoute(req)
}
