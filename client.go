package dataflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// Version is this module's version, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultEndpoint is the Data Flow API gateway.
const DefaultEndpoint = "https://dataflow.apigw.ntruss.com"

// Client calls the Data Flow API. It signs every attempt, retries what is
// safe to retry, and turns every failure into a typed error. It is safe for
// concurrent use. Create it with New.
type Client struct {
	maxPages int
	raw      *gen.Client
	api      *gen.ClientWithResponses
	endpoint string
	http     *http.Client
}

type config struct {
	endpoint    string
	creds       signing.CredentialsProvider
	httpClient  *http.Client
	retry       RetryPolicy
	userAgent   string
	hook        func(*http.Request, int)
	observers   []func(*Attempt)
	signingOpts []signing.Option
	maxBody     int64
	timeout     time.Duration
	budget      RetryBudget
	maxPages    int
	errs        []error
}

// Option configures a Client.
type Option func(*config)

// WithEndpoint sets the API's base URL (default DefaultEndpoint), for
// example the URL of a dataflowtest server.
func WithEndpoint(rawURL string) Option {
	return func(c *config) { c.endpoint = rawURL }
}

// WithCredentials sets where the signing keys come from. The default is
// signing.DefaultChain(): the environment, then ~/.ncloud/configure.
func WithCredentials(p signing.CredentialsProvider) Option {
	return func(c *config) { c.creds = p }
}

// WithStaticCredentials signs with a fixed access key and secret key.
func WithStaticCredentials(accessKey, secretKey string) Option {
	return func(c *config) {
		c.creds = signing.NewStaticCredentials(accessKey, secretKey)
	}
}

// WithHTTPClient sends requests through hc (its Timeout, Jar and redirect
// policy are kept). The client wraps hc's Transport with its retry and
// signing layers; hc itself is not modified. hc's CheckRedirect runs after
// the client's own redirect rules, which always apply (see RedirectError).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) { c.httpClient = hc }
}

// WithRetryPolicy replaces DefaultRetryPolicy().
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) { c.retry = p }
}

// WithRetryBudget replaces DefaultRetryBudget(), the token bucket that
// bounds the retries of all of the client's calls together;
// WithRetryBudget(RetryBudget{}) switches it off.
func WithRetryBudget(b RetryBudget) Option {
	return func(c *config) {
		if b.Capacity < 0 || b.RetryCost < 0 || b.TimeoutCost < 0 || b.SuccessRefund < 0 {
			c.errs = append(c.errs, fmt.Errorf("retry budget values must not be negative, got %+v", b))
			return
		}
		c.budget = b
	}
}

// WithMaxPages sets the most pages one All… walk fetches (default
// DefaultMaxPages); a walk that needs more ends with a *PaginationError
// matching ErrTooManyPages.
func WithMaxPages(n int) Option {
	return func(c *config) {
		if n <= 0 {
			c.errs = append(c.errs, fmt.Errorf("the page limit must be positive, got %d", n))
			return
		}
		c.maxPages = n
	}
}

// WithRetries sets how many times a failed attempt is retried (0: never).
func WithRetries(n int) Option {
	return func(c *config) {
		if n < 0 {
			c.errs = append(c.errs, fmt.Errorf("retries must be 0 or more, got %d", n))
			return
		}
		c.retry.MaxRetries = n
	}
}

// WithMaxResponseBytes sets the largest response body the client reads,
// counted after decompression (default DefaultMaxResponseBytes, 64 MiB). A
// larger body ends the call, without retrying, with an *APIError wrapping a
// *ResponseTooLargeError; Content-Length never makes the client allocate
// more than it has received.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) {
		if n <= 0 {
			c.errs = append(c.errs, fmt.Errorf("the response size limit must be positive, got %d", n))
			return
		}
		c.maxBody = n
	}
}

