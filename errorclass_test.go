package dataflow_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// Each helper is asked about errors the client really returns, wrapped once
// more as callers do; every row also checks that the other helpers say no.
func TestErrorHelpersClassifyRealFailures(t *testing.T) {
	type verdict struct{ notFound, throttled, auth, retryable bool }
	cases := []struct {
		name   string
		fault  *dataflowtest.Fault
		client []dataflow.Option
		jobID  string
		want   verdict
		code   string
	}{
		{name: "missing job", jobID: "nosuchjob", want: verdict{notFound: true}},
		{name: "gateway 404", fault: ptrTo(dataflowtest.Status(404, 1)), want: verdict{notFound: true}, code: dataflow.GatewayCodeNotFound},
		{name: "rate limited", fault: ptrTo(dataflowtest.Status(429, 1)), client: []dataflow.Option{dataflow.WithRetries(0)},
			want: verdict{throttled: true, retryable: true}, code: dataflow.GatewayCodeRateLimited},
		{name: "wrong keys", client: []dataflow.Option{dataflow.WithStaticCredentials("AKIDWRONG", "wrong-secret")},
			want: verdict{auth: true}, code: dataflow.GatewayCodeAuthenticationFailed},
		{name: "503", fault: ptrTo(dataflowtest.Status(503, 1)), client: []dataflow.Option{dataflow.WithRetries(0)},
			want: verdict{retryable: true}, code: dataflow.GatewayCodeEndpointError},
		{name: "dropped connection", fault: ptrTo(dataflowtest.DropConnection(10)), client: []dataflow.Option{dataflow.WithRetries(0)},
			want: verdict{retryable: true}},
		{name: "refused input", jobID: "..", want: verdict{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newFake(t, tc.client...)
			if tc.fault != nil {
				srv.InjectFault(*tc.fault)
			}
			id := tc.jobID
			if id == "" {
				id = dataflowtest.SeedJobID
			}
			_, err := c.GetJob(context.Background(), id)
			require.Error(t, err)
			err = fmt.Errorf("loading the job: %w", err)
			got := verdict{dataflow.IsNotFound(err), dataflow.IsThrottled(err), dataflow.IsAuthError(err), dataflow.IsRetryable(err)}
			assert.Equal(t, tc.want, got, "%v", err)
			if tc.code != "" {
				assert.True(t, dataflow.HasErrorCode(err, tc.code), "code %s in %v", tc.code, err)
			}
			assert.False(t, dataflow.HasErrorCode(err, "no-such-code"))
		})
	}
}

func TestErrorHelpersOnServiceErrorType(t *testing.T) {
	srv, c := newFake(t)
	// The seed job can be run; cancelling a finished execution is a bad-state answer.
	exec, err := c.CreateJobExecution(context.Background(), dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{})
	require.NoError(t, err)
	require.NoError(t, srv.SetExecutionStatus(dataflowtest.SeedJobID, exec.JobExecutionID, gen.ExecutionStatusCOMPLETED))
	err = c.CancelJobExecution(context.Background(), dataflowtest.SeedJobID, exec.JobExecutionID)
	require.Error(t, err)
	assert.True(t, dataflow.HasErrorCode(err, dataflow.ErrorTypeBadState), "%v", err)
	assert.False(t, dataflow.HasErrorCode(err, dataflow.ErrorTypeBadParameter))
	assert.False(t, dataflow.IsRetryable(err))
}

func TestErrorHelpersOnOtherErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("plain"), context.Canceled,
		&dataflow.OperationError{Operation: "getJob", Err: context.DeadlineExceeded}} {
		assert.False(t, dataflow.IsNotFound(err) || dataflow.IsThrottled(err) || dataflow.IsAuthError(err) ||
			dataflow.IsRetryable(err) || dataflow.HasErrorCode(err, ""), "%v", err)
	}
}
