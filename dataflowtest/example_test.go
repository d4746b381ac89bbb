package dataflowtest_test

import (
	"context"
	"fmt"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// A downstream test: start the fake, point the client at it with the
// fake's keys, call the API, check what came back and what the fake saw.
func Example() {
	srv := dataflowtest.NewServer() // in a test: NewServer(dataflowtest.WithT(t)), closed when t ends
	defer srv.Close()
	client, err := dataflow.New(
		dataflow.WithEndpoint(srv.URL),
		dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey),
	)
	if err != nil {
		panic(err)
	}
	job, err := client.EditJobExecutionConfig(context.Background(), dataflowtest.SeedJobID, func(c *gen.JobCondition) {
		c.Nrn, c.Timeout, c.NumWorker = "nrn:PUB:IAM::2706412:Role/etl", dataflow.Ptr(60), dataflow.Ptr(4)
	})
	if err != nil {
		panic(err)
	}
	rc := job.RunCondition
	fmt.Println(*rc.Nrn, *rc.ScriptPath, *rc.NumWorker)
	for _, r := range srv.Requests() {
		fmt.Println(r.OperationID, r.Status, r.SignatureErr == nil)
	}
	// Output:
	// nrn:PUB:IAM::2706412:Role/etl dataflow-2706412-ab12/scripts/ 4
	// getJob 200 true
	// updateJobExecutionConfig 200 true
}

// The generated client, already signed with the fake's keys, for calls at
// the level of HTTP responses.
func Example_generatedClient() {
	srv := dataflowtest.NewServer()
	defer srv.Close()
	resp, err := srv.Client().UpdateJobExecutionConfigWithResponse(context.Background(), dataflowtest.SeedJobID,
		gen.UpdateJobExecutionConfigJSONRequestBody{JobCondition: gen.JobCondition{
			Nrn: "nrn:PUB:IAM::2706412:Role/etl", ScriptPath: "bucket/scripts/", LogPath: "bucket/logs/"}})
	if err != nil {
		panic(err)
	}
	rc := resp.JSON200.RunCondition
	fmt.Println(resp.StatusCode(), *rc.Nrn, *rc.ScriptPath, *rc.NumWorker)
	// Output: 200 nrn:PUB:IAM::2706412:Role/etl bucket/scripts/ 2
}
