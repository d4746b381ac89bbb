// Type-level fixture for the TypeScript consumer of openapi.yaml.
//
// tools/spec/check.sh generates build/ts/dataflow.d.ts with openapi-typescript and then runs
// `tsc --noEmit -p tools/spec/tsconfig.json` (strict, exactOptionalPropertyTypes,
// noUncheckedIndexedAccess) on this file. It fails to compile when the spec stops describing:
//   - the seed request of updateJobExecutionConfig (PUT /api/v1/jobs/{jobId}/executions),
//   - a Node union (requests) and a ReturnedNode union (responses) that both narrow on `type` to exactly
//     the 20 documented node types, with every documented field typed, documented enums closed on
//     requests and open (string) on responses,
//   - both error body shapes ({"error":{errorCode,message,details}} and {detail,errorType}) on every
//     declared error response.
// Nothing here runs; it only has to type-check.

import type { components, operations } from "../../build/ts/dataflow";

type Schemas = components["schemas"];

// ---------------------------------------------------------------------------------------------
// Helpers.

/** Exactly-equal type test (distinguishes `string` from a union of literals, `any` from anything). */
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

function assertType<T extends true>(_ok: T): void {}

// ---------------------------------------------------------------------------------------------
// 1. The seed request body of updateJobExecutionConfig, typed from `operations`.

type UpdateOp = operations["updateJobExecutionConfig"];

// The request body is required (the seed page marks jobCondition Required).
assertType<UpdateOp extends { requestBody: unknown } ? true : false>(true);

type UpdateJobExecutionConfigBody = UpdateOp["requestBody"]["content"]["application/json"];

// Verbatim from the seed page "Edit job execution options" (masked values kept as published).
export const seedRequest: UpdateJobExecutionConfigBody = {
  jobCondition: {
    workerType: "DEFAULT",
    numWorker: 2,
    timeout: 360,
    nrn: "nrn:PUB:IAM::*******:Role/********-0496-11f0-baf6-246e96591a38",
    scriptPath: "dataflow-2706412-****/scripts/",
    logPath: "dataflow-2706412-****/sparkHistoryLogs/",
  },
};

// The path parameter is a string id.
type UpdatePath = UpdateOp["parameters"]["path"];
export const seedPath: UpdatePath = { jobId: "gqigvH0S3K" };

// The 200 response is a Job whose nodes are the ReturnedNode union (the open response shape).
type UpdateOK = UpdateOp["responses"][200]["content"]["application/json"];
assertType<Equals<UpdateOK, Schemas["Job"]>>(true);
assertType<Equals<NonNullable<Schemas["Job"]["nodes"]>[number], Schemas["ReturnedNode"]>>(true);
// Requests send the strict Node union.
assertType<Equals<NonNullable<Schemas["CreateJobRequest"]["nodes"]>[number], Schemas["Node"]>>(true);

// ---------------------------------------------------------------------------------------------
// 2. The node union narrows on `type`; the switch is exhaustive over all 20 node types.

type Node = Schemas["Node"];
type NodeType = Node["type"];

type DocumentedNodeType =
  | "SOURCE_CATALOG"
  | "SOURCE_CDB_MYSQL"
  | "SOURCE_CDB_POSTGRESQL"
  | "SOURCE_OBS"
  | "TRANSFORM_DEFINE"
  | "TRANSFORM_SELECT"
  | "TRANSFORM_JOIN"
  | "TRANSFORM_FILTER"
  | "TRANSFORM_UNION"
  | "TRANSFORM_AGGREGATE"
  | "TRANSFORM_RENAME"
  | "TRANSFORM_DROP_DUPLICATION"
  | "TRANSFORM_FILL_MISSING_VALUES"
  | "TRANSFORM_SQL"
  | "TRANSFORM_DROP_NULL"
  | "TRANSFORM_SPLIT_FIELD"
  | "TARGET_CDB_MYSQL"
  | "TARGET_CDB_POSTGRESQL"
  | "TARGET_OBS"
  | "TARGET_CATALOG";

// The discriminator is a union of exactly these literals (not `string`, nothing missing, nothing extra).
assertType<Equals<NodeType, DocumentedNodeType>>(true);

