package contract_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

const (
	testAK = "AKIDEXAMPLE"
	testSK = "SECRETEXAMPLE"
)

type wrongRequest struct {
	name         string
	method, path string
	contentType  string // default application/json when there is a body
	body         string
	sign         func(req *http.Request) // default: signed now with the test keys
	// what the contract check must find
	pointer, reason string
	sentinel        error // for authentication failures
	// what the fake must answer
	status    int
	errorType string // service body; "" means the gateway body
}

func signNow(req *http.Request) {
	s, _ := signing.New(testAK, testSK, signing.WithEndpoint(req.URL.Scheme+"://"+req.URL.Host))
	if err := s.Intercept(ctx, req); err != nil {
		panic(err)
	}
}

func signAt(at time.Time, secret string) func(*http.Request) {
	return func(req *http.Request) {
		ts := strconv.FormatInt(at.UnixMilli(), 10)
		req.Header.Set(signing.HeaderTimestamp, ts)
		req.Header.Set(signing.HeaderAccessKey, testAK)
		req.Header.Set(signing.HeaderSignature, signing.ComputeSignature(secret, req.Method, req.URL.RequestURI(), ts, testAK))
	}
}

const configPath = "/api/v1/jobs/gqigvHa1b2c3/executions"

func condition(fields string) string {
	return `{"jobCondition":{` + fields + `}}`
}

