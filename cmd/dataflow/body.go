package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxInputBytes bounds --cli-input-json: request bodies are a few kilobytes.
const maxInputBytes = 8 << 20

// readInput reads the file named by --cli-input-json, or stdin for "-".
func readInput(path string, stdin io.Reader) ([]byte, error) {
	if strings.TrimSpace(path) == "" {
		return nil, usagef("--%s needs a file name, or - for stdin", cliInputJSON)
	}
	var r io.Reader
	if path == "-" {
		if stdin == nil {
			return nil, usagef("--%s -: no standard input", cliInputJSON)
		}
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, usagef("--%s: cannot read %s", cliInputJSON, pathErr(err))
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return nil, usagef("--%s: cannot read %s", cliInputJSON, pathErr(err))
	}
	if len(data) > maxInputBytes {
		return nil, usagef("--%s %s: larger than %d MiB", cliInputJSON, displayPath(path), maxInputBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, usagef("--%s %s: empty; expected a JSON object", cliInputJSON, displayPath(path))
	}
	return data, nil
}

// pathErr describes a file error without package os's operation prefix:
// "x.json: no such file or directory".
func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// decodeStrict decodes one JSON value into dst, refusing fields dst does not
// have (node unions keep their own fields: they hold raw JSON) and anything
// after the value.
func decodeStrict(data []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err, data)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// jsonError rewords a decoding error as one line for a person.
func jsonError(err error, data []byte) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return fmt.Errorf("not valid JSON at line %d, column %d: %s", line, col, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("not valid JSON: it ends too early")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return fmt.Errorf("expected a JSON object, got a JSON %s", typ.Value)
		}
		return fmt.Errorf("field %s: cannot use a JSON %s here (want %s)", field, typ.Value, typ.Type)
	}
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	if col < 1 {
		col = 1
	}
	return line, col
}

// bodyFromFlags builds the request body from the field flags that were
// given: each sets the field its apiField names (jobCondition.numWorker),
// and the JSON object they make is decoded into the body's type as
// --cli-input-json would be.
func bodyFromFlags(op *operation, in *input) (any, error) {
	obj := map[string]any{}
	for _, f := range op.flags {
		if !f.bodyField || !in.given(f.key) {
			continue
		}
		var v any
		switch f.kind {
		case kindInt:
			v = *in.intp(f.key)
		case kindBool:
			v = in.flagBool(f.key)
		default:
			v = in.str(f.key)
		}
		parts := strings.Split(f.apiField, ".")
		at := obj
		for _, p := range parts[:len(parts)-1] {
			next, ok := at[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				at[p] = next
			}
			at = next
		}
		at[parts[len(parts)-1]] = v
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	v := op.body.newValue()
	if err := decodeStrict(data, v); err != nil {
		return nil, usagef("the field flags do not make a %s: %v", op.body.typeName, err)
	}
	return v, nil
}
