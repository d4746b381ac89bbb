package signing_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

func envMap(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "configure")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const twoProfiles = `# written by ncloud configure
[DEFAULT]
ncloud_access_key_id = AKIDDEFAULT
ncloud_secret_access_key = SECRETDEFAULT

; staging keys
[staging]
ncloud_access_key_id = AKIDSTAGING
ncloud_secret_access_key = SECRETSTAGING
ncloud_api_url = https://ncloud.apigw.ntruss.com
`

func TestEnvCredentials(t *testing.T) {
	cases := []struct {
		name         string
		env          []string
		wantAK       string
		wantSK       string
		wantErr      error
		wantSourceIn string
	}{
		{name: "long names", env: []string{"NCLOUD_ACCESS_KEY_ID", "AK1", "NCLOUD_SECRET_ACCESS_KEY", "SK1"}, wantAK: "AK1", wantSK: "SK1", wantSourceIn: "NCLOUD_ACCESS_KEY_ID"},
		{name: "short names", env: []string{"NCLOUD_ACCESS_KEY", "AK2", "NCLOUD_SECRET_KEY", "SK2"}, wantAK: "AK2", wantSK: "SK2", wantSourceIn: "NCLOUD_SECRET_KEY"},
		{name: "long names win", env: []string{"NCLOUD_ACCESS_KEY_ID", "AK1", "NCLOUD_ACCESS_KEY", "AK2", "NCLOUD_SECRET_ACCESS_KEY", "SK1", "NCLOUD_SECRET_KEY", "SK2"}, wantAK: "AK1", wantSK: "SK1"},
		{name: "empty counts as unset", env: []string{"NCLOUD_ACCESS_KEY_ID", "", "NCLOUD_ACCESS_KEY", "AK2", "NCLOUD_SECRET_ACCESS_KEY", "", "NCLOUD_SECRET_KEY", "SK2"}, wantAK: "AK2", wantSK: "SK2"},
		{name: "mixed", env: []string{"NCLOUD_ACCESS_KEY", "AK2", "NCLOUD_SECRET_ACCESS_KEY", "SK1"}, wantAK: "AK2", wantSK: "SK1"},
		{name: "nothing set", wantErr: signing.ErrNoCredentials},
		{name: "only access key", env: []string{"NCLOUD_ACCESS_KEY_ID", "AK1"}, wantErr: signing.ErrInvalidCredentials},
		{name: "only secret", env: []string{"NCLOUD_SECRET_KEY", "SK1"}, wantErr: signing.ErrInvalidCredentials},
		{name: "access key with newline", env: []string{"NCLOUD_ACCESS_KEY_ID", "AK1\n", "NCLOUD_SECRET_KEY", "SK1"}, wantErr: signing.ErrInvalidCredentials},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := signing.EnvCredentials{Lookup: envMap(c.env...)}.Retrieve(context.Background())
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				var se *signing.SourceError
				if !errors.As(err, &se) || se.Source != "environment" {
					t.Fatalf("err = %#v, want a *SourceError from the environment", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.AccessKey != c.wantAK || got.SecretKey.Reveal() != c.wantSK {
				t.Fatalf("got %v (secret %q), want %s/%s", got, got.SecretKey, c.wantAK, c.wantSK)
			}
			if !strings.Contains(got.Source, c.wantSourceIn) {
				t.Errorf("Source = %q, want it to mention %q", got.Source, c.wantSourceIn)
			}
		})
	}
}

