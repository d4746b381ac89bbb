// Package dataflow is the Go client for the NAVER Cloud Platform Data Flow
// API, the service that runs ETL jobs (Spark underneath) on NCP.
//
// Create a client and call an operation:
//
//	client, err := dataflow.New() // keys from NCLOUD_ACCESS_KEY_ID/… or ~/.ncloud/configure
//	if err != nil {
//		return err
//	}
//	job, err := client.UpdateJobExecutionConfig(ctx, "gqigvHa1b2c3", gen.JobCondition{
//		Nrn:        "nrn:PUB:IAM::2706412:Role/…",
//		ScriptPath: "dataflow-2706412-ab12/scripts/",
//		LogPath:    "dataflow-2706412-ab12/sparkHistoryLogs/",
//		NumWorker:  dataflow.Ptr(4),
//	})
//	var apiErr *dataflow.APIError
//	if errors.As(err, &apiErr) {
//		log.Printf("status %d, code %s: %s", apiErr.StatusCode, apiErr.Code(), apiErr.Body)
//	}
//
// Every method is one operation of openapi.yaml, named after its
// operationId, and takes and returns the generated types of package gen.
//
// # What the client does for you
//
//   - Signs every attempt with NCP API Gateway signature v2 (package
//     signing), with a fresh timestamp each time.
//   - Retries connection errors, truncated bodies and 429/500/502/503/504
//     answers for idempotent methods, with capped exponential backoff and
//     jitter, honouring Retry-After; the context's deadline always wins
//     (see RetryPolicy).
//   - Shares a retry budget among all calls of a Client (RetryBudget), so
//     that a service that keeps failing sees about one request per call.
//   - Refuses, before sending, calls that can never succeed: an empty id, a
//     missing required field, a value outside its documented range, an id
//     that would change the request's path such as "." or "a/b"
//     (*InputError, matching ErrInvalidInput).
//   - Treats the server as untrusted: never follows a redirect off the
//     endpoint's host or from https to http (*RedirectError), reads at most
//     DefaultMaxResponseBytes of a body (*ResponseTooLargeError), bounds
//     each attempt when WithAttemptTimeout is set (*AttemptTimeoutError),
//     and ends a walk over pages that repeat or never end
//     (*PaginationError).
//   - Returns every failure as a typed error: *APIError when the service
//     answered (status, the gateway's or the service's error fields, request
//     id and the raw body, kept even when it is HTML or empty), and
//     *OperationError when no answer came.
//
// # Job nodes
//
// A job's nodes are a union discriminated by "type" (gen.Node). Build one
// with NewNode, which sets the type and never sends a null parent list;
// read one by switching on Node.Discriminator() and then calling NodeAs,
// which (unlike the generated As… methods) checks that the node is of the
// type asked for. InspectNode reads the fields every node has. Node types
// this client does not know decode without error and re-encode byte for
// byte.
//
// # The generated layer
//
// Client.Generated returns the generated client with the same signing and
// retries, for direct use; Result turns any of its …WithResponse results
// into a value or an *APIError. Package dataflowtest is an in-memory Data
// Flow for tests.
package dataflow

// Ptr returns a pointer to v, for the optional fields of the generated
// types: gen.JobCondition{NumWorker: dataflow.Ptr(4)}.
func Ptr[T any](v T) *T { return &v }
