package dataflow_test

// The lossless promise for the generated types: a job read into gen.Job, and
// each of its nodes read into its variant, encodes back to every value the
// service sent. Each object the spec leaves open (additionalProperties)
// carries unknown members holding integers above 2^64, 1e400 and ids above
// 2^53, at any depth; every known integer holds a value above 2^53; the job
// also holds a node of a type this client does not know. The sample is
// built from openapi.yaml, so that node types and fields the spec adds are
// covered without editing this test.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

const (
	lossAboveInt53 = "9007199254740993"               // 2^53 + 1: float64 makes it ...992
	lossAboveInt64 = "123456789012345678901234567890" // beyond uint64
	lossHuge       = "1e400"                          // beyond float64
)

// lossExtras are the unknown members put into every open object.
func lossExtras() map[string]any {
	return map[string]any{
		"xBig":  json.Number(lossAboveInt64),
		"xHuge": json.Number(lossHuge),
		"xID":   json.Number(lossAboveInt53),
		"xDeep": map[string]any{"list": []any{json.Number("18446744073709551617"), map[string]any{"e": json.Number("-1e400")}}},
	}
}

// lossSample builds a value of schema s: every property present, every
// open object with lossExtras.
func lossSample(t *testing.T, s *openapi3.Schema, depth int) any {
	t.Helper()
	switch {
	case len(s.OneOf) > 0:
		return lossSample(t, s.OneOf[0].Value, depth)
	case len(s.AnyOf) > 0:
		return lossSample(t, s.AnyOf[0].Value, depth)
	case len(s.AllOf) > 0:
		m := map[string]any{}
		for _, part := range s.AllOf {
			if pm, ok := lossSample(t, part.Value, depth).(map[string]any); ok {
				for k, v := range pm {
					m[k] = v
				}
			}
		}
		return m
	}
	switch {
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Type.Is("string"):
		if s.Format == "date-time" {
			return "2024-01-02T03:04:05.123456789+09:00"
		}
		return "s"
	case s.Type.Is("integer"):
		if s.Format == "int32" {
			return json.Number("7")
		}
		return json.Number(lossAboveInt53)
	case s.Type.Is("number"):
		return json.Number("1.5")
	case s.Type.Is("boolean"):
		return true
	case s.Type.Is("array"):
		if depth > 3 || s.Items == nil {
			return []any{}
		}
		return []any{lossSample(t, s.Items.Value, depth+1)}
	}
	// An object (typed or not).
	m := map[string]any{}
	if depth <= 3 {
		for name, p := range s.Properties {
			m[name] = lossSample(t, p.Value, depth+1)
		}
	}
	if open := s.AdditionalProperties; (open.Has != nil && *open.Has) || open.Schema != nil {
		if open.Schema == nil || open.Schema.Value == nil || len(open.Schema.Value.Type.Slice()) == 0 {
			for k, v := range lossExtras() {
				m[k] = v
			}
		} else {
			m["xOpen"] = lossSample(t, open.Schema.Value, depth+1)
		}
	}
	return m
}

// lossDecode reads JSON with numbers as json.Number.
func lossDecode(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return v
}

// lossKept fails unless every value of in is in out, at the same place and
// with the same literal (out may hold more: known fields left out of in).
func lossKept(t *testing.T, where, path string, in, out any) {
	t.Helper()
	switch iv := in.(type) {
	case map[string]any:
		ov, ok := out.(map[string]any)
		if !ok {
			t.Errorf("%s: %s: object became %#v", where, path, out)
			return
		}
		keys := make([]string, 0, len(iv))
		for k := range iv {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			o, ok := ov[k]
			if !ok {
				t.Errorf("%s: %s.%s lost", where, path, k)
				continue
			}
			lossKept(t, where, path+"."+k, iv[k], o)
		}
	case []any:
		ov, ok := out.([]any)
		if !ok || len(ov) != len(iv) {
			t.Errorf("%s: %s: array became %#v", where, path, out)
			return
		}
		for i := range iv {
			lossKept(t, where, fmt.Sprintf("%s[%d]", path, i), iv[i], ov[i])
		}
	default:
		if !reflect.DeepEqual(in, out) {
			t.Errorf("%s: %s: %v became %v", where, path, in, out)
		}
	}
}

