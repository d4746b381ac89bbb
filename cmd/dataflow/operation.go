package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	dataflow "github.com/ncp-dataflow/dataflow-go"
)

// operation is one subcommand: one operation of openapi.yaml. The table in
// operations.go drives dispatch, parsing, help and output.
type operation struct {
	name    string // kebab case of id: "get-job"
	id      string // operationId: "getJob"
	group   string // the spec's tag: "Jobs"
	method  string
	path    string
	summary string
	flags   []flagSpec
	body    *bodySpec // nil: the operation takes no body
	list    bool      // a paged list: --all is offered
	// response is the gen type of the success body ("" when it is the
	// bare value true); result is how --output text shows it.
	response string
	result   resultKind
	// done is the text output of an operation whose answer is the bare
	// value true.
	done func(in *input) string
	exec func(ctx context.Context, c *dataflow.Client, in *input) error
	// notes is extra help text, set by a customisation.
	notes string
}

// customise applies the hand-written customisation of an operation, keyed
// by its operationId; each lives in its own custom_*.go file.
func customise(op *operation) {
	switch op.id {
	case "updateJobExecutionConfig":
		customiseUpdateJobExecutionConfig(op)
	}
}

// flagSpec declares one flag of an operation.
type flagSpec struct {
	name string // without dashes: "job-id"
	// key is the name the operation table gave the flag, by which exec
	// and the text output read it even if a customisation renamed it.
	key     string
	long    string // the name to use if name is taken: "job-condition-timeout"
	metavar string // "ID"; empty for a boolean flag
	usage   string
	kind    flagKind
	// required: the operation cannot run without it. For a body field
	// flag (bodyField), only when --cli-input-json is not given.
	required bool
	// bodyField: the flag sets a field of the request body, so it cannot
	// be combined with --cli-input-json.
	bodyField bool
	min, max  *int               // bounds of an int flag, checked while parsing
	check     func(string) error // validation of a string flag, checked while parsing
	convert   func(string) string
	enum      []string // the values a string flag may take
	// apiField is the parameter or body field the flag sets, as the
	// client's *dataflow.InputError names it: "jobId",
	// "jobCondition.numWorker".
	apiField string
}

type flagKind int

const (
	kindString flagKind = iota
	kindInt
	kindBool
)

// bodySpec says how an operation takes its request body.
type bodySpec struct {
	typeName string     // the generated type, for help: "gen.CreateJobRequest"
	newValue func() any // a pointer to a new value of that type
	required bool
	example  string // a body that works, shown by --help
}

// input is a parsed command line for one operation.
type input struct {
	op        *operation
	strs      map[string]*optString
	ints      map[string]*optInt
	bools     map[string]*optBool
	body      any  // the request body, from --cli-input-json or the field flags; nil when neither
	bodyFile  bool // body came from --cli-input-json
	overrides map[string]int
}

// str returns a string flag's value ("" when not given).
func (in *input) str(name string) string {
	if o := in.strs[name]; o != nil {
		return o.v
	}
	return ""
}

// strp returns a string flag's value, or nil when it was not given.
func (in *input) strp(name string) *string {
	if o := in.strs[name]; o != nil && o.set {
		v := o.v
		return &v
	}
	return nil
}

// intp returns an int flag's value, or nil when it was not given.
func (in *input) intp(name string) *int {
	if v, ok := in.overrides[name]; ok {
		return &v
	}
	if o := in.ints[name]; o != nil && o.set {
		v := o.v
		return &v
	}
	return nil
}

// int returns an int flag's value (0 when not given).
func (in *input) int(name string) int { //nolint:unused // the generated table reads a required integer parameter with it
	if p := in.intp(name); p != nil {
		return *p
	}
	return 0
}

// boolp returns a boolean flag's value, or nil when it was not given.
func (in *input) boolp(name string) *bool { //nolint:unused // the generated table reads an optional boolean parameter with it
	if o := in.bools[name]; o != nil && o.set {
		v := o.v
		return &v
	}
	return nil
}

// bytesp returns a string flag's value as bytes (a format: byte
// parameter, which the client sends base64-encoded), or nil.
func (in *input) bytesp(name string) *[]byte {
	if p := in.strp(name); p != nil {
		b := []byte(*p)
		return &b
	}
	return nil
}

func (in *input) flagBool(name string) bool {
	if o := in.bools[name]; o != nil {
		return o.v
	}
	return false
}

func (in *input) given(name string) bool {
	if o := in.strs[name]; o != nil {
		return o.set
	}
	if o := in.ints[name]; o != nil {
		return o.set
	}
	if o := in.bools[name]; o != nil {
		return o.set
	}
	return false
}

// bodyOf returns the decoded request body, or a zero value when none was
// given.
func bodyOf[T any](in *input) *T {
	if b, ok := in.body.(*T); ok && b != nil {
		return b
	}
	return new(T)
}

const cliInputJSON = "cli-input-json"

