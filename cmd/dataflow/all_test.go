package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// jobsPage is a full page of two jobs whose ids depend on id(n).
func jobsPage(a, b string) string {
	return `{"list":[{"jobId":"` + a + `","name":"job_a","extra":{"kept":true}},{"jobId":"` + b + `","name":"job_b"}],"count":2}`
}

// pageServer answers every list request with page(n), counting requests.
func pageServer(t *testing.T, page func(n int) string) (*httptest.Server, *atomic.Int64) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, page(n))
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

// TestAllOutputIsTheSameDocument: --all --output json, now written item by
// item, is byte for byte the document it printed when it held every page:
// {"list": [...], "count": N} as json.Indent lays it out.
func TestAllOutputIsTheSameDocument(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{"job_two", "job_three", "job_four", "job_five"} {
		_, err := f.srv.Client().CreateJobWithResponse(t.Context(), gen.CreateJobRequest{Name: name, Type: "VISUAL"})
		require.NoError(t, err)
	}
	for _, start := range []int{0, 1, 50} {
		var items []json.RawMessage
		for page := start; ; page++ {
			resp, err := f.srv.Client().GetJobsWithResponse(t.Context(), &gen.GetJobsParams{Page: &page, Limit: ptr(2)})
			require.NoError(t, err)
			var got struct{ List []json.RawMessage }
			require.NoError(t, json.Unmarshal(resp.Body, &got))
			items = append(items, got.List...)
			if len(got.List) < 2 {
				break
			}
		}
		doc, err := json.Marshal(struct {
			List  []json.RawMessage `json:"list"`
			Count int               `json:"count"`
		}{append([]json.RawMessage{}, items...), len(items)})
		require.NoError(t, err)
		var want bytes.Buffer
		require.NoError(t, json.Indent(&want, doc, "", "  "))
		want.WriteByte('\n')

		r := f.run("", "get-jobs", "--all", "--limit", "2", "--page", strconv.Itoa(start), "--output", "json")
		require.Equal(t, exitOK, r.code, "%s", r)
		assert.Equal(t, want.String(), r.stdout, "from page %d", start)
	}
}

func ptr[T any](v T) *T { return &v }

// TestAllStopsOnARepeatedPage: a server that answers the same full page
// whatever the page number made --all run until killed; now it stops after
// the second page with one line on stderr, having printed the first.
func TestAllStopsOnARepeatedPage(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			srv, requests := pageServer(t, func(int) string { return jobsPage("j1", "j2") })
			f := newFixture(t)
			r := f.runBare("", "--endpoint", srv.URL, "get-jobs", "--all", "--limit", "2", "--output", format)
			assert.Equal(t, exitError, r.code, "%s", r)
			assert.Equal(t, int64(2), requests.Load())
			assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "%s", r)
			assert.Contains(t, r.stderr, "page 1: it holds the same items as page 0")
			assert.Contains(t, r.stdout, "j1", "the first page was printed")
			assert.Equal(t, 1, strings.Count(r.stdout, "j2"), "the repeated page was not printed")
		})
	}
}

// TestAllHasAPageLimit: distinct full pages without end stop at the
// client's page limit.
func TestAllHasAPageLimit(t *testing.T) {
	srv, requests := pageServer(t, func(n int) string { return jobsPage(fmt.Sprint("a", n), fmt.Sprint("b", n)) })
	f := newFixture(t)
	r := f.runBare("", "--endpoint", srv.URL, "get-jobs", "--all", "--limit", "2", "--output", "json")
	assert.Equal(t, exitError, r.code, "%s", r)
	assert.Contains(t, r.stderr, "limit of 10000 pages")
	assert.Equal(t, int64(10_000), requests.Load())
}

// TestAllStreams: each page's items are on stdout before the next page is
// asked for, in both output formats.
func TestAllStreams(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			var stdout syncBuffer
			var missing atomic.Int64
			srv, _ := pageServer(t, func(n int) string {
				if n > 0 && !strings.Contains(stdout.String(), fmt.Sprint("b", n-1)) {
					missing.Add(1) // page n-1 was not written before page n was asked for
				}
				if n == 3 {
					return `{"list":[],"count":0}`
				}
				return jobsPage(fmt.Sprint("a", n), fmt.Sprint("b", n))
			})
			f := newFixture(t)
			lookup := func(k string) (string, bool) { v, ok := f.env[k]; return v, ok }
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			var stderr bytes.Buffer
			code := run(ctx, []string{"--endpoint", srv.URL, "get-jobs", "--all", "--limit", "2", "--output", format}, lookup, strings.NewReader(""), &stdout, &stderr)
			require.Equal(t, exitOK, code, stderr.String())
			assert.Zero(t, missing.Load(), "pages were held back:\n%s", stdout.String())
			if format == "json" {
				var doc struct {
					List  []map[string]any `json:"list"`
					Count int              `json:"count"`
				}
				require.NoError(t, json.Unmarshal([]byte(stdout.String()), &doc))
				assert.Equal(t, 6, doc.Count)
				assert.Len(t, doc.List, 6)
				assert.Equal(t, map[string]any{"kept": true}, doc.List[0]["extra"], "unknown fields are kept")
			} else {
				assert.Equal(t, 1, strings.Count(stdout.String(), "JOB ID"), "one header")
				assert.True(t, strings.HasSuffix(stdout.String(), "6 jobs\n"), stdout.String())
			}
		})
	}
}