function assertNever(x: never): never {
  throw new Error(`unhandled node type: ${JSON.stringify(x)}`);
}

/** Returns a one-line description; uses variant-only fields to prove the narrowing is real. */
export function describeNode(n: Node): string {
  const common = `${n.id} ${n.name} <- [${n.parentNodeIds.join(",")}]`;
  switch (n.type) {
    case "SOURCE_OBS":
      return `${common} read ${n.dataType} from ${n.bucketName}/${n.prefix} (${n.fieldList.length} fields)`;
    case "TARGET_OBS":
      return `${common} write ${n.dataType} to ${n.bucketName}/${n.prefix}`;
    case "TRANSFORM_FILTER": {
      const first = n.filterConditionList[0];
      return `${common} filter ${first === undefined ? "(none)" : `${first.name} ${first.operator} ${first.value}`}`;
    }
    case "SOURCE_CATALOG":
      return `${common} read ${n.database}.${n.table} v${n.schemaVersion} (${n.fieldList.length} fields)`;
    case "SOURCE_CDB_MYSQL":
    case "SOURCE_CDB_POSTGRESQL":
      return `${common} read ${n.table} through ${n.connectionId}`;
    case "TRANSFORM_DEFINE":
      return `${common} define ${n.defineFieldList.map((f) => `${f.name}:${f.newType}->${f.newName}`).join(",")}`;
    case "TRANSFORM_SELECT":
      return `${common} select ${n.fieldList.map((f) => f.name).join(",")}`;
    case "TRANSFORM_JOIN": {
      const first = n.joinConditionList[0];
      const on = first === undefined ? "" : ` on ${first.leftField} ${first.joinOperator} ${first.rightField}`;
      return `${common} ${n.joinType} join ${n.leftNodeId} with ${n.rightNodeId}${on}${n.prefix ?? ""}`;
    }
    case "TRANSFORM_UNION":
      return `${common} union ${n.unionType}`;
    case "TRANSFORM_AGGREGATE":
      return `${common} group by ${n.groupByList.join(",")}: ${n.aggregateFieldList.map((a) => `${a.function}(${a.name}) as ${a.ResultName}`).join(",")}`;
    case "TRANSFORM_RENAME":
      return `${common} rename ${n.renameFieldList.map((f) => `${f.name}->${f.newName}`).join(",")}`;
    case "TRANSFORM_DROP_DUPLICATION":
      return `${common} dedupe on ${n.dropFieldList.join(",")}`;
    case "TRANSFORM_FILL_MISSING_VALUES":
      return `${common} fill ${n.missingValueFieldList.map((f) => `${f.name}=${f.defaultValue}`).join(",")}`;
    case "TRANSFORM_SQL":
      return `${common} sql over ${n.sourceNameList.map((s) => `${s.parentId} as ${s.newName}`).join(",")}: ${n.sql}`;
    case "TRANSFORM_DROP_NULL":
    case "TRANSFORM_SPLIT_FIELD":
      return `${common} transform ${n.type}`;
    case "TARGET_CDB_MYSQL":
    case "TARGET_CDB_POSTGRESQL":
      return `${common} write ${n.table} through ${n.connectionId} (${n.updateType ?? "default mode"})`;
    case "TARGET_CATALOG":
      return `${common} write ${n.database}.${n.table} (${n.updateType ?? "default mode"}, ${n.coalesce ?? "?"} files)`;
    default:
      return assertNever(n);
  }
}

// The response union narrows on the same 20 types, exhaustively.
type ReturnedNode = Schemas["ReturnedNode"];
assertType<Equals<ReturnedNode["type"], DocumentedNodeType>>(true);

