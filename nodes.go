package dataflow

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/internal/jsonx"
)

// Node types, the values of a job node's "type". The service may add types;
// code that switches on them should keep a default branch and pass unknown
// nodes through unchanged (a gen.Node keeps its raw JSON, so it re-encodes
// byte for byte).
const (
	NodeTypeSourceCatalog             = "SOURCE_CATALOG"
	NodeTypeSourceCDBMySQL            = "SOURCE_CDB_MYSQL"
	NodeTypeSourceCDBPostgreSQL       = "SOURCE_CDB_POSTGRESQL"
	NodeTypeSourceOBS                 = "SOURCE_OBS"
	NodeTypeTransformDefine           = "TRANSFORM_DEFINE"
	NodeTypeTransformSelect           = "TRANSFORM_SELECT"
	NodeTypeTransformJoin             = "TRANSFORM_JOIN"
	NodeTypeTransformFilter           = "TRANSFORM_FILTER"
	NodeTypeTransformUnion            = "TRANSFORM_UNION"
	NodeTypeTransformAggregate        = "TRANSFORM_AGGREGATE"
	NodeTypeTransformRename           = "TRANSFORM_RENAME"
	NodeTypeTransformDropDuplication  = "TRANSFORM_DROP_DUPLICATION"
	NodeTypeTransformFillMissingValue = "TRANSFORM_FILL_MISSING_VALUES"
	NodeTypeTransformSQL              = "TRANSFORM_SQL"
	NodeTypeTargetCDBMySQL            = "TARGET_CDB_MYSQL"
	NodeTypeTargetCDBPostgreSQL       = "TARGET_CDB_POSTGRESQL"
	NodeTypeTargetOBS                 = "TARGET_OBS"
	NodeTypeTargetCatalog             = "TARGET_CATALOG"

	// Listed only by the older documentation.
	NodeTypeTransformDropNull   = "TRANSFORM_DROP_NULL"
	NodeTypeTransformSplitField = "TRANSFORM_SPLIT_FIELD"
)

// NewNode wraps one of the gen.*Node variant structs in the gen.Node union.
// It sets "type" from the variant, whatever v.Type holds, and sends a nil
// ParentNodeIds as an empty list: the API rejects null, and a source node
// must say "parentNodeIds": [].
//
//	src, err := dataflow.NewNode(gen.SourceOBSNode{ID: 1697776914576, Name: "in", ...})
func NewNode(v any) (gen.Node, error) {
	var n gen.Node
	var err error
	switch v := v.(type) {
	case gen.SourceCatalogNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromSourceCatalogNode(v)
	case gen.SourceCDBMySQLNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromSourceCDBMySQLNode(v)
	case gen.SourceCDBPostgreSQLNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromSourceCDBPostgreSQLNode(v)
	case gen.SourceOBSNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromSourceOBSNode(v)
	case gen.TransformDefineNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformDefineNode(v)
	case gen.TransformSelectNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformSelectNode(v)
	case gen.TransformJoinNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformJoinNode(v)
	case gen.TransformFilterNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformFilterNode(v)
	case gen.TransformUnionNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformUnionNode(v)
	case gen.TransformAggregateNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformAggregateNode(v)
	case gen.TransformRenameNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformRenameNode(v)
	case gen.TransformDropDuplicationNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformDropDuplicationNode(v)
	case gen.TransformFillMissingValuesNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformFillMissingValuesNode(v)
	case gen.TransformSQLNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformSQLNode(v)
	case gen.TransformDropNullNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformDropNullNode(v)
	case gen.TransformSplitFieldNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTransformSplitFieldNode(v)
	case gen.TargetCDBMySQLNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTargetCDBMySQLNode(v)
	case gen.TargetCDBPostgreSQLNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTargetCDBPostgreSQLNode(v)
	case gen.TargetOBSNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTargetOBSNode(v)
	case gen.TargetCatalogNode:
		v.ParentNodeIds = nonNil(v.ParentNodeIds)
		err = n.FromTargetCatalogNode(v)
	default:
		return gen.Node{}, fmt.Errorf("dataflow: NewNode: %T is not a job node variant", v)
	}
	if err != nil {
		return gen.Node{}, fmt.Errorf("dataflow: NewNode: %w", err)
	}
	return n, nil
}

func nonNil(ids gen.ParentNodeIDs) gen.ParentNodeIDs {
	if ids == nil {
		return gen.ParentNodeIDs{}
	}
	return ids
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
	raw, err := n.MarshalJSON()
	if err != nil {
		return NodeInfo{}, fmt.Errorf("dataflow: node: %w", err)
	}
	var info NodeInfo
	var d jsonx.Decoder
	d.Reset(raw)
	if d.BeginObject(&info) {
		outer := d.Enter(&info)
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
			default:
				d.Skip()
			}
		}
		d.Leave(outer)
	}
	if err := d.Finish(); err != nil {
		return NodeInfo{}, fmt.Errorf("dataflow: node: %w", err)
	}
	return info, nil
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
