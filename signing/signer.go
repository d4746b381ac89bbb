package signing

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Signer adds the three signature-v2 headers to requests. It is safe for
// concurrent use. Build it with New, NewWithProvider or NewDefault.
type Signer struct {
	s *signerState // behind a pointer: printing a Signer can only show an address
}

type signerState struct {
	provider *providerRef
	endpoint endpoint // the only scheme and host it signs for
	now      func() time.Time
	debug    func(stringToSign string)
	mac      atomic.Pointer[macPool] // keyed HMAC state for the last secret seen
	err      error                   // from an Option, returned by the constructor
}

// Option configures a Signer.
type Option func(*Signer)

// WithClock sets the clock the Signer reads for each signature (default
// time.Now). Tests use it to get fixed timestamps.
func WithClock(now func() time.Time) Option {
	return func(s *Signer) {
		if now != nil {
			s.s.now = now
		}
	}
}

// WithEndpoint sets the base URL of the service the Signer signs for. Its
// scheme and host (with the port; case-insensitive; 443 and 80 are the
// defaults of https and http) are the only ones the Signer signs for:
// Intercept, Sign and Transport refuse a request for any other scheme, host
// or port with a *HostError (ErrHostNotAllowed), so that neither a redirect
// nor a mistaken URL can carry the access key and a valid signature to
// another server, or from https down to http. The path of baseURL is not
// checked. Without WithEndpoint the Signer signs for DefaultEndpoint. A
// baseURL that is not http or https with a host makes the constructor fail
// with ErrInvalidOption.
func WithEndpoint(baseURL string) Option {
	return func(s *Signer) {
		e, err := parseEndpoint(baseURL)
		if err != nil {
			s.s.err = err
			return
		}
		s.s.endpoint = e
	}
}

// WithDebug calls fn with the string to sign of every request the Signer
// signs. The string holds the method, URI, timestamp and access key, never the
// secret key. Off by default; it costs an allocation per request when on.
func WithDebug(fn func(stringToSign string)) Option {
	return func(s *Signer) { s.s.debug = fn }
}

// New returns a Signer for a fixed key pair. Both keys must be non-empty.
func New(accessKey, secretKey string, opts ...Option) (*Signer, error) {
	c := NewStaticCredentials(accessKey, secretKey)
	if err := (Credentials{AccessKey: c.AccessKey, SecretKey: c.SecretKey}).validate(); err != nil {
		return nil, err
	}
	return NewWithProvider(c, opts...)
}

// NewWithProvider returns a Signer that asks p for credentials on every
// request, so rotating keys (STS, sub-accounts) take effect at once.
func NewWithProvider(p CredentialsProvider, opts ...Option) (*Signer, error) {
	if isNilProvider(p) {
		return nil, fmt.Errorf("%w: nil CredentialsProvider (%T)", ErrInvalidCredentials, p)
	}
	s := &Signer{s: &signerState{provider: &providerRef{p}, endpoint: defaultEndpoint, now: time.Now}}
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: option %d of %d is nil", ErrInvalidOption, i+1, len(opts))
		}
		o(s)
		if s.s.err != nil {
			return nil, s.s.err
		}
	}
	return s, nil
}

// NewDefault returns a Signer over DefaultChain (environment, then the
// configure file), cached with NewCredentialsCache. It looks the keys up once
// now, so a missing or malformed configuration fails here with an error that
// lists the sources tried.
func NewDefault(opts ...Option) (*Signer, error) {
	cache := NewCredentialsCache(DefaultChain())
	s, err := NewWithProvider(cache, opts...) // bad options first: they need no lookup
	if err != nil {
		return nil, err
	}
	if _, err := cache.Retrieve(context.Background()); err != nil {
		return nil, err
	}
	return s, nil
}

