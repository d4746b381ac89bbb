package signing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Environment variables read by EnvCredentials and DefaultChain. The first of
// each pair that is set and non-empty wins.
const (
	EnvAccessKeyID     = "NCLOUD_ACCESS_KEY_ID"
	EnvAccessKey       = "NCLOUD_ACCESS_KEY"
	EnvSecretAccessKey = "NCLOUD_SECRET_ACCESS_KEY"
	EnvSecretKey       = "NCLOUD_SECRET_KEY"
	EnvProfile         = "NCLOUD_PROFILE"
)

// Credentials is an access key and its secret key. Main-account, sub-account
// and STS temporary keys all sign the same way.
//
// Formatting a Credentials with any fmt verb, logging it with log/slog, or
// encoding it (JSON, XML, gob) shows the access key but never the secret key,
// which a Secret holds.
type Credentials struct {
	AccessKey string
	SecretKey Secret `json:"-"`
	// Source says where the keys came from, e.g. "environment" or
	// "file /home/me/.ncloud/configure (profile DEFAULT)".
	Source string
	// Expires is when temporary keys stop working; zero means never.
	Expires time.Time
}

// CredentialsProvider supplies credentials. A Signer calls Retrieve for
// every request it signs, so an implementation that rotates keys needs no
// other hook; wrap a slow one in NewCredentialsCache. An implementation that
// has no keys should return an error wrapping ErrNoCredentials, so that a
// ChainCredentials moves on to the next source.
type CredentialsProvider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

// validate reports keys that cannot sign a request.
func (c Credentials) validate() error {
	var reason string
	switch {
	case c.AccessKey == "":
		reason = "access key is empty"
	case c.SecretKey.IsZero():
		reason = "secret key is empty"
	case !validHeaderValue(c.AccessKey):
		reason = "access key has control characters or surrounding spaces"
	default:
		return nil
	}
	if c.Source != "" {
		reason += " (from " + c.Source + ")"
	}
	return fmt.Errorf("%w: %s", ErrInvalidCredentials, reason)
}

// validHeaderValue reports whether v goes into a header unchanged.
func validHeaderValue(v string) bool {
	if v == "" || v[0] == ' ' || v[0] == '\t' || v[len(v)-1] == ' ' || v[len(v)-1] == '\t' {
		return false
	}
	for i := 0; i < len(v); i++ {
		if b := v[i]; (b < ' ' && b != '\t') || b == 0x7f {
			return false
		}
	}
	return true
}

const redacted = "[redacted]"

func (c Credentials) expires() string {
	if c.Expires.IsZero() {
		return "never"
	}
	return c.Expires.Format(time.RFC3339)
}

// String shows the access key, source and expiry; the secret key is redacted.
func (c Credentials) String() string {
	return "{AccessKey:" + c.AccessKey + " SecretKey:" + c.SecretKey.field() +
		" Source:" + c.Source + " Expires:" + c.expires() + "}"
}

// GoString is String in Go syntax; the secret key is redacted.
func (c Credentials) GoString() string {
	return "signing.Credentials{AccessKey:" + strconv.Quote(c.AccessKey) +
		", SecretKey:" + c.SecretKey.field() + ", Source:" + strconv.Quote(c.Source) +
		", Expires:" + strconv.Quote(c.expires()) + "}"
}

// Format makes every fmt verb, including %+v and %#v, redact the secret key.
func (c Credentials) Format(f fmt.State, verb rune) { format(f, verb, c.String(), c.GoString()) }

// LogValue keeps the secret key out of log/slog output.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_key", c.AccessKey),
		slog.String("secret_key", c.SecretKey.String()),
		slog.String("source", c.Source),
		slog.String("expires", c.expires()),
	)
}

// format writes plain for %v, %+v and %s, goSyntax for %#v, and plain quoted
// for %q. Other verbs get plain too: no verb reaches a raw field.
func format(f fmt.State, verb rune, plain, goSyntax string) {
	out := plain
	switch {
	case verb == 'v' && f.Flag('#'):
		out = goSyntax
	case verb == 'q':
		out = strconv.Quote(plain)
	}
	_, _ = io.WriteString(f, out)
}

// StaticCredentials is a fixed key pair, e.g. from command-line flags; make
// it with NewStaticCredentials. With both keys empty it has no credentials
// (ErrNoCredentials), so a chain moves on; with one empty it fails with
// ErrInvalidCredentials.
type StaticCredentials struct {
	AccessKey string
	SecretKey Secret `json:"-"`
}

// NewStaticCredentials returns the key pair accessKey, secretKey.
func NewStaticCredentials(accessKey, secretKey string) StaticCredentials {
	return StaticCredentials{AccessKey: accessKey, SecretKey: NewSecret(secretKey)}
}

const sourceStatic = "explicit keys"