// WithAttemptTimeout bounds each attempt: its response's headers and
// whole body must arrive within d, or the attempt fails with an
// *AttemptTimeoutError and is retried as the RetryPolicy says (a server
// that accepts the connection and never answers no longer holds the call
// until its context ends). 0, the default, sets no attempt timeout: the
// caller's context bounds the call.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.errs = append(c.errs, fmt.Errorf("the attempt timeout must not be negative, got %v", d))
			return
		}
		c.timeout = d
	}
}

// WithUserAgent adds an application name to the User-Agent header.
func WithUserAgent(app string) Option {
	return func(c *config) { c.userAgent = app }
}

// WithRequestHook calls fn with each signed request just before it is sent,
// with its attempt number (1 for the first). fn must not modify the request.
// Its headers include the access key and signature, never the secret key;
// print them shortened (the command's --debug does).
func WithRequestHook(fn func(req *http.Request, attempt int)) Option {
	return func(c *config) { c.hook = fn }
}

// WithSigningOptions passes options to the signer, such as
// signing.WithClock in tests.
func WithSigningOptions(opts ...signing.Option) Option {
	return func(c *config) { c.signingOpts = append(c.signingOpts, opts...) }
}

// New returns a Client. Credentials are looked up when the first request is
// signed, so New succeeds without them; the first call then fails with an
// error matching signing.ErrNoCredentials that names the sources tried.
func New(opts ...Option) (*Client, error) {
	cfg := config{endpoint: DefaultEndpoint, retry: DefaultRetryPolicy(), maxBody: DefaultMaxResponseBytes, budget: DefaultRetryBudget(), maxPages: DefaultMaxPages}
	for i, o := range opts {
		if o == nil {
			cfg.errs = append(cfg.errs, fmt.Errorf("option %d of %d is nil", i+1, len(opts)))
			continue
		}
		o(&cfg)
	}
	if err := errors.Join(cfg.errs...); err != nil {
		return nil, fmt.Errorf("dataflow: %w", err)
	}
	endpoint, err := checkEndpoint(cfg.endpoint)
	if err != nil {
		return nil, err
	}
	if cfg.retry.MaxRetries < 0 || cfg.retry.BaseBackoff < 0 || cfg.retry.MaxBackoff < 0 {
		return nil, errors.New("dataflow: retry policy values must not be negative")
	}
	if cfg.creds == nil {
		cfg.creds = signing.DefaultChain()
	}
	signer, err := signing.NewWithProvider(cfg.creds, append(cfg.signingOpts, signing.WithEndpoint(endpoint))...)
	if err != nil {
		return nil, fmt.Errorf("dataflow: %w", err)
	}

	hc := &http.Client{}
	if cfg.httpClient != nil {
		copied := *cfg.httpClient
		hc = &copied
	}
	hc.CheckRedirect = checkRedirect(hc.CheckRedirect)
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	if cfg.hook != nil {
		base = &hookTransport{next: base, hook: cfg.hook}
	}
	if len(cfg.observers) > 0 {
		base = &signedCapture{next: base}
	}
	hc.Transport = &retryTransport{
		next:      &signing.Transport{Base: base, Signer: signer},
		policy:    cfg.retry,
		maxBody:   cfg.maxBody,
		timeout:   cfg.timeout,
		budget:    newTokenBucket(cfg.budget),
		observers: cfg.observers,
		sleep:     sleepCtx,
		rand:      randInt64N,
	}

	ua := fmt.Sprintf("dataflow-go/%s (%s; %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if cfg.userAgent != "" {
		ua += " " + cfg.userAgent
	}
	raw, err := gen.NewClient(endpoint, gen.WithHTTPClient(hc), gen.WithRequestEditorFn(
		func(_ context.Context, req *http.Request) error {
			req.Header.Set("User-Agent", ua)
			return nil
		}))
	if err != nil {
		return nil, fmt.Errorf("dataflow: %w", err)
	}
	return &Client{
		maxPages: cfg.maxPages,
		raw:      raw,
		api:      &gen.ClientWithResponses{ClientInterface: raw},
		endpoint: endpoint,
		http:     hc,
	}, nil
}

