package signing

import (
	"crypto/hmac"
	"fmt"
	"net/http"
)

// Transport is an http.RoundTripper that signs every request at the last
// moment, just before Base sends it. Nothing above it (request editors,
// per-call editors, redirects, a retry loop) can change a request after it is
// signed, and each attempt of a retry layer placed above it gets a fresh
// timestamp and signature. It does not modify the caller's request: it signs
// a shallow copy with its own header map.
//
// It sends only requests for the Signer's endpoint (see WithEndpoint).
// Anything else, such as a redirect that an http.Client follows to another
// host or from https to http, fails with a *HostError (ErrHostNotAllowed)
// before credentials are fetched, and nothing is sent.
//
//	httpClient := &http.Client{Transport: &signing.Transport{Signer: signer}}
//	client, err := gen.NewClientWithResponses(server, gen.WithHTTPClient(httpClient))
type Transport struct {
	// Base sends the signed request; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Signer signs each request; required.
	Signer *Signer
	// Strict makes RoundTrip fail with ErrModifiedAfterSigning, sending
	// nothing, when the request already carries a signature (from
	// Signer.Intercept) that no longer matches its method and URI: a sign
	// that an editor registered after the signer changed the request. Without
	// Strict such a request is simply signed again.
	Strict bool
}

// RoundTrip signs a copy of req and sends it with Base.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	fail := func(err error) (*http.Response, error) {
		if req != nil && req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	if t == nil || t.Signer == nil {
		return fail(fmt.Errorf("%w: Transport has no Signer", ErrInvalidRequest))
	}
	// Transport sits below the redirect layer of net/http: this check is
	// what keeps a redirect to another host from getting a signature.
	if err := t.Signer.check(req); err != nil {
		return fail(err)
	}
	creds, err := t.Signer.credentials(req.Context())
	if err != nil {
		return fail(err)
	}
	if t.Strict {
		if err := checkExisting(req, creds); err != nil {
			return fail(err)
		}
	}
	signed := new(http.Request)
	*signed = *req
	signed.Header = make(http.Header, len(req.Header)+3)
	for k, v := range req.Header {
		signed.Header[k] = v // shared values are safe: Sign replaces slices, never writes into them
	}
	if err := t.Signer.sign(signed, t.Signer.s.now(), creds); err != nil {
		return fail(err)
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(signed)
}

// CloseIdleConnections closes the idle connections of Base
// (http.DefaultTransport when Base is nil), so that an http.Client built on
// a Transport can release them with its own CloseIdleConnections.
func (t *Transport) CloseIdleConnections() {
	if t == nil {
		return
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if c, ok := base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// checkExisting reports a signature already on req that no longer matches it.
// A signature made with another access key (rotated keys) is not checked.
func checkExisting(req *http.Request, creds Credentials) error {
	sig := req.Header.Get(HeaderSignature)
	if sig == "" || req.Header.Get(HeaderAccessKey) != creds.AccessKey {
		return nil
	}
	want := ComputeSignature(creds.SecretKey.Reveal(), sendMethod(req.Method), req.URL.RequestURI(), req.Header.Get(HeaderTimestamp), creds.AccessKey)
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return fmt.Errorf("%w: the method or URL changed after Signer.Intercept ran; register it as the last editor, or sign only in Transport", ErrModifiedAfterSigning)
	}
	return nil
}
