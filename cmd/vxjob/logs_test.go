package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	aiplatform "cloud.google.com/go/aiplatform/apiv1"
	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"google.golang.org/grpc/codes"

	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/submit"
	"github.com/vxjob/vxjob/submit/vertextest"
)

var logsEpoch = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// logsLife is a job's lifecycle in the logs tests: RUNNING from 30s to 90s.
var logsLife = vertextest.Lifecycle{Queued: 10 * time.Second, Pending: 20 * time.Second, Running: time.Minute}

// logsEmulator serves an emulator on a fake clock, returning it, its
// clock and its address.
func logsEmulator(t *testing.T) (*vertextest.Server, *vertextest.FakeClock, string) {
	t.Helper()
	clock := vertextest.NewFakeClock(logsEpoch)
	srv := vertextest.New(vertextest.Options{Clock: clock, Lifecycle: logsLife})
	t.Cleanup(srv.Close)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	return srv, clock, lis.Addr().String()
}

// createManagedJob creates a job as apply would have, labelled for the
// document name, with replicas replicas in one pool.
func createManagedJob(t *testing.T, srv *vertextest.Server, name string, replicas int64) *aiplatformpb.CustomJob {
	t.Helper()
	ctx := context.Background()
	jobs, err := aiplatform.NewJobClient(ctx, srv.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer jobs.Close()
	j, err := jobs.CreateCustomJob(ctx, &aiplatformpb.CreateCustomJobRequest{
		Parent: "projects/acme-ml-prod/locations/us-central1",
		CustomJob: &aiplatformpb.CustomJob{
			DisplayName: name,
			Labels: map[string]string{
				submit.LabelManaged: "true", submit.LabelKey: submit.JobKey("acme-ml-prod", "us-central1", name),
				submit.LabelSpec: "s", submit.LabelAttempt: submit.NewAttempt(),
			},
			JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
				MachineSpec: &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"}, ReplicaCount: replicas,
				Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-docker.pkg.dev/acme-ml/etl/etl:2.1"}},
			}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func logsEnv(endpoint string) map[string]string {
	return map[string]string{"VXJOB_ENDPOINT": endpoint, "VXJOB_PROJECT": "acme-ml-prod", "VXJOB_LOCATION": "us-central1"}
}

// runLogs runs vxjob logs with the app's clock at clock's now and pages of
// pageSize entries.
func runLogs(t *testing.T, env map[string]string, clock *vertextest.FakeClock, pageSize int, tty bool, args ...string) result {
	t.Helper()
	var stdout, stderr strings.Builder
	tm := testTiming
	tm.Now = clock.Now
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return env[k] }, isTerminal: func(io.Writer) bool { return tty }, timing: tm, logPageSize: pageSize}
	code := a.run(context.Background(), append([]string{"vxjob", "logs"}, args...))
	return result{code, stdout.String(), stderr.String()}
}

func TestLogsOfAFinishedJob(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, clock, endpoint := logsEmulator(t)
	job := createManagedJob(t, srv, "etl", 2)
	clock.Advance(40 * time.Second) // RUNNING
	srv.AddJobLogs(job.Name,
		vertextest.LogLine{Text: "epoch 1 loss 0.91"},
		vertextest.LogLine{Replica: "workerpool0-1", Text: "epoch 1 loss 0.93"},
		vertextest.LogLine{Text: "Traceback (most recent call last):", Stderr: true})
	clock.Advance(time.Minute) // SUCCEEDED
	id := resname.ID(job.Name)
	want := `workerpool0-0 2026-11-28T10:00:00Z INFO    Job state: JOB_STATE_QUEUED
workerpool0-1 2026-11-28T10:00:00Z INFO    Job state: JOB_STATE_QUEUED
workerpool0-0 2026-11-28T10:00:10Z INFO    Job state: JOB_STATE_PENDING
workerpool0-1 2026-11-28T10:00:10Z INFO    Job state: JOB_STATE_PENDING
workerpool0-0 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING
workerpool0-1 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING
workerpool0-0 2026-11-28T10:00:40Z INFO    epoch 1 loss 0.91
workerpool0-1 2026-11-28T10:00:40Z INFO    epoch 1 loss 0.93
workerpool0-0 2026-11-28T10:00:40Z stderr  Traceback (most recent call last):
workerpool0-0 2026-11-28T10:01:30Z INFO    Job state: JOB_STATE_SUCCEEDED
workerpool0-1 2026-11-28T10:01:30Z INFO    Job state: JOB_STATE_SUCCEEDED
`
	// By document name, job ID and resource name; in pages of 4, so that
	// the 11 entries take three calls.
	for _, ref := range []string{"etl", id, job.Name} {
		before := len(srv.Calls("ListLogEntries"))
		r := runLogs(t, logsEnv(endpoint), clock, 4, false, ref)
		if r.code != 0 || r.stdout != want {
			t.Errorf("logs %s: exit %d\n%s\nwant:\n%s\nstderr: %s", ref, r.code, r.stdout, want, r.stderr)
		}
		if n := len(srv.Calls("ListLogEntries")) - before; n != 3 {
			t.Errorf("logs %s: %d ListLogEntries calls, want 3 pages", ref, n)
		}
	}
	// Over REST, the same.
	env := logsEnv(endpoint)
	env["VXJOB_TRANSPORT"] = "rest"
	if r := runLogs(t, env, clock, 4, false, "etl"); r.code != 0 || r.stdout != want {
		t.Errorf("logs over REST: exit %d\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	// The filter is the one Vertex AI's entries are found by.
	calls := srv.Calls("ListLogEntries")
	req, _ := calls[len(calls)-1].Request.(*loggingpb.ListLogEntriesRequest)
	if want := `resource.type="ml_job" AND resource.labels.job_id="` + id + `"`; req.GetFilter() != want || req.GetOrderBy() != "timestamp asc" {
		t.Errorf("the request: %v, want the filter %s", req, want)
	}

	// On a terminal, stderr is red.
	r := runLogs(t, logsEnv(endpoint), clock, 0, true, "etl")
	if !strings.Contains(r.stdout, "\x1b[31mworkerpool0-0 2026-11-28T10:00:40Z stderr  Traceback") || strings.Contains(r.stdout, "\x1b[31mworkerpool0-0 2026-11-28T10:00:00Z") {
		t.Errorf("colour on a terminal:\n%q", r.stdout)
	}
	env = logsEnv(endpoint)
	env["NO_COLOR"] = "1"
	if r := runLogs(t, env, clock, 0, true, "etl"); strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("NO_COLOR: %q", r.stdout)
	}

	// JSON lines, an object per entry.
	r = runLogs(t, logsEnv(endpoint), clock, 0, false, "--format", "json", "etl")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	var rec submit.LogRecord
	if r.code != 0 || len(lines) != 11 || json.Unmarshal([]byte(lines[8]), &rec) != nil || !rec.Stderr || rec.Replica != "workerpool0-0" || rec.Text != "Traceback (most recent call last):" {
		t.Errorf("json: exit %d, %d lines\n%s%s", r.code, len(lines), r.stdout, r.stderr)
	}
}

func TestLogsReplicaAndSince(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, clock, endpoint := logsEmulator(t)
	job := createManagedJob(t, srv, "etl", 2)
	clock.Advance(40 * time.Second)
	srv.AddJobLogs(job.Name, vertextest.LogLine{Replica: "workerpool0-1", Text: "step 1"})
	clock.Advance(time.Minute) // 10:01:40, SUCCEEDED at 10:01:30
	r := runLogs(t, logsEnv(endpoint), clock, 0, false, "--replica", "workerpool0-1", "--since", "75s", "etl")
	want := "workerpool0-1 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING\n" +
		"workerpool0-1 2026-11-28T10:00:40Z INFO    step 1\n" +
		"workerpool0-1 2026-11-28T10:01:30Z INFO    Job state: JOB_STATE_SUCCEEDED\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("exit %d\n%s\nwant:\n%s\nstderr: %s", r.code, r.stdout, want, r.stderr)
	}
	r = runLogs(t, logsEnv(endpoint), clock, 0, false, "--replica", "workerpool0-7", "etl")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "has no log entries yet from workerpool0-7") {
		t.Errorf("a replica with no entries: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestLogsNameIsTheNewestJob(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, clock, endpoint := logsEmulator(t)
	old := createManagedJob(t, srv, "etl", 1)
	clock.Advance(2 * time.Minute)
	createManagedJob(t, srv, "other", 1)
	clock.Advance(time.Second)
	newest := createManagedJob(t, srv, "etl", 1)
	srv.AddJobLogs(old.Name, vertextest.LogLine{Text: "the old run"})
	srv.AddJobLogs(newest.Name, vertextest.LogLine{Text: "the new run"})
	r := runLogs(t, logsEnv(endpoint), clock, 0, false, "etl")
	if r.code != 0 || strings.Contains(r.stdout, "old run") || !strings.HasSuffix(r.stdout, "INFO    the new run\n") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestLogsErrors(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, clock, endpoint := logsEmulator(t)
	job := createManagedJob(t, srv, "etl", 1)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"an unknown name", []string{"nothing"}, 1, `no job of document "nothing" in projects/acme-ml-prod/locations/us-central1`},
		{"an unknown ID", []string{"12345"}, 1, "NOT_FOUND"},
		{"no argument", nil, 2, "NAME|JOB_ID"},
		{"a bad format", []string{"--format", "yaml", "etl"}, 2, "--format must be text or json"},
		{"a name that is no job", []string{"projects/p/topics/t"}, 2, "is not a job"},
	} {
		r := runLogs(t, logsEnv(endpoint), clock, 0, false, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d with %q\n%s%s", tc.name, r.code, tc.code, tc.want, r.stdout, r.stderr)
		}
	}

	// A fault that passes is retried (Timing.read); one that stays is
	// reported, exit 1.
	srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.Unavailable, Times: 1})
	if r := runLogs(t, logsEnv(endpoint), clock, 0, false, "etl"); r.code != 0 || !strings.Contains(r.stdout, "JOB_STATE_QUEUED") {
		t.Errorf("a fault once: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	srv.ClearFaults()
	srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.PermissionDenied})
	r := runLogs(t, logsEnv(endpoint), clock, 0, false, "etl")
	if r.code != 1 || !strings.Contains(r.stderr, "listing the log entries of job "+resname.ID(job.Name)) || !strings.Contains(r.stderr, "PERMISSION_DENIED") {
		t.Errorf("a refused list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// runFollow runs vxjob logs --follow, each of its pauses moving clock on
// by as long, so that the job it follows goes through its states.
func runFollow(t *testing.T, env map[string]string, clock *vertextest.FakeClock, pageSize int, args ...string) result {
	t.Helper()
	var stdout, stderr strings.Builder
	tm := testTiming
	tm.Now = clock.Now
	tm.Sleep = func(ctx context.Context, d time.Duration) error {
		clock.Advance(d)
		return ctx.Err()
	}
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return env[k] }, isTerminal: func(io.Writer) bool { return false }, timing: tm, logPageSize: pageSize}
	code := a.run(context.Background(), append([]string{"vxjob", "logs", "--follow", "--poll-interval", "7s"}, args...))
	return result{code, stdout.String(), stderr.String()}
}

// trainLog is what the jobs of the follow tests log when they start running.
var trainLog = []vertextest.LogLine{
	{Text: "epoch 1 loss 0.91"}, {Replica: "workerpool0-1", Text: "epoch 1 loss 0.93"},
	{Text: "epoch 2 loss 0.52"}, {Text: "Traceback (most recent call last):", Stderr: true},
	{Text: "KeyError: 'label'", Stderr: true},
}

func TestLogsFollowToSuccess(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, clock, endpoint := logsEmulator(t)
	srv.LogJobs(func(*aiplatformpb.CustomJob) bool { return true }, trainLog...)
	createManagedJob(t, srv, "etl", 2)
	r := runFollow(t, logsEnv(endpoint), clock, 0, "etl")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("follow: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(srv.Calls("ListLogEntries")); n < 10 {
		t.Errorf("%d ListLogEntries calls: the follow did not poll while the job ran", n)
	}
	// Each poll asks from the last entry seen.
	calls := srv.Calls("ListLogEntries")
	req, _ := calls[len(calls)-1].Request.(*loggingpb.ListLogEntriesRequest)
	if !strings.HasSuffix(req.GetFilter(), ` AND timestamp>="2026-11-28T10:01:30Z"`) {
		t.Errorf("the last poll's filter: %s", req.GetFilter())
	}
	// Every entry once, in order: what logs prints once the job has ended.
	if all := runLogs(t, logsEnv(endpoint), clock, 0, false, "etl"); r.stdout != all.stdout || !strings.HasSuffix(r.stdout, "workerpool0-1 2026-11-28T10:01:30Z INFO    Job state: JOB_STATE_SUCCEEDED\n") {
		t.Errorf("follow printed:\n%s\nlogs prints:\n%s", r.stdout, all.stdout)
	}

	// A replica that logs nothing: said, not waited on in silence.
	r = runFollow(t, logsEnv(endpoint), clock, 0, "--replica", "workerpool0-7", "etl")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "has no log entries yet from workerpool0-7; waiting for them") {
		t.Errorf("a replica with no entries: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestLogsFollowToFailure(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, clock, endpoint := logsEmulator(t)
	srv.FailJobs(func(*aiplatformpb.CustomJob) bool { return true }, "The replica workerpool0-0 exited with a non-zero status of 1.")
	srv.LogJobs(func(*aiplatformpb.CustomJob) bool { return true }, trainLog...)
	job := createManagedJob(t, srv, "etl", 1)
	r := runFollow(t, logsEnv(endpoint), clock, 0, "etl")
	id := resname.ID(job.Name)
	if r.code != 1 || !strings.Contains(r.stdout, "KeyError: 'label'") || !strings.Contains(r.stderr, "vxjob: job "+id+" ended FAILED: The replica workerpool0-0 exited") ||
		!strings.Contains(r.stderr, "      | workerpool0-0 2026-11-28T10:00:30Z stderr  KeyError: 'label'\n") ||
		!strings.HasSuffix(r.stderr, "stderr  Job state: JOB_STATE_FAILED: The replica workerpool0-0 exited with a non-zero status of 1.\n") {
		t.Errorf("follow of a failing job: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Without --follow, the same summary; the exit status is the read's.
	r = runLogs(t, logsEnv(endpoint), clock, 0, false, "etl")
	if r.code != 0 || !strings.Contains(r.stderr, "ended FAILED") || !strings.Contains(r.stderr, "KeyError") {
		t.Errorf("logs of a failed job: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestLogsFollowThroughFaults(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, clock, endpoint := logsEmulator(t)
	srv.LogJobs(func(*aiplatformpb.CustomJob) bool { return true }, trainLog...)
	createManagedJob(t, srv, "etl", 2)
	// In pages of 2, so that a fault falls between pages of one poll, and
	// one every few calls of the follow.
	srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.Unavailable, After: 3, Times: 1})
	srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.Unavailable, After: 9, Times: 2})
	srv.Inject(vertextest.Fault{Methods: []string{"GetCustomJob"}, Mode: vertextest.Reject, Code: codes.Unavailable, After: 2, Times: 2})
	r := runFollow(t, logsEnv(endpoint), clock, 2, "etl")
	srv.ClearFaults()
	faults, midPoll := 0, false
	for _, c := range srv.Calls() {
		if c.Fault != 0 {
			faults++
			req, _ := c.Request.(*loggingpb.ListLogEntriesRequest)
			midPoll = midPoll || req.GetPageToken() != ""
		}
	}
	if faults != 5 || !midPoll {
		t.Errorf("%d faults fired, want 5, one of them on a poll's second page (%v)", faults, midPoll)
	}
	all := runLogs(t, logsEnv(endpoint), clock, 0, false, "etl")
	if r.code != 0 || r.stdout != all.stdout {
		t.Errorf("follow through faults: exit %d\n%s\nwant:\n%s\nstderr: %s", r.code, r.stdout, all.stdout, r.stderr)
	}
	// A fault that stays ends the follow, exit 1, saying what failed.
	job := createManagedJob(t, srv, "etl", 1)
	srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.PermissionDenied, After: 1})
	r = runFollow(t, logsEnv(endpoint), clock, 0, "etl")
	if r.code != 1 || !strings.Contains(r.stderr, "listing the log entries of job "+resname.ID(job.Name)) || !strings.Contains(r.stderr, "PERMISSION_DENIED") {
		t.Errorf("a refused poll: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