func checkEndpoint(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Parse quotes its input; say only where it broke.
		return "", errors.New("dataflow: endpoint is not a URL")
	}
	shown := raw
	if u.User != nil {
		shown = u.Redacted() // never print a password given in the URL
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("dataflow: endpoint %q is not an http(s) URL with a host", shown)
	}
	if u.User != nil {
		return "", fmt.Errorf("dataflow: endpoint %q must not carry a user or password", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("dataflow: endpoint %q must not have a query or fragment", shown)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// Endpoint is the base URL the client calls.
func (c *Client) Endpoint() string { return c.endpoint }

// Generated returns the generated client this Client wraps, with the same
// signing, retries and User-Agent, for calls the typed methods do not cover.
// Turn its results into values or *APIError with Result.
func (c *Client) Generated() *gen.ClientWithResponses { return c.api }

// HTTPClient returns the *http.Client the client sends with (retrying and
// signing included).
func (c *Client) HTTPClient() *http.Client { return c.http }

// checked sends the operation unless its checker found a problem.
func checked[T any](ctx context.Context, ck *checker, send func(context.Context) (*http.Response, error)) (*T, error) {
	ck.context(ctx)
	if err := ck.err(); err != nil {
		return nil, err
	}
	return call[T](ctx, ck.op, send)
}

// checkedTrue is checked for operations whose success body is true.
func checkedTrue(ctx context.Context, ck *checker, send func(context.Context) (*http.Response, error)) error {
	ck.context(ctx)
	if err := ck.err(); err != nil {
		return err
	}
	return callTrue(ctx, ck.op, send)
}

// call sends one operation and decodes its 2xx body into T.
func call[T any](ctx context.Context, op string, send func(context.Context) (*http.Response, error)) (*T, error) {
	ctx, st := withCallState(ctx, op)
	resp, err := send(ctx)
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			return nil, ie // refused below the typed methods, before sending
		}
		var tr *bodyError
		if errors.As(err, &tr) {
			storeRaw(ctx, tr.resp, tr.body)
			e := newAPIError(op, tr.resp, tr.body)
			e.Err = tr.err
			return nil, e
		}
		return nil, &OperationError{Operation: op, Attempts: int(st.attempts.Load()), Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()
	body, err := readBody(resp.Body)
	storeRaw(ctx, resp, body)
	if err != nil {
		e := newAPIError(op, resp, body)
		e.Err = err
		return nil, e
	}
	return decode[T](op, resp, body)
}

func decode[T any](op string, resp *http.Response, body []byte) (*T, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newAPIError(op, resp, body)
	}
	v := new(T)
	if err := unmarshal(body, v); err != nil {
		e := newAPIError(op, resp, body)
		e.Err = err
		return nil, e
	}
	return v, nil
}

// unmarshal decodes body into v. The generated types read themselves in one
// validating pass, so they get the body directly: json.Unmarshal would
// first scan all of it once more to validate it.
func unmarshal(body []byte, v any) error {
	if u, ok := v.(json.Unmarshaler); ok {
		return u.UnmarshalJSON(body)
	}
	return json.Unmarshal(body, v)
}

// callTrue sends an operation whose success body is the JSON value true.
func callTrue(ctx context.Context, op string, send func(context.Context) (*http.Response, error)) error {
	ok, err := call[bool](ctx, op, send)
	if err != nil {
		return err
	}
	if !*ok {
		return &APIError{Operation: op, StatusCode: http.StatusOK, Status: "200 OK", Body: []byte("false"), Err: errors.New("the service answered false")}
	}
	return nil
}

// unwrapURLError drops the *url.Error layer net/http adds, whose text
// repeats the method and full URL; the cause stays reachable with errors.Is.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
