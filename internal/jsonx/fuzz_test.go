package jsonx

// Differential fuzz targets: each compares this package with encoding/json
// on the same bytes. Seed corpora live in testdata/fuzz/<Target>/; `make
// fuzz` (tools/reliability/fuzz.sh) runs every target, and plain `go test`
// replays the seeds.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// fuzzSeeds are inputs every target starts from.
var fuzzSeeds = []string{
	`{"a":1,"b":[true,false,null],"c":"x\u00e9\ud83d\ude00"}`,
	`12345678901234567890`, `9007199254740993`, `1e400`, `-0`, `0.1`, `1.0`, `1E2`, `-1.5e-7`,
	`"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, "\"\xff\xfe\"", `"a\/b\"c\\d\b\f\n\r\t"`,
	`{"type":"SOURCE_OBS","TYPE":"x"}`, `{"type":null}`, `{"type":5}`, `{"Type":"a","type":"b"}`,
	"{\"\u212aey\":1}", "{\"\u017ftatus\":1}", `[1,2,3]`, `[1,2,]`, `{"a":1,}`, `{"a" 1}`, `01`, `1.`, `.5`, `-`,
	`tru`, `nul`, `"\x"`, "\"\x01\"", `[`, `{`, ` `, ``, `"2024-01-02T03:04:05Z"`, `{"a":{"b":{"c":[{}]}}}`,
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
}

// sameError checks that err (from jsonx) and want (from encoding/json) are
// both nil, or both syntax errors with the same text and offset, or both
// type errors.
func sameError(t *testing.T, data []byte, err, want error) {
	t.Helper()
	if (err == nil) != (want == nil) {
		t.Fatalf("%q: jsonx error %v, encoding/json error %v", data, err, want)
	}
	var se, wse *json.SyntaxError
	if errors.As(want, &wse) {
		if !errors.As(err, &se) || se.Error() != wse.Error() || se.Offset != wse.Offset {
			t.Fatalf("%q: jsonx error %#v, encoding/json syntax error %#v", data, err, want)
		}
	}
	var wte *json.UnmarshalTypeError
	if errors.As(want, &wte) {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || te.Type != wte.Type || te.Value != wte.Value {
			t.Fatalf("%q: jsonx error %#v, encoding/json type error %#v", data, err, want)
		}
	}
}

// FuzzValid: jsonx accepts exactly what encoding/json accepts, and refuses
// the rest with the same *json.SyntaxError.
func FuzzValid(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := Valid(data), json.Valid(data); got != want {
			t.Fatalf("%q: Valid %v, json.Valid %v", data, got, want)
		}
		var raw json.RawMessage
		sameError(t, data, Unmarshal(data, new(any)), json.Unmarshal(data, &raw))
	})
}

// FuzzAny: an interface{} value decodes to what encoding/json gives (with
// UseNumber, to see the literals), except that a number is a float64 exactly
// when the float64 has the literal's value.
func FuzzAny(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var got any
		err := Unmarshal(data, &got)
		if !json.Valid(data) {
			if err == nil {
				t.Fatalf("%q: invalid JSON accepted", data)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("%q: encoding/json: %v", data, err)
		}
		compareAny(t, data, got, want)
	})
}

func compareAny(t *testing.T, data []byte, got, want any) {
	t.Helper()
	switch w := want.(type) {
	case json.Number:
		exact := exactFloat(t, string(w))
		switch g := got.(type) {
		case float64:
			f, _ := strconv.ParseFloat(string(w), 64)
			if !exact || g != f || math.Signbit(g) != math.Signbit(f) {
				t.Fatalf("%q: number %s read as float64 %v (exact: %v)", data, w, g, exact)
			}
		case json.Number:
			if exact || g != w {
				t.Fatalf("%q: number %s read as json.Number %s (exact as float64: %v)", data, w, g, exact)
			}
		default:
			t.Fatalf("%q: number %s read as %T", data, w, got)
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			t.Fatalf("%q: object %v read as %#v", data, w, got)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				t.Fatalf("%q: member %q lost", data, k)
			}
			compareAny(t, data, gv, wv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) || g == nil {
			t.Fatalf("%q: array %v read as %#v", data, w, got)
		}
		for i := range w {
			compareAny(t, data, g[i], w[i])
		}
	default:
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: read %#v, encoding/json %#v", data, got, want)
		}
	}
}

// exactFloat reports, with math/big, whether the float64 nearest to the
// literal encodes back to the literal's value.
func exactFloat(t *testing.T, lit string) bool {
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return false
	}
	a, ok1 := new(big.Rat).SetString(lit)
	b, ok2 := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok1 || !ok2 {
		t.Fatalf("big.Rat cannot read %q", lit)
	}
	return a.Cmp(b) == 0
}

type (
	namedString string
	namedInt    int32
	namedUint   uint8
	namedFloat  float32
)

// FuzzTyped: reading into typed Go values gives what json.Unmarshal gives:
// the same values, the same accept or refuse, the same kind of error.
func FuzzTyped(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		typedCase[string](t, data)
		typedCase[*string](t, data)
		typedCase[int](t, data)
		typedCase[*int](t, data)
		typedCase[int64](t, data)
		typedCase[*int64](t, data)
		typedCase[bool](t, data)
		typedCase[*bool](t, data)
		typedCase[float64](t, data)
		typedCase[*float64](t, data)
		typedCase[[]int64](t, data)
		typedCase[[]string](t, data)
		typedCase[map[string]string](t, data)
		typedCase[*map[string]string](t, data)
		typedCase[time.Time](t, data)
		typedCase[*time.Time](t, data)
		typedCase[namedString](t, data)
		typedCase[*namedString](t, data)
		typedCase[namedInt](t, data)
		typedCase[namedUint](t, data)
		typedCase[namedFloat](t, data)
		typedCase[[]bool](t, data)
		typedCase[struct{ A, B int }](t, data)
	})
}

func typedCase[T any](t *testing.T, data []byte) {
	t.Helper()
	var got, want T
	err := Unmarshal(data, &got)
	werr := json.Unmarshal(data, &want)
	sameError(t, data, err, werr)
	var se *json.SyntaxError
	if errors.As(werr, &se) {
		return
	}
	// encoding/json stops at an error from UnmarshalJSON (time.Time) and
	// goes on after a type error; both leave the same value.
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q into %T: read %#v, encoding/json %#v", data, got, got, want)
	}
}

// FuzzPeekString: PeekString gives what json.Unmarshal into a struct with
// one string field gives.
func FuzzPeekString(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := PeekString(data, "type")
		var want struct {
			Discriminator string `json:"type"`
		}
		werr := json.Unmarshal(data, &want)
		sameError(t, data, err, werr)
		if got != want.Discriminator {
			t.Fatalf("%q: PeekString %q, encoding/json %q", data, got, want.Discriminator)
		}
	})
}

// FuzzKeyMatch: an object key selects a field exactly when it selects that
// field for encoding/json (exact or case-folded match, last one wins).
func FuzzKeyMatch(f *testing.F) {
	for _, k := range []string{"parentNodeIds", "PARENTNODEIDS", "parentnodeids", "parentNodeId", "pa\u017ferentNodeIds", "\u212a", "k", "K", "", "\xff"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		for _, name := range []string{"parentNodeIds", "k", "status"} {
			doc, err := json.Marshal(map[string]int{key: 1})
			if err != nil {
				t.Fatal(err)
			}
			var d Decoder
			d.Reset(doc)
			if !d.BeginObject(new(struct{})) {
				t.Fatalf("%s: not an object", doc)
			}
			k, ok := d.FirstKey()
			if !ok {
				t.Fatalf("%s: no key", doc)
			}
			got := string(k) == name || FoldEqual(k, name)
			field := reflect.StructOf([]reflect.StructField{{Name: "X", Type: reflect.TypeFor[int](), Tag: reflect.StructTag(`json:"` + name + `"`)}})
			v := reflect.New(field)
			if err := json.Unmarshal(doc, v.Interface()); err != nil {
				t.Fatal(err)
			}
			if want := v.Elem().Field(0).Int() == 1; got != want {
				t.Fatalf("key %q, field %q: jsonx matches %v, encoding/json %v", k, name, got, want)
			}
		}
	})
}
