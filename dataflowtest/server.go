package dataflowtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// SeedJobID is the id of the job every server starts with (unless
// WithSeed(false)): the seed page's job, taken from openapi.yaml's example
// components.responses.Job.examples.seed.
const SeedJobID = "gqigvHa1b2c3"

// Server is an in-memory Data Flow API on a loopback address. Build it with
// NewServer; all its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, e.g. "http://127.0.0.1:34567",
	// without a trailing slash; operation paths start with /api/v1.
	URL string
	// AccessKey and SecretKey are the only credentials the server accepts.
	AccessKey string
	SecretKey string

	ts       *httptest.Server
	contract *contract
	cfg      config
	signer   *signing.Signer
	http     *http.Client
	client   *gen.ClientWithResponses

	mu sync.Mutex // guards st
	st *store

	recMu    sync.Mutex // guards requests, total, faults, errs
	requests []*Request
	total    int
	faults   []*Fault
	errs     []error
}

type config struct {
	accessKey, secretKey string
	now                  func() time.Time
	seed                 bool
	tb                   testing.TB
	readyFor, runFor     time.Duration
	window               time.Duration
	listener             net.Listener
	initial              []byte
	maxRecorded          int
	onRequest            func(Request)
	createdStatus        int
}

// Option configures a Server.
type Option func(*config)

// WithCredentials sets the access key and secret key the server accepts.
// By default each server makes up its own pair.
func WithCredentials(accessKey, secretKey string) Option {
	return func(c *config) { c.accessKey, c.secretKey = accessKey, secretKey }
}

// WithClock sets the server's clock (default time.Now). The server reads it
// for the signature's timestamp window, for every date it stores and for
// executions that advance on their own (WithExecutionTimes). The signer of
// Client, HTTPClient and Signer reads it too, so their signatures stay in the
// window whatever time the test chooses. See ManualClock.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithSeed says whether the server starts with the seed job SeedJobID
// (default true).
func WithSeed(seed bool) Option { return func(c *config) { c.seed = seed } }

// WithT reports every response of the fake that does not conform to
// openapi.yaml as an error of tb, and closes the server when tb ends.
func WithT(tb testing.TB) Option { return func(c *config) { c.tb = tb } }

// WithExecutionTimes makes executions advance on the server's clock: an
// execution stays READY for ready after it is created, then RUNNING for run,
// then COMPLETED. A zero duration means that phase lasts until
// AdvanceExecution or SetExecutionStatus ends it (the default for both).
func WithExecutionTimes(ready, run time.Duration) Option {
	return func(c *config) { c.readyFor, c.runFor = ready, run }
}

// WithCreatedStatus sets the status createJob, createWorkflow and
// createTrigger answer with: http.StatusCreated (the default, as the current
// documentation says) or http.StatusOK (as an older generation may answer).
// Other values are ignored.
func WithCreatedStatus(status int) Option {
	return func(c *config) {
		if status == http.StatusCreated || status == http.StatusOK {
			c.createdStatus = status
		}
	}
}

// WithSignatureWindow sets how far a request's timestamp may be from the
// server's clock (default signing.DefaultWindow, 5 minutes, as the gateway).
func WithSignatureWindow(d time.Duration) Option { return func(c *config) { c.window = d } }

// WithListener serves on l instead of a new listener on 127.0.0.1; the
// server's URL is http:// and l's address. The server closes l when it
// closes.
func WithListener(l net.Listener) Option { return func(c *config) { c.listener = l } }

// WithInitialState starts the server with the state document data (the
// format of SaveState) instead of the seed job. ResetState and the admin
// API's reset return to it.
func WithInitialState(data []byte) Option {
	return func(c *config) { c.initial = bytes.Clone(data) }
}

// WithMaxRecorded keeps only the latest n requests for Requests (default 0:
// every request), so that a long-running server does not grow without
// bound. TotalRequests still counts them all.
func WithMaxRecorded(n int) Option { return func(c *config) { c.maxRecorded = max(n, 0) } }

// WithRequestLog calls fn with each Data Flow request once it is answered
// (or dropped), from the goroutine that served it. Admin calls are not
// passed. fn must not block for long.
func WithRequestLog(fn func(Request)) Option { return func(c *config) { c.onRequest = fn } }

