package signing

// FuzzParseConfig is the reliability suite's fuzz target for the NCP CLI's
// ~/.ncloud/configure parser (issue 9); its seed corpus is
// testdata/fuzz/FuzzParseConfig/. tools/reliability/fuzz.sh runs it with
//
//	go test -run '^$' -fuzz '^FuzzParseConfig$' -fuzztime 30s ./signing

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// FuzzParseConfig parses any bytes as a configure file and checks that:
// nothing panics; an error is a *ConfigError whose line exists in the
// file; the error does not depend on anything but section names and key
// names, so it cannot quote a value (a secret) or a stray line; what was
// parsed survives being written out again and re-read; and
// FileCredentials.Retrieve agrees with the parser, never shows the secret
// key in its error or in the credentials' formatting.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("[DEFAULT]\nncloud_access_key_id = AKID\nncloud_secret_access_key = SECRET\n"), "")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, profile string) {
		const path = "/home/u/.ncloud/configure"
		profiles, err := parseConfig(path, data)
		lines := strings.Count(string(data), "\n") + 1
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("%T %v, want *ConfigError", err, err)
			}
			if ce.Path != path || ce.Line < 1 || ce.Line > lines {
				t.Fatalf("error names %s:%d, the file has %d lines", ce.Path, ce.Line, lines)
			}
		}

		// Replace every value and every stray line: the outcome must not
		// change, so the error never quotes them.
		_, maskedErr := parseConfig(path, fuzzMaskContent(data))
		if fmt.Sprint(err) != fmt.Sprint(maskedErr) {
			t.Fatalf("the outcome depends on content other than section and key names:\n%v\n%v", err, maskedErr)
		}

		if err == nil {
			// Write what was read, then read it again.
			again, err := parseConfig(path, fuzzRender(profiles))
			if err != nil {
				t.Fatalf("re-reading the rendered file: %v\n%s", err, fuzzRender(profiles))
			}
			if got, want := fuzzFlatten(again), fuzzFlatten(profiles); !reflect.DeepEqual(got, want) {
				t.Fatalf("round trip changed the profiles\nwant %q\ngot  %q", want, got)
			}
		}

		// The provider on a real file: same verdict, no secret shown.
		file := filepath.Join(dir, "configure")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		creds, rerr := FileCredentials{Path: file, Profile: profile}.Retrieve(context.Background())
		if err != nil {
			var ce, want *ConfigError
			if !errors.As(err, &want) || !errors.As(rerr, &ce) || ce.Line != want.Line || ce.Msg != want.Msg {
				t.Fatalf("Retrieve: %v, want the parser's %v", rerr, err)
			}
		}
		if rerr == nil {
			name := profile
			if name == "" {
				name = DefaultProfile
			}
			p := profiles[name]
			if p == nil || creds.AccessKey != p.accessKey || creds.SecretKey.Reveal() != p.secretKey || creds.SecretKey.IsZero() {
				t.Fatalf("Retrieve gave keys the parser did not read for profile %q", name)
			}
			masked := creds
			masked.SecretKey = NewSecret("REPLACED")
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
				if a, b := fmt.Sprintf(verb, creds), fmt.Sprintf(verb, masked); a != b {
					t.Fatalf("%s of Credentials depends on the secret key: %q", verb, a)
				}
			}
			return
		}
		if !errors.Is(rerr, ErrNoCredentials) && !errors.Is(rerr, ErrInvalidCredentials) && !errors.As(rerr, new(*ConfigError)) {
			t.Fatalf("Retrieve: unexpected error %T %v", rerr, rerr)
		}
		// The same file with every non-empty secret key replaced takes the
		// same path; the error text must not change with the secret.
		if err := os.WriteFile(file, fuzzReplaceSecrets(data), 0o600); err != nil {
			t.Fatal(err)
		}
		_, rerr2 := FileCredentials{Path: file, Profile: profile}.Retrieve(context.Background())
		if fmt.Sprint(rerr) != fmt.Sprint(rerr2) {
			t.Fatalf("Retrieve's error depends on the secret key:\n%v\n%v", rerr, rerr2)
		}
	})
}

// fuzzLines splits like parseConfig does (after the BOM).
func fuzzLines(data []byte) []string {
	return strings.Split(strings.TrimPrefix(string(data), "\xef\xbb\xbf"), "\n")
}

// fuzzMaskContent replaces what parseConfig must never quote, keeping
// every line's kind: values become "v", comments "#", stray lines "stray",
// text after a section header "x" and an unclosed header "[x".
func fuzzMaskContent(data []byte) []byte {
	lines := fuzzLines(data)
	for i, raw := range lines {
		t := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		switch {
		case t == "":
			lines[i] = ""
		case t[0] == '#' || t[0] == ';':
			lines[i] = "#"
		case t[0] == '[':
			end := strings.IndexByte(t, ']')
			if end < 0 {
				lines[i] = "[x"
				continue
			}
			rest := strings.TrimSpace(t[end+1:])
			switch {
			case rest == "":
				lines[i] = t[:end+1]
			case rest[0] == '#' || rest[0] == ';':
				lines[i] = t[:end+1] + " #"
			default:
				lines[i] = t[:end+1] + " x"
			}
		default:
			eq := strings.IndexByte(t, '=')
			if eq < 0 {
				lines[i] = "stray"
				continue
			}
			lines[i] = t[:eq+1] + "v"
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// fuzzReplaceSecrets gives every secret-key line with a non-empty value the
// value REPLACED, leaving the file's structure alone.
func fuzzReplaceSecrets(data []byte) []byte {
	lines := fuzzLines(data)
	for i, raw := range lines {
		t := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		eq := strings.IndexByte(t, '=')
		if t == "" || t[0] == '#' || t[0] == ';' || t[0] == '[' || eq < 0 {
			continue
		}
		if strings.ToLower(strings.TrimSpace(t[:eq])) == fileKeySecretKey && configValue(t[eq+1:]) != "" {
			lines[i] = t[:eq+1] + "REPLACED"
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// fuzzRender writes profiles as a configure file, every value quoted.
func fuzzRender(profiles map[string]*fileProfile) []byte {
	var b strings.Builder
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range profiles {
			if !yield(n) {
				return
			}
		}
	}) {
		p := profiles[name]
		fmt.Fprintf(&b, "[%s]\n", name)
		for key, v := range map[string]string{fileKeyAccessKey: p.accessKey, fileKeySecretKey: p.secretKey, fileKeyAPIURL: p.apiURL} {
			if _, ok := p.seen[key]; ok {
				fmt.Fprintf(&b, "%s = \"%s\"\n", key, v)
			}
		}
	}
	return []byte(b.String())
}

// fuzzFlatten is what a profile says, for comparison.
func fuzzFlatten(profiles map[string]*fileProfile) map[string][4]string {
	out := map[string][4]string{}
	for name, p := range profiles {
		keys := make([]string, 0, len(p.seen))
		for k := range p.seen {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out[name] = [4]string{p.accessKey, p.secretKey, p.apiURL, strings.Join(keys, ",")}
	}
	return out
}
