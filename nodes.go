package dataflow

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/internal/jsonx"
)

// NodeTypeTransformFillMissingValue is the old name of
// NodeTypeTransformFillMissingValues.
//
// Deprecated: use NodeTypeTransformFillMissingValues, the name generated
// from the variant gen.TransformFillMissingValuesNode.
const NodeTypeTransformFillMissingValue = NodeTypeTransformFillMissingValues

// The node type constants, NewNode and one New<Variant> constructor per
// variant (NewSourceOBSNode, …) are generated from openapi.yaml into
// nodes.gen.go; so are NewWorkflowNode and its constructors. Each
// constructor sets the discriminator from the variant and sends a nil
// required list (ParentNodeIds) as [], which the API requires: a source node
// must say "parentNodeIds": [].
//
//	src, err := dataflow.NewSourceOBSNode(gen.SourceOBSNode{ID: 1697776914576, Name: "in", ...})

// nonNilSlice is s, or an empty list when s is nil: a nil slice encodes as
// null, which a required list must not be.
func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// NodeInfo is what every job node has, whatever its type.
type NodeInfo struct {
	Type          string  `json:"type"`
	ID            int64   `json:"id"`
	Name          string  `json:"name"`
	ParentNodeIDs []int64 `json:"parentNodeIds"`
}

// InspectNode reads the common fields of any node, including node types this
// client does not know. It reads them as encoding/json would read the node
// into a NodeInfo, in one pass over the node and without decoding the rest.
func InspectNode(n gen.Node) (NodeInfo, error) {
	var info NodeInfo
	if err := readNode(n, &info, nil); err != nil {
		return NodeInfo{}, fmt.Errorf("dataflow: node: %w", err)
	}
	return info, nil
}

// readNode reads a node's common fields into info in one pass over its
// JSON. Every other member goes to other, which must consume its value (nil
// skips them), so a caller that needs a few more fields reads them in the
// same pass.
func readNode(n gen.Node, info *NodeInfo, other func(d *jsonx.Decoder, key []byte)) error {
	raw, err := n.MarshalJSON()
	if err != nil {
		return err
	}
	var d jsonx.Decoder
	d.Reset(raw)
	if d.BeginObject(info) {
		outer := d.Enter(info)
		for k, ok := d.FirstKey(); ok; k, ok = d.NextKey() {
			switch {
			case jsonx.KeyIs(k, "type"):
				d.String(&info.Type)
			case jsonx.KeyIs(k, "id"):
				d.Int64(&info.ID)
			case jsonx.KeyIs(k, "name"):
				d.String(&info.Name)
			case jsonx.KeyIs(k, "parentNodeIds"):
				d.Value(&info.ParentNodeIDs)
			case other != nil:
				other(&d, k)
			default:
				d.Skip()
			}
		}
		d.Leave(outer)
	}
	return d.Finish()
}

// NodeAs returns n as the variant T (gen.SourceOBSNode, gen.TransformJoinNode,
// …), after checking that n's type is T's. The generated As… methods do not
// check: AsTransformFilterNode on a SOURCE_OBS node returns a half-filled
// struct and no error. NodeAs returns an error instead.
//
//	if filter, err := dataflow.NodeAs[gen.TransformFilterNode](n); err == nil { … }
func NodeAs[T any](n gen.Node) (T, error) {
	var zero T
	want, ok := variantType(zero)
	if !ok {
		return zero, fmt.Errorf("dataflow: NodeAs: %T is not a job node variant", zero)
	}
	got, err := n.Discriminator()
	if err != nil {
		return zero, fmt.Errorf("dataflow: NodeAs: %w", err)
	}
	if got != want {
		return zero, fmt.Errorf("dataflow: NodeAs: node is %q, not %s", got, want)
	}
	raw, err := n.MarshalJSON()
	if err == nil {
		// The variant's own reader, without a second validating pass.
		if u, ok := any(&zero).(json.Unmarshaler); ok {
			err = u.UnmarshalJSON(raw)
		} else {
			err = json.Unmarshal(raw, &zero)
		}
	}
	if err != nil {
		var none T
		return none, fmt.Errorf("dataflow: NodeAs: %w", err)
	}
	return zero, nil
}

// variantTypes caches the "type" value of each node variant struct, as
// NewNode stamps it (reflect.Type -> string).
var variantTypes sync.Map

// variantType is the "type" value of a node variant struct.
func variantType(v any) (string, bool) {
	key := reflect.TypeOf(v)
	if t, ok := variantTypes.Load(key); ok {
		return t.(string), true
	}
	n, err := NewNode(v)
	if err != nil {
		return "", false
	}
	t, err := n.Discriminator()
	if err != nil {
		return "", false
	}
	variantTypes.Store(key, t)
	return t, true
}
