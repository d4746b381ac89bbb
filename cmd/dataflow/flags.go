package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// optString is a string flag that knows whether it was given.
type optString struct {
	v     string
	set   bool
	check func(string) error // optional validation, run by Set
	enum  []string           // the values it may take; any when empty
}

func (o *optString) String() string { return o.v }

func (o *optString) Set(s string) error {
	if len(o.enum) > 0 && !slices.Contains(o.enum, s) {
		return fmt.Errorf("must be one of %s", strings.Join(o.enum, ", "))
	}
	if o.check != nil {
		if err := o.check(s); err != nil {
			return err
		}
	}
	o.v, o.set = s, true
	return nil
}

// optInt is an integer flag that knows whether it was given. It refuses
// anything but a decimal integer that fits an int, and values outside
// [min, max] when those are set.
type optInt struct {
	v        int
	set      bool
	min, max *int
}

func (o *optInt) String() string {
	if !o.set {
		return ""
	}
	return strconv.Itoa(o.v)
}

func (o *optInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return errors.New("out of range")
		}
		return errors.New("not a whole number")
	}
	switch {
	case o.min != nil && o.max != nil && (n < *o.min || n > *o.max):
		return fmt.Errorf("must be between %d and %d", *o.min, *o.max)
	case o.min != nil && n < *o.min:
		return fmt.Errorf("must be %d or more", *o.min)
	case o.max != nil && n > *o.max:
		return fmt.Errorf("must be %d or less", *o.max)
	}
	o.v, o.set = n, true
	return nil
}

// optBool is a boolean flag (--all, --debug) that knows whether it was
// given.
type optBool struct{ v, set bool }

func (o *optBool) String() string { return strconv.FormatBool(o.v) }

func (o *optBool) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("not true or false")
	}
	o.v, o.set = b, true
	return nil
}

func (o *optBool) IsBoolFlag() bool { return true }

func intp(n int) *int { return &n }

// maxRetries bounds --retries: each retry of a failing call waits up to
// 10 seconds, so more than this is never what anyone wants.
const maxRetries = 10

// optDuration is a Go duration flag ("30s", "2m") that knows whether it
// was given. It refuses durations outside [min, max].
type optDuration struct {
	v        time.Duration
	set      bool
	min, max time.Duration
}

func (o *optDuration) String() string {
	if !o.set {
		return ""
	}
	return o.v.String()
}

func (o *optDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("not a duration such as 30s or 2m")
	}
	if d < o.min || d > o.max {
		return fmt.Errorf("must be between %s and %s", o.min, o.max)
	}
	o.v, o.set = d, true
	return nil
}

// optSize is a size in bytes: a whole number, optionally with a binary
// unit (KiB, MiB, GiB), that knows whether it was given. It refuses sizes
// outside [min, max].
type optSize struct {
	v        int64
	set      bool
	min, max int64
}

func (o *optSize) String() string {
	if !o.set {
		return ""
	}
	return strconv.FormatInt(o.v, 10)
}

var sizeUnits = []struct {
	suffix string
	shift  uint
}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}

func (o *optSize) Set(s string) error {
	num, shift := s, uint(0)
	for _, u := range sizeUnits {
		if strings.HasSuffix(s, u.suffix) {
			num, shift = strings.TrimSuffix(s, u.suffix), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64>>shift {
		return errors.New("not a size such as 1048576, 512KiB, 64MiB or 1GiB")
	}
	n <<= shift
	if n < o.min || n > o.max {
		return fmt.Errorf("must be between %d and %d bytes", o.min, o.max)
	}
	o.v, o.set = n, true
	return nil
}

// Bounds of --request-timeout and --max-response-size: below them nothing
// useful gets through, above them the command could wait for a day or hold
// gigabytes on a server's say-so.
const (
	defaultRequestTimeout = 60 * time.Second
	minRequestTimeout     = 100 * time.Millisecond
	maxRequestTimeout     = time.Hour
	minResponseSize       = 1 << 10
	maxResponseSize       = 4 << 30
)

// EnvRequestTimeout sets --request-timeout when the flag is not given.
const EnvRequestTimeout = "DATAFLOW_REQUEST_TIMEOUT"

// globals are the flags every operation accepts, before or after its name.
type globals struct {
	endpoint        optString
	profile         optString
	output          optString
	retries         optInt
	debug           optBool
	requestTimeout  optDuration
	maxResponseSize optSize
}

func newGlobals() *globals {
	g := &globals{}
	g.output.v = "text"
	g.output.check = func(s string) error {
		if s != "text" && s != "json" && !slices.Contains(graphFormats, s) {
			return errors.New("must be json, text, graph, mermaid or dot")
		}
		return nil
	}
	g.profile.check = func(s string) error {
		if s == "" {
			return errors.New("must name a profile")
		}
		return nil
	}
	g.retries.min, g.retries.max = intp(0), intp(maxRetries)
	g.requestTimeout.min, g.requestTimeout.max = minRequestTimeout, maxRequestTimeout
	g.maxResponseSize.min, g.maxResponseSize.max = minResponseSize, maxResponseSize
	return g
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.Var(&g.endpoint, "endpoint", "")
	fs.Var(&g.profile, "profile", "")
	fs.Var(&g.output, "output", "")
	fs.Var(&g.retries, "retries", "")
	fs.Var(&g.debug, "debug", "")
	fs.Var(&g.requestTimeout, "request-timeout", "")
	fs.Var(&g.maxResponseSize, "max-response-size", "")
}

// globalFlagsHelp documents the global flags; the top-level help and every
// operation's help show it.
const globalFlagsHelp = `Global flags (before or after the operation name):
  --endpoint URL      API base URL (default ` + defaultEndpointDoc + `;
                      the environment variable DATAFLOW_ENDPOINT sets it too)
  --profile NAME      sign with this profile of ~/.ncloud/configure only (see Credentials)
  --output json|text|graph|mermaid|dot
                      json: the response body exactly as the service sent it, indented;
                      text: a short summary (default); for operations that print a job,
                      graph draws its nodes and edges in the terminal, mermaid and dot write
                      the same graph as a Mermaid flowchart or a Graphviz digraph
  --retries N         retries of a failed GET, PUT or DELETE, 0 to 10 (default 3)
  --debug             print each signed request and each answer to stderr: headers, status,
                      time, bodies (at most 2 KiB each, secret-looking fields hidden) and
                      whether the client retries; the access key and signature are
                      shortened, the secret key is never shown
  --request-timeout D how long one attempt may take, headers and body, as a Go duration
                      (default 60s; 100ms to 1h; DATAFLOW_REQUEST_TIMEOUT sets it too);
                      a timed-out GET, PUT or DELETE is retried like a dropped connection
  --max-response-size N
                      the largest response body read, after decompression: bytes, or with
                      KiB, MiB or GiB (default 64MiB; 1KiB to 4GiB); a larger answer fails
  --help              show help
`

const defaultEndpointDoc = "https://dataflow.apigw.ntruss.com"

// flagSyntax matches the single-dash flag names package flag puts in its
// errors; the command documents flags with two dashes.
var flagSyntax = regexp.MustCompile(`(^|[\s:])-([a-z][a-z0-9-]*)`)

// flagError turns an error of package flag into one line that names flags
// the way the help does (--page, not -page).
func flagError(err error) string {
	return flagSyntax.ReplaceAllString(err.Error(), "$1--$2")
}
