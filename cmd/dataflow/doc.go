// Command dataflow calls the NAVER Cloud Platform Data Flow API from the
// shell: one subcommand per API operation, named after its operationId in
// kebab case.
//
//	dataflow get-jobs
//	dataflow get-job --job-id gqigvHa1b2c3 --output json
//	dataflow update-job-execution-config --job-id gqigvHa1b2c3 \
//	    --nrn nrn:PUB:IAM::2706412:Role/… --script-path bucket/scripts/ \
//	    --log-path bucket/logs/ --num-worker 4 --timeout 120
//	dataflow create-job --cli-input-json job.json      # or - for stdin
//	dataflow demo                                       # offline, no keys
//
// Path and query parameters are flags (--job-id, --page, …); request
// bodies are JSON given with --cli-input-json, decoded strictly into the
// generated request type. Global flags, accepted before or after the
// operation name: --endpoint (or DATAFLOW_ENDPOINT), --profile, --output
// json|text, --retries, --debug.
//
// Keys come from the signing package's chain (NCLOUD_ACCESS_KEY_ID and
// NCLOUD_SECRET_ACCESS_KEY, then ~/.ncloud/configure), or with --profile
// from that profile of the configure file only. --output json prints the
// body the service sent, with fields and node types this client does not
// know. The secret key is never printed, --debug included.
//
// Exit status: 0 success, 1 an API, network or credentials error, 2 a usage
// error (nothing was sent). `dataflow --help` lists every operation.
package main
