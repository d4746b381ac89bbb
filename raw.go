package dataflow

import (
	"context"
	"net/http"
)

// RawResponse is the HTTP answer of a call exactly as it arrived, for
// callers that need more than the decoded value: a command printing the
// body with every field the service sent, or logging headers.
type RawResponse struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

type rawResponseKey struct{}

// WithRawResponse returns a context that makes a Client method store its
// final HTTP answer (after any retries) in dst, on success and on API
// errors alike. dst is left as it was when no answer came.
//
//	var raw dataflow.RawResponse
//	job, err := client.GetJob(dataflow.WithRawResponse(ctx, &raw), id)
//	os.Stdout.Write(raw.Body) // unknown fields and node types included
func WithRawResponse(ctx context.Context, dst *RawResponse) context.Context {
	return context.WithValue(ctx, rawResponseKey{}, dst)
}

func storeRaw(ctx context.Context, resp *http.Response, body []byte) {
	if dst, ok := ctx.Value(rawResponseKey{}).(*RawResponse); ok && dst != nil && resp != nil {
		*dst = RawResponse{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}
	}
}
