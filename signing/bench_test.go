package signing_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

const benchTarget = "https://dataflow.apigw.ntruss.com/api/v1/jobs/gqigvH123456/executions"

// TestSignAllocations holds the signer to at most 3 allocations per signed
// request (it makes 2: one string for the timestamp and signature, one
// backing array for the three header values). The race detector changes
// allocation counts and sync.Pool behaviour, so the check is off under -race.
func TestSignAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under -race")
	}
	s := mustSigner(t)
	for name, target := range map[string]string{"plain": benchTarget, "query": benchTarget + "?triggerId=t&workflowId=w%3A1"} {
		req := newPut(t, target)
		ctx := context.Background()
		allocs := testing.AllocsPerRun(200, func() {
			if err := s.Intercept(ctx, req); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 3 {
			t.Errorf("%s: %.1f allocations per signed request, want at most 3", name, allocs)
		}
	}
}

func BenchmarkIntercept(b *testing.B) {
	s := mustSigner(b)
	req := newPut(b, benchTarget)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Intercept(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSign is issue 8's pair: one request signed through the editor
// against its floor, measured in the same run (tools/bench prints the ratio
// editor/floor; target at most 1.5, and at most 3 allocations per request).
//
//	editor      Signer.Intercept: credentials, clock, string to sign, HMAC,
//	            base64, three headers set
//	floor       hmac.New + Write + Sum + base64 of the same string to sign
//	floor-keyed the same with the keyed HMAC state built once and Reset,
//	            the least any signer can do (informational)
//	sign        Signer.Sign with credentials and time given (no provider,
//	            no clock)
func BenchmarkSign(b *testing.B) {
	msg := []byte("PUT /api/v1/jobs/gqigvH123456/executions\n1767225600000\n" + testAccessKey)
	key := []byte(testSecretKey)
	b.Run("editor", func(b *testing.B) {
		s := mustSigner(b)
		req := newPut(b, benchTarget)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Intercept(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := hmac.New(sha256.New, key)
			m.Write(msg)
			_ = base64.StdEncoding.EncodeToString(m.Sum(nil))
		}
	})
	b.Run("floor-keyed", func(b *testing.B) {
		m := hmac.New(sha256.New, key)
		var sum [sha256.Size]byte
		var out [64]byte
		b.ReportAllocs()
		for b.Loop() {
			m.Reset()
			m.Write(msg)
			_ = base64.StdEncoding.AppendEncode(out[:0], m.Sum(sum[:0]))
		}
	})
	b.Run("sign", func(b *testing.B) {
		s := mustSigner(b)
		req := newPut(b, benchTarget)
		creds := signing.Credentials{AccessKey: testAccessKey, SecretKey: signing.NewSecret(testSecretKey)}
		now := time.UnixMilli(testMillis)
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Sign(req, now, creds); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkComputeSignature(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		signing.ComputeSignature(testSecretKey, "PUT", "/api/v1/jobs/gqigvH123456/executions", "1767225600000", testAccessKey)
	}
}

// BenchmarkBareHMAC is the baseline: one HMAC-SHA256 and base64 of a ready
// string to sign.
func BenchmarkBareHMAC(b *testing.B) {
	msg := []byte("PUT /api/v1/jobs/gqigvH123456/executions\n1767225600000\n" + testAccessKey)
	key := []byte(testSecretKey)
	b.ReportAllocs()
	for b.Loop() {
		m := hmac.New(sha256.New, key)
		m.Write(msg)
		_ = base64.StdEncoding.EncodeToString(m.Sum(nil))
	}
}

type nopRoundTripper struct{}

func (nopRoundTripper) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(""))}, nil
}

func BenchmarkTransport(b *testing.B) {
	t := &signing.Transport{Base: nopRoundTripper{}, Signer: mustSigner(b)}
	req := newPut(b, benchTarget)
	req.Header.Set("Content-Type", "application/json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.RoundTrip(req); err != nil {
			b.Fatal(err)
		}
	}
}
