package signing_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// nilProvider is a provider type whose nil pointer would panic in Retrieve.
type nilProvider struct{ creds signing.Credentials }

func (p *nilProvider) Retrieve(context.Context) (signing.Credentials, error) { return p.creds, nil }

// TestNilInputsGiveErrors: a nil context, a nil Option and a nil provider
// (plain or a typed nil pointer) give a clear error from every exported
// entry point, never a panic.
func TestNilInputsGiveErrors(t *testing.T) {
	var nilCtx context.Context
	s := mustSigner(t)
	req := func() *http.Request { return newPut(t, "https://dataflow.apigw.ntruss.com/api/v1/jobs") }
	var nilChain *signing.ChainCredentials
	var nilCache *signing.CredentialsCache
	var nilTyped *nilProvider
	var nilSigner *signing.Signer
	var nilTransport *signing.Transport
	fileCreds := signing.FileCredentials{Path: "/nonexistent/configure"}
	cases := []struct {
		name string
		call func() error
		want error
		msg  string
	}{
		{"Intercept nil context", func() error { return s.Intercept(nilCtx, req()) }, signing.ErrInvalidRequest, "nil context"},
		{"StaticCredentials nil context", func() error {
			_, err := signing.NewStaticCredentials("AK", "SK").Retrieve(nilCtx)
			return err
		}, signing.ErrInvalidRequest, "nil context"},
		{"EnvCredentials nil context", func() error { _, err := signing.EnvCredentials{}.Retrieve(nilCtx); return err }, signing.ErrInvalidRequest, "nil context"},
		{"FileCredentials nil context", func() error { _, err := fileCreds.Retrieve(nilCtx); return err }, signing.ErrInvalidRequest, "nil context"},
		{"ChainCredentials nil context", func() error { _, err := signing.DefaultChain().Retrieve(nilCtx); return err }, signing.ErrInvalidRequest, "nil context"},
		{"CredentialsCache nil context", func() error {
			_, err := signing.NewCredentialsCache(signing.NewStaticCredentials("AK", "SK")).Retrieve(nilCtx)
			return err
		}, signing.ErrInvalidRequest, "nil context"},
		{"New nil option", func() error { _, err := signing.New("AK", "SK", nil); return err }, signing.ErrInvalidOption, "option 1 of 1 is nil"},
		{"New nil option after a good one", func() error {
			_, err := signing.New("AK", "SK", signing.WithClock(time.Now), nil)
			return err
		}, signing.ErrInvalidOption, "option 2 of 2 is nil"},
		{"NewWithProvider nil option", func() error {
			_, err := signing.NewWithProvider(signing.NewStaticCredentials("AK", "SK"), nil)
			return err
		}, signing.ErrInvalidOption, "is nil"},
		{"NewDefault nil option", func() error { _, err := signing.NewDefault(nil); return err }, signing.ErrInvalidOption, "is nil"},
		{"NewWithProvider nil", func() error { _, err := signing.NewWithProvider(nil); return err }, signing.ErrInvalidCredentials, "nil CredentialsProvider"},
		{"NewWithProvider typed nil", func() error { _, err := signing.NewWithProvider(nilTyped); return err }, signing.ErrInvalidCredentials, "nil CredentialsProvider"},
		{"NewWithProvider nil chain", func() error { _, err := signing.NewWithProvider(nilChain); return err }, signing.ErrInvalidCredentials, "nil CredentialsProvider"},
		{"NewWithProvider nil cache", func() error { _, err := signing.NewWithProvider(nilCache); return err }, signing.ErrInvalidCredentials, "nil CredentialsProvider"},
		{"NewCredentialsCache typed nil", func() error {
			_, err := signing.NewCredentialsCache(nilTyped).Retrieve(context.Background())
			return err
		}, signing.ErrInvalidCredentials, "no provider"},
		{"nil chain Retrieve", func() error { _, err := nilChain.Retrieve(context.Background()); return err }, signing.ErrNoCredentials, ""},
		{"nil cache Retrieve", func() error { _, err := nilCache.Retrieve(context.Background()); return err }, signing.ErrInvalidCredentials, ""},
		{"chain skips typed nil", func() error {
			_, err := (&signing.ChainCredentials{Providers: []signing.CredentialsProvider{nilTyped, nil}}).Retrieve(context.Background())
			return err
		}, signing.ErrNoCredentials, ""},
		{"nil Signer Intercept", func() error { return nilSigner.Intercept(context.Background(), req()) }, signing.ErrInvalidRequest, "nil Signer"},
		{"nil Signer Sign", func() error { return nilSigner.Sign(req(), time.Now(), signing.Credentials{}) }, signing.ErrInvalidRequest, "nil Signer"},
		{"nil Signer Resign", func() error { return nilSigner.Resign(req()) }, signing.ErrInvalidRequest, "nil Signer"},
		{"nil Signer CheckRedirect", func() error { return nilSigner.CheckRedirect(req(), nil) }, signing.ErrInvalidRequest, "nil Signer"},
		{"zero Signer Intercept", func() error { return (&signing.Signer{}).Intercept(context.Background(), req()) }, signing.ErrInvalidRequest, "nil Signer"},
		{"Resign nil request", func() error { return s.Resign(nil) }, signing.ErrInvalidRequest, "nil request"},
		{"CheckRedirect nil request", func() error { return s.CheckRedirect(nil, nil) }, signing.ErrInvalidRequest, "nil request"},
		{"Sign nil request", func() error { return s.Sign(nil, time.Now(), signing.Credentials{}) }, signing.ErrInvalidRequest, "nil request"},
		{"nil Transport", func() error { _, err := nilTransport.RoundTrip(req()); return err }, signing.ErrInvalidRequest, "no Signer"},
		{"Transport nil request", func() error { _, err := (&signing.Transport{Signer: s}).RoundTrip(nil); return err }, signing.ErrInvalidRequest, "nil request"},
		{"Transport nil Signer", func() error { _, err := (&signing.Transport{}).RoundTrip(req()); return err }, signing.ErrInvalidRequest, "no Signer"},
		{"Verify nil request", func() error { return signing.Verify(nil, lookupTest, time.Now(), 0) }, signing.ErrInvalidRequest, ""},
		{"Verify nil lookup", func() error { return signing.Verify(req(), nil, time.Now(), 0) }, signing.ErrInvalidRequest, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panicked: %v", r)
					}
				}()
				err = c.call()
			}()
			if !errors.Is(err, c.want) || !strings.Contains(fmt.Sprint(err), c.msg) {
				t.Fatalf("err = %v, want %v mentioning %q", err, c.want, c.msg)
			}
		})
	}
	nilTransport.CloseIdleConnections() // must not panic either
}
