package main

import "testing"

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"getJobs":                  "get-jobs",
		"updateJobExecutionConfig": "update-job-execution-config",
		"numWorker":                "num-worker",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"jobId": "jobID", "x-ncp-dataflow-payload": "xNcpDataflowPayload", "page": "page"} {
		if got := goIdent(in); got != want {
			t.Errorf("goIdent(%q) = %q, want %q", in, got, want)
		}
	}
	u := &union{goName: "WorkflowNode"}
	if got := constName(u, variant{goName: "WorkflowJobNode"}); got != "WorkflowNodeTypeJob" {
		t.Errorf("constName = %q", got)
	}
	u = &union{goName: "Node"}
	if got := constName(u, variant{goName: "SourceCDBMySQLNode"}); got != "NodeTypeSourceCDBMySQL" {
		t.Errorf("constName = %q", got)
	}
}