export function describeReturnedNode(n: ReturnedNode): string {
  switch (n.type) {
    case "TRANSFORM_JOIN":
      return `${n.joinType} join of ${n.leftNodeId} and ${n.rightNodeId}`;
    case "SOURCE_OBS":
    case "TARGET_OBS":
      return `${n.dataType} files in ${n.bucketName}`;
    case "SOURCE_CATALOG":
    case "SOURCE_CDB_MYSQL":
    case "SOURCE_CDB_POSTGRESQL":
    case "TRANSFORM_DEFINE":
    case "TRANSFORM_SELECT":
    case "TRANSFORM_FILTER":
    case "TRANSFORM_UNION":
    case "TRANSFORM_AGGREGATE":
    case "TRANSFORM_RENAME":
    case "TRANSFORM_DROP_DUPLICATION":
    case "TRANSFORM_FILL_MISSING_VALUES":
    case "TRANSFORM_SQL":
    case "TRANSFORM_DROP_NULL":
    case "TRANSFORM_SPLIT_FIELD":
    case "TARGET_CDB_MYSQL":
    case "TARGET_CDB_POSTGRESQL":
    case "TARGET_CATALOG":
      return n.type;
    default:
      return assertNever(n);
  }
}

// Enums: closed on requests, open on responses.
type RequestJoin = Extract<Node, { type: "TRANSFORM_JOIN" }>;
type ReturnedJoin = Extract<ReturnedNode, { type: "TRANSFORM_JOIN" }>;
assertType<Equals<RequestJoin["joinType"], "INNER" | "LEFT_OUTER" | "RIGHT_OUTER" | "FULL_OUTER">>(true);
assertType<Equals<ReturnedJoin["joinType"], string>>(true);
type RequestField = Schemas["Field"];
assertType<Equals<RequestField["type"], Schemas["FieldType"]>>(true);
assertType<Equals<NonNullable<Schemas["ReturnedField"]["type"]>, string>>(true);
assertType<"string" extends Schemas["FieldType"] ? true : false>(true);
assertType<"String" extends Schemas["FieldType"] ? true : false>(true);
assertType<"Geometry" extends Schemas["FieldType"] ? false : true>(true);

// A join node built from the request schema.
export const joinNode: Node = {
  id: 1697776914582,
  name: "join",
  type: "TRANSFORM_JOIN",
  parentNodeIds: [1697776914580, 1697776914581],
  joinType: "LEFT_OUTER",
  leftNodeId: 1697776914580,
  rightNodeId: 1697776914581,
  joinConditionList: [{ leftField: "id", rightField: "id", joinOperator: "EQ", conditionOperator: "HEAD" }],
};

// Ids are numbers (int64 in the spec; JavaScript numbers are exact below 2^53).
assertType<Equals<Node["id"], number>>(true);
assertType<Equals<Node["parentNodeIds"], number[]>>(true);

// A root source node and a filter node built from the schemas.
export const sourceNode: Node = {
  id: 1697776914576,
  name: "Object Storage",
  type: "SOURCE_OBS",
  parentNodeIds: [],
  regionNo: "1",
  bucketName: "my-bucket",
  prefix: "input/",
  dataType: "CSV",
  fieldList: [{ name: "name", type: "string" }],
};

export const filterNode: Node = {
  id: 1697776914577,
  name: "Filters",
  type: "TRANSFORM_FILTER",
  parentNodeIds: [1697776914576],
  filterType: "AND",
  filterConditionList: [{ name: "name", operator: "EQ", value: "A" }],
};

// ---------------------------------------------------------------------------------------------
// 3. Both error body shapes, on every declared error response of the operation.

type ErrorBody = Schemas["ErrorResponse"];

type ErrorStatus = 400 | 401 | 403 | 404 | 429 | 500 | "default";
type ErrorBodies = {
  [S in ErrorStatus]: UpdateOp["responses"][S]["content"]["application/json"];
};
assertType<Equals<ErrorBodies[ErrorStatus], ErrorBody>>(true);

// API Gateway / NCP common error shape.
export const gatewayError: ErrorBody = {
  error: { errorCode: "200", message: "Authentication Failed", details: "Invalid authentication information." },
};

// Data Flow service error shape.
export const serviceError: ErrorBody = { detail: "job not found", errorType: "NOT_FOUND" };

/** Reads whichever shape arrived. */
export function errorText(e: ErrorBody): string {
  if ("error" in e && e.error !== undefined) {
    const { errorCode, message, details } = e.error;
    return [errorCode, message, details].filter((s): s is string => typeof s === "string").join(": ");
  }
  if ("detail" in e || "errorType" in e) {
    return [e.errorType, e.detail].filter((s): s is string => typeof s === "string").join(": ");
  }
  return "unknown error";
}
