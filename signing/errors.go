package signing

import (
	"errors"
	"fmt"
)

// Errors for callers to test with errors.Is. Errors returned by this package
// wrap one of them and add a short reason; none contains a secret key.
var (
	// ErrInvalidRequest: the request cannot be signed or checked (nil
	// request, no URL, a clock before 1970, a Transport without a Signer,
	// a nil context).
	ErrInvalidRequest = errors.New("signing: invalid request")
	// ErrInvalidCredentials: an access key or secret key is empty, or the
	// access key cannot be sent in a header as it is.
	ErrInvalidCredentials = errors.New("signing: invalid credentials")
	// ErrNoCredentials: a credential source has no keys. A ChainCredentials
	// moves on to its next source only on this error.
	ErrNoCredentials = errors.New("signing: no credentials")
	// ErrModifiedAfterSigning: a strict Transport found a signature that no
	// longer matches the request's method and URI, i.e. something changed
	// the request after the signer's request editor ran.
	ErrModifiedAfterSigning = errors.New("signing: request changed after it was signed")
	// ErrHostNotAllowed: the request is for another scheme, host or port
	// than the Signer's endpoint (WithEndpoint), e.g. after a redirect. The
	// error is a *HostError; nothing was signed or sent.
	ErrHostNotAllowed = errors.New("signing: host not allowed")
	// ErrInvalidOption: a nil Option, or an Option with a bad value (a
	// WithEndpoint URL that is not http or https with a host).
	ErrInvalidOption = errors.New("signing: invalid option")

	// ErrMissingHeaders: Verify found no timestamp, access key or signature.
	ErrMissingHeaders = errors.New("signing: missing authentication headers")
	// ErrMalformedTimestamp: the timestamp is not decimal Unix milliseconds.
	ErrMalformedTimestamp = errors.New("signing: malformed timestamp")
	// ErrUnknownAccessKey: Verify's lookup does not know the access key.
	ErrUnknownAccessKey = errors.New("signing: unknown access key")
	// ErrSignatureMismatch: the signature does not match the request.
	ErrSignatureMismatch = errors.New("signing: signature mismatch")
	// ErrTimestampOutOfWindow: the signature is valid but its timestamp is
	// too far from the verifier's clock.
	ErrTimestampOutOfWindow = errors.New("signing: timestamp outside the allowed window")
)

// errNilContext is what every entry point that takes a context returns for a
// nil one.
var errNilContext = fmt.Errorf("%w: nil context (use context.Background() or context.TODO())", ErrInvalidRequest)

// reasonError is a sentinel plus a short reason. Its message is the reason
// alone, for use inside a message that already names the sentinel's context.
type reasonError struct {
	kind   error
	reason string
}

func (e *reasonError) Error() string { return e.reason }
func (e *reasonError) Unwrap() error { return e.kind }

func because(kind error, reason string) error { return &reasonError{kind: kind, reason: reason} }