// Retrieve returns the keys.
func (s StaticCredentials) Retrieve(ctx context.Context) (Credentials, error) {
	if ctx == nil {
		return Credentials{}, errNilContext
	}
	if s.AccessKey == "" && s.SecretKey.IsZero() {
		return Credentials{}, &SourceError{Source: sourceStatic, Err: because(ErrNoCredentials, "none given")}
	}
	c := Credentials{AccessKey: s.AccessKey, SecretKey: s.SecretKey, Source: sourceStatic}
	if err := c.validate(); err != nil {
		return Credentials{}, &SourceError{Source: sourceStatic, Err: err}
	}
	return c, nil
}

// String shows the access key; the secret key is redacted.
func (s StaticCredentials) String() string {
	return "{AccessKey:" + s.AccessKey + " SecretKey:" + s.SecretKey.field() + "}"
}

// GoString is String in Go syntax; the secret key is redacted.
func (s StaticCredentials) GoString() string {
	return "signing.StaticCredentials{AccessKey:" + strconv.Quote(s.AccessKey) + ", SecretKey:" + s.SecretKey.field() + "}"
}

// Format redacts the secret key for every fmt verb.
func (s StaticCredentials) Format(f fmt.State, verb rune) { format(f, verb, s.String(), s.GoString()) }

// LogValue keeps the secret key out of log/slog output.
func (s StaticCredentials) LogValue() slog.Value {
	return slog.GroupValue(slog.String("access_key", s.AccessKey), slog.String("secret_key", s.SecretKey.String()))
}

// EnvCredentials reads NCLOUD_ACCESS_KEY_ID (else NCLOUD_ACCESS_KEY) and
// NCLOUD_SECRET_ACCESS_KEY (else NCLOUD_SECRET_KEY). An empty variable counts
// as unset. With neither key set it has no credentials; with only one set it
// fails with ErrInvalidCredentials, so a half-configured environment is not
// silently replaced by the configure file.
type EnvCredentials struct {
	// Lookup reads a variable; nil means os.LookupEnv.
	Lookup func(key string) (string, bool)
}

const sourceEnv = "environment"

// Retrieve reads the variables.
func (e EnvCredentials) Retrieve(ctx context.Context) (Credentials, error) {
	if ctx == nil {
		return Credentials{}, errNilContext
	}
	lookup := e.Lookup
	if lookup == nil {
		lookup = os.LookupEnv
	}
	first := func(names ...string) (string, string) {
		for _, n := range names {
			if v, ok := lookup(n); ok && v != "" {
				return v, n
			}
		}
		return "", ""
	}
	ak, akVar := first(EnvAccessKeyID, EnvAccessKey)
	sk, skVar := first(EnvSecretAccessKey, EnvSecretKey)
	switch {
	case akVar == "" && skVar == "":
		return Credentials{}, &SourceError{Source: sourceEnv, Err: because(ErrNoCredentials,
			EnvAccessKeyID+", "+EnvAccessKey+", "+EnvSecretAccessKey+" and "+EnvSecretKey+" are unset or empty")}
	case skVar == "":
		return Credentials{}, &SourceError{Source: sourceEnv, Err: because(ErrInvalidCredentials,
			akVar+" is set but neither "+EnvSecretAccessKey+" nor "+EnvSecretKey+" is")}
	case akVar == "":
		return Credentials{}, &SourceError{Source: sourceEnv, Err: because(ErrInvalidCredentials,
			skVar+" is set but neither "+EnvAccessKeyID+" nor "+EnvAccessKey+" is")}
	}
	c := Credentials{AccessKey: ak, SecretKey: NewSecret(sk), Source: sourceEnv + " (" + akVar + ", " + skVar + ")"}
	if err := c.validate(); err != nil {
		return Credentials{}, &SourceError{Source: sourceEnv, Err: err}
	}
	return c, nil
}

// ChainCredentials tries its providers in order and returns the first keys
// found. A provider's error that wraps ErrNoCredentials moves the chain on;
// any other error (a malformed configure file, a half-set environment, a
// cancelled context) stops it and is returned as is. When no provider has
// keys, the error is a *NoCredentialsError listing every source tried.
type ChainCredentials struct {
	Providers []CredentialsProvider
}

// DefaultChain is the chain the CLI and most programs want: the environment,
// then the NCP CLI's configure file ($HOME/.ncloud/configure) with the profile
// named by NCLOUD_PROFILE (read now), else DEFAULT. Put a StaticCredentials
// first to let explicit keys (flags) win:
//
//	chain := signing.DefaultChain()
//	chain.Providers = append([]signing.CredentialsProvider{signing.NewStaticCredentials(ak, sk)}, chain.Providers...)
func DefaultChain() *ChainCredentials {
	return &ChainCredentials{Providers: []CredentialsProvider{
		EnvCredentials{},
		FileCredentials{Profile: os.Getenv(EnvProfile)},
	}}
}

