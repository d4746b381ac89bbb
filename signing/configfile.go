package signing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// DefaultProfile is the configure-file section used when no profile is named.
const DefaultProfile = "DEFAULT"

// Keys of the NCP CLI's configure file.
const (
	fileKeyAccessKey = "ncloud_access_key_id"
	fileKeySecretKey = "ncloud_secret_access_key"
	fileKeyAPIURL    = "ncloud_api_url"
)

// maxConfigSize bounds what FileCredentials reads.
const maxConfigSize = 1 << 20

// FileCredentials reads the NCP CLI's configure file, an INI file:
//
//	[DEFAULT]
//	ncloud_access_key_id = AKIDEXAMPLE
//	ncloud_secret_access_key = SECRETEXAMPLE
//
//	[staging]
//	ncloud_access_key_id = AKIDSTAGING
//	ncloud_secret_access_key = SECRETSTAGING
//	ncloud_api_url = https://ncloud.apigw.ntruss.com
//
// Lines starting with # or ; are comments, as is the rest of a line after
// whitespace and # or ;. Key names are case-insensitive; other keys are
// ignored; keys before the first section belong to DEFAULT. A profile does not
// inherit keys from DEFAULT. A missing file, a missing profile or a profile
// without keys means no credentials (ErrNoCredentials); a syntax error, a
// repeated section or key, or a profile with only one of the two keys is a
// *ConfigError naming the line. The file is read on every Retrieve: wrap it
// in NewCredentialsCache when signing many requests.
//
// Only a regular file is read (a symbolic link to one is fine): a named
// pipe, device or directory is a *ConfigError, found before the file is
// opened and checked again on the open file, so a pipe never blocks. A file
// larger than 1 MiB is a *ConfigError too, and nothing of it is read. A
// cancelled or expired context makes Retrieve return its error at once.
//
// Like ssh with a private key, Retrieve warns when the file can be read or
// written by its group or by others (mode bits 0o077, not on Windows): once
// per file path in the process, through Warn, and still returns the keys.
type FileCredentials struct {
	// Path of the file; empty means $HOME/.ncloud/configure
	// (%USERPROFILE%\.ncloud\configure on Windows).
	Path string
	// Profile is the section to read; empty means DEFAULT.
	Profile string
	// Warn receives the one-line warning about a file that group or others
	// can access (it names the path and mode, never the content). Nil means
	// slog.Default() at level Warn. The command prints it on stderr.
	Warn func(msg string)
}

// DefaultConfigPath returns $HOME/.ncloud/configure.
func DefaultConfigPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".ncloud", "configure"), nil
}

// ConfigError is a malformed configure file. It never quotes the file's
// content, which may hold a secret key.
type ConfigError struct {
	Path string
	Line int // 1-based; the section header for errors about a whole profile; 0 for the whole file
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line == 0 {
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
}

// Retrieve reads the file and returns the profile's keys.
func (f FileCredentials) Retrieve(ctx context.Context) (Credentials, error) {
	if ctx == nil {
		return Credentials{}, errNilContext
	}
	if err := ctx.Err(); err != nil {
		return Credentials{}, err
	}
	profile := f.Profile
	if profile == "" {
		profile = DefaultProfile
	}
	path := f.Path
	if path == "" {
		p, err := DefaultConfigPath()
		if err != nil {
			return Credentials{}, &SourceError{Source: "configure file",
				Err: because(ErrNoCredentials, "no home directory to find .ncloud/configure in")}
		}
		path = p
	}
	source := "file " + path + " (profile " + profile + ")"
	fail := func(err error) (Credentials, error) { return Credentials{}, &SourceError{Source: source, Err: err} }

	data, mode, err := readConfig(ctx, path)
	if errors.Is(err, fs.ErrNotExist) {
		return fail(because(ErrNoCredentials, "does not exist"))
	}
	if err != nil {
		return fail(err)
	}
	f.warnIfShared(path, mode)
	profiles, err := parseConfig(path, data)
	if err != nil {
		return fail(err)
	}
	p, ok := profiles[profile]
	if !ok {
		names := make([]string, 0, len(profiles))
		for n := range profiles {
			names = append(names, n)
		}
		slices.Sort(names)
		reason := "no such profile"
		if len(names) > 0 {
			reason += " (has " + strings.Join(names, ", ") + ")"
		}
		return fail(because(ErrNoCredentials, reason))
	}
	switch {
	case p.accessKey == "" && p.secretKey == "":
		return fail(because(ErrNoCredentials, "the profile sets neither "+fileKeyAccessKey+" nor "+fileKeySecretKey))
	case p.secretKey == "":
		return fail(&ConfigError{Path: path, Line: p.line, Msg: "profile [" + profile + "] sets " + fileKeyAccessKey + " but not " + fileKeySecretKey})
	case p.accessKey == "":
		return fail(&ConfigError{Path: path, Line: p.line, Msg: "profile [" + profile + "] sets " + fileKeySecretKey + " but not " + fileKeyAccessKey})
	}
	c := Credentials{AccessKey: p.accessKey, SecretKey: NewSecret(p.secretKey), Source: source}
	if err := c.validate(); err != nil {
		return fail(err)
	}
	return c, nil
}

// afterStat, when set by a test, runs between the Stat and the open of
// readConfig, to swap the file for something else.
var afterStat func(path string)

// readConfig reads a regular file of at most maxConfigSize bytes and
// returns its content and permission bits.
func readConfig(ctx context.Context, path string) ([]byte, fs.FileMode, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if err := checkConfigFile(path, fi); err != nil {
		return nil, 0, err
	}
	if afterStat != nil {
		afterStat(path)
	}
	// Non-blocking, so that a file swapped for a named pipe since the Stat
	// does not block the open; the Stat of the open file catches it.
	fh, err := os.OpenFile(path, os.O_RDONLY|openNonBlock, 0)
	if err != nil {
		return nil, 0, err
	}
	defer fh.Close()
	fi, err = fh.Stat()
	if err != nil {
		return nil, 0, err
	}
	if err := checkConfigFile(path, fi); err != nil {
		return nil, 0, err
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxConfigSize+1))
	if err != nil {
		return nil, 0, err
	}
	if len(data) > maxConfigSize {
		return nil, 0, tooLarge(path)
	}
	return data, fi.Mode().Perm(), nil
}