// NewServer starts a Data Flow fake on 127.0.0.1. It panics only if the
// embedded openapi.yaml does not load (as httptest.NewServer panics when it
// cannot listen). Close it when done, or pass WithT.
//
// Every request goes through: record, injected fault, signature check (401
// with the gateway's body), routing and validation against openapi.yaml (400
// bad-parameter with a service body), the handler over in-memory state, and
// validation of the fake's own response against openapi.yaml (a 500 naming
// the drift, also reported by Errors and WithT).
func NewServer(opts ...Option) *Server {
	s, err := Start(opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// Start is NewServer for programs whose options come from their users (such
// as `dataflow fake-server`): it returns an error where NewServer panics,
// for example on a WithInitialState document that openapi.yaml rejects.
func Start(opts ...Option) (*Server, error) {
	c, err := loadContract()
	if err != nil {
		return nil, err
	}
	if _, err := loadAdminContract(); err != nil {
		return nil, err
	}
	cfg := config{now: time.Now, seed: true, window: signing.DefaultWindow, createdStatus: http.StatusCreated}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.accessKey == "" && cfg.secretKey == "" {
		cfg.accessKey, cfg.secretKey = randomString(upperDigits, 20), randomString(alnum, 40)
	}
	s := &Server{
		AccessKey: cfg.accessKey,
		SecretKey: cfg.secretKey,
		contract:  c,
		cfg:       cfg,
	}
	if s.st, err = s.initialStore(); err != nil {
		if cfg.listener != nil {
			cfg.listener.Close()
		}
		return nil, err
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if cfg.listener != nil {
		s.ts.Listener.Close()
		s.ts.Listener = cfg.listener
	}
	s.ts.Config.ReadHeaderTimeout = time.Minute
	s.ts.Start()
	s.URL = s.ts.URL
	signer, err := signing.New(cfg.accessKey, cfg.secretKey, signing.WithClock(cfg.now), signing.WithEndpoint(s.URL))
	if err != nil {
		s.ts.Close()
		return nil, fmt.Errorf("dataflowtest: %w", err)
	}
	s.signer = signer
	s.http = &http.Client{Transport: &signing.Transport{Base: s.ts.Client().Transport, Signer: signer}}
	s.client, err = gen.NewClientWithResponses(s.URL, gen.WithHTTPClient(s.http))
	if err != nil {
		s.ts.Close()
		return nil, fmt.Errorf("dataflowtest: %w", err)
	}
	if cfg.tb != nil {
		cfg.tb.Cleanup(s.Close)
	}
	return s, nil
}

// Close shuts the server down and waits for requests in flight.
func (s *Server) Close() { s.ts.Close() }

// Shutdown closes the server, waiting for requests in flight until ctx
// ends; then it cuts the connections still open (a delayed fault's, say),
// waits for their handlers to return and returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.ts.Close()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.ts.CloseClientConnections()
		<-done
		return ctx.Err()
	}
}

// Client returns a generated client for the server whose every request
// is signed with the server's credentials (through signing.Transport).
func (s *Server) Client() *gen.ClientWithResponses { return s.client }

// HTTPClient returns the http.Client under Client: it signs each request
// with the server's credentials just before sending it. Use it as the doer of
// your own client or wrapper.
func (s *Server) HTTPClient() *http.Client { return s.http }

// Signer returns a signer with the server's credentials and clock, for the
// server's URL only (signing.WithEndpoint), for tests that sign in a request
// editor (gen.WithRequestEditorFn(s.Signer().Intercept)).
func (s *Server) Signer() *signing.Signer { return s.signer }

// Errors returns the fake's own contract violations so far: responses it
// built that openapi.yaml rejects (each was answered with a 500 instead).
// It is empty unless the fake and the spec have drifted apart.
func (s *Server) Errors() []error {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	return append([]error(nil), s.errs...)
}

func (s *Server) now() time.Time { return s.cfg.now() }

func (s *Server) lookupSecret(ak string) (string, bool) {
	if ak == s.AccessKey {
		return s.SecretKey, true
	}
	return "", false
}

// reply is what a handler answers: a status and a value to encode as JSON.
type reply struct {
	status int
	body   any
}

// call is what a handler gets.
type call struct {
	params        map[string]string
	query         url.Values
	header        http.Header
	body          []byte
	now           time.Time
	createdStatus int // what a create operation answers (WithCreatedStatus)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	body, readErr := io.ReadAll(r.Body)
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }

	route, params, routeErr := s.contract.findRoute(r)
	rec := &Request{
		Method: r.Method,
		URI:    r.RequestURI,
		Header: r.Header.Clone(),
		Body:   body,
		Time:   s.now(),
	}
	if route != nil {
		rec.OperationID = route.Operation.OperationID
	}
	rec.SignatureErr = signing.Verify(r, s.lookupSecret, rec.Time, s.cfg.window)
	fault := s.record(rec)

	if readErr != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(gatewayError("100", "Bad Request Exception", "the request body could not be read: "+readErr.Error()))
		s.finish(rec, http.StatusBadRequest)
		return
	}
	if fault != nil {
		if s.applyFault(w, r, rec, fault) {
			return
		}
	}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: validationOptions()}
	var out []byte
	var status int
	switch {
	case rec.SignatureErr != nil:
		status, out = http.StatusUnauthorized, gatewayError("200", "Authentication Failed", authDetails(rec.SignatureErr))
	case routeErr != nil:
		status, out = routeFailure(r, routeErr)
		in = nil
	default:
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			s.update(rec, func(r *Request) { r.ValidationErr = err })
			status, out = http.StatusBadRequest, serviceError("bad-parameter", describe(err))
			break
		}
		status, out = s.dispatch(rec.OperationID, &call{params: params, query: r.URL.Query(), header: r.Header, body: body, now: rec.Time, createdStatus: s.cfg.createdStatus})
	}
	if in != nil {
		status, out = s.checkResponse(in, rec, status, out)
	}
	s.write(w, rec, fault, status, out)
}