// Retrieve tries each provider in turn; nil providers are skipped. It stops
// with the context's error once the context is done.
func (c *ChainCredentials) Retrieve(ctx context.Context) (Credentials, error) {
	if ctx == nil {
		return Credentials{}, errNilContext
	}
	if c == nil {
		return Credentials{}, &NoCredentialsError{}
	}
	var tried []error
	for _, p := range c.Providers {
		if isNilProvider(p) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return Credentials{}, err
		}
		creds, err := p.Retrieve(ctx)
		if err == nil {
			return creds, nil
		}
		if !errors.Is(err, ErrNoCredentials) {
			return Credentials{}, err
		}
		tried = append(tried, err)
	}
	return Credentials{}, &NoCredentialsError{Tried: tried}
}

// SourceError is the failure of one credential source. Err wraps
// ErrNoCredentials, ErrInvalidCredentials, a *ConfigError or an I/O error.
type SourceError struct {
	Source string // e.g. "environment", "file /home/me/.ncloud/configure (profile DEFAULT)"
	Err    error
}

// Error names the source and the reason.
func (e *SourceError) Error() string { return "signing: " + e.Source + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *SourceError) Unwrap() error { return e.Err }

// NoCredentialsError is returned by ChainCredentials when no source has keys.
// It matches ErrNoCredentials with errors.Is and lists why each source failed.
type NoCredentialsError struct {
	Tried []error
}

// Error names each source tried and why it had no keys.
func (e *NoCredentialsError) Error() string {
	if len(e.Tried) == 0 {
		return "signing: no credentials: the chain has no sources"
	}
	var b strings.Builder
	b.WriteString("signing: no credentials found; tried ")
	for i, err := range e.Tried {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(strings.TrimPrefix(err.Error(), "signing: "))
	}
	return b.String()
}

// Is reports whether target is ErrNoCredentials.
func (e *NoCredentialsError) Is(target error) bool { return target == ErrNoCredentials }

// Unwrap returns the per-source errors.
func (e *NoCredentialsError) Unwrap() []error { return e.Tried }

// refreshMargin is how long before Expires a CredentialsCache fetches new keys.
const refreshMargin = time.Minute

// CredentialsCache remembers the keys of another provider, so that a file is
// not read for every request. Keys with an Expires are fetched again one
// minute before they expire; keys without one are kept until Invalidate.
// Errors are not cached. It is safe for concurrent use.
type CredentialsCache struct {
	s *cacheState
}

type cacheState struct {
	provider *providerRef
	now      func() time.Time
	mu       sync.Mutex // held while fetching
	creds    atomic.Pointer[Credentials]
}

// providerRef keeps a provider behind a pointer, so that even a raw print of
// the state that holds it (fmt's fallback for a bad verb) shows an address,
// never a StaticCredentials' fields.
type providerRef struct{ p CredentialsProvider }

// NewCredentialsCache wraps p. With a nil p, Retrieve fails with
// ErrInvalidCredentials.
func NewCredentialsCache(p CredentialsProvider) *CredentialsCache {
	if isNilProvider(p) {
		return &CredentialsCache{s: &cacheState{now: time.Now}}
	}
	return &CredentialsCache{s: &cacheState{provider: &providerRef{p}, now: time.Now}}
}

func (s *cacheState) fresh() (Credentials, bool) {
	c := s.creds.Load()
	if c == nil || (!c.Expires.IsZero() && !s.now().Add(refreshMargin).Before(c.Expires)) {
		return Credentials{}, false
	}
	return *c, true
}

// Retrieve returns the cached keys, fetching them when there are none or
// they are about to expire.
func (c *CredentialsCache) Retrieve(ctx context.Context) (Credentials, error) {
	if ctx == nil {
		return Credentials{}, errNilContext
	}
	if c == nil || c.s == nil || c.s.provider == nil {
		return Credentials{}, fmt.Errorf("%w: CredentialsCache has no provider (use NewCredentialsCache)", ErrInvalidCredentials)
	}
	if creds, ok := c.s.fresh(); ok {
		return creds, nil
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if creds, ok := c.s.fresh(); ok {
		return creds, nil
	}
	creds, err := c.s.provider.p.Retrieve(ctx)
	if err != nil {
		return Credentials{}, err
	}
	c.s.creds.Store(&creds)
	return creds, nil
}

// Invalidate drops the cached keys; the next Retrieve fetches new ones.
func (c *CredentialsCache) Invalidate() {
	if c != nil && c.s != nil {
		c.s.creds.Store(nil)
	}
}

// Format shows only the wrapped provider's type, for every fmt verb.
func (c CredentialsCache) Format(f fmt.State, verb rune) {
	var p any
	if c.s != nil && c.s.provider != nil {
		p = c.s.provider.p
	}
	s := fmt.Sprintf("signing.CredentialsCache{Provider:%T}", p)
	format(f, verb, s, s)
}

// isNilProvider reports a nil provider, including a nil pointer, map, slice
// or func in a non-nil interface, whose Retrieve would panic.
func isNilProvider(p CredentialsProvider) bool {
	if p == nil {
		return true
	}
	switch v := reflect.ValueOf(p); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Interface, reflect.Chan:
		return v.IsNil()
	}
	return false
}
