package signing_test

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"testing"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// TestSecretRedactsEverywhere checks the exact output of every printer and
// encoder of a Secret, and that Reveal is the way back to the key.
func TestSecretRedactsEverywhere(t *testing.T) {
	s := signing.NewSecret(knownSecret)
	if got := s.Reveal(); got != knownSecret {
		t.Fatalf("Reveal = %q", got)
	}
	for _, verb := range []string{"%v", "%+v", "%s", "%x", "%X", "%d", "%10.3v"} {
		if got := fmt.Sprintf(verb, s); got != "[redacted]" {
			t.Errorf("%s: %q, want [redacted]", verb, got)
		}
	}
	for verb, want := range map[string]string{"%q": `"[redacted]"`, "%#v": `"[redacted]"`} {
		if got := fmt.Sprintf(verb, s); got != want {
			t.Errorf("%s: %q, want %s", verb, got, want)
		}
	}
	if got := s.String() + " " + s.GoString(); got != `[redacted] "[redacted]"` {
		t.Errorf("String, GoString = %s", got)
	}
	type doc struct {
		XMLName xml.Name       `json:"-" xml:"doc"`
		Key     signing.Secret `json:"key" xml:"key"`
		Attr    signing.Secret `json:"-" xml:"attr,attr"`
	}
	d := doc{Key: s, Attr: s}
	if out, err := json.Marshal(d); err != nil || string(out) != `{"key":"[redacted]"}` {
		t.Errorf("JSON: %s, %v", out, err)
	}
	if out, err := xml.Marshal(d); err != nil || string(out) != `<doc attr="[redacted]"><key>[redacted]</key></doc>` {
		t.Errorf("XML: %s, %v", out, err)
	}
	if out, err := s.MarshalText(); err != nil || string(out) != "[redacted]" {
		t.Errorf("text: %s, %v", out, err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(d); err != nil || bytes.Contains(buf.Bytes(), []byte(knownSecret)) ||
		!bytes.Contains(buf.Bytes(), []byte("[redacted]")) {
		t.Errorf("gob: %q, %v", buf.Bytes(), err)
	}

	var zero signing.Secret
	if !zero.IsZero() || !signing.NewSecret("").IsZero() || s.IsZero() || zero.Reveal() != "" || zero.String() != "" {
		t.Error("the empty Secret is not the zero value, or shows something")
	}
	if out, _ := json.Marshal(zero); string(out) != `""` {
		t.Errorf("empty Secret as JSON: %s", out)
	}
}

// TestSecretCompares: Secrets of one key are ==, so Credentials and
// StaticCredentials stay comparable values.
func TestSecretCompares(t *testing.T) {
	a, b, c := signing.NewSecret("k1"), signing.NewSecret("k1"), signing.NewSecret("k2")
	if a != b || !a.Equal(b) || a == c || a.Equal(c) {
		t.Fatalf("== and Equal disagree with the keys: %v %v %v", a == b, a.Equal(b), a == c)
	}
	if signing.NewStaticCredentials("AK", "k1") != (signing.StaticCredentials{AccessKey: "AK", SecretKey: a}) {
		t.Fatal("NewStaticCredentials differs from the literal")
	}
	x := signing.Credentials{AccessKey: "AK", SecretKey: signing.NewSecret("k1"), Source: "s"}
	y := signing.Credentials{AccessKey: "AK", SecretKey: signing.NewSecret("k1"), Source: "s"}
	if x != y {
		t.Fatal("equal Credentials compare unequal")
	}
}
