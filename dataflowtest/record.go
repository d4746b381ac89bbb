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
	kept := s.requests
	if n := s.cfg.maxRecorded; n > 0 && len(kept) > n {
		kept = kept[len(kept)-n:]
	}
	out := make([]Request, len(kept))
	for i, r := range kept {
		out[i] = *r
		out[i].Header = r.Header.Clone()
		out[i].Body = bytes.Clone(r.Body)
	}
	return out
}

// TotalRequests counts the requests received since the start or the last
// Reset, including those WithMaxRecorded no longer keeps.
func (s *Server) TotalRequests() int {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	return s.total
}

// Reset forgets the recorded requests, the pending faults and the contract
// errors. It leaves the stored jobs, executions, workflows and triggers
// (see ResetState).
func (s *Server) Reset() {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	s.requests, s.faults, s.errs, s.total = nil, nil, nil, 0
}

// record stores rec and takes the fault that applies to it, if any.
func (s *Server) record(rec *Request) *Fault {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	s.total++
	if n := s.cfg.maxRecorded; n > 0 && len(s.requests) >= 2*n {
		// Trim in batches, so that recording stays cheap; Requests
		// shows the latest n.
		s.requests = append(s.requests[:0:0], s.requests[len(s.requests)-n+1:]...)
	}
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

// finish sets the status answered and passes the request to the request
// log, if there is one.
func (s *Server) finish(rec *Request, status int) {
	var done Request
	s.update(rec, func(r *Request) {
		r.Status = status
		done = *r
	})
	if s.cfg.onRequest != nil {
		s.cfg.onRequest(done)
	}
}
