package dataflowtest

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// AdminPrefix is the path prefix of the admin API: unsigned calls, described
// by AdminSpec, that let a test in any language inject faults, read the
// recorded requests, reset the server and move executions along. No Data
// Flow path starts with it.
const AdminPrefix = "/_fake/"

//go:embed admin.yaml
var adminSpec []byte

// AdminSpec returns the OpenAPI document of the admin API, as YAML. The
// server also serves it at /_fake/openapi.yaml.
func AdminSpec() []byte { return bytes.Clone(adminSpec) }

// maxAdminBody bounds the body of an admin request (a state document is
// the largest).
const maxAdminBody = maxStateSize

// maxFaultDelay bounds the delay an admin call may ask for.
const maxFaultDelay = 10 * time.Minute

// maxRecordedBody is how much of a request body /_fake/requests shows.
const maxRecordedBody = 64 << 10

type adminContract struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	adminOnce sync.Once
	adminVal  *adminContract
	adminErr  error
)

func loadAdminContract() (*adminContract, error) {
	adminOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(adminSpec)
		if err == nil {
			err = doc.Validate(context.Background())
		}
		if err != nil {
			adminErr = fmt.Errorf("dataflowtest: the embedded admin.yaml is not a valid OpenAPI document: %w", err)
			return
		}
		doc.Servers = nil
		router, err := legacy.NewRouter(doc)
		if err != nil {
			adminErr = fmt.Errorf("dataflowtest: no router over admin.yaml: %w", err)
			return
		}
		adminVal = &adminContract{doc: doc, router: router}
	})
	return adminVal, adminErr
}

// adminHandler serves one admin operation; it gets the validated request.
type adminHandler func(s *Server, r *http.Request, params map[string]string, body []byte) (int, any)

var adminHandlers = map[string]adminHandler{
	"getAdminSpec": nil, // served as YAML by serveAdmin
	"getFaults": func(s *Server, _ *http.Request, _ map[string]string, _ []byte) (int, any) {
		return http.StatusOK, s.pending()
	},
	"injectFault": adminInjectFault,
	"clearFaults": adminClearFaults,
	"getRequests": adminGetRequests,
	"reset":       adminReset,
	"getState": func(s *Server, _ *http.Request, _ map[string]string, _ []byte) (int, any) {
		return http.StatusOK, s.State()
	},
	"putState":           adminPutState,
	"advanceExecution":   adminAdvance,
	"setExecutionStatus": adminSetStatus,
}

type adminError struct {
	Error string `json:"error"`
}

func refuse(status int, format string, args ...any) (int, any) {
	return status, adminError{Error: fmt.Sprintf(format, args...)}
}

type pendingBody struct {
	Pending int `json:"pending"`
}

func (s *Server) pending() pendingBody { return pendingBody{Pending: s.PendingFaults()} }