// Intercept signs req with fresh credentials and the current time. It has the
// generated client's RequestEditorFn shape:
//
//	gen.WithRequestEditorFn(signer.Intercept)
//
// The generated client runs client-level editors in the order given, then
// per-call editors, once per call. Register Intercept as the last client-level
// editor, and let no per-call editor change the method or URL; a retry or
// redirect beneath it reuses the old signature. Use Transport to sign each
// attempt instead, or give the http.Client CheckRedirect. On error the client
// sends nothing; a request for another scheme or host than the Signer's
// endpoint is refused with a *HostError before credentials are fetched.
func (s *Signer) Intercept(ctx context.Context, req *http.Request) error {
	if err := s.check(req); err != nil {
		return err
	}
	creds, err := s.credentials(ctx)
	if err != nil {
		return err
	}
	return s.sign(req, s.s.now(), creds)
}

// CheckRedirect is an http.Client CheckRedirect function for clients whose
// requests are signed by Intercept. Such a client copies the request's
// headers, access key and signature included, to every redirect it follows,
// and no request editor runs again. CheckRedirect stops the client, with a
// *HostError (ErrHostNotAllowed), before it follows a redirect to another
// scheme, host or port than the Signer's endpoint; a redirect within the
// endpoint is signed afresh for its new method and URI. It stops after 10
// redirects, as net/http does by default.
//
//	httpClient := &http.Client{CheckRedirect: signer.CheckRedirect}
//
// A Transport needs none of this: it checks and signs each request it sends,
// redirects included.
func (s *Signer) CheckRedirect(req *http.Request, via []*http.Request) error {
	if err := s.check(req); err != nil {
		return err
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("signing: stopped after %d redirects", maxRedirects)
	}
	if req.Header.Get(HeaderSignature) == "" {
		return nil // not signed by Intercept: nothing to renew
	}
	return s.Intercept(req.Context(), req)
}

// maxRedirects is how many redirects CheckRedirect follows.
const maxRedirects = 10

// Resign signs req again with a fresh timestamp, with req's context. Its shape
// fits a retry library's "prepare retry" hook, for retries that sit beneath
// the request editors.
func (s *Signer) Resign(req *http.Request) error {
	if req == nil {
		return fmt.Errorf("%w: nil request", ErrInvalidRequest)
	}
	return s.Intercept(req.Context(), req)
}

// check reports what makes req impossible to sign with s before any
// credentials are fetched: a nil Signer or request, or another host.
func (s *Signer) check(req *http.Request) error {
	if s == nil || s.s == nil {
		return errNilSigner
	}
	if err := checkRequest(req); err != nil {
		return err
	}
	return s.s.endpoint.allows(req)
}

var errNilSigner = fmt.Errorf("%w: nil Signer (use New)", ErrInvalidRequest)

// credentials fetches keys for one request; call it after check.
func (s *Signer) credentials(ctx context.Context) (Credentials, error) {
	if ctx == nil {
		return Credentials{}, errNilContext
	}
	return s.s.provider.p.Retrieve(ctx)
}

func checkRequest(req *http.Request) error {
	switch {
	case req == nil:
		return fmt.Errorf("%w: nil request", ErrInvalidRequest)
	case req.URL == nil:
		return fmt.Errorf("%w: request has no URL", ErrInvalidRequest)
	}
	return nil
}

// Sign sets HeaderTimestamp, HeaderAccessKey and HeaderSignature on req for
// the time now and creds, replacing any earlier values. It signs the method
// and req.URL.RequestURI() as they are now, so call it after the request is
// fully built. It reads neither the clock nor req.Body. Like Intercept, it
// refuses a request for another scheme or host than the Signer's endpoint.
func (s *Signer) Sign(req *http.Request, now time.Time, creds Credentials) error {
	if err := s.check(req); err != nil {
		return err
	}
	return s.sign(req, now, creds)
}

