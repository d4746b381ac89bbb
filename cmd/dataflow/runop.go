package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// EnvEndpoint sets the endpoint when --endpoint does not.
const EnvEndpoint = "DATAFLOW_ENDPOINT"

// runOperation runs one operation: parse and check everything, find the
// credentials, send, print.
func runOperation(ctx context.Context, op *operation, g *globals, args []string, env lookupEnv, stdin io.Reader, stdout, stderr io.Writer) int {
	args, wait, err := takeWaitFlags(op.id, args, false) // wait.go
	if err != nil {
		return fail(stderr, op.name, err)
	}
	in, err := parseOperation(op, g, args, stdin)
	if errors.Is(err, flag.ErrHelp) {
		writeOperationHelp(stdout, op)
		return exitOK
	}
	if err == nil && graphWriter(g.output.v) != nil && op.result != resultJob {
		err = usagef("--output %s draws a job's nodes: it works with operations that print a job (such as get-job)", g.output.v)
	}
	if err != nil {
		return fail(stderr, op.name, err)
	}
	creds := credentialsFor(g, env, stderr)
	client, err := newClient(g, env, creds, stderr)
	if err != nil {
		return fail(stderr, op.name, err)
	}
	// The keys are looked up when the first request is signed, after the
	// client has checked the input: bad input exits 2 whether or not keys
	// exist. A missing or malformed configuration is never retried, and
	// the cache keeps the keys for the requests that follow.
	body, written, err := execute(ctx, op, client, in, g.output.v, stdout)
	if err != nil && ctx.Err() != nil {
		// Interrupted: whatever the client was waiting for is abandoned.
		// Say so plainly rather than as a network error.
		fmt.Fprintf(stderr, "dataflow: %s: interrupted\n", op.name)
		return exitInterrupted
	}
	if err == nil && wait != nil && wait.enabled {
		body, err = wait.waitAfter(ctx, client, in.str("job-id"), body, stderr)
		return finishWait(ctx, stdout, stderr, op.name, g, op, in, body, err)
	}
	if err != nil {
		var ie *dataflow.InputError
		if errors.As(err, &ie) {
			err = &usageError{msg: in.explain(ie)}
		}
		return fail(stderr, op.name, err)
	}
	if written {
		return exitOK
	}
	if err := writeResult(stdout, g.output.v, op, in, body); err != nil {
		return fail(stderr, op.name, err)
	}
	return exitOK
}

// credentialsFor returns where the keys come from. Without --profile it is
// the signing package's default chain (the environment, then the configure
// file with the profile NCLOUD_PROFILE names), read through env; with
// --profile NAME it is that profile of the configure file only: an explicit
// choice beats keys that happen to be in the environment.
//
// A configure file that group or others can read is used, with one
// warning line on stderr (once per file; the signing package keeps count).
func credentialsFor(g *globals, env lookupEnv, stderr io.Writer) *signing.CredentialsCache {
	path := configurePath(env)
	warn := func(msg string) { fmt.Fprintln(stderr, "dataflow: warning: "+oneLine(msg)) }
	if g.profile.set {
		return signing.NewCredentialsCache(signing.FileCredentials{Path: path, Profile: g.profile.v, Warn: warn})
	}
	profile, _ := env(signing.EnvProfile)
	return signing.NewCredentialsCache(&signing.ChainCredentials{Providers: []signing.CredentialsProvider{
		signing.EnvCredentials{Lookup: env},
		signing.FileCredentials{Path: path, Profile: profile, Warn: warn},
	}})
}

// configurePath is $HOME/.ncloud/configure for the home directory env
// names, as os.UserHomeDir finds it; "" (the signing package's default) when
// env names none.
func configurePath(env lookupEnv) string {
	key := "HOME"
	switch runtime.GOOS {
	case "windows":
		key = "USERPROFILE"
	case "plan9":
		key = "home"
	}
	if home, ok := env(key); ok && home != "" {
		return filepath.Join(home, ".ncloud", "configure")
	}
	return ""
}

// newClient builds the signed client. Its errors (an endpoint that is not
// an http(s) URL) are usage errors.
func newClient(g *globals, env lookupEnv, creds signing.CredentialsProvider, stderr io.Writer) (*dataflow.Client, error) {
	endpoint := dataflow.DefaultEndpoint
	if v, ok := env(EnvEndpoint); ok && v != "" {
		endpoint = v
	}
	if g.endpoint.set {
		endpoint = g.endpoint.v
	}
	opts := []dataflow.Option{
		dataflow.WithEndpoint(endpoint),
		dataflow.WithCredentials(creds),
		dataflow.WithUserAgent("dataflow-cli"),
	}
	if g.retries.set {
		opts = append(opts, dataflow.WithRetries(g.retries.v))
	}
	timeout, err := requestTimeout(g, env)
	if err != nil {
		return nil, err
	}
	opts = append(opts, dataflow.WithAttemptTimeout(timeout))
	if g.maxResponseSize.set {
		opts = append(opts, dataflow.WithMaxResponseBytes(g.maxResponseSize.v))
	}
	if g.debug.v {
		d := &debugPrinter{w: stderr}
		opts = append(opts,
			dataflow.WithRequestHook(d.request),
			dataflow.WithResponseHook(d.response))
	}
	c, err := dataflow.New(opts...)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "dataflow: ")
		if v, ok := env(EnvEndpoint); ok && v != "" && !g.endpoint.set {
			msg += " (from " + EnvEndpoint + ")"
		}
		return nil, &usageError{msg: msg}
	}
	return c, nil
}

// requestTimeout is --request-timeout, else DATAFLOW_REQUEST_TIMEOUT
// (checked as the flag is), else the default.
func requestTimeout(g *globals, env lookupEnv) (time.Duration, error) {
	if g.requestTimeout.set {
		return g.requestTimeout.v, nil
	}
	v, ok := env(EnvRequestTimeout)
	if !ok || v == "" {
		return defaultRequestTimeout, nil
	}
	d := optDuration{min: g.requestTimeout.min, max: g.requestTimeout.max}
	if err := d.Set(v); err != nil {
		return 0, usagef("invalid value %q for %s: %v", v, EnvRequestTimeout, err)
	}
	return d.v, nil
}

// execute sends the operation and returns the body the service answered,
// untouched. With --all it walks every page instead and writes the items
// to stdout as they come (written is then true and body nil).
func execute(ctx context.Context, op *operation, c *dataflow.Client, in *input, format string, stdout io.Writer) (body []byte, written bool, err error) {
	if op.list && in.flagBool("all") {
		return nil, true, writeAll(ctx, op, c, in, format, stdout)
	}
	var raw dataflow.RawResponse
	if err := op.exec(dataflow.WithRawResponse(ctx, &raw), c, in); err != nil {
		return nil, false, err
	}
	return raw.Body, false, nil
}