// serveAdmin answers a request under AdminPrefix. Admin requests are not
// recorded, meet no fault and need no signature.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	ac, err := loadAdminContract()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, adminError{Error: err.Error()})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAdminBody))
	r.Body.Close()
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, adminError{Error: "the request body could not be read: " + err.Error()})
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := ac.router.FindRoute(r)
	if err != nil {
		var re *routers.RouteError
		if errors.As(err, &re) && re.Reason == routers.ErrMethodNotAllowed.Error() {
			writeJSON(w, http.StatusMethodNotAllowed, adminError{Error: fmt.Sprintf("%s is not allowed on %s", r.Method, r.URL.Path)})
			return
		}
		writeJSON(w, http.StatusNotFound, adminError{Error: fmt.Sprintf("no admin operation for %s %s; see %sopenapi.yaml", r.Method, r.URL.Path, AdminPrefix)})
		return
	}
	opID := route.Operation.OperationID
	if opID == "getAdminSpec" {
		w.Header().Set("Content-Type", "application/yaml")
		_, _ = w.Write(adminSpec)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: &openapi3filter.Options{
		SkipSettingDefaults: true, MultiError: true, IncludeResponseStatus: true,
	}}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		writeJSON(w, http.StatusBadRequest, adminError{Error: describe(err)})
		return
	}
	status, v := adminHandlers[opID](s, r, params, body)
	out, err := json.Marshal(v)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, adminError{Error: "encoding the answer: " + err.Error()})
		return
	}
	check := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status,
		Header: http.Header{"Content-Type": {"application/json"}}, Options: in.Options,
	}
	check.SetBodyBytes(out)
	if err := openapi3filter.ValidateResponse(r.Context(), check); err != nil {
		writeJSON(w, http.StatusInternalServerError, adminError{Error: "the admin answer does not conform to admin.yaml: " + describe(err)})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// AdminFault is the body of POST /_fake/faults.
type AdminFault struct {
	Count       int     `json:"count,omitempty"`
	Operation   string  `json:"operation,omitempty"`
	Status      int     `json:"status,omitempty"`
	RetryAfter  string  `json:"retryAfter,omitempty"`
	Delay       string  `json:"delay,omitempty"`
	Body        *string `json:"body,omitempty"`
	ContentType string  `json:"contentType,omitempty"`
	HTML        bool    `json:"html,omitempty"`
	Truncate    bool    `json:"truncate,omitempty"`
	Drop        bool    `json:"drop,omitempty"`
}

// Fault turns the admin API's description of a fault into a Fault, with
// the checks the schema cannot make (a known operationId, a bounded delay).
func (a AdminFault) Fault() (Fault, error) {
	f := Fault{
		Times: a.Count, Match: a.Operation, Status: a.Status, RetryAfter: a.RetryAfter,
		ContentType: a.ContentType, NonJSON: a.HTML, Truncate: a.Truncate, Drop: a.Drop,
	}
	if f.Times == 0 {
		f.Times = 1
	}
	if a.Body != nil {
		f.Body = []byte(*a.Body)
	}
	if a.Operation != "" && !isOperation(a.Operation) {
		return Fault{}, fmt.Errorf("operation %q is not an operationId of openapi.yaml", a.Operation)
	}
	if a.Delay != "" {
		d, err := time.ParseDuration(a.Delay)
		if err != nil || d < 0 || d > maxFaultDelay {
			return Fault{}, fmt.Errorf("delay %q is not a duration from 0 to %s such as 250ms", a.Delay, maxFaultDelay)
		}
		f.Delay = d
	}
	return f, nil
}

func isOperation(id string) bool {
	_, ok := handlers[id]
	return ok
}

func adminInjectFault(s *Server, _ *http.Request, _ map[string]string, body []byte) (int, any) {
	var a AdminFault
	if err := json.Unmarshal(body, &a); err != nil {
		return refuse(http.StatusBadRequest, "fault: %v", err)
	}
	f, err := a.Fault()
	if err != nil {
		return refuse(http.StatusBadRequest, "fault: %v", err)
	}
	s.InjectFault(f)
	return http.StatusCreated, s.pending()
}

func adminClearFaults(s *Server, _ *http.Request, _ map[string]string, _ []byte) (int, any) {
	s.recMu.Lock()
	s.faults = nil
	s.recMu.Unlock()
	return http.StatusOK, s.pending()
}

// AdminRequest is one item of GET /_fake/requests.
type AdminRequest struct {
	Method          string    `json:"method"`
	URI             string    `json:"uri"`
	OperationID     string    `json:"operationId"`
	Status          int       `json:"status"`
	Fault           bool      `json:"fault"`
	SignatureValid  bool      `json:"signatureValid"`
	SignatureError  string    `json:"signatureError,omitempty"`
	ValidationError string    `json:"validationError,omitempty"`
	Body            string    `json:"body,omitempty"`
	Time            time.Time `json:"time"`
}

// AdminView is r as the admin API and the request log show it: no header,
// and the signature error as the reason the gateway would give.
func (r Request) AdminView() AdminRequest {
	out := AdminRequest{
		Method: r.Method, URI: r.URI, OperationID: r.OperationID, Status: r.Status, Fault: r.Fault,
		SignatureValid: r.SignatureErr == nil, Time: r.Time,
	}
	if r.SignatureErr != nil {
		out.SignatureError = authDetails(r.SignatureErr)
	}
	if r.ValidationErr != nil {
		out.ValidationError = describe(r.ValidationErr)
	}
	body := r.Body
	if len(body) > maxRecordedBody {
		body = body[:maxRecordedBody]
	}
	out.Body = strings.ToValidUTF8(string(body), "\uFFFD")
	return out
}

type requestList struct {
	Total          int            `json:"total"`
	Requests       []AdminRequest `json:"requests"`
	ContractErrors []string       `json:"contractErrors"`
}

func adminGetRequests(s *Server, r *http.Request, _ map[string]string, _ []byte) (int, any) {
	op := r.URL.Query().Get("operation")
	out := requestList{Requests: []AdminRequest{}, ContractErrors: []string{}}
	for _, rec := range s.Requests() {
		if op == "" || rec.OperationID == op {
			out.Requests = append(out.Requests, rec.AdminView())
		}
	}
	for _, err := range s.Errors() {
		out.ContractErrors = append(out.ContractErrors, err.Error())
	}
	out.Total = s.TotalRequests()
	return http.StatusOK, out
}

func adminReset(s *Server, _ *http.Request, _ map[string]string, body []byte) (int, any) {
	var req struct {
		State bool `json:"state"`
	}
	if len(body) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			return refuse(http.StatusBadRequest, "reset: %v", err)
		}
	}
	if req.State {
		if err := s.ResetState(); err != nil {
			return refuse(http.StatusBadRequest, "reset: %v", err)
		}
	}
	s.Reset()
	return http.StatusOK, s.pending()
}

