package contract_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

var ctx = context.Background()

// env is a fake Data Flow and a generated client whose traffic is checked
// against openapi.yaml on the way out and on the way back.
type env struct {
	srv    *dataflowtest.Server
	client *gen.ClientWithResponses
	doer   *checkingDoer
}

// newEnv starts a fake and a client signed by a signing.Signer in a request
// editor, sending through a checkingDoer (the doer runs after the editors, so
// it validates the signed request).
func newEnv(t testing.TB, opts ...dataflowtest.Option) *env {
	t.Helper()
	return newEnvAt(t, time.Now, opts...)
}

// newEnvAt is newEnv with a clock shared by the fake, the signer and the
// contract's signature check.
func newEnvAt(t testing.TB, now func() time.Time, opts ...dataflowtest.Option) *env {
	t.Helper()
	srv := dataflowtest.NewServer(append([]dataflowtest.Option{dataflowtest.WithT(t), dataflowtest.WithClock(now)}, opts...)...)
	signer, err := signing.New(srv.AccessKey, srv.SecretKey, signing.WithClock(now), signing.WithEndpoint(srv.URL))
	require.NoError(t, err)
	doer := &checkingDoer{
		t:      t,
		next:   &http.Client{Timeout: 30 * time.Second},
		router: routerFor(t, srv.URL),
		opts:   contractOptions(srv, now),
	}
	client, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(doer), gen.WithRequestEditorFn(signer.Intercept))
	require.NoError(t, err)
	t.Cleanup(func() {
		if errs := srv.Errors(); len(errs) > 0 {
			t.Errorf("the fake drifted from openapi.yaml: %v", errors.Join(errs...))
		}
	})
	return &env{srv: srv, client: client, doer: doer}
}

// routerFor routes over a shallow copy of the spec whose only server is
// url (codegen-notes §6.1: the spec's own server is not the fake).
func routerFor(t testing.TB, url string) routers.Router {
	t.Helper()
	doc := *spec
	doc.Servers = openapi3.Servers{{URL: url}}
	r, err := legacy.NewRouter(&doc)
	require.NoError(t, err)
	return r
}

// contractOptions validate strictly: every error, undeclared statuses,
// no defaults injected, and the signature verified with the signing package
// against srv's credentials.
func contractOptions(srv *dataflowtest.Server, now func() time.Time) *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		SkipSettingDefaults:   true,
		AuthenticationFunc:    authenticate(srv.AccessKey, srv.SecretKey, now),
	}
}

// authenticate checks each of the three API-key schemes of the spec: the
// timestamp and access key must be there, and the signature must verify.
func authenticate(accessKey, secretKey string, now func() time.Time) openapi3filter.AuthenticationFunc {
	lookup := func(ak string) (string, bool) { return secretKey, ak == accessKey }
	return func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		req := in.RequestValidationInput.Request
		scheme := in.SecurityScheme
		if scheme == nil || scheme.Type != "apiKey" || scheme.In != "header" {
			return fmt.Errorf("scheme %s is not an API-key header", in.SecuritySchemeName)
		}
		if req.Header.Get(scheme.Name) == "" {
			return fmt.Errorf("%w: %s", signing.ErrMissingHeaders, scheme.Name)
		}
		if in.SecuritySchemeName == "signature" {
			return signing.Verify(req, lookup, now(), 0)
		}
		return nil
	}
}

// checkingDoer validates each request before sending it and each response
// before the generated client decodes it, failing the test with the route and
// body on any error. It is safe for concurrent use.
type checkingDoer struct {
	t      testing.TB
	next   gen.HttpRequestDoer
	router routers.Router
	opts   *openapi3filter.Options

	requests, responses atomic.Int64
	mu                  sync.Mutex
	seen                map[string]int // operationId -> validated exchanges
}

func (d *checkingDoer) Do(req *http.Request) (*http.Response, error) {
	route, params, err := d.router.FindRoute(req)
	if err != nil {
		d.t.Errorf("%s %s: no operation of openapi.yaml: %v", req.Method, req.URL, err)
		return nil, err
	}
	name := route.Operation.OperationID + " (" + req.Method + " " + route.Path + ")"
	reqBody := readBody(req)
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: d.opts}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		d.t.Errorf("request of %s does not conform to openapi.yaml:\n%v\nURI: %s\nbody: %s", name, err, req.URL.RequestURI(), reqBody)
	} else {
		d.requests.Add(1)
	}
	resp, err := d.next.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Options: d.opts}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		d.t.Errorf("%d response of %s does not conform to openapi.yaml:\n%v\nbody: %s", resp.StatusCode, name, err, body)
	} else {
		d.responses.Add(1)
		d.mu.Lock()
		if d.seen == nil {
			d.seen = map[string]int{}
		}
		d.seen[route.Operation.OperationID]++
		d.mu.Unlock()
	}
	return resp, nil
}