// dispatch runs the operation's handler under the state lock and encodes
// its answer while still holding it, so no handler output is shared.
func (s *Server) dispatch(opID string, c *call) (int, []byte) {
	h := handlers[opID]
	if h == nil {
		// An operation the fake does not model (one the spec gained
		// since): answer with the spec's example of its success, which is
		// validated like every answer.
		if ex, ok := s.contract.examples[opID]; ok {
			return ex.status, ex.body
		}
		return http.StatusNotImplemented, serviceError("not-implemented", "dataflowtest: no handler and no success example for operation "+opID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.tick(c.now, s.cfg.readyFor, s.cfg.runFor)
	rep := h(s.st, c)
	data, err := json.Marshal(rep.body)
	if err != nil {
		return http.StatusInternalServerError, serviceError("internal", "dataflowtest: encoding the "+opID+" answer: "+err.Error())
	}
	return rep.status, data
}

// checkResponse validates the fake's own answer against openapi.yaml. A
// non-conforming answer is replaced by a 500 that names the drift.
func (s *Server) checkResponse(in *openapi3filter.RequestValidationInput, rec *Request, status int, body []byte) (int, []byte) {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 http.Header{"Content-Type": {"application/json"}},
		Options:                in.Options,
	}
	out.SetBodyBytes(body)
	err := openapi3filter.ValidateResponse(context.Background(), out)
	if err == nil {
		return status, body
	}
	drift := fmt.Errorf("dataflowtest: the fake's %d answer to %s %s (%s) does not conform to openapi.yaml: %s; body: %s",
		status, rec.Method, rec.URI, rec.OperationID, describe(err), body)
	s.recMu.Lock()
	s.errs = append(s.errs, drift)
	s.recMu.Unlock()
	if tb := s.cfg.tb; tb != nil {
		tb.Helper()
		tb.Errorf("%v", drift)
	}
	return http.StatusInternalServerError, serviceError("contract-drift", drift.Error())
}

func (s *Server) write(w http.ResponseWriter, rec *Request, f *Fault, status int, body []byte) {
	if f != nil && f.Truncate && f.Body == nil {
		writeTruncated(w, status, "application/json", body)
		s.finish(rec, status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	s.finish(rec, status)
}

func routeFailure(r *http.Request, err error) (int, []byte) {
	var re *routers.RouteError
	if errors.As(err, &re) && re.Reason == routers.ErrMethodNotAllowed.Error() {
		return http.StatusMethodNotAllowed, gatewayError("300", "Method Not Allowed",
			fmt.Sprintf("%s is not allowed on %s", r.Method, r.URL.Path))
	}
	return http.StatusNotFound, gatewayError("300", "Not Found Exception",
		fmt.Sprintf("no Data Flow operation for %s %s", r.Method, r.URL.Path))
}

// authDetails says why authentication failed, never quoting a secret.
func authDetails(err error) string {
	switch {
	case errors.Is(err, signing.ErrMissingHeaders), errors.Is(err, signing.ErrMalformedTimestamp),
		errors.Is(err, signing.ErrTimestampOutOfWindow):
		return err.Error()
	case errors.Is(err, signing.ErrUnknownAccessKey):
		return "unknown access key"
	case errors.Is(err, signing.ErrSignatureMismatch):
		return "signature does not match"
	}
	return "invalid authentication information"
}

// gatewayError is the API gateway's error body.
func gatewayError(code, message, details string) []byte {
	var ec gen.GatewayErrorCode
	if err := ec.FromGatewayErrorCode0(code); err != nil {
		panic(err)
	}
	data, err := json.Marshal(gen.ErrorResponse{Error: &gen.GatewayError{ErrorCode: &ec, Message: &message, Details: &details}})
	if err != nil {
		panic(err)
	}
	return data
}

// serviceError is the Data Flow service's error body.
func serviceError(errorType, detail string) []byte {
	data, err := json.Marshal(serviceErr(errorType, detail))
	if err != nil {
		panic(err)
	}
	return data
}

func serviceErr(errorType, detail string) gen.ErrorResponse {
	return gen.ErrorResponse{ErrorType: &errorType, Detail: &detail}
}

const (
	alnum       = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b)
}
