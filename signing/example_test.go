package signing_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// exampleGateway stands in for the API gateway: it verifies each request
// with signing.Verify and answers like updateJobExecutionConfig.
func exampleGateway() *httptest.Server {
	keys := map[string]string{"example-access-key": "example-secret-key"}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lookup := func(ak string) (string, bool) { sk, ok := keys[ak]; return sk, ok }
		if err := signing.Verify(r, lookup, time.Now(), signing.DefaultWindow); err != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"errorCode":"200","message":"Authentication Failed"}}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"jobId":"gqigvH123456","name":"job001"}`)
	}))
}

// One line hooks the signer into the generated client: every request it
// sends carries a fresh timestamp, the access key and the signature.
func Example() {
	gateway := exampleGateway() // in production: "https://dataflow.apigw.ntruss.com"
	defer gateway.Close()

	// The signer signs only for the gateway's host; without WithEndpoint,
	// for https://dataflow.apigw.ntruss.com.
	signer, err := signing.New("example-access-key", "example-secret-key", // or signing.NewDefault()
		signing.WithEndpoint(gateway.URL))
	if err != nil {
		log.Fatal(err)
	}
	client, err := gen.NewClientWithResponses(gateway.URL, gen.WithRequestEditorFn(signer.Intercept))
	if err != nil {
		log.Fatal(err)
	}

	var body gen.UpdateJobExecutionConfigJSONRequestBody
	body.JobCondition.Nrn = "nrn:PUB:IAM::0000000:Role/example"
	body.JobCondition.ScriptPath = "dataflow-0000000-xxxx/scripts/"
	body.JobCondition.LogPath = "dataflow-0000000-xxxx/sparkHistoryLogs/"
	resp, err := client.UpdateJobExecutionConfigWithResponse(context.Background(), "gqigvH123456", body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode(), resp.JSON200.Name)
	// Output: 200 job001
}

// Signing in the HTTP client's transport instead signs every attempt at the
// moment it is sent, below any retry loop and after every request editor.
func ExampleTransport() {
	gateway := exampleGateway()
	defer gateway.Close()

	signer, err := signing.New("example-access-key", "example-secret-key", signing.WithEndpoint(gateway.URL))
	if err != nil {
		log.Fatal(err)
	}
	httpClient := &http.Client{Transport: &signing.Transport{Signer: signer}}
	client, err := gen.NewClientWithResponses(gateway.URL, gen.WithHTTPClient(httpClient))
	if err != nil {
		log.Fatal(err)
	}

	var body gen.UpdateJobExecutionConfigJSONRequestBody
	resp, err := client.UpdateJobExecutionConfigWithResponse(context.Background(), "job with space", body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode())
	// Output: 200
}

// The pure core reproduces the published NCP test vector.
func ExampleComputeSignature() {
	sig := signing.ComputeSignature("secret", "GET", "/cluster/kubeconfig", "1668407407855", "access")
	fmt.Println(sig)
	// Output: LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0=
}

// A server checks a received request, here at a fixed clock.
func ExampleVerify() {
	signer, _ := signing.New("example-access-key", "example-secret-key",
		signing.WithClock(func() time.Time { return time.UnixMilli(1767225600000) }))
	req, _ := http.NewRequest(http.MethodPut, "https://dataflow.apigw.ntruss.com/api/v1/jobs/a%2Fb/executions", nil)
	if err := signer.Intercept(context.Background(), req); err != nil {
		log.Fatal(err)
	}
	lookup := func(ak string) (string, bool) { return "example-secret-key", ak == "example-access-key" }

	fmt.Println(signing.Verify(req, lookup, time.UnixMilli(1767225600000).Add(4*time.Minute), signing.DefaultWindow))
	fmt.Println(signing.Verify(req, lookup, time.UnixMilli(1767225600000).Add(6*time.Minute), signing.DefaultWindow))
	// Output:
	// <nil>
	// signing: timestamp outside the allowed window: signed 6m0s before the verifier's clock (window 5m0s)
}
