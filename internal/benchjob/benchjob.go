// Package benchjob builds the large jobs that the benchmarks decode and
// validate, and the plain structs a hand-written decoder would use. It is
// shared by the root package's benchmarks and internal/benchval, so both
// read the same bytes. Nothing outside tests and benchmarks imports it.
package benchjob

import (
	"encoding/json"
	"strconv"
)

// Node is a hand-written job node: every field of every benchmarked type,
// and a Type string to switch on.
type Node struct {
	Type          string  `json:"type"`
	ID            int64   `json:"id"`
	Name          string  `json:"name"`
	ParentNodeIDs []int64 `json:"parentNodeIds"`

	// SOURCE_OBS, TARGET_OBS
	RegionNo   string  `json:"regionNo,omitempty"`
	BucketName string  `json:"bucketName,omitempty"`
	Prefix     string  `json:"prefix,omitempty"`
	DataType   string  `json:"dataType,omitempty"`
	UpdateType string  `json:"updateType,omitempty"`
	Coalesce   *int    `json:"coalesce,omitempty"`
	FieldList  []Field `json:"fieldList,omitempty"`

	// TRANSFORM_FILTER
	FilterType          string       `json:"filterType,omitempty"`
	FilterConditionList []FilterCond `json:"filterConditionList,omitempty"`

	// TRANSFORM_JOIN
	JoinType          string     `json:"joinType,omitempty"`
	LeftNodeID        int64      `json:"leftNodeId,omitempty"`
	RightNodeID       int64      `json:"rightNodeId,omitempty"`
	JoinConditionList []JoinCond `json:"joinConditionList,omitempty"`
}

// Field is a field of a node's schema.
type Field struct {
	Name       string  `json:"name"`
	Type       string  `json:"type"`
	Properties []Field `json:"properties"`
}

// FilterCond is one condition of a filter node.
type FilterCond struct {
	Name     string `json:"name"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
}

// JoinCond is one condition of a join node.
type JoinCond struct {
	LeftField         string `json:"leftField"`
	RightField        string `json:"rightField"`
	JoinOperator      string `json:"joinOperator"`
	ConditionOperator string `json:"conditionOperator"`
}

// WithNodes returns the seed job (JSON) with its nodes replaced by n nodes
// cycling SOURCE_OBS, TRANSFORM_FILTER, TARGET_OBS (the seed's three) and
// TRANSFORM_JOIN (of nodes i-1 and i-2). Node i has id 1697776914576+i and,
// except the first, node i-1 as parent.
func WithNodes(seed []byte, n int) ([]byte, error) {
	var job map[string]any
	if err := json.Unmarshal(seed, &job); err != nil {
		return nil, err
	}
	fields := []Field{{"id", "string", []Field{}}, {"name", "string", []Field{}}, {"description", "string", []Field{}}}
	const base = int64(1697776914576)
	nodes := make([]Node, n)
	for i := range nodes {
		nd := Node{ID: base + int64(i), Name: "node" + strconv.Itoa(i), ParentNodeIDs: []int64{}}
		if i > 0 {
			nd.ParentNodeIDs = []int64{base + int64(i-1)}
		}
		switch i % 4 {
		case 0:
			nd.Type, nd.RegionNo, nd.BucketName, nd.Prefix, nd.DataType, nd.FieldList = "SOURCE_OBS", "1", "aitems", "dataflow1", "CSV", fields
		case 1:
			nd.Type, nd.FilterType = "TRANSFORM_FILTER", "AND"
			nd.FilterConditionList = []FilterCond{{"name", "EQ", "A"}}
		case 2:
			nd.Type, nd.RegionNo, nd.BucketName, nd.Prefix, nd.DataType, nd.UpdateType, nd.FieldList = "TARGET_OBS", "1", "aitems", "dataflow1", "CSV", "OVERWRITE", fields
		case 3:
			nd.Type, nd.JoinType = "TRANSFORM_JOIN", "INNER"
			nd.LeftNodeID, nd.RightNodeID = base+int64(i-1), base+int64(i-2)
			nd.JoinConditionList = []JoinCond{{"id", "id", "EQ", "HEAD"}}
		}
		nodes[i] = nd
	}
	job["nodes"] = nodes
	return json.Marshal(job)
}