// Requests that break the contract are caught by the contract check and
// refused by the fake, both for the same reason.
func TestWrongRequestsAreRejectedByTheContractAndTheFake(t *testing.T) {
	full := `"nrn":"nrn:PUB:IAM::1:Role/r","scriptPath":"b/scripts/","logPath":"b/logs/"`
	cases := []wrongRequest{
		{name: "numWorker 11", method: "PUT", path: configPath, body: condition(`"numWorker":11,` + full),
			pointer: "/jobCondition/numWorker", reason: "number must be at most 10", status: 400, errorType: "bad-parameter"},
		{name: "numWorker 1", method: "PUT", path: configPath, body: condition(`"numWorker":1,` + full),
			pointer: "/jobCondition/numWorker", reason: "number must be at least 2", status: 400, errorType: "bad-parameter"},
		{name: "timeout 0", method: "PUT", path: configPath, body: condition(`"timeout":0,` + full),
			pointer: "/jobCondition/timeout", reason: "number must be at least 1", status: 400, errorType: "bad-parameter"},
		{name: "timeout 2880 (the seed response's value) is too long for a request", method: "PUT", path: configPath, body: condition(`"timeout":2880,` + full),
			pointer: "/jobCondition/timeout", reason: "number must be at most 1440", status: 400, errorType: "bad-parameter"},
		{name: "missing nrn", method: "PUT", path: configPath, body: condition(`"scriptPath":"b/scripts/","logPath":"b/logs/"`),
			pointer: "/jobCondition/nrn", reason: `property "nrn" is missing`, status: 400, errorType: "bad-parameter"},
		{name: "empty nrn", method: "PUT", path: configPath, body: condition(`"nrn":"","scriptPath":"b/scripts/","logPath":"b/logs/"`),
			pointer: "/jobCondition/nrn", reason: "minimum string length is 1", status: 400, errorType: "bad-parameter"},
		{name: "missing jobCondition", method: "PUT", path: configPath, body: `{}`,
			pointer: "/jobCondition", reason: `property "jobCondition" is missing`, status: 400, errorType: "bad-parameter"},
		{name: "body sent as a form, as the seed page's curl --data does", method: "PUT", path: configPath,
			contentType: "application/x-www-form-urlencoded", body: condition(full),
			reason: "header Content-Type has unexpected value", status: 400, errorType: "bad-parameter"},
		{name: "job name too short", method: "POST", path: "/api/v1/jobs", body: `{"name":"ab","type":"VISUAL"}`,
			pointer: "/name", reason: "minimum string length is 3", status: 400, errorType: "bad-parameter"},
		{name: "job name starting with a digit", method: "POST", path: "/api/v1/jobs", body: `{"name":"1job","type":"VISUAL"}`,
			pointer: "/name", reason: "doesn't match the regular expression", status: 400, errorType: "bad-parameter"},
		{name: "job node type in no mapping", method: "POST", path: "/api/v1/jobs",
			body:    `{"name":"job001","type":"VISUAL","nodes":[{"type":"TRANSFORM_PIVOT","id":1,"name":"p","parentNodeIds":[]}]}`,
			pointer: "/nodes/0", reason: `discriminator property "type" has invalid value`, status: 400, errorType: "bad-parameter"},
		{name: "updateJob without type", method: "PATCH", path: "/api/v1/jobs/gqigvHa1b2c3", body: `{"name":"job002"}`,
			pointer: "/type", reason: `property "type" is missing`, status: 400, errorType: "bad-parameter"},
		{name: "trigger type outside its enum", method: "POST", path: "/api/v1/triggers",
			body:    `{"name":"hourly","type":"HOURLY","triggerRule":{"type":"RECURRING","interval":"HOUR","time":"05"}}`,
			pointer: "/type", reason: "value is not one of the allowed values", status: 400, errorType: "bad-parameter"},
		{name: "stats date with a zone offset", method: "GET", path: "/api/v1/stats/executions?startDate=2025-03-19T00:00:00%2B09:00&endDate=2025-03-20T00:00:00",
			pointer: "parameter startDate", reason: "doesn't match the regular expression", status: 400, errorType: "bad-parameter"},
		{name: "stats without endDate", method: "GET", path: "/api/v1/stats/executions-times?startDate=2025-03-19T00:00:00",
			pointer: "parameter endDate", reason: "value is required but missing", status: 400, errorType: "bad-parameter"},
		{name: "page -1", method: "GET", path: "/api/v1/jobs?page=-1",
			pointer: "parameter page", reason: "number must be at least 0", status: 400, errorType: "bad-parameter"},
		{name: "missing signature header", method: "GET", path: "/api/v1/jobs",
			sign:     func(req *http.Request) { signNow(req); req.Header.Del(signing.HeaderSignature) },
			sentinel: signing.ErrMissingHeaders, status: 401},
		{name: "signature made with another secret", method: "GET", path: "/api/v1/jobs",
			sign: signAt(time.Now(), "not-the-secret"), sentinel: signing.ErrSignatureMismatch, status: 401},
		{name: "timestamp ten minutes old", method: "GET", path: "/api/v1/jobs",
			sign: signAt(time.Now().Add(-10*time.Minute), testSK), sentinel: signing.ErrTimestampOutOfWindow, status: 401},
		{name: "query added after signing", method: "GET", path: "/api/v1/jobs",
			sign:     func(req *http.Request) { signNow(req); req.URL.RawQuery = "limit=1" },
			sentinel: signing.ErrSignatureMismatch, status: 401},
	}
	cases = append(cases, nodeWrongRequests(t)...) // one or more per newly typed node type
	srv := dataflowtest.NewServer(dataflowtest.WithT(t), dataflowtest.WithCredentials(testAK, testSK))
	router := routerFor(t, srv.URL)
	opts := &openapi3filter.Options{MultiError: true, SkipSettingDefaults: true,
		AuthenticationFunc: authenticate(testAK, testSK, time.Now)}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			build := func() *http.Request {
				var body io.Reader
				if tc.body != "" {
					body = strings.NewReader(tc.body)
				}
				req, err := http.NewRequestWithContext(ctx, tc.method, srv.URL+tc.path, body)
				require.NoError(t, err)
				if tc.body != "" {
					ct := tc.contentType
					if ct == "" {
						ct = "application/json"
					}
					req.Header.Set("Content-Type", ct)
				}
				sign := tc.sign
				if sign == nil {
					sign = signNow
				}
				sign(req)
				return req
			}

			// The contract check.
			req := build()
			route, params, err := router.FindRoute(req)
			require.NoError(t, err)
			err = openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts})
			require.Error(t, err, "the contract accepted it")
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			} else {
				got := problems(err)
				assert.Len(t, got, 1, "findings: %v", got)
				assert.True(t, hasProblem(got, want{pointer: tc.pointer, reason: tc.reason}), "no finding %q at %q in %v", tc.reason, tc.pointer, got)
			}

			// The fake.
			resp, err := http.DefaultClient.Do(build())
			require.NoError(t, err)
			defer resp.Body.Close()
			data, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, tc.status, resp.StatusCode, "%s", data)
			var e gen.ErrorResponse
			require.NoError(t, json.NewDecoder(bytes.NewReader(data)).Decode(&e))
			if tc.errorType == "" {
				require.NotNil(t, e.Error, "the gateway's body: %s", data)
				assert.Equal(t, "Authentication Failed", *e.Error.Message)
				return
			}
			require.NotNil(t, e.ErrorType, "the service's body: %s", data)
			assert.Equal(t, tc.errorType, *e.ErrorType)
			assert.Contains(t, *e.Detail, tc.reason)
		})
	}
}
