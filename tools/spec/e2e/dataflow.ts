// A small Data Flow client in TypeScript, for the end-to-end test (dataflow.test.ts) and as the
// README's example for other languages: types generated from openapi.yaml by openapi-typescript,
// fetch, and signature v2 computed here with node:crypto.
//
// The signature is the standard Base64 of HMAC-SHA256, keyed with the secret key, over
//   METHOD + " " + path-and-query + "\n" + timestamp + "\n" + accessKey
// where the path and query are exactly as sent and the timestamp is Unix epoch milliseconds.

import { createHmac } from "node:crypto";
import type { components, paths } from "../../../build/ts/dataflow";
import type { components as adminComponents } from "../../../build/ts/admin";

export type Job = components["schemas"]["Job"];
export type JobList = components["schemas"]["JobList"];
export type JobExecution = components["schemas"]["JobExecution"];
export type ErrorResponse = components["schemas"]["ErrorResponse"];
export type JobCondition =
  paths["/api/v1/jobs/{jobId}/executions"]["put"]["requestBody"]["content"]["application/json"];
export type Fault = adminComponents["schemas"]["Fault"];
export type RequestList = adminComponents["schemas"]["RequestList"];

/** The three signature v2 headers for one request. */
export function signatureHeaders(
  method: string,
  pathAndQuery: string,
  accessKey: string,
  secretKey: string,
  timestamp: string = Date.now().toString(),
): Record<string, string> {
  const signature = createHmac("sha256", secretKey)
    .update(`${method} ${pathAndQuery}\n${timestamp}\n${accessKey}`)
    .digest("base64");
  return {
    "x-ncp-apigw-timestamp": timestamp,
    "x-ncp-iam-access-key": accessKey,
    "x-ncp-apigw-signature-v2": signature,
  };
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** A signed client for one endpoint. */
export class DataFlow {
  constructor(
    readonly baseURL: string,
    private readonly accessKey: string,
    private readonly secretKey: string,
  ) {}

  /** Sends one signed request; the body is JSON-encoded, the answer JSON-decoded. */
  async call<T>(method: string, pathAndQuery: string, body?: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = signatureHeaders(method, pathAndQuery, this.accessKey, this.secretKey);
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(10_000) };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const resp = await fetch(this.baseURL + pathAndQuery, init);
    const text = await resp.text();
    return { status: resp.status, headers: resp.headers, body: (text === "" ? undefined : JSON.parse(text)) as T };
  }

  getJobs(): Promise<Answer<JobList>> {
    return this.call("GET", "/api/v1/jobs");
  }

  getJob(jobId: string): Promise<Answer<Job>> {
    return this.call("GET", `/api/v1/jobs/${encodeURIComponent(jobId)}`);
  }

  updateJobExecutionConfig(jobId: string, body: JobCondition): Promise<Answer<Job | ErrorResponse>> {
    return this.call("PUT", `/api/v1/jobs/${encodeURIComponent(jobId)}/executions`, body);
  }

  createJobExecution(jobId: string): Promise<Answer<JobExecution>> {
    return this.call("POST", `/api/v1/jobs/${encodeURIComponent(jobId)}/executions`, {});
  }

  getJobExecution(jobId: string, executionId: string): Promise<Answer<JobExecution>> {
    return this.call("GET", `/api/v1/jobs/${encodeURIComponent(jobId)}/executions/${encodeURIComponent(executionId)}`);
  }
}

/** The fake server's admin API: unsigned JSON calls under /_fake/. */
export async function admin<T>(baseURL: string, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const resp = await fetch(baseURL + path, init);
  return { status: resp.status, headers: resp.headers, body: (await resp.json()) as T };
}
