package dataflow

import (
	"net/http"
	"reflect"
	"strings"
	"unicode"
)

// GeneratedResponse is what every gen.…Response type has, such as
// *gen.GetJobResponse.
type GeneratedResponse interface {
	StatusCode() int
}

// Result turns the result of any generated …WithResponse call into its
// decoded 2xx value or an error, so that callers never read JSON200 by hand:
//
//	job, err := dataflow.Result[gen.Job](client.Generated().GetJobWithResponse(ctx, id))
//
// A non-2xx answer becomes an *APIError with the status, both error shapes
// and the raw body; a 2xx body that does not decode into T becomes an
// *APIError whose Err says why. (When the generated code itself fails to
// decode a 2xx body it returns no response at all, only its error; the
// Client's own methods do not have that gap.)
func Result[T any](resp GeneratedResponse, err error) (*T, error) {
	op := operationOf(resp)
	if err != nil {
		return nil, &OperationError{Operation: op, Err: unwrapURLError(err)}
	}
	v := reflect.ValueOf(resp)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, &OperationError{Operation: op, Err: errNoResponse}
	}
	body, _ := v.Elem().FieldByName("Body").Interface().([]byte)
	httpResp, _ := v.Elem().FieldByName("HTTPResponse").Interface().(*http.Response)
	if httpResp == nil {
		return nil, &OperationError{Operation: op, Err: errNoResponse}
	}
	return decode[T](op, httpResp, body)
}

var errNoResponse = &noResponseError{}

type noResponseError struct{}

func (*noResponseError) Error() string { return "no HTTP response" }

// operationOf derives the operationId from a generated response type:
// *gen.GetJobResponse gives "getJob".
func operationOf(resp GeneratedResponse) string {
	t := reflect.TypeOf(resp)
	if t == nil {
		return "unknown"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := strings.TrimSuffix(t.Name(), "Response")
	if name == "" {
		return "unknown"
	}
	r := []rune(name)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
