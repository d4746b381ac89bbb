package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"unicode"

	dataflow "github.com/ncp-dataflow/dataflow-go"
)

// Exit statuses.
const (
	exitOK    = 0 // success
	exitError = 1 // the API answered with an error, or no answer came
	exitUsage = 2 // the command line or its input is wrong; nothing was sent

	exitInterrupted = 130 // stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)
)

// lookupEnv reads an environment variable; main passes os.LookupEnv, tests a
// map.
type lookupEnv func(key string) (string, bool)

func main() {
	// The first Ctrl-C (or SIGTERM) cancels the operation, which then ends
	// with exitInterrupted and one line saying so; a second one, once the
	// first has been seen, ends the process at once as signals normally do.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole command: it parses args, runs one operation and returns
// the exit status. It reads the environment only through env.
func run(ctx context.Context, args []string, env lookupEnv, stdin io.Reader, stdout, stderr io.Writer) int {
	g := newGlobals()
	fs := flag.NewFlagSet("dataflow", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeTopHelp(stdout)
			return exitOK
		}
		return usageFail(stderr, "", flagError(err))
	}
	rest := fs.Args()
	if len(rest) == 0 {
		writeTopHelp(stderr)
		return exitUsage
	}
	name, rest := rest[0], rest[1:]
	switch name {
	case "help":
		return runHelp(rest, stdout, stderr)
	case "version":
		return runVersion(rest, stdout, stderr)
	case "demo":
		return runDemo(ctx, rest, stdout, stderr)
	case "fake-server":
		return runFakeServer(ctx, rest, env, stdout, stderr)
	case "wait-job-execution":
		return runWaitJobExecution(ctx, g, rest, env, stdin, stdout, stderr)
	}
	op := findOperation(name)
	if op == nil {
		msg := fmt.Sprintf("unknown operation %q", name)
		if s := suggest(name); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return usageFail(stderr, "", msg)
	}
	return runOperation(ctx, op, g, rest, env, stdin, stdout, stderr)
}

// usageError is a mistake in the command line or its input, found before
// anything was sent. It exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// usageFail prints a usage error as one line plus a pointer to the help of
// op (of the command when op is empty), and returns exitUsage.
func usageFail(stderr io.Writer, op, msg string) int {
	if op == "" {
		fmt.Fprintf(stderr, "dataflow: %s\nRun 'dataflow --help' for usage.\n", oneLine(msg))
	} else {
		fmt.Fprintf(stderr, "dataflow: %s: %s\nRun 'dataflow %s --help' for usage.\n", op, oneLine(msg), op)
	}
	return exitUsage
}

// fail reports the error of an operation and returns its exit status:
// usage errors and arguments the client refused (dataflow.ErrInvalidInput)
// exit 2, everything else (API, network and credential errors) exits 1.
func fail(stderr io.Writer, op string, err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		return usageFail(stderr, op, ue.msg)
	}
	if errors.Is(err, dataflow.ErrInvalidInput) {
		fmt.Fprintf(stderr, "%s\nRun 'dataflow %s --help' for usage.\n", oneLine(err.Error()), op)
		return exitUsage
	}
	msg := err.Error()
	if o := findOperation(op); o != nil {
		// The client names the operation by its operationId; the
		// command's own messages use the subcommand's name.
		msg = strings.Replace(msg, "dataflow: "+o.id+": ", "dataflow: "+o.name+": ", 1)
	}
	if errors.As(err, new(*dataflow.ResponseTooLargeError)) {
		// The library names its option; the command's user has a flag.
		msg = strings.Replace(msg, "dataflow.WithMaxResponseBytes", "--max-response-size", 1)
	}
	if !strings.HasPrefix(msg, "dataflow: ") {
		msg = "dataflow: " + op + ": " + msg
	}
	fmt.Fprintln(stderr, oneLine(msg))
	return exitError
}

// oneLine makes s safe to print as a single line: control characters (line
// breaks, terminal escapes a server may have put in an error detail) become
// spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "Usage: dataflow version\n\nPrints the version of dataflow-go this command is built from.")
			return exitOK
		}
		return usageFail(stderr, "version", flagError(err))
	}
	if fs.NArg() > 0 {
		return usageFail(stderr, "version", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	fmt.Fprintf(stdout, "dataflow %s\n", dataflow.Version)
	return exitOK
}
