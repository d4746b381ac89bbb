package dataflow

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net/http"
	"time"
)

// DefaultMaxResponseBytes is the largest response body the client reads
// unless WithMaxResponseBytes says otherwise: 64 MiB. A job with 10,000
// nodes is about 3.5 MiB.
const DefaultMaxResponseBytes int64 = 64 << 20

// maxPreGrow is the most a response's Content-Length makes the client
// allocate before the bytes have arrived; beyond it, the buffer grows with
// what actually comes.
const maxPreGrow = 4 << 20

// keptOnError is how much of a body an error keeps when the body was cut
// off or too large: enough to see what came, never a huge buffer.
const keptOnError = 64 << 10

// ResponseTooLargeError is the error for a response whose body (after
// decompression) is larger than the client's limit. The call ends without
// retrying; the *APIError that wraps it keeps the status, headers and the
// first 64 KiB of the body.
type ResponseTooLargeError struct {
	// Limit is the limit in bytes (DefaultMaxResponseBytes unless
	// WithMaxResponseBytes set another).
	Limit int64
	// Announced is the response's Content-Length, or -1 when it named none
	// (chunked or compressed).
	Announced int64
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("response body larger than the client's limit of %s; raise it with dataflow.WithMaxResponseBytes", byteSize(e.Limit))
}

// byteSize is n in bytes, with MiB or KiB when it is a whole number of them.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB (%d bytes)", n>>20, n)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB (%d bytes)", n>>10, n)
	}
	return fmt.Sprintf("%d bytes", n)
}

// AttemptTimeoutError is the error of an attempt that got no complete
// answer (headers and body) within the client's attempt timeout
// (WithAttemptTimeout). It is retried like a dropped connection; when the
// retries run out, the *OperationError of the call wraps it.
type AttemptTimeoutError struct {
	// After is the attempt timeout.
	After time.Duration
}

func (e *AttemptTimeoutError) Error() string {
	return fmt.Sprintf("no complete answer within the attempt timeout of %v (set with dataflow.WithAttemptTimeout)", e.After)
}

// Timeout reports true, as net.Error does for timeouts.
func (e *AttemptTimeoutError) Timeout() bool { return true }

// bufferBody reads resp.Body, at most limit bytes, and replaces it with the
// bytes read.
func bufferBody(resp *http.Response, limit int64) error {
	if resp.Body == nil || resp.Body == http.NoBody {
		resp.Body = http.NoBody
		return nil
	}
	data, err := readLimited(resp.Body, resp.ContentLength, limit)
	resp.Body.Close()
	if err != nil {
		return &bodyError{resp: resp, body: data, err: err}
	}
	resp.Body = &bufferedBody{Reader: bytes.NewReader(data), data: data}
	return nil
}

// readLimited reads r to its end, at most limit bytes. announced is what
// the response said its length was (-1: unknown); it never makes the
// client allocate more than maxPreGrow before the bytes come, so a 2-byte
// answer announcing 60 MB allocates little. Beyond the first buffer the
// body is read into chunks that are joined at the end: a body over the
// limit costs the limit in memory, not twice it as a doubling buffer
// would. On error it returns a copy of at most keptOnError bytes of what
// came.
func readLimited(r io.Reader, announced, limit int64) ([]byte, error) {
	limit = min(limit, math.MaxInt-bytes.MinRead)
	if announced > limit {
		head, _ := io.ReadAll(io.LimitReader(r, keptOnError))
		return head, &ResponseTooLargeError{Limit: limit, Announced: announced}
	}
	size := int64(bytes.MinRead)
	if announced > 0 {
		size += min(announced, maxPreGrow)
	}
	var full [][]byte // chunks read to capacity
	var total int64   // bytes in full
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			full = append(full, buf)
			total += int64(len(buf))
			size := min(max(total, bytes.MinRead), maxChunk)
			if rest := announced - total; rest >= 0 && rest+bytes.MinRead < size {
				size = rest + bytes.MinRead // what is left of the announced length, if it comes
			}
			buf = make([]byte, 0, min(size, limit+1-total)) // one byte past the limit proves it is exceeded
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case total+int64(len(buf)) > limit:
			return joinChunks(full, buf, keptOnError), &ResponseTooLargeError{Limit: limit, Announced: announced}
		case err == io.EOF:
			if len(full) == 0 {
				return buf, nil
			}
			return joinChunks(full, buf, math.MaxInt), nil
		case err != nil:
			return joinChunks(full, buf, keptOnError), err
		}
	}
}

// maxChunk is the largest chunk readLimited allocates at once.
const maxChunk = 8 << 20

// joinChunks copies the first limit bytes of full and last into one slice.
func joinChunks(full [][]byte, last []byte, limit int) []byte {
	n := len(last)
	for _, c := range full {
		n += len(c)
	}
	out := make([]byte, 0, min(n, limit))
	for _, c := range append(full, last) {
		out = append(out, c[:min(len(c), cap(out)-len(out))]...)
	}
	return out
}

// bufferedBody is a response body already read in full; the client takes
// its bytes without copying them again.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func (*bufferedBody) Close() error { return nil }

// readBody returns the whole body, without a copy when it was buffered.
func readBody(body io.Reader) ([]byte, error) {
	if b, ok := body.(*bufferedBody); ok && b.Len() == len(b.data) {
		return b.data, nil
	}
	return io.ReadAll(body)
}

// bodyError is a response whose body could not be read in full: it broke
// off, or it exceeded the limit. It keeps the status, headers and the first
// bytes that did arrive.
type bodyError struct {
	resp *http.Response
	body []byte
	err  error
}

func (e *bodyError) Error() string {
	return fmt.Sprintf("response %d: body cut off after %d bytes: %v", e.resp.StatusCode, len(e.body), e.err)
}
func (e *bodyError) Unwrap() error { return e.err }
