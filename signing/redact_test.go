package signing_test

import (
	"bytes"
	"context"
	"encoding"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// knownSecret must never appear in anything this package prints or returns.
const knownSecret = "S3cr3t-never-print-me-7d1c0f"

// TestSecretNeverPrinted formats every exported value of the package, and
// every error it returns on the way, holding knownSecret, with each fmt verb,
// JSON, XML, gob and log/slog, and searches the output for the secret (plain
// and hex). It also walks each value by reflection, unexported fields and
// pointers included, as struct dumpers do, and finds no copy of the secret.
func TestSecretNeverPrinted(t *testing.T) {
	ctx := context.Background()
	var debugOut []string
	creds := signing.Credentials{AccessKey: "AK", SecretKey: signing.NewSecret(knownSecret), Source: "test", Expires: time.Unix(1, 0)}
	static := signing.StaticCredentials{AccessKey: "AK", SecretKey: signing.NewSecret(knownSecret)}
	chain := &signing.ChainCredentials{Providers: []signing.CredentialsProvider{signing.StaticCredentials{}, static}}
	cache := signing.NewCredentialsCache(chain)
	if _, err := cache.Retrieve(ctx); err != nil {
		t.Fatal(err)
	}
	signer, err := signing.New("AK", knownSecret, signing.WithDebug(func(s string) { debugOut = append(debugOut, s) }))
	if err != nil {
		t.Fatal(err)
	}
	cachedSigner, err := signing.NewWithProvider(cache)
	if err != nil {
		t.Fatal(err)
	}
	transport := &signing.Transport{Signer: signer, Strict: true}
	envSecret := envMap("NCLOUD_SECRET_KEY", knownSecret, "NCLOUD_ACCESS_KEY", "AK")

	values := map[string]any{
		"Credentials":          creds,
		"*Credentials":         &creds,
		"[]Credentials":        []signing.Credentials{creds},
		"map Credentials":      map[string]signing.Credentials{"k": creds},
		"StaticCredentials":    static,
		"*StaticCredentials":   &static,
		"ChainCredentials":     *chain,
		"*ChainCredentials":    chain,
		"CredentialsCache":     *cache,
		"*CredentialsCache":    cache,
		"Signer":               *signer,
		"*Signer":              signer,
		"*Signer over a cache": cachedSigner,
		"Transport":            *transport,
		"*Transport":           transport,
		"EnvCredentials":       signing.EnvCredentials{Lookup: envSecret},
		"FileCredentials":      signing.FileCredentials{Path: "/nonexistent", Profile: "p"},
		"Option clock":         signing.WithClock(time.Now),
		"Option debug":         signing.WithDebug(func(string) {}),
		"Secret":               signing.NewSecret(knownSecret),
		"*Secret":              ptr(signing.NewSecret(knownSecret)),
		"exported Secret field": struct {
			Key  signing.Secret
			Keys []signing.Secret
		}{signing.NewSecret(knownSecret), []signing.Secret{signing.NewSecret(knownSecret)}},
		"anonymous holder": struct {
			C signing.Credentials
			s signing.Signer
			p *signing.Signer
		}{creds, *signer, signer},
	}
	got, err := signing.EnvCredentials{Lookup: envSecret}.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	values["Credentials from env"] = got

	// Every error path that has the secret at hand.
	errs := map[string]error{}
	_, errs["env: secret without access key"] = signing.EnvCredentials{Lookup: envMap("NCLOUD_SECRET_KEY", knownSecret)}.Retrieve(ctx)
	_, errs["env: bad access key"] = signing.EnvCredentials{Lookup: envMap("NCLOUD_ACCESS_KEY", " AK", "NCLOUD_SECRET_KEY", knownSecret)}.Retrieve(ctx)
	_, errs["static: no access key"] = signing.StaticCredentials{SecretKey: signing.NewSecret(knownSecret)}.Retrieve(ctx)
	_, errs["New: no access key"] = signing.New("", knownSecret)
	_, errs["New: bad access key"] = signing.New("A\nK", knownSecret)
	errs["Sign: no access key"] = signer.Sign(newPut(t, "https://dataflow.apigw.ntruss.com/x"), time.Now(), signing.Credentials{SecretKey: signing.NewSecret(knownSecret), Source: "s"})
	dir := t.TempDir()
	for name, content := range map[string]string{
		"file: no equals":      "[DEFAULT]\nncloud_secret_access_key " + knownSecret + "\n",
		"file: only secret":    "[DEFAULT]\nncloud_secret_access_key = " + knownSecret + "\n",
		"file: repeated key":   "[DEFAULT]\nncloud_secret_access_key = " + knownSecret + "\nncloud_secret_access_key = " + knownSecret + "\n",
		"file: bad access key": "[DEFAULT]\nncloud_access_key_id = A\x01K\nncloud_secret_access_key = " + knownSecret + "\n",
		"file: secret section": "[" + knownSecret + "\n",
		"file: other profile":  "[DEFAULT]\nncloud_access_key_id = AK\nncloud_secret_access_key = " + knownSecret + "\n",
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, errs[name] = signing.FileCredentials{Path: path, Profile: "other"}.Retrieve(ctx)
		_, errs[name+" (chain)"] = (&signing.ChainCredentials{Providers: []signing.CredentialsProvider{signing.FileCredentials{Path: path, Profile: "other"}}}).Retrieve(ctx)
	}
	req := newPut(t, "https://dataflow.apigw.ntruss.com/api/v1/jobs/j1/executions")
	if err := signer.Intercept(ctx, req); err != nil {
		t.Fatal(err)
	}
	lookup := func(string) (string, bool) { return knownSecret, true }
	errs["verify: out of window"] = signing.Verify(req, lookup, time.Now().Add(time.Hour), 0)
	req.Method = http.MethodPost
	errs["verify: mismatch"] = signing.Verify(req, lookup, time.Now(), 0)
	_, errs["transport: modified"] = transport.RoundTrip(req)
	for name, err := range errs {
		if err == nil {
			t.Fatalf("%s: expected an error", name)
		}
		values["error "+name] = err
		var ce *signing.ConfigError
		if errors.As(err, &ce) {
			values["ConfigError "+name] = *ce
		}
	}
	for i, s := range debugOut {
		values[fmt.Sprintf("debug output %d", i)] = s
	}

	hexSecret := hex.EncodeToString([]byte(knownSecret))
	leaks := func(out string) bool {
		return strings.Contains(out, knownSecret) || strings.Contains(strings.ToLower(out), hexSecret)
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
			if out := fmt.Sprintf(verb, v); leaks(out) {
				t.Errorf("%s formatted with %s shows the secret: %s", name, verb, out)
			}
		}
		if err, ok := v.(error); ok && leaks(err.Error()) {
			t.Errorf("%s: Error() shows the secret", name)
		}
		if out, err := json.Marshal(v); err == nil && leaks(string(out)) {
			t.Errorf("%s as JSON shows the secret: %s", name, out)
		}
		if out, err := xml.Marshal(v); leaks(string(out)) || (err != nil && leaks(err.Error())) {
			t.Errorf("%s as XML shows the secret: %s", name, out)
		}
		var gobOut bytes.Buffer
		if err := gob.NewEncoder(&gobOut).Encode(v); leaks(gobOut.String()) || (err != nil && leaks(err.Error())) {
			t.Errorf("%s as gob shows the secret: %q", name, gobOut.String())
		}
		if m, ok := v.(encoding.TextMarshaler); ok {
			if out, _ := m.MarshalText(); leaks(string(out)) {
				t.Errorf("%s as text shows the secret: %s", name, out)
			}
		}
		var buf bytes.Buffer
		slog.New(slog.NewTextHandler(&buf, nil)).Info("value", "v", v)
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("value", "v", v)
		if leaks(buf.String()) {
			t.Errorf("%s logged with slog shows the secret: %s", name, buf.String())
		}
		if path := reflectFind(reflect.ValueOf(v), leaks); path != "" {
			t.Errorf("%s: a reflection walk finds the secret at %s", name, path)
		}
	}
	// The walk itself sees through unexported fields, pointers, interfaces
	// and maps: a plain copy there is found.
	type hidden struct{ m map[string]any }
	control := struct{ p *hidden }{&hidden{m: map[string]any{"k": []byte(knownSecret)}}}
	if reflectFind(reflect.ValueOf(control), leaks) == "" {
		t.Fatal("the reflection walk misses a secret behind an unexported pointer")
	}
	if len(debugOut) == 0 {
		t.Fatal("the debug hook never ran; the test would not see its output")
	}
}