func TestGeneratedTypesAreLossless(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(dataflow.OpenAPISpec())
	if err != nil {
		t.Fatal(err)
	}
	schemas := doc.Components.Schemas
	union := schemas["Node"].Value
	if len(union.OneOf) == 0 {
		t.Fatal("openapi.yaml: Node has no oneOf")
	}

	// One node of every variant, and one of a type the spec does not know.
	var nodes []any
	var kinds []string
	for _, ref := range union.OneOf {
		node := lossSample(t, ref.Value, 1).(map[string]any)
		kind, ok := node["type"].(string)
		if !ok {
			t.Fatalf("%s: no one-value type enum", ref.Ref)
		}
		kinds = append(kinds, kind)
		node["id"] = json.Number(lossAboveInt53)
		node["parentNodeIds"] = []any{json.Number("9007199254740995")}
		for k, v := range lossExtras() {
			node[k] = v // every variant must keep what it does not know
		}
		nodes = append(nodes, node)
	}
	future := lossExtras()
	future["type"], future["id"], future["name"] = "TRANSFORM_FUTURE", json.Number(lossAboveInt53), "f"
	future["parentNodeIds"] = []any{json.Number(lossAboveInt53)}
	nodes = append(nodes, future)
	kinds = append(kinds, "TRANSFORM_FUTURE")

	job := lossSample(t, schemas["Job"].Value, 0).(map[string]any)
	job["nodes"] = nodes
	body, err := json.Marshal(job)
	if err != nil {
		t.Fatal(err)
	}
	in := lossDecode(t, body)

	// Through the client, as getJob returns it (decode[T] and the generated
	// UnmarshalJSON), and through json.Unmarshal.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithStaticCredentials("AKIDEXAMPLE", "secret"))
	if err != nil {
		t.Fatal(err)
	}
	fromClient, err := c.GetJob(context.Background(), "gqigvHa1b2c3")
	if err != nil {
		t.Fatal(err)
	}
	var fromUnmarshal gen.Job
	if err := json.Unmarshal(body, &fromUnmarshal); err != nil {
		t.Fatal(err)
	}
	for where, j := range map[string]*gen.Job{"client": fromClient, "json.Unmarshal": &fromUnmarshal} {
		out, err := json.Marshal(j)
		if err != nil {
			t.Fatal(err)
		}
		lossKept(t, "gen.Job via "+where, "job", in, lossDecode(t, out))
	}

	// Every node through its variant: As<X> (ValueByDiscriminator), then
	// back through NewNode (From<X>).
	if fromClient.Nodes == nil || len(*fromClient.Nodes) != len(nodes) {
		t.Fatalf("decoded %v nodes, sent %d", fromClient.Nodes, len(nodes))
	}
	for i, n := range *fromClient.Nodes {
		kind := kinds[i]
		nodeIn := in.(map[string]any)["nodes"].([]any)[i]
		info, err := dataflow.InspectNode(n)
		if err != nil || info.Type != kind || fmt.Sprint(info.ID) != lossAboveInt53 {
			t.Errorf("%s: InspectNode: %+v, %v", kind, info, err)
		}
		if kind == "TRANSFORM_FUTURE" {
			raw, err := n.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			lossKept(t, "unknown node type", "node", nodeIn, lossDecode(t, raw))
			continue
		}
		v, err := n.ValueByDiscriminator()
		if err != nil {
			t.Errorf("%s: %v", kind, err)
			continue
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(fmt.Sprintf("%T", v), "gen.")
		lossKept(t, name, "node", nodeIn, lossDecode(t, out))
		rebuilt, err := dataflow.NewNode(v)
		if err != nil {
			t.Fatalf("%s: NewNode: %v", name, err)
		}
		raw, err := rebuilt.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		lossKept(t, name+" via NewNode", "node", nodeIn, lossDecode(t, raw))
	}
}
