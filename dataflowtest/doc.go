// Package dataflowtest is an in-memory NCP Data Flow API for tests: a fake
// gateway and service on a loopback address that checks every request
// against openapi.yaml and the signature rules, keeps jobs, executions,
// workflows and triggers in memory, and can be told to fail.
//
//	srv := dataflowtest.NewServer(dataflowtest.WithT(t)) // closed when t ends
//	client, err := dataflow.New(
//		dataflow.WithEndpoint(srv.URL),
//		dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey),
//	)
//	require.NoError(t, err)
//	job, err := client.GetJob(ctx, dataflowtest.SeedJobID) // the seed page's job
//	// … and srv.Requests() is what the client sent, signature checks included.
//
// For calls at the level of HTTP responses, Client is the generated client,
// already signed with the server's throwaway credentials; HTTPClient and
// Signer give the same signing to a client you build yourself.
//
// # What it checks
//
// Each request is recorded (Requests), then meets an injected fault if one is
// queued (InjectFault), then the signature check of package signing (a 401
// with the gateway's body {"error":{"errorCode":"200","message":"Authentication
// Failed",...}} when the signature, access key or timestamp window is wrong),
// then validation against the embedded openapi.yaml (a 400 with the service's
// body {"errorType":"bad-parameter","detail":...} naming what is wrong).
// Every answer the fake builds is validated against openapi.yaml before it is
// sent: a drift between the fake and the spec becomes a 500 naming it,
// Errors lists it, and WithT reports it as a test error. Node types outside
// the spec's discriminator mapping are rejected like any other non-conforming
// value: the spec is the contract.
//
// # State
//
// The server starts with the seed page's job (SeedJobID, built from
// openapi.yaml's example). Ids are 12 mixed-case letters and digits; dates are
// the server's clock (WithClock, ManualClock) at +09:00. Unknown ids answer
// 404 {"errorType":"NOT_FOUND","detail":"job not found: <id>"}. Lists honour
// page and limit, and count is the number of items on the page.
//
// updateJobExecutionConfig copies jobCondition into the job's runCondition
// (omitted fields keep their values) and bumps updatedDate. Executions start
// READY and move to RUNNING and COMPLETED through AdvanceExecution, or on the
// clock with WithExecutionTimes; SetExecutionStatus sets any status (FAILED).
// cancelJobExecution moves READY or RUNNING to CANCELED and answers true; a
// finished execution answers 400 bad-state. Where the documentation is
// silent the fake refuses clearly with 400 bad-state: deleting a job or
// workflow that has READY or RUNNING executions, deleting a trigger a
// workflow starts with, running a job beyond its maxConcurrentRuns.
// executeWorkflow answers 202 ACCEPTED and starts one execution per JOB node,
// unless the start trigger is scheduled (bad-state, as documented). The stats
// operations count executions by creation date over [startDate, endDate),
// one item per local day.
//
// # Faults
//
// InjectFault queues a Fault for the next N requests (optionally of one
// operation): a status with or without Retry-After, a delay, an HTML or
// broken JSON body, a truncated answer, a dropped connection. Status,
// RetryAfter, HTML, BadJSON, DropConnection, Truncated and Delay build the
// common ones.
//
// # Admin API, and tests in other languages
//
// Under AdminPrefix (/_fake/) the server answers unsigned admin calls,
// described by the OpenAPI document AdminSpec (also served at
// /_fake/openapi.yaml): inject a fault, list the recorded requests, reset,
// export or replace the state (State, SaveState, LoadState), advance or
// finish an execution. They share the code of the Go methods above, are not
// recorded and meet no fault. `dataflow fake-server` serves a Server on an
// address of its own until interrupted, so that tests in any language can
// use it; Start, WithListener, WithInitialState, WithMaxRecorded,
// WithRequestLog and Shutdown are what it is built from.
//
// This package is for tests only; the client packages never import it.
package dataflowtest
