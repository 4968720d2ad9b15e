package main

import (
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// TestLogsPrintsEachPageAsItIsRead: vxjob logs prints a page of entries
// before it asks for the next, so a long log is never held whole, and a
// read that fails for good after two pages has printed those two (exit 1,
// the failure on stderr) rather than nothing.
func TestLogsPrintsEachPageAsItIsRead(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, clock, endpoint := logsEmulator(t)
	job := createManagedJob(t, srv, "etl", 1)
	clock.Advance(40 * time.Second) // RUNNING
	var lines []vertextest.LogLine
	for _, text := range []string{"e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"} {
		lines = append(lines, vertextest.LogLine{Text: text})
	}
	srv.AddJobLogs(job.Name, lines...)
	clock.Advance(time.Minute) // SUCCEEDED: 3 state lines, 8 lines, 1 state line

	srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.PermissionDenied, After: 2})
	r := runLogs(t, logsEnv(endpoint), clock, 4, false, "etl")
	var texts []string
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		texts = append(texts, line[strings.LastIndex(line, "  ")+2:])
	}
	want := []string{"Job state: JOB_STATE_QUEUED", "Job state: JOB_STATE_PENDING", "Job state: JOB_STATE_RUNNING", "e1", "e2", "e3", "e4", "e5"}
	if r.code != 1 || strings.Join(texts, "|") != strings.Join(want, "|") || !strings.Contains(r.stderr, "PERMISSION_DENIED") {
		t.Fatalf("logs with the third page refused: exit %d\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if n := len(srv.Calls("ListLogEntries")); n != 3 {
		t.Errorf("%d ListLogEntries calls, want 3 (two pages, one refused)", n)
	}
}
