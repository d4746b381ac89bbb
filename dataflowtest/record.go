package dataflowtest

import (
	"bytes"
	"net/http"
	"time"
)

// Request is one request the server received, as recorded before anything
// else happened to it (faults included).
type Request struct {
	Method string
	// URI is the raw request-line target, path and query as signed.
	URI string
	// Header is a copy of the request's headers.
	Header http.Header
	// Body is the request body as received.
	Body []byte
	// OperationID is the spec operation the request routed to; "" when no
	// operation matches its method and path.
	OperationID string
	// SignatureErr is nil when the signature and timestamp are good, else
	// the signing.Verify error (test it with errors.Is against the signing
	// package's sentinels).
	SignatureErr error
	// ValidationErr is nil unless the request was checked against
	// openapi.yaml and found wrong (it was answered with a 400).
	ValidationErr error
	// Fault is true when an injected fault answered (or delayed) the request.
	Fault bool
	// Status is the status answered; 0 when the connection was dropped or
	// the request was still in flight when Requests was called.
	Status int
	// Time is the server's clock when the request arrived.
	Time time.Time
}

// Requests returns copies of the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
		out[i].Header = r.Header.Clone()
		out[i].Body = bytes.Clone(r.Body)
	}
	return out
}

// Reset forgets the recorded requests, the pending faults and the contract
// errors. It leaves the stored jobs, executions, workflows and triggers.
func (s *Server) Reset() {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	s.requests, s.faults, s.errs = nil, nil, nil
}

// record stores rec and takes the fault that applies to it, if any.
func (s *Server) record(rec *Request) *Fault {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	s.requests = append(s.requests, rec)
	f := s.takeFault(rec.OperationID)
	if f != nil {
		rec.Fault = true
	}
	return f
}

func (s *Server) update(rec *Request, fn func(*Request)) {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	fn(rec)
}

func (s *Server) finish(rec *Request, status int) {
	s.update(rec, func(r *Request) { r.Status = status })
}
