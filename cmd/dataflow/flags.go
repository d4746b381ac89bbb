package main

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strconv"
)

// optString is a string flag that knows whether it was given.
type optString struct {
	v     string
	set   bool
	check func(string) error // optional validation, run by Set
}

func (o *optString) String() string { return o.v }

func (o *optString) Set(s string) error {
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

// optBool is a boolean flag (--all, --debug).
type optBool struct{ v bool }

func (o *optBool) String() string { return strconv.FormatBool(o.v) }

func (o *optBool) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("not true or false")
	}
	o.v = b
	return nil
}

func (o *optBool) IsBoolFlag() bool { return true }

func intp(n int) *int { return &n }

// maxRetries bounds --retries: each retry of a failing call waits up to
// 10 seconds, so more than this is never what anyone wants.
const maxRetries = 10

// globals are the flags every operation accepts, before or after its name.
type globals struct {
	endpoint optString
	profile  optString
	output   optString
	retries  optInt
	debug    optBool
}

func newGlobals() *globals {
	g := &globals{}
	g.output.v = "text"
	g.output.check = func(s string) error {
		if s != "text" && s != "json" {
			return errors.New("must be json or text")
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
	return g
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.Var(&g.endpoint, "endpoint", "")
	fs.Var(&g.profile, "profile", "")
	fs.Var(&g.output, "output", "")
	fs.Var(&g.retries, "retries", "")
	fs.Var(&g.debug, "debug", "")
}

// globalFlagsHelp documents the global flags; the top-level help and every
// operation's help show it.
const globalFlagsHelp = `Global flags (before or after the operation name):
  --endpoint URL      API base URL (default ` + defaultEndpointDoc + `;
                      the environment variable DATAFLOW_ENDPOINT sets it too)
  --profile NAME      sign with this profile of ~/.ncloud/configure only (see Credentials)
  --output json|text  json: the response body exactly as the service sent it, indented;
                      text: a short summary (default)
  --retries N         retries of a failed GET, PUT or DELETE, 0 to 10 (default 3)
  --debug             print each signed request and the response status to stderr;
                      the access key and signature are shortened, the secret key is never shown
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
