package dataflow_test

// FuzzGeneratedJob compares the generated reader of gen.Job (templates in
// gen/templates, internal/jsonx) with encoding/json on the same bytes. The
// reference is json.Unmarshal into jobMirror, gen.Job's fields without its
// methods, so encoding/json itself decides how each member lands: exact or
// case-folded key match, the last duplicate winning, null, pointers, slices
// and type errors. Members that name no field must be in
// AdditionalProperties with the value encoding/json reads, numbers exactly.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

type jobMirror gen.Job

func FuzzGeneratedJob(f *testing.F) {
	for _, s := range []string{
		`{"jobId":"j","name":"n","nodes":[{"type":"SOURCE_OBS","id":1}],"runCondition":{"timeout":5,"x":1e400}}`,
		`{"JOBID":"a","jobId":"b","jobid":"c","NAME":null,"description":"d","description":null}`,
		`{"nodes":null,"runCondition":null,"createdDate":"2024-01-02T03:04:05+09:00","maxConcurrentRuns":3}`,
		`{"maxConcurrentRuns":"3","name":5,"nodes":5,"runCondition":[],"extra":{"a":[1,2.50,-0]}}`,
		`{"maxConcurrentRuns":1.5,"big":123456789012345678901234567890,"id":9007199254740993}`,
		`{"createdDate":"yesterday"}`, `{"status":"\ud800x","st\u0061tus":"ok"}`, `{"\u212aey":1,"ſtatus":"s"}`,
		`null`, `[]`, `"job"`, `{"a":1,}`, `{"nodes":[1,"x",null,{}]}`, ` {"name":"n"} `, `{"name":"n"}x`,
	} {
		f.Add([]byte(s))
	}
	fields := jobFieldNames()
	f.Fuzz(func(t *testing.T, data []byte) {
		var got gen.Job
		err := got.UnmarshalJSON(data)
		var want jobMirror
		werr := json.Unmarshal(data, &want)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: generated reader error %v, encoding/json %v", data, err, werr)
		}
		var se *json.SyntaxError
		if errors.As(werr, &se) {
			if !errors.As(err, new(*json.SyntaxError)) || err.Error() != werr.Error() {
				t.Fatalf("%q: generated reader error %v, encoding/json syntax error %v", data, err, werr)
			}
			return
		}
		var te *json.UnmarshalTypeError
		if errors.As(werr, &te) && !errors.As(err, new(*json.UnmarshalTypeError)) {
			t.Fatalf("%q: generated reader error %v, encoding/json type error %v", data, err, werr)
		}
		if werr != nil && te == nil {
			return // an UnmarshalJSON of a field (time.Time) stopped both: values may differ
		}
		gotFields := jobMirror(got)
		gotFields.AdditionalProperties = nil
		if !reflect.DeepEqual(gotFields, want) {
			t.Fatalf("%q: known fields\ngenerated     %+v\nencoding/json %+v", data, gotFields, want)
		}
		// The members that name no field, last one winning.
		var members map[string]json.RawMessage
		if json.Unmarshal(data, &members) != nil {
			return // not an object: nothing to compare
		}
		extra := map[string]json.RawMessage{}
		for k, v := range members {
			if !fields.match(k) {
				extra[k] = v
			}
		}
		if len(extra) != len(got.AdditionalProperties) {
			t.Fatalf("%q: AdditionalProperties %v, want the members %v", data, got.AdditionalProperties, extra)
		}
		for k, raw := range extra {
			v, ok := got.AdditionalProperties[k]
			if !ok {
				t.Fatalf("%q: member %q not in AdditionalProperties", data, k)
			}
			enc, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%q: member %q: %v", data, k, err)
			}
			if !sameValue(fuzzNumbers(t, raw), fuzzNumbers(t, enc)) {
				t.Fatalf("%q: member %q is %s, re-encoded %s", data, k, raw, enc)
			}
		}
	})
}

// jobFields are gen.Job's JSON names, each as a struct type with one int
// field of that name, so that encoding/json can say whether a key is one.
type jobFields []reflect.Type

func jobFieldNames() jobFields {
	var fs jobFields
	rt := reflect.TypeFor[gen.Job]()
	for i := range rt.NumField() {
		if name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			fs = append(fs, reflect.StructOf([]reflect.StructField{{Name: "X", Type: reflect.TypeFor[int](), Tag: reflect.StructTag(`json:"` + name + `"`)}}))
		}
	}
	return fs
}

// match reports whether encoding/json puts the member key into one of the
// fields: it decodes {key: 1} into each one-field struct.
func (fs jobFields) match(key string) bool {
	doc, _ := json.Marshal(map[string]int{key: 1})
	for _, st := range fs {
		v := reflect.New(st)
		if json.Unmarshal(doc, v.Interface()) == nil && v.Elem().Field(0).Int() == 1 {
			return true
		}
	}
	return false
}

// fuzzNumbers decodes JSON with numbers as json.Number.
func fuzzNumbers(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%q: %v", data, err)
	}
	return v
}

// sameValue compares JSON values, numbers by their exact decimal value.
func sameValue(a, b any) bool {
	switch av := a.(type) {
	case json.Number:
		bv, ok := b.(json.Number)
		if !ok {
			return false
		}
		x, ok1 := new(big.Rat).SetString(string(av))
		y, ok2 := new(big.Rat).SetString(string(bv))
		return ok1 && ok2 && x.Cmp(y) == 0
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for k, v := range av {
			if w, ok := bv[k]; !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for i := range av {
			if !sameValue(av[i], bv[i]) {
				return false
			}
		}
		return true
	default:
		return reflect.DeepEqual(a, b)
	}
}