// sign is Sign for a request that passed check.
func (s *Signer) sign(req *http.Request, now time.Time, creds Credentials) error {
	if err := creds.validate(); err != nil {
		return err
	}
	ms := now.UnixMilli()
	if ms <= 0 {
		return fmt.Errorf("%w: signing time %s is not after 1970", ErrInvalidRequest, now.UTC().Format(time.RFC3339))
	}
	path, query, hasQuery := uriParts(req.URL)

	pool := s.s.macPool(creds.SecretKey)
	st := pool.get()
	msg := append(st.buf[:0], sendMethod(req.Method)...)
	msg = append(msg, ' ')
	msg = append(msg, path...)
	if hasQuery {
		msg = append(msg, '?')
		msg = append(msg, query...)
	}
	msg = append(msg, '\n')
	tsStart := len(msg)
	msg = strconv.AppendInt(msg, ms, 10)
	tsLen := len(msg) - tsStart
	msg = append(msg, '\n')
	msg = append(msg, creds.AccessKey...)

	st.h.Reset()
	st.h.Write(msg)
	sum := st.h.Sum(st.sum[:0])
	out := append(st.out[:0], msg[tsStart:tsStart+tsLen]...)
	out = base64.StdEncoding.AppendEncode(out, sum)
	tsAndSig := string(out) // one allocation for both header values
	if s.s.debug != nil {
		s.s.debug(string(msg))
	}
	pool.put(st, msg)

	if req.Header == nil {
		req.Header = make(http.Header, 3)
	}
	dropNonCanonical(req.Header)
	vals := make([]string, 3) // one allocation for the three value slices
	vals[0], vals[1], vals[2] = tsAndSig[:tsLen], creds.AccessKey, tsAndSig[tsLen:]
	req.Header[HeaderTimestamp] = vals[0:1:1]
	req.Header[HeaderAccessKey] = vals[1:2:2]
	req.Header[HeaderSignature] = vals[2:3:3]
	return nil
}

// dropNonCanonical removes spellings of our headers that were set without
// Header.Set (e.g. "x-ncp-apigw-timestamp"), which would go out as second
// copies next to ours.
func dropNonCanonical(h http.Header) {
	for k := range h {
		switch len(k) {
		case len(HeaderTimestamp), len(HeaderAccessKey), len(HeaderSignature):
		default:
			continue
		}
		if k != HeaderTimestamp && k != HeaderAccessKey && k != HeaderSignature &&
			(strings.EqualFold(k, HeaderTimestamp) || strings.EqualFold(k, HeaderAccessKey) || strings.EqualFold(k, HeaderSignature)) {
			delete(h, k)
		}
	}
}

// Format shows only the provider's type, for every fmt verb.
func (s Signer) Format(f fmt.State, verb rune) {
	var p any
	if s.s != nil {
		p = s.s.provider.p
	}
	str := fmt.Sprintf("signing.Signer{Provider:%T}", p)
	format(f, verb, str, str)
}

// macPool hands out HMAC-SHA256 states keyed with one secret. hmac's Reset
// restores the precomputed keyed state, so a pooled state signs with two
// SHA-256 blocks fewer than a fresh hmac.New, and without allocating.
type macPool struct {
	secret Secret
	pool   sync.Pool
}

type macState struct {
	h   hash.Hash
	buf []byte            // the string to sign
	sum [sha256.Size]byte // the MAC
	out [64]byte          // timestamp (at most 19 digits) + base64 MAC (44)
}

// maxKeptBuf bounds the buffer a pooled state keeps between requests.
const maxKeptBuf = 4 << 10

func (s *signerState) macPool(secret Secret) *macPool {
	if p := s.mac.Load(); p != nil && p.secret == secret {
		return p
	}
	p := &macPool{secret: secret}
	key := secret.revealBytes() // the only copy of the key, inside the closure
	p.pool.New = func() any {
		return &macState{h: hmac.New(sha256.New, key), buf: make([]byte, 0, 256)}
	}
	s.mac.Store(p)
	return p
}

func (p *macPool) get() *macState { return p.pool.Get().(*macState) }

func (p *macPool) put(st *macState, buf []byte) {
	if cap(buf) <= maxKeptBuf {
		st.buf = buf[:0]
	} else {
		st.buf = make([]byte, 0, 256)
	}
	p.pool.Put(st)
}
