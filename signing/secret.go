package signing

import (
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"log/slog"
	"unique"
)

// Secret holds a secret key. Nothing that prints or encodes a value shows
// it: String, GoString, every fmt verb (%v %+v %#v %s %q %x %X %d ...),
// log/slog, encoding/json, encoding/text, encoding/xml and encoding/gob all
// give "[redacted]" ("" for an empty Secret). Printers that walk a value's
// fields by reflection, unexported ones included, do not find it either: a
// Secret keeps the key only in a masked form, interned, so the one way to
// the key is Reveal. Secret has no decoders: a redacted value is not a key.
//
// The zero value is the empty secret. Secrets made from the same key are
// equal with ==, so Credentials stay comparable.
type Secret struct {
	h unique.Handle[string] // the key XOR mask; the zero Handle for ""
}

// NewSecret returns a Secret holding key.
func NewSecret(key string) Secret {
	if key == "" {
		return Secret{}
	}
	return Secret{h: unique.Make(string(masked(nil, key)))}
}

// Reveal returns the key. It is the one accessor: the Signer calls it once
// per key to key its HMAC state; call it only to hand the key to code that
// signs.
func (s Secret) Reveal() string {
	if s.IsZero() {
		return ""
	}
	return string(s.revealBytes())
}

// revealBytes returns the key in a new slice the caller owns.
func (s Secret) revealBytes() []byte {
	if s.IsZero() {
		return nil
	}
	return masked(nil, s.h.Value())
}

// IsZero reports whether the Secret is empty.
func (s Secret) IsZero() bool { return s.h == unique.Handle[string]{} }

// Equal reports whether s and o hold the same key (as == does).
func (s Secret) Equal(o Secret) bool { return s == o }

// String returns "[redacted]", or "" for an empty Secret.
func (s Secret) String() string {
	if s.IsZero() {
		return ""
	}
	return redacted
}

// field is how Credentials and StaticCredentials show their secret key.
func (s Secret) field() string {
	if s.IsZero() {
		return `""`
	}
	return redacted
}

// GoString is String quoted, as a Go string.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// Format writes String for every verb (%q quotes it).
func (s Secret) Format(f fmt.State, verb rune) { format(f, verb, s.String(), s.GoString()) }

// LogValue keeps the key out of log/slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON encodes the redacted form as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalText returns the redacted form.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalXML encodes the redacted form as the element's character data.
func (s Secret) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return e.EncodeElement(s.String(), start)
}

// GobEncode returns the redacted form.
func (s Secret) GobEncode() ([]byte, error) { return []byte(s.String()), nil }

// mask is XORed over every key a Secret holds, so that the interned form
// is not the key. It is chosen at random when the program starts.
var mask = func() (m [64]byte) {
	_, _ = rand.Read(m[:]) // crypto/rand.Read never fails
	return m
}()

// masked appends s XOR mask (repeated) to dst. Applied twice, it gives s.
func masked(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, s[i]^mask[i%len(mask)])
	}
	return dst
}
