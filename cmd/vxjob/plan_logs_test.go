package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"google.golang.org/grpc/codes"

	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/submit"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// plan shows, under a document whose job FAILED earlier, the last lines
// that job logged.
func TestPlanShowsAFailedJobsLastLines(t *testing.T) {
	t.Parallel()
	r := newFollowRun(t,
		scripted{40 * time.Second, "etl", vertextest.LogLine{Text: "read 1200 rows"}},
		scripted{50 * time.Second, "etl", vertextest.LogLine{Text: "KeyError: 'label'", Stderr: true}})
	r.srv.FailJobs(func(*aiplatformpb.CustomJob) bool { return true }, "The replica workerpool0-0 exited with a non-zero status of 1.")
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})
	if res := r.apply(dir, false, "--wait=terminal", "--log-lines", "0"); res.code != 1 {
		t.Fatalf("apply: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	id := resname.ID(r.job("etl"))
	plan := func(args ...string) result {
		t.Helper()
		full := append([]string{"plan", "--config", filepath.Join(dir, ".vxjob.yaml")}, args...)
		return vxjob(t, map[string]string{"VXJOB_ENDPOINT": r.addr}, false, "", append(full, dir)...)
	}

	before := len(r.srv.Calls("ListLogEntries"))
	res := plan("--log-lines", "3")
	want := `project acme-ml-prod, location us-central1:
  !   custom job etl (FAILED): the job of this spec ended FAILED: The replica workerpool0-0 exited with a non-zero status of 1.; apply --rerun-failed runs it again
      its last log lines:
      | workerpool0-0 2026-11-28T10:00:40Z INFO    read 1200 rows
      | workerpool0-0 2026-11-28T10:00:50Z stderr  KeyError: 'label'
      | workerpool0-0 2026-11-28T10:01:30Z stderr  Job state: JOB_STATE_FAILED: The replica workerpool0-0 exited with a non-zero status of 1.

Plan: 0 to create, 0 to update, 0 to replace, 0 unchanged, 1 needs attention.
`
	if res.code != 0 || res.stdout != want || res.stderr != "" {
		t.Fatalf("plan: exit %d\n%s\nwant:\n%s\nstderr: %s", res.code, res.stdout, want, res.stderr)
	}
	// The README shows this plan.
	inREADME := false
	for _, b := range readmeBlocks(t) {
		inREADME = inREADME || b.text == want
	}
	if !inREADME {
		t.Error("the README's sample of a failed job's plan is not this one")
	}
	// One call: the newest three, for the job's ID.
	calls := r.srv.Calls("ListLogEntries")[before:]
	if len(calls) != 1 {
		t.Fatalf("%d ListLogEntries calls, want 1", len(calls))
	}
	req := calls[0].Request.(*loggingpb.ListLogEntriesRequest)
	if req.GetOrderBy() != "timestamp desc" || req.GetPageSize() != 3 || req.GetFilter() != `resource.type="ml_job" AND resource.labels.job_id="`+id+`"` {
		t.Errorf("the request: %v", req)
	}

	// By default five, in JSON as apply's lastLogs.
	res = plan("--format", "json")
	var out struct {
		Changes []struct {
			Action    string
			LastLogs  []submit.LogRecord `json:"lastLogs"`
			LogsError *string            `json:"logsError"`
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &out); err != nil || res.code != 0 || len(out.Changes) != 1 {
		t.Fatalf("plan --format json: exit %d, %v\n%s%s", res.code, err, res.stdout, res.stderr)
	}
	if c := out.Changes[0]; c.Action != "failed-earlier" || len(c.LastLogs) != 5 || c.LastLogs[0].Text != "Job state: JOB_STATE_PENDING" || !c.LastLogs[3].Stderr || c.LogsError != nil {
		t.Errorf("the change: %+v", c)
	}

	// --log-lines 0 asks nothing.
	before = len(r.srv.Calls("ListLogEntries"))
	if res := plan("--log-lines", "0"); res.code != 0 || strings.Contains(res.stdout, "log lines") || len(r.srv.Calls("ListLogEntries")) != before {
		t.Errorf("--log-lines 0: exit %d, %d calls\n%s%s", res.code, len(r.srv.Calls("ListLogEntries"))-before, res.stdout, res.stderr)
	}

	// Cloud Logging refusing is a line in the plan, which is otherwise the
	// same, and so is its exit status.
	r.srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.PermissionDenied})
	res = plan("--detailed-exitcode")
	wantLine := "      (its last log lines could not be read: reading the last log entries of job " + id + ": injected fault (reject) (PERMISSION_DENIED))\n"
	if res.code != 0 || !strings.Contains(res.stdout, "runs it again\n"+wantLine+"\nPlan: ") {
		t.Errorf("a refused read: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = plan("--format", "json")
	out.Changes = nil
	if err := json.Unmarshal([]byte(res.stdout), &out); err != nil || out.Changes[0].LogsError == nil || !strings.Contains(*out.Changes[0].LogsError, "PERMISSION_DENIED") || len(out.Changes[0].LastLogs) != 0 {
		t.Errorf("a refused read in JSON: %v\n%s", err, res.stdout)
	}

	if res := plan("--log-lines", "1001"); res.code != 2 || res.stderr != "vxjob: --log-lines must be from 0 to 1000, not 1001\n" {
		t.Errorf("--log-lines 1001: exit %d\n%s", res.code, res.stderr)
	}
}
