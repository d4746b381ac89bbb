package signing

import (
	"context"
	"testing"
	"time"
)

func TestCredentialsCacheRefreshesBeforeExpiry(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var calls int
	cache := NewCredentialsCache(providerFn(func() (Credentials, error) {
		calls++
		return Credentials{AccessKey: "AK", SecretKey: NewSecret("SK"), Expires: now.Add(10 * time.Minute)}, nil
	}))
	cache.s.now = func() time.Time { return now }
	steps := []struct {
		at        time.Duration
		wantCalls int
	}{
		{0, 1},
		{8 * time.Minute, 1},
		{9*time.Minute - time.Nanosecond, 1},
		{9 * time.Minute, 2}, // one minute before expiry: fetch again
	}
	start := now
	for _, s := range steps {
		now = start.Add(s.at)
		if _, err := cache.Retrieve(context.Background()); err != nil {
			t.Fatal(err)
		}
		if calls != s.wantCalls {
			t.Fatalf("at +%v: %d calls, want %d", s.at, calls, s.wantCalls)
		}
	}
}

type providerFn func() (Credentials, error)

func (f providerFn) Retrieve(context.Context) (Credentials, error) { return f() }