func ptr[T any](v T) *T { return &v }

// reflectFind walks v the way reflection-based dumpers do, reading
// unexported fields and following pointers, interfaces, slices and maps,
// and returns the path of the first string or byte slice for which leaks is
// true ("" if none). Functions, channels and unsafe pointers have no
// contents reflection can read.
func reflectFind(v reflect.Value, leaks func(string) bool) string {
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, path string, depth int) string
	walk = func(v reflect.Value, path string, depth int) string {
		if !v.IsValid() || depth > 64 {
			return ""
		}
		switch v.Kind() {
		case reflect.String:
			if leaks(v.String()) {
				return path
			}
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return ""
			}
			seen[v.Pointer()] = true
			return walk(v.Elem(), "(*"+path+")", depth+1)
		case reflect.Interface:
			return walk(v.Elem(), path, depth+1)
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if p := walk(v.Field(i), path+"."+v.Type().Field(i).Name, depth+1); p != "" {
					return p
				}
			}
		case reflect.Slice, reflect.Array:
			if v.Type().Elem().Kind() == reflect.Uint8 {
				b := make([]byte, v.Len())
				for i := range b {
					b[i] = byte(v.Index(i).Uint())
				}
				if leaks(string(b)) {
					return path
				}
				return ""
			}
			for i := 0; i < v.Len(); i++ {
				if p := walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); p != "" {
					return p
				}
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				if p := walk(it.Key(), path+"{key}", depth+1); p != "" {
					return p
				}
				if p := walk(it.Value(), path+"{value}", depth+1); p != "" {
					return p
				}
			}
		}
		return ""
	}
	return walk(v, "v", 0)
}