// checkConfigFile refuses anything but a regular file of at most
// maxConfigSize bytes.
func checkConfigFile(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return &ConfigError{Path: path, Msg: "not a regular file (" + fileKind(fi.Mode()) + "); refusing to read it"}
	}
	if fi.Size() > maxConfigSize {
		return tooLarge(path)
	}
	return nil
}

func tooLarge(path string) error { return &ConfigError{Path: path, Msg: "file is larger than 1 MiB"} }

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	default:
		return "mode " + m.Type().String()
	}
}

// warnedFiles holds the paths FileCredentials has warned about.
var warnedFiles sync.Map

// warnIfShared warns, once per path, when group or others can access the file.
func (f FileCredentials) warnIfShared(path string, perm fs.FileMode) {
	if runtime.GOOS == "windows" || perm&0o077 == 0 {
		return
	}
	if _, done := warnedFiles.LoadOrStore(path, true); done {
		return
	}
	msg := fmt.Sprintf("signing: %s holds secret keys but group or others can access it (mode %04o); run chmod 600 %s", path, uint32(perm), path)
	if f.Warn != nil {
		f.Warn(msg)
		return
	}
	slog.Warn(msg)
}

type fileProfile struct {
	line                         int // of the section header; 0 for keys before any
	accessKey, secretKey, apiURL string
	seen                         map[string]int // known key -> line
	implicit                     bool           // keys given before any section header
}

// parseConfig reads an INI configure file into profiles by section name.
func parseConfig(path string, data []byte) (map[string]*fileProfile, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	profiles := map[string]*fileProfile{}
	section := func(name string, line int) *fileProfile {
		p := &fileProfile{line: line, seen: map[string]int{}}
		profiles[name] = p
		return p
	}
	var cur *fileProfile
	curName := ""
	bad := func(line int, msg string) error { return &ConfigError{Path: path, Line: line, Msg: msg} }
	for n, raw := range strings.Split(string(data), "\n") {
		line := n + 1
		t := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if t == "" || t[0] == '#' || t[0] == ';' {
			continue
		}
		if t[0] == '[' {
			end := strings.IndexByte(t, ']')
			if end < 0 {
				return nil, bad(line, "section header has no closing ]")
			}
			if rest := strings.TrimSpace(t[end+1:]); rest != "" && rest[0] != '#' && rest[0] != ';' {
				return nil, bad(line, "unexpected text after the section header")
			}
			name := strings.TrimSpace(t[1:end])
			if name == "" {
				return nil, bad(line, "empty section name")
			}
			if prev, ok := profiles[name]; ok {
				if prev.implicit {
					return nil, bad(line, fmt.Sprintf("section [%s] repeats keys given before any section", name))
				}
				return nil, bad(line, fmt.Sprintf("section [%s] repeats (first at line %d)", name, prev.line))
			}
			cur, curName = section(name, line), name
			continue
		}
		eq := strings.IndexByte(t, '=')
		if eq < 0 {
			return nil, bad(line, `expected "key = value", "[profile]" or a comment`)
		}
		key := strings.ToLower(strings.TrimSpace(t[:eq]))
		if key == "" {
			return nil, bad(line, `no key before "="`)
		}
		if cur == nil {
			cur, curName = section(DefaultProfile, line), DefaultProfile
			cur.implicit = true
		}
		var dst *string
		switch key {
		case fileKeyAccessKey:
			dst = &cur.accessKey
		case fileKeySecretKey:
			dst = &cur.secretKey
		case fileKeyAPIURL:
			dst = &cur.apiURL
		default:
			continue // not ours
		}
		if first, ok := cur.seen[key]; ok {
			return nil, bad(line, fmt.Sprintf("%s repeats in [%s] (first at line %d)", key, curName, first))
		}
		cur.seen[key] = line
		*dst = configValue(t[eq+1:])
	}
	return profiles, nil
}

// configValue trims spaces, a trailing comment (# or ; after whitespace) and
// one pair of quotes.
func configValue(v string) string {
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			v = v[:i]
			break
		}
	}
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return v
}
