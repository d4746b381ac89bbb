package contract_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// wrongNode is one malformed node of a newly typed type: the every-node-type
// job's node of that type with one field set (or, with a nil value, removed).
type wrongNode struct {
	nodeType, path string
	value          any // nil removes the field
	reason         string
}

var wrongNodes = []wrongNode{
	{"SOURCE_CATALOG", "schemaVersion", nil, `property "schemaVersion" is missing`},
	{"SOURCE_CDB_MYSQL", "connectionId", nil, `property "connectionId" is missing`},
	{"SOURCE_CDB_POSTGRESQL", "table", 42, "value must be a string"},
	{"TRANSFORM_DEFINE", "defineFieldList.0.newType", nil, `property "newType" is missing`},
	{"TRANSFORM_SELECT", "fieldList.0.type", "geometry", "value is not one of the allowed values"},
	{"TRANSFORM_JOIN", "joinType", "CROSS", "value is not one of the allowed values"},
	{"TRANSFORM_JOIN", "leftNodeId", "1697776914580", "value must be an integer"},
	{"TRANSFORM_JOIN", "joinConditionList.0.conditionOperator", "XOR", "value is not one of the allowed values"},
	{"TRANSFORM_UNION", "unionType", nil, `property "unionType" is missing`},
	{"TRANSFORM_AGGREGATE", "aggregateFieldList.0.function", "COUNT", "value is not one of the allowed values"},
	{"TRANSFORM_AGGREGATE", "aggregateFieldList.0.ResultName", nil, `property "ResultName" is missing`},
	{"TRANSFORM_RENAME", "renameFieldList.0.newName", nil, `property "newName" is missing`},
	{"TRANSFORM_DROP_DUPLICATION", "dropFieldList", "name", "value must be an array"},
	{"TRANSFORM_FILL_MISSING_VALUES", "missingValueFieldList.0.defaultValue", 0, "value must be a string"},
	{"TRANSFORM_SQL", "sql", nil, `property "sql" is missing`},
	{"TRANSFORM_SQL", "sourceNameList.0.parentId", "left", "value must be an integer"},
	{"TARGET_CDB_MYSQL", "updateType", "MERGE", "value is not one of the allowed values"},
	{"TARGET_CDB_POSTGRESQL", "fieldList", nil, `property "fieldList" is missing`},
	{"TARGET_CATALOG", "coalesce", "4", "value must be an integer"},
}

// nodeWrongRequests turns wrongNodes into createJob requests of one node
// each, for TestWrongRequestsAreRejectedByTheContractAndTheFake.
func nodeWrongRequests(t *testing.T) []wrongRequest {
	t.Helper()
	_, raws := everyNodeJob(t)
	var out []wrongRequest
	for _, w := range wrongNodes {
		i := slices.IndexFunc(raws, func(r json.RawMessage) bool { return strings.Contains(string(r), `"type": "`+w.nodeType+`"`) })
		require.GreaterOrEqual(t, i, 0, w.nodeType)
		var node map[string]any
		require.NoError(t, json.Unmarshal(raws[i], &node))
		parts := strings.Split(w.path, ".")
		if w.value == nil {
			parent := any(node)
			if len(parts) > 1 {
				parent = dig(t, node, parts[:len(parts)-1])
			}
			delete(parent.(map[string]any), parts[len(parts)-1])
		} else {
			setPath(t, node, w.path, w.value)
		}
		pointer := "/nodes/0/" + strings.Join(parts, "/")
		out = append(out, wrongRequest{
			name:   fmt.Sprintf("%s %s %v", w.nodeType, w.path, w.value),
			method: "POST", path: "/api/v1/jobs",
			body:    string(mustJSON(t, map[string]any{"name": "wrong_node", "type": "VISUAL", "nodes": []any{node}})),
			pointer: pointer, reason: w.reason, status: 400, errorType: "bad-parameter",
		})
	}
	return out
}

func dig(t testing.TB, v any, parts []string) any {
	t.Helper()
	for _, p := range parts {
		switch c := v.(type) {
		case map[string]any:
			v = c[p]
		case []any:
			var idx int
			require.NoError(t, json.Unmarshal([]byte(p), &idx))
			v = c[idx]
		}
	}
	return v
}