// validated returns how many exchanges of operationID passed both checks.
func (d *checkingDoer) validated(operationID string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seen[operationID]
}

// readBody returns the request body without consuming it.
func readBody(req *http.Request) []byte {
	if req.GetBody == nil {
		return nil
	}
	rc, err := req.GetBody()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return b
}

// problem is one finding of kin-openapi: where (a JSON pointer into the
// body, "" for the body itself) and why.
type problem struct {
	pointer string
	reason  string
	value   any
}

func (p problem) String() string { return fmt.Sprintf("%q: %s", p.pointer, p.reason) }

// problems flattens a validation error into its findings, unfolding
// MultiError, oneOf branches and wrappers, with absolute pointers.
func problems(err error) []problem {
	var out []problem
	var walk func(base []string, err error)
	walk = func(base []string, err error) {
		switch e := err.(type) { //nolint:errorlint // walks the error tree one level at a time
		case nil:
		case openapi3.MultiError:
			for _, x := range e {
				walk(base, x)
			}
		case *openapi3.SchemaError:
			ptr := e.JSONPointer()
			if len(ptr) < len(base) || strings.Join(ptr[:len(base)], "/") != strings.Join(base, "/") {
				ptr = append(append([]string(nil), base...), ptr...)
			}
			var multi openapi3.MultiError
			var inner *openapi3.SchemaError
			switch {
			case e.Origin != nil && errors.As(e.Origin, &multi):
				walk(ptr, multi)
			case e.Origin != nil && errors.As(e.Origin, &inner) && inner != e:
				walk(ptr, inner)
			default:
				reason := e.Reason
				if reason == "" && e.Origin != nil {
					reason = e.Origin.Error()
				}
				out = append(out, problem{pointer: "/" + strings.Join(ptr, "/"), reason: reason, value: e.Value})
			}
		case *openapi3filter.ResponseError:
			if e.Err == nil {
				out = append(out, problem{reason: e.Reason})
				return
			}
			if !schemaLevel(e.Err) {
				out = append(out, problem{reason: e.Reason + ": " + e.Err.Error()})
				return
			}
			walk(base, e.Err)
		case *openapi3filter.RequestError:
			if e.Err == nil {
				out = append(out, problem{reason: e.Error()})
				return
			}
			if e.Parameter != nil {
				// Findings inside a parameter are located at the parameter.
				for _, p := range problems(e.Err) {
					p.pointer = "parameter " + e.Parameter.Name + strings.TrimSuffix(p.pointer, "/")
					out = append(out, p)
				}
				return
			}
			walk(base, e.Err)
		default:
			out = append(out, problem{reason: err.Error()})
		}
	}
	walk(nil, err)
	return out
}

var (
	offlineOnce   sync.Once
	offlineRouter routers.Router
)

// offline routes requests to http://fake.invalid, for checks that send
// nothing.
func offline(t testing.TB) routers.Router {
	offlineOnce.Do(func() { offlineRouter = routerFor(t, "http://fake.invalid") })
	return offlineRouter
}

// schemaLevel reports whether err itself (not what it wraps) is a schema
// finding or a list of them.
func schemaLevel(err error) bool {
	switch err.(type) { //nolint:errorlint // the level itself, not what it wraps
	case *openapi3.SchemaError, openapi3.MultiError:
		return true
	}
	return false
}

// routeOf finds the operation for method and path on http://fake.invalid.
func routeOf(t testing.TB, method, path string) (*routers.Route, map[string]string, *http.Request) {
	t.Helper()
	req, err := http.NewRequest(method, "http://fake.invalid"+path, nil)
	require.NoError(t, err)
	route, params, err := offline(t).FindRoute(req)
	require.NoError(t, err, "%s %s", method, path)
	return route, params, req
}

// validateResponse checks a response given as status, content type and
// body against the operation at method and path.
func validateResponse(t testing.TB, method, path string, status int, contentType string, body []byte) error {
	t.Helper()
	route, params, req := routeOf(t, method, path)
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status,
		Header: http.Header{"Content-Type": {contentType}}, Options: in.Options}
	out.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(ctx, out)
}

func ptr[T any](v T) *T { return &v }

func timeNow() time.Time { return time.Now() }
