package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/submit"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// everyJob matches every job.
func everyJob(*aiplatformpb.CustomJob) bool { return true }

// failingJobsEmulator serves an emulator whose jobs all end FAILED, each
// state a minute long on a clock that steps 10 s a reading.
func failingJobsEmulator(t *testing.T) (*vertextest.Server, string) {
	t.Helper()
	clock := &stepClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), step: 10 * time.Second}
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{Clock: clock, Lifecycle: vertextest.Lifecycle{Queued: time.Minute, Pending: time.Minute, Running: time.Minute}}, true)
	srv.FailJobs(everyJob, "The replica workerpool0-0 exited with a non-zero status of 1.")
	return srv, endpoint
}

// TestApplyShowsLastLinesOfAFailedEarlierJob: an apply that finds a
// document's job FAILED before it (and does not run it again) shows under
// that document what the job logged last, as plan does, in text and JSON.
func TestApplyShowsLastLinesOfAFailedEarlierJob(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := failingJobsEmulator(t)
	srv.LogJobs(everyJob, vertextest.LogLine{Text: "epoch 1"}, vertextest.LogLine{Text: "KeyError: 'label'", Stderr: true})

	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})
	if r := inRepo(t, dir, endpoint, "apply", "--wait=terminal", "--log-lines", "0"); r.code != 1 {
		t.Fatalf("the first apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r := inRepo(t, dir, endpoint, "apply", "--log-lines", "2")
	want := regexp.MustCompile(`(?m)^!   custom job etl: reported \S+ \(FAILED\): the job of this spec ended FAILED: The replica[^\n]*\n` +
		`      its last log lines:\n` +
		`      \| workerpool0-0 \S+ stderr  KeyError: 'label'\n` +
		`      \| workerpool0-0 \S+ stderr  Job state: JOB_STATE_FAILED: The replica[^\n]*\n` +
		`Apply: 0 created`)
	if r.code != 0 || !want.MatchString(r.stdout) || strings.Contains(r.stdout, "epoch 1") {
		t.Fatalf("apply of a document that failed earlier: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = inRepo(t, dir, endpoint, "apply", "--log-lines", "1", "--format", "json")
	var out struct {
		Outcomes []struct {
			Action   string             `json:"action"`
			LastLogs []submit.LogRecord `json:"lastLogs"`
		} `json:"outcomes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 || len(out.Outcomes) != 1 ||
		out.Outcomes[0].Action != "failed-earlier" || len(out.Outcomes[0].LastLogs) != 1 || !strings.HasPrefix(out.Outcomes[0].LastLogs[0].Text, "Job state: JOB_STATE_FAILED") {
		t.Errorf("apply --format json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}

	// The step summaries of plan and apply fold the lines under the table,
	// in a fence no line of the log can close.
	srv.LogJobs(everyJob, vertextest.LogLine{Text: "a ``` in the log", Stderr: true})
	dir2 := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.2")})
	if r := inRepo(t, dir2, endpoint, "apply", "--wait=terminal", "--log-lines", "0"); r.code != 1 {
		t.Fatalf("the first apply of 2.2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, command := range []string{"plan", "apply"} {
		summary := filepath.Join(t.TempDir(), "summary.md")
		args := []string{command, "--config", filepath.Join(dir2, ".vxjob.yaml"), "--log-lines", "2", dir2}
		r := vxjob(t, map[string]string{"VXJOB_ENDPOINT": endpoint, "GITHUB_STEP_SUMMARY": summary}, false, "", args...)
		md, err := os.ReadFile(summary)
		want := regexp.MustCompile("\n<details><summary>custom job etl: its last log lines</summary>\n\n````\n" +
			"workerpool0-0 \\S+ stderr  a ``` in the log\n" +
			"workerpool0-0 \\S+ stderr  Job state: JOB_STATE_FAILED: [^\n]*\n````\n\n</details>\n")
		if err != nil || r.code != 0 || !want.Match(md) {
			t.Errorf("%s's step summary: exit %d, %v\n%s\n%s", command, r.code, err, md, r.stderr)
		}
	}

	// --log-lines 0 asks Cloud Logging nothing.
	before := len(srv.Calls("ListLogEntries"))
	if r := inRepo(t, dir, endpoint, "apply", "--log-lines", "0"); r.code != 0 || strings.Contains(r.stdout, "log lines") || len(srv.Calls("ListLogEntries")) != before {
		t.Errorf("--log-lines 0: exit %d, %d calls\n%s%s", r.code, len(srv.Calls("ListLogEntries"))-before, r.stdout, r.stderr)
	}
}