func TestFileCredentials(t *testing.T) {
	cases := []struct {
		name     string
		content  string // "" with noFile: no file at all
		noFile   bool
		profile  string
		wantAK   string
		wantSK   string
		wantErr  error // sentinel, or nil
		wantLine int   // >0: a *ConfigError at this line
	}{
		{name: "default profile", content: twoProfiles, wantAK: "AKIDDEFAULT", wantSK: "SECRETDEFAULT"},
		{name: "named profile", content: twoProfiles, profile: "staging", wantAK: "AKIDSTAGING", wantSK: "SECRETSTAGING"},
		{name: "missing profile", content: twoProfiles, profile: "prod", wantErr: signing.ErrNoCredentials},
		{name: "missing file", noFile: true, wantErr: signing.ErrNoCredentials},
		{name: "empty file", content: "", wantErr: signing.ErrNoCredentials},
		{name: "keys before any section are DEFAULT", content: "ncloud_access_key_id=AK\nncloud_secret_access_key=SK\n", wantAK: "AK", wantSK: "SK"},
		{name: "no inheritance from DEFAULT", content: "[DEFAULT]\nncloud_secret_access_key=SK\nncloud_access_key_id=AK\n[p]\nncloud_access_key_id=AKP\n", profile: "p", wantLine: 4},
		{name: "CRLF, BOM, quotes, comments, case", content: "\ufeff[DEFAULT]\r\n  NCLOUD_ACCESS_KEY_ID = \"AK\"  # main\r\nncloud_secret_access_key\t=\t'S;K#1' ; note\r\nother_tool_key = x\r\n", wantAK: "AK", wantSK: "S;K#1"},
		{name: "profile without keys", content: "[DEFAULT]\nncloud_api_url = https://x\n", wantErr: signing.ErrNoCredentials},
		{name: "line without equals", content: "[DEFAULT]\nncloud_access_key_id AK\n", wantLine: 2},
		{name: "unterminated section", content: "[DEFAULT]\nncloud_access_key_id=AK\n\n[staging\n", wantLine: 4},
		{name: "empty section name", content: "[ ]\n", wantLine: 1},
		{name: "text after section", content: "[a] b\n", wantLine: 1},
		{name: "repeated section", content: twoProfiles + "[staging]\n", wantLine: 11},
		{name: "repeated key", content: "[DEFAULT]\nncloud_access_key_id=A\nncloud_secret_access_key=S\nncloud_access_key_id=B\n", wantLine: 4},
		{name: "no key before equals", content: "[DEFAULT]\n= x\n", wantLine: 2},
		{name: "secret without access key", content: "[DEFAULT]\nncloud_secret_access_key=S\n", wantLine: 1},
		{name: "malformed elsewhere still fails", content: twoProfiles + "garbage\n", profile: "staging", wantLine: 11},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "absent")
			if !c.noFile {
				path = writeConfig(t, c.content)
			}
			got, err := signing.FileCredentials{Path: path, Profile: c.profile}.Retrieve(context.Background())
			switch {
			case c.wantLine > 0:
				var ce *signing.ConfigError
				if !errors.As(err, &ce) {
					t.Fatalf("err = %v, want a *ConfigError", err)
				}
				if ce.Line != c.wantLine || ce.Path != path {
					t.Fatalf("ConfigError at %s:%d, want %s:%d (%v)", ce.Path, ce.Line, path, c.wantLine, err)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name the file", err)
				}
				if errors.Is(err, signing.ErrNoCredentials) {
					t.Errorf("a malformed file must stop a chain, got ErrNoCredentials: %v", err)
				}
			case c.wantErr != nil:
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if got.AccessKey != c.wantAK || got.SecretKey.Reveal() != c.wantSK {
					t.Fatalf("got %v (secret %q), want %s/%s", got, got.SecretKey, c.wantAK, c.wantSK)
				}
				if !strings.Contains(got.Source, path) {
					t.Errorf("Source %q does not name the file", got.Source)
				}
			}
		})
	}
}

func TestMissingProfileListsProfiles(t *testing.T) {
	_, err := signing.FileCredentials{Path: writeConfig(t, twoProfiles), Profile: "prod"}.Retrieve(context.Background())
	if err == nil || !strings.Contains(err.Error(), "DEFAULT, staging") || !strings.Contains(err.Error(), "prod") {
		t.Fatalf("err = %v, want it to name the profile asked for and those present", err)
	}
}

func TestChainOrder(t *testing.T) {
	file := writeConfig(t, twoProfiles)
	absent := filepath.Join(t.TempDir(), "nope")
	fullEnv := envMap("NCLOUD_ACCESS_KEY_ID", "AKENV", "NCLOUD_SECRET_ACCESS_KEY", "SKENV")
	cases := []struct {
		name    string
		chain   []signing.CredentialsProvider
		wantAK  string
		wantErr error
	}{
		{"explicit beats env and file", []signing.CredentialsProvider{
			signing.StaticCredentials{AccessKey: "AKFLAG", SecretKey: signing.NewSecret("SKFLAG")}, signing.EnvCredentials{Lookup: fullEnv}, signing.FileCredentials{Path: file},
		}, "AKFLAG", nil},
		{"env beats file", []signing.CredentialsProvider{
			signing.StaticCredentials{}, signing.EnvCredentials{Lookup: fullEnv}, signing.FileCredentials{Path: file},
		}, "AKENV", nil},
		{"file when env is empty", []signing.CredentialsProvider{
			signing.StaticCredentials{}, signing.EnvCredentials{Lookup: envMap()}, signing.FileCredentials{Path: file, Profile: "staging"},
		}, "AKIDSTAGING", nil},
		{"half-set env stops the chain", []signing.CredentialsProvider{
			signing.EnvCredentials{Lookup: envMap("NCLOUD_ACCESS_KEY", "AK")}, signing.FileCredentials{Path: file},
		}, "", signing.ErrInvalidCredentials},
		{"half-set explicit keys stop the chain", []signing.CredentialsProvider{
			signing.StaticCredentials{AccessKey: "AK"}, signing.FileCredentials{Path: file},
		}, "", signing.ErrInvalidCredentials},
		{"nothing anywhere", []signing.CredentialsProvider{
			signing.StaticCredentials{}, signing.EnvCredentials{Lookup: envMap()}, signing.FileCredentials{Path: absent},
		}, "", signing.ErrNoCredentials},
		{"empty chain", nil, "", signing.ErrNoCredentials},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := (&signing.ChainCredentials{Providers: c.chain}).Retrieve(context.Background())
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.AccessKey != c.wantAK {
				t.Fatalf("AccessKey = %q, want %q", got.AccessKey, c.wantAK)
			}
		})
	}
}

