// End-to-end test of a TypeScript client against `dataflow fake-server`, run by `make ts-test` (and
// CI) with Node's built-in test runner. The client (dataflow.ts) signs on its own; nothing here is
// Go. DATAFLOW_BIN names the built command.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import {
  admin,
  DataFlow,
  signatureHeaders,
  type ErrorResponse,
  type Fault,
  type Job,
  type JobExecution,
  type RequestList,
} from "./dataflow";

const seedJob = "gqigvHa1b2c3";
const condition = {
  jobCondition: {
    nrn: "nrn:PUB:IAM::2706412:Role/etl",
    scriptPath: "bucket/scripts/",
    logPath: "bucket/logs/",
    numWorker: 4,
    timeout: 120,
  },
};

let server: ChildProcessWithoutNullStreams;
let url = "";
let accessKey = "";
let secretKey = "";
let client: DataFlow;

before(async () => {
  const bin = process.env["DATAFLOW_BIN"] ?? "";
  assert.ok(bin !== "", "DATAFLOW_BIN must name the built dataflow command");
  server = spawn(bin, ["fake-server", "--execution-times", "200ms,200ms"], { env: { PATH: process.env["PATH"] ?? "" } });
  server.stderr.resume();
  const lines = createInterface({ input: server.stdout });
  const read: string[] = [];
  for await (const line of lines) {
    read.push(line);
    if (read.length === 3) break; // URL, access key, secret key
  }
  [url] = read as [string];
  for (const line of read) {
    const [name, value = ""] = line.split("=", 2);
    if (name === "NCLOUD_ACCESS_KEY_ID") accessKey = value;
    if (name === "NCLOUD_SECRET_ACCESS_KEY") secretKey = value;
  }
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(accessKey && secretKey, "made-up keys are printed");
  client = new DataFlow(url, accessKey, secretKey);
});

after(async () => {
  const exited = once(server, "exit");
  server.kill("SIGINT");
  const [code] = await exited;
  assert.equal(code, 0, "fake-server stops cleanly on SIGINT");
});

test("signature v2 reproduces the published vector", () => {
  const h = signatureHeaders("GET", "/cluster/kubeconfig", "access", "secret", "1668407407855");
  assert.equal(h["x-ncp-apigw-signature-v2"], "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0=");
});

test("lists jobs", async () => {
  const r = await client.getJobs();
  assert.equal(r.status, 200);
  assert.ok((r.body.list ?? []).some((j) => j.jobId === seedJob), "the seed job is listed");
});

test("edits a job's execution options", async () => {
  const r = await client.updateJobExecutionConfig(seedJob, condition);
  assert.equal(r.status, 200);
  const job = r.body as Job;
  assert.equal(job.runCondition?.numWorker, 4);
  assert.equal(job.runCondition?.timeout, 120);
  const again = await client.getJob(seedJob);
  assert.equal(again.body.runCondition?.numWorker, 4, "the fake keeps the edit");
});

test("is refused for a wrong signature", async () => {
  const wrong = new DataFlow(url, accessKey, secretKey + "x");
  const r = await wrong.call<ErrorResponse>("GET", "/api/v1/jobs");
  assert.equal(r.status, 401);
  assert.equal(r.body.error?.errorCode, "200");
});

test("is refused for an out-of-range numWorker", async () => {
  const r = await client.updateJobExecutionConfig(seedJob, {
    jobCondition: { ...condition.jobCondition, numWorker: 11 },
  });
  assert.equal(r.status, 400);
  const e = r.body as ErrorResponse;
  assert.equal(e.errorType, "bad-parameter");
  assert.match(e.detail ?? "", /numWorker/);
});

test("injects a 503 through the admin API and sees it", async () => {
  const fault: Fault = { status: 503, count: 1, operation: "getJobs" };
  const injected = await admin<{ pending: number }>(url, "POST", "/_fake/faults", fault);
  assert.equal(injected.status, 201);
  assert.equal(injected.body.pending, 1);
  assert.equal((await client.getJobs()).status, 503);
  assert.equal((await client.getJobs()).status, 200, "one request only");
  const seen = await admin<RequestList>(url, "GET", "/_fake/requests?operation=getJobs");
  const last = seen.body.requests.slice(-2);
  assert.deepEqual(last.map((r) => [r.status, r.fault]), [[503, true], [200, false]]);
  assert.ok(last.every((r) => r.signatureValid), "both were signed well: the fault came first");
});

test("runs an execution to COMPLETED", async () => {
  const started = await client.createJobExecution(seedJob);
  assert.ok(started.status >= 200 && started.status < 300, `createJobExecution answered ${started.status}`);
  const id = started.body.jobExecutionId ?? "";
  assert.ok(id, "the new execution has an id");
  let e: JobExecution = started.body;
  for (let poll = 0; poll < 100 && !["COMPLETED", "FAILED", "CANCELED"].includes(e.status ?? ""); poll++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    e = (await client.getJobExecution(seedJob, id)).body;
  }
  assert.equal(e.status, "COMPLETED");
  assert.ok(e.endDate);
});