func adminPutState(s *Server, _ *http.Request, _ map[string]string, body []byte) (int, any) {
	if err := s.LoadState(bytes.NewReader(body)); err != nil {
		return refuse(http.StatusBadRequest, "%s", strings.TrimPrefix(err.Error(), "dataflowtest: "))
	}
	return http.StatusOK, s.State()
}

type statusBody struct {
	Status gen.ExecutionStatus `json:"status"`
}

// executionRefusal is the admin status for an AdvanceExecution or
// SetExecutionStatus error: 404 when the execution is unknown.
func (s *Server) executionRefusal(jobID, execID string, err error) (int, any) {
	if _, found := s.Execution(jobID, execID); !found {
		return refuse(http.StatusNotFound, "job %s has no execution %s", jobID, execID)
	}
	return refuse(http.StatusBadRequest, "%s", strings.TrimPrefix(err.Error(), "dataflowtest: "))
}

func adminAdvance(s *Server, _ *http.Request, p map[string]string, _ []byte) (int, any) {
	status, err := s.AdvanceExecution(p["jobId"], p["executionId"])
	if err != nil {
		return s.executionRefusal(p["jobId"], p["executionId"], err)
	}
	return http.StatusOK, statusBody{Status: status}
}

func adminSetStatus(s *Server, _ *http.Request, p map[string]string, body []byte) (int, any) {
	var req statusBody
	if err := json.Unmarshal(body, &req); err != nil {
		return refuse(http.StatusBadRequest, "status: %v", err)
	}
	if !req.Status.Valid() {
		return refuse(http.StatusBadRequest, "status %q is not an ExecutionStatus of openapi.yaml", req.Status)
	}
	if err := s.SetExecutionStatus(p["jobId"], p["executionId"], req.Status); err != nil {
		return s.executionRefusal(p["jobId"], p["executionId"], err)
	}
	e, _ := s.Execution(p["jobId"], p["executionId"])
	return http.StatusOK, statusBody{Status: *e.Status}
}