// TestChainSaysWhatItTried: the error of an empty chain names every source
// and why it had nothing.
func TestChainSaysWhatItTried(t *testing.T) {
	absent := filepath.Join(t.TempDir(), "nope")
	_, err := (&signing.ChainCredentials{Providers: []signing.CredentialsProvider{
		signing.StaticCredentials{}, signing.EnvCredentials{Lookup: envMap()}, signing.FileCredentials{Path: absent, Profile: "ci"},
	}}).Retrieve(context.Background())
	var nce *signing.NoCredentialsError
	if !errors.As(err, &nce) || len(nce.Tried) != 3 {
		t.Fatalf("err = %#v, want a *NoCredentialsError with 3 sources", err)
	}
	msg := err.Error()
	for _, want := range []string{"explicit keys", "environment", "NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_KEY", absent, "profile ci", "does not exist"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
}

func TestChainStopsOnMalformedFile(t *testing.T) {
	path := writeConfig(t, "[DEFAULT]\nncloud_access_key_id AK\n")
	_, err := (&signing.ChainCredentials{Providers: []signing.CredentialsProvider{
		signing.EnvCredentials{Lookup: envMap()}, signing.FileCredentials{Path: path}, signing.StaticCredentials{AccessKey: "late", SecretKey: signing.NewSecret("late")},
	}}).Retrieve(context.Background())
	var ce *signing.ConfigError
	if !errors.As(err, &ce) || ce.Line != 2 {
		t.Fatalf("err = %v, want a *ConfigError at line 2", err)
	}
}

// TestDefaultChain uses the real environment and home directory.
func TestDefaultChain(t *testing.T) {
	for _, k := range []string{"NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY", "NCLOUD_PROFILE"} {
		t.Setenv(k, "")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)

	_, err := signing.DefaultChain().Retrieve(context.Background())
	if !errors.Is(err, signing.ErrNoCredentials) || !strings.Contains(err.Error(), filepath.Join(home, ".ncloud", "configure")) {
		t.Fatalf("no config: err = %v, want ErrNoCredentials naming the default file", err)
	}
	if _, err := signing.NewDefault(); !errors.Is(err, signing.ErrNoCredentials) {
		t.Fatalf("NewDefault without config: err = %v", err)
	}

	if err := os.MkdirAll(filepath.Join(home, ".ncloud"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".ncloud", "configure"), []byte(twoProfiles), 0o600); err != nil {
		t.Fatal(err)
	}
	check := func(want string) {
		t.Helper()
		got, err := signing.DefaultChain().Retrieve(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got.AccessKey != want {
			t.Fatalf("AccessKey = %q, want %q", got.AccessKey, want)
		}
	}
	check("AKIDDEFAULT")
	t.Setenv("NCLOUD_PROFILE", "staging")
	check("AKIDSTAGING")
	t.Setenv("NCLOUD_ACCESS_KEY", "AKENV")
	t.Setenv("NCLOUD_SECRET_KEY", "SKENV")
	check("AKENV")
	if _, err := signing.NewDefault(); err != nil {
		t.Fatalf("NewDefault: %v", err)
	}
}

func TestCredentialsCacheCachesAndInvalidates(t *testing.T) {
	var calls int
	cache := signing.NewCredentialsCache(providerFunc(func(context.Context) (signing.Credentials, error) {
		calls++
		if calls == 2 {
			return signing.Credentials{}, errors.New("transient")
		}
		return signing.Credentials{AccessKey: "AK", SecretKey: signing.NewSecret("SK")}, nil
	}))
	for i := 0; i < 3; i++ {
		if _, err := cache.Retrieve(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Fatalf("provider called %d times, want 1", calls)
	}
	cache.Invalidate()
	if _, err := cache.Retrieve(context.Background()); err == nil {
		t.Fatal("error from the provider was swallowed")
	}
	if _, err := cache.Retrieve(context.Background()); err != nil {
		t.Fatalf("error was cached: %v", err)
	}
	if calls != 3 {
		t.Fatalf("provider called %d times, want 3", calls)
	}
	var zero signing.CredentialsCache
	if _, err := zero.Retrieve(context.Background()); err == nil {
		t.Fatal("zero CredentialsCache returned keys")
	}
}
