package dataflowtest_test

import (
	"context"
	"fmt"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// A downstream test: start the fake, call the API through the signed
// generated client, check what came back.
func Example() {
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