// parseOperation parses an operation's command line, global flags included,
// and reads and decodes its --cli-input-json. It returns flag.ErrHelp for
// --help, and a *usageError for anything wrong.
func parseOperation(op *operation, g *globals, args []string, stdin io.Reader) (*input, error) {
	in := &input{
		op:    op,
		strs:  map[string]*optString{},
		ints:  map[string]*optInt{},
		bools: map[string]*optBool{},
	}
	fs := flag.NewFlagSet(op.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	g.register(fs)
	for _, f := range op.flags {
		switch f.kind {
		case kindString:
			o := &optString{check: f.check, enum: f.enum}
			in.strs[f.key] = o
			fs.Var(o, f.name, f.usage)
		case kindInt:
			o := &optInt{min: f.min, max: f.max}
			in.ints[f.key] = o
			fs.Var(o, f.name, f.usage)
		case kindBool:
			o := &optBool{}
			in.bools[f.key] = o
			fs.Var(o, f.name, f.usage)
		}
	}
	var bodyPath optString
	if op.body != nil {
		fs.Var(&bodyPath, cliInputJSON, "")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usagef("%s", flagError(err))
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (flags take the form --name value)", fs.Arg(0))
	}

	if bodyPath.set {
		var given []string
		for _, f := range op.flags {
			if f.bodyField && in.given(f.key) {
				given = append(given, "--"+f.name)
			}
		}
		if len(given) > 0 {
			return nil, usagef("--%s cannot be combined with %s: give the whole body as JSON, or the field flags", cliInputJSON, strings.Join(given, ", "))
		}
		data, err := readInput(bodyPath.v, stdin)
		if err != nil {
			return nil, err
		}
		v := op.body.newValue()
		if err := decodeStrict(data, v); err != nil {
			return nil, usagef("--%s %s: %v", cliInputJSON, displayPath(bodyPath.v), err)
		}
		in.body, in.bodyFile = v, true
	}
	for _, f := range op.flags {
		if o := in.strs[f.key]; o != nil && o.set && f.convert != nil {
			o.v = f.convert(o.v)
		}
	}

	for _, f := range op.flags {
		if !f.required || (f.bodyField && bodyPath.set) {
			continue
		}
		if !in.given(f.key) {
			if f.bodyField {
				return nil, usagef("--%s is required (or give the whole body with --%s)", f.name, cliInputJSON)
			}
			return nil, usagef("--%s is required", f.name)
		}
		if f.kind == kindString && strings.TrimSpace(in.str(f.key)) == "" {
			return nil, usagef("--%s must not be empty", f.name)
		}
	}
	if op.body != nil && op.body.required && !bodyPath.set && !hasBodyFields(op) {
		return nil, usagef("--%s is required: the request body as JSON (a file, or - for stdin)", cliInputJSON)
	}
	if op.body != nil && !bodyPath.set && hasBodyFields(op) {
		body, err := bodyFromFlags(op, in)
		if err != nil {
			return nil, err
		}
		in.body = body
	}
	return in, nil
}

func hasBodyFields(op *operation) bool {
	for _, f := range op.flags {
		if f.bodyField {
			return true
		}
	}
	return false
}

func displayPath(p string) string {
	if p == "-" {
		return "(stdin)"
	}
	return p
}

// findOperation returns the operation named name, in kebab case or as its
// operationId.
func findOperation(name string) *operation {
	for _, op := range operations {
		if op.name == name || op.id == name {
			return op
		}
	}
	return nil
}

// suggest returns the operation name closest to a mistyped one, or "".
func suggest(name string) string {
	best, bestDist := "", 4
	for _, op := range operations {
		if d := editDistance(name, op.name); d < bestDist {
			best, bestDist = op.name, d
		}
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps of
// neighbours that turn a into b (optimal string alignment).
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// explain rewords an argument the client refused in the command's terms:
// the flag that set it, or the field of --cli-input-json.
func (in *input) explain(ie *dataflow.InputError) string {
	// The client's advice to Go callers means nothing on the command line.
	reason := strings.TrimSuffix(ie.Reason, "; build nodes with NewNode")
	for _, f := range in.op.flags {
		if f.apiField != "" && f.apiField == ie.Field && (!f.bodyField || !in.bodyFile) {
			return "--" + f.name + " " + reason
		}
	}
	if in.bodyFile {
		return "--" + cliInputJSON + ": " + ie.Field + " " + reason
	}
	return ie.Field + " " + reason
}

// synopsis is the one-line usage of an operation.
func (op *operation) synopsis() string {
	parts := []string{"dataflow", op.name}
	for _, f := range op.flags {
		p := "--" + f.name
		if f.metavar != "" {
			p += " " + f.metavar
		}
		if !f.required {
			p = "[" + p + "]"
		}
		parts = append(parts, p)
	}
	if op.body != nil && !hasBodyFields(op) {
		p := "--" + cliInputJSON + " FILE|-"
		if !op.body.required {
			p = "[" + p + "]"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

func (op *operation) String() string { return fmt.Sprintf("%s (%s)", op.name, op.id) }
