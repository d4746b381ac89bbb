package signing

import (
	"crypto/hmac"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultWindow is how far a request's timestamp may be from the verifier's
// clock, either way; the gateway allows 5 minutes.
const DefaultWindow = 5 * time.Minute

// Verify checks a received request's signature-v2 headers, as the gateway
// does. lookupSecret returns the secret key of an access key; now is the
// verifier's clock; window <= 0 means DefaultWindow. The signed URI is
// req.RequestURI (the raw request-line target a server sees) or, when that is
// empty, req.URL.RequestURI(). The signature is compared in constant time.
// The body is not read.
//
// The error wraps ErrMissingHeaders, ErrMalformedTimestamp,
// ErrUnknownAccessKey, ErrSignatureMismatch or ErrTimestampOutOfWindow
// (checked in that order: a window error means the signature itself is
// valid), or ErrInvalidRequest for a nil request or lookup.
func Verify(req *http.Request, lookupSecret func(accessKey string) (secretKey string, ok bool), now time.Time, window time.Duration) error {
	if req == nil || lookupSecret == nil {
		return fmt.Errorf("%w: nil request or lookup", ErrInvalidRequest)
	}
	ts := req.Header.Get(HeaderTimestamp)
	ak := req.Header.Get(HeaderAccessKey)
	sig := req.Header.Get(HeaderSignature)
	var missing []string
	for _, h := range [...]struct{ name, value string }{
		{"x-ncp-apigw-timestamp", ts}, {"x-ncp-iam-access-key", ak}, {"x-ncp-apigw-signature-v2", sig},
	} {
		if h.value == "" {
			missing = append(missing, h.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s", ErrMissingHeaders, strings.Join(missing, ", "))
	}
	ms, ok := parseMillis(ts)
	if !ok {
		return fmt.Errorf("%w: x-ncp-apigw-timestamp must be decimal Unix milliseconds", ErrMalformedTimestamp)
	}
	secret, ok := lookupSecret(ak)
	if !ok || secret == "" {
		return ErrUnknownAccessKey
	}
	uri := req.RequestURI
	if uri == "" {
		if req.URL == nil {
			return fmt.Errorf("%w: request has neither RequestURI nor URL", ErrInvalidRequest)
		}
		uri = req.URL.RequestURI()
	}
	want := ComputeSignature(secret, sendMethod(req.Method), uri, ts, ak)
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return ErrSignatureMismatch
	}
	if window <= 0 {
		window = DefaultWindow
	}
	skew := now.Sub(time.UnixMilli(ms))
	switch {
	case skew > window:
		return fmt.Errorf("%w: signed %v before the verifier's clock (window %v)", ErrTimestampOutOfWindow, skew.Round(time.Millisecond), window)
	case skew < -window:
		return fmt.Errorf("%w: signed %v after the verifier's clock (window %v)", ErrTimestampOutOfWindow, (-skew).Round(time.Millisecond), window)
	}
	return nil
}

// parseMillis accepts 1 to 18 ASCII digits: no sign, no spaces.
func parseMillis(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
