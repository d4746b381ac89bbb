package dataflow_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// The fake server stands in for Data Flow; against the real service, call
// dataflow.New() with no options.
func Example() {
	srv := dataflowtest.NewServer()
	defer srv.Close()
	client, err := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey))
	if err != nil {
		log.Fatal(err)
	}
	job, err := client.UpdateJobExecutionConfig(context.Background(), dataflowtest.SeedJobID, gen.JobCondition{
		Nrn:        "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38",
		ScriptPath: "dataflow-2706412-ab12/scripts/",
		LogPath:    "dataflow-2706412-ab12/sparkHistoryLogs/",
		NumWorker:  dataflow.Ptr(4),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(job.Name, *job.RunCondition.NumWorker)
	// Output: job001 4
}

func ExampleAPIError() {
	srv := dataflowtest.NewServer()
	defer srv.Close()
	client, _ := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey))

	_, err := client.GetJob(context.Background(), "no-such-job")
	var apiErr *dataflow.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code())
	}
	// Output: 404 NOT_FOUND
}

func ExampleClient_AllJobs() {
	srv := dataflowtest.NewServer()
	defer srv.Close()
	client, _ := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey))

	for job, err := range client.AllJobs(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(job.JobID, job.Name)
	}
	// Output: gqigvHa1b2c3 job001
}

func ExampleNewNode() {
	node, err := dataflow.NewNode(gen.SourceOBSNode{
		ID: 1697776914576, Name: "input", RegionNo: "1", BucketName: "aitems", Prefix: "dataflow1",
		DataType: gen.SourceOBSNodeDataTypeCSV, FieldList: []gen.Field{{Name: "id", Type: "string"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	kind, _ := node.Discriminator()
	info, _ := dataflow.InspectNode(node)
	fmt.Println(kind, info.ID, info.ParentNodeIDs)
	// Output: SOURCE_OBS 1697776914576 []
}
