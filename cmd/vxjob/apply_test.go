package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"google.golang.org/grpc/codes"

	"github.com/vxjob/vxjob/submit"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// These tests run plan and apply as the command line does, in-process,
// against an emulator on a loopback port.

const applyConfig = "project: acme-ml-prod\nlocation: us-central1\n"

const applyPR = `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 4
`

func applyJob(tag string) string {
	return `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: "us-docker.pkg.dev/acme-ml/etl/etl:` + tag + `"}
`
}

// repo writes a repository of vxjob files to a temporary directory.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// inRepo runs vxjob with dir's configuration and files, against endpoint.
func inRepo(t *testing.T, dir, endpoint string, args ...string) result {
	t.Helper()
	cmd, rest := args[0], args[1:]
	full := append([]string{cmd, "--config", filepath.Join(dir, ".vxjob.yaml"), "--poll-interval", "5ms"}, rest...)
	if cmd == "plan" {
		full = append([]string{cmd, "--config", filepath.Join(dir, ".vxjob.yaml")}, rest...)
	}
	return vxjob(t, map[string]string{"VXJOB_ENDPOINT": endpoint}, false, "", append(full, dir)...)
}

func TestPlanAndApplyCommands(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Queued: time.Hour, Provisioning: 10 * time.Millisecond, Operation: 10 * time.Millisecond}}, false)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "pr.yaml": applyPR, "jobs/etl.yaml": applyJob("2.1")})

	r := inRepo(t, dir, endpoint, "plan", "--detailed-exitcode")
	if r.code != 2 || !strings.Contains(r.stdout, "+   persistent resource training-pr") || !strings.Contains(r.stdout, "Plan: 2 to create, 0 to update, 0 to replace, 0 unchanged, 0 need attention.") {
		t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := inRepo(t, dir, endpoint, "apply"); r.code != 0 || !strings.Contains(r.stdout, "Apply: 2 created, 0 updated, 0 replaced, 0 unchanged, 0 failed.") {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Applying again creates nothing.
	r = inRepo(t, dir, endpoint, "apply")
	if r.code != 0 || !strings.Contains(r.stdout, "Apply: 0 created, 0 updated, 0 replaced, 2 unchanged, 0 failed.") || len(srv.Calls("CreateCustomJob")) != 1 {
		t.Fatalf("second apply: exit %d, %d creates\n%s%s", r.code, len(srv.Calls("CreateCustomJob")), r.stdout, r.stderr)
	}
	if r := inRepo(t, dir, endpoint, "plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("plan after apply: exit %d\n%s", r.code, r.stdout)
	}

	// An edited spec is a replace, refused without --allow-replace.
	os.WriteFile(filepath.Join(dir, "jobs/etl.yaml"), []byte(applyJob("2.2")), 0o644)
	r = inRepo(t, dir, endpoint, "plan")
	if !strings.Contains(r.stdout, "-/+ custom job etl (QUEUED)") && !strings.Contains(r.stdout, "-/+ custom job etl:") {
		t.Errorf("plan of an edit:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, `~ jobSpec.workerPoolSpecs[0].containerSpec.imageUri: "us-docker.pkg.dev/acme-ml/etl/etl:2.1" → "us-docker.pkg.dev/acme-ml/etl/etl:2.2"`) {
		t.Errorf("plan shows no field diff:\n%s", r.stdout)
	}
	r = inRepo(t, dir, endpoint, "apply")
	if r.code != 1 || !strings.Contains(r.stderr, "custom job etl (") || !strings.Contains(r.stderr, "--allow-replace") {
		t.Fatalf("replace without --allow-replace: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = inRepo(t, dir, endpoint, "apply", "--allow-replace")
	if r.code != 0 || !strings.Contains(r.stdout, "Apply: 0 created, 0 updated, 1 replaced") {
		t.Fatalf("apply --allow-replace: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// A replica count changes in place.
	os.WriteFile(filepath.Join(dir, "pr.yaml"), []byte(strings.Replace(applyPR, "replicaCount: 4", "replicaCount: 8", 1)), 0o644)
	r = inRepo(t, dir, endpoint, "plan", "--format", "json")
	var plan struct {
		Version int
		Changes []struct {
			Name, Action string
			Diff         []struct {
				Path     string
				Old, New json.RawMessage
			}
			UpdateMask []string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatalf("plan --format json: %v\n%s", err, r.stdout)
	}
	if c := plan.Changes[0]; plan.Version != 1 || c.Name != "training-pr" || c.Action != "update" || c.Diff[0].Path != "resourcePools[0].replicaCount" || string(c.Diff[0].New) != `"8"` || c.UpdateMask[0] != "resource_pools.replica_count" {
		t.Errorf("json plan: %s", r.stdout)
	}
	if r := inRepo(t, dir, endpoint, "apply"); r.code != 0 || !strings.Contains(r.stdout, "1 updated") {
		t.Fatalf("apply of the update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// stepClock is an emulator's clock that moves on by step each time it is
// read, so that jobs pass through their states as calls come, however
// fast the machine is.
type stepClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

func TestApplyReportsFailedJobs(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	// The job moves on as the emulator is asked, not as time passes.
	clock := &stepClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), step: 10 * time.Second}
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{Clock: clock, Lifecycle: vertextest.Lifecycle{Queued: time.Minute, Pending: time.Minute, Running: time.Minute}}, true)
	srv.FailJobs(func(*aiplatformpb.CustomJob) bool { return true }, "The replica workerpool0-0 exited with a non-zero status of 1.")
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})

	r := inRepo(t, dir, endpoint, "apply", "--wait=terminal")
	if r.code != 1 || !strings.Contains(r.stderr, "ended FAILED: The replica workerpool0-0 exited") {
		t.Fatalf("apply --wait=terminal of a failing job: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A line per state seen, in order, ending FAILED.
	if !strings.Contains(r.stdout, "created job") || !regexp.MustCompile(`(QUEUED|PENDING|RUNNING) → FAILED`).MatchString(r.stdout) {
		t.Errorf("progress:\n%s", r.stdout)
	}
	if i, j := strings.Index(r.stdout, "→ PENDING"), strings.Index(r.stdout, "→ RUNNING"); i >= 0 && j >= 0 && j < i {
		t.Errorf("states out of order:\n%s", r.stdout)
	}
	// The failure is reported, not run again...
	r = inRepo(t, dir, endpoint, "apply")
	if r.code != 0 || !strings.Contains(r.stdout, "!   custom job etl: reported") || len(srv.Calls("CreateCustomJob")) != 1 {
		t.Fatalf("apply after the failure: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// ...unless asked.
	r = inRepo(t, dir, endpoint, "apply", "--rerun-failed")
	if r.code != 0 || len(srv.Calls("CreateCustomJob")) != 2 {
		t.Fatalf("apply --rerun-failed: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestPlanGate(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveEmulator(t)
	bad := strings.Replace(applyJob("2.1"), "replicaCount: 1", "replica_count: 1", 1)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": bad})
	for _, cmd := range []string{"plan", "apply"} {
		r := inRepo(t, dir, endpoint, cmd)
		if r.code != 1 || !strings.Contains(r.stderr, "[VX102]") || !strings.Contains(r.stderr, "lint found errors; "+cmd+" changes nothing") {
			t.Errorf("%s of a file with a lint error: exit %d\n%s", cmd, r.code, r.stderr)
		}
	}
	// With --detailed-exitcode every error is 1: 2 means changes.
	if r := inRepo(t, dir, endpoint, "plan", "--detailed-exitcode"); r.code != 1 {
		t.Errorf("exit %d", r.code)
	}
	if r := inRepo(t, dir, endpoint, "plan", "--detailed-exitcode", "--format", "yaml"); r.code != 1 {
		t.Errorf("a usage error with --detailed-exitcode: exit %d", r.code)
	}
}

func TestPlanStepSummary(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveEmulator(t)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})
	summary := filepath.Join(t.TempDir(), "summary.md")
	r := vxjob(t, map[string]string{"VXJOB_ENDPOINT": endpoint, "GITHUB_STEP_SUMMARY": summary}, false, "", "plan", "--config", filepath.Join(dir, ".vxjob.yaml"), dir)
	text, err := os.ReadFile(summary)
	if r.code != 0 || err != nil || !strings.Contains(string(text), "### vxjob plan") || !strings.Contains(string(text), "| `+` | custom job etl") {
		t.Errorf("exit %d: %s%s\nsummary: %s %v", r.code, r.stdout, r.stderr, text, err)
	}
}

func TestApplyInterruptedDetaches(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Queued: time.Hour}}, true)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return map[string]string{"VXJOB_ENDPOINT": endpoint}[k] }, isTerminal: func(io.Writer) bool { return false }}
	go func() {
		for len(srv.Calls("GetCustomJob")) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel() // as Ctrl-C does, once apply waits
	}()
	code := a.run(ctx, []string{"vxjob", "apply", "--config", filepath.Join(dir, ".vxjob.yaml"), "--wait=terminal", "--poll-interval", "5ms", dir})
	if code != 1 || !strings.Contains(stderr.String(), "stopped waiting; the jobs go on") || !strings.Contains(stderr.String(), "vxjob apply --wait=terminal") {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if n := len(srv.Calls("CancelCustomJob")); n != 0 {
		t.Errorf("interrupting cancelled %d jobs", n)
	}
}

// apply --format json: version 1, an outcome per document with what apply
// did and the job's name, and stdout the JSON alone.
func TestApplyJSON(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveEmulator(t)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "pr.yaml": applyPR, "jobs/etl.yaml": applyJob("2.1")})
	type outcome struct {
		Kind, Name, Project, Location, File, Action, Did, Job string
		Line                                                  int
	}
	var first, second struct {
		Version  int
		Outcomes []outcome
		Summary  struct{ Created, Unchanged, Failed int }
	}
	for _, out := range []any{&first, &second} {
		r := inRepo(t, dir, endpoint, "apply", "--format", "json")
		if r.code != 0 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if err := json.Unmarshal([]byte(r.stdout), out); err != nil {
			t.Fatalf("stdout is not one JSON document: %v\n%s", err, r.stdout)
		}
	}
	// The emulator has the resource already: it stays; the job is created.
	if first.Version != 1 || len(first.Outcomes) != 2 || first.Summary.Created != 1 || first.Summary.Unchanged != 1 || first.Summary.Failed != 0 {
		t.Fatalf("first apply: %+v", first)
	}
	if pr := first.Outcomes[0]; pr.Kind != "PersistentResource" || pr.Did != "unchanged" || pr.Action != "no-change" || pr.Line != 3 || !strings.HasSuffix(pr.File, "pr.yaml") {
		t.Errorf("the resource's outcome: %+v", pr)
	}
	job := first.Outcomes[1]
	if job.Kind != "CustomJob" || job.Did != "created" || job.Action != "create" || job.Project != "acme-ml-prod" || !strings.Contains(job.Job, "/locations/us-central1/customJobs/") {
		t.Errorf("the job's outcome: %+v", job)
	}
	if second.Summary.Unchanged != 2 || second.Outcomes[1].Did != "unchanged" || second.Outcomes[1].Job != job.Job {
		t.Errorf("second apply: %+v", second)
	}
}

// plan colours its markers on a terminal, and not with NO_COLOR, TERM=dumb
// or --color never; lint honours TERM=dumb too.
func TestPlanColor(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveEmulator(t)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})
	config := filepath.Join(dir, ".vxjob.yaml")
	for _, c := range []struct {
		env   map[string]string
		tty   bool
		flags []string
		want  bool
	}{
		{nil, true, nil, true},
		{nil, false, nil, false},
		{map[string]string{"NO_COLOR": "1"}, true, nil, false},
		{map[string]string{"TERM": "dumb"}, true, nil, false},
		{nil, true, []string{"--color", "never"}, false},
		{nil, false, []string{"--color", "always"}, true},
	} {
		env := map[string]string{"VXJOB_ENDPOINT": endpoint}
		for k, v := range c.env {
			env[k] = v
		}
		args := append(append([]string{"plan", "--config", config}, c.flags...), dir)
		r := vxjob(t, env, c.tty, "", args...)
		if got := strings.Contains(r.stdout, "\x1b[32m+  \x1b[0m custom job etl"); r.code != 0 || got != c.want {
			t.Errorf("env %v, tty %v, %v: exit %d, colour %v, want %v\n%q", c.env, c.tty, c.flags, r.code, got, c.want, r.stdout)
		}
	}
	if r := vxjob(t, map[string]string{"TERM": "dumb"}, true, "", "lint", "../../testdata/bad.yaml"); strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("lint with TERM=dumb: %q", r.stdout)
	}
}

// A job file removed while its job runs: plan lists the job as no file's,
// never acting on it; apply --prune cancels it, and leaves alone the jobs
// vxjob did not label (or that were labelled "false" by hand).
func TestOrphansArePrunedOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Queued: time.Hour}}, true)
	bert := strings.Replace(applyJob("1.0"), "name: etl", "name: bert", 1)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1"), "jobs/bert.yaml": bert})
	if r := inRepo(t, dir, endpoint, "apply"); r.code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	ctx := context.Background()
	c := aiplatformClient(t, srv)
	defer c.Close()
	for _, labels := range []map[string]string{nil, {"vxjob-managed": "false", "vxjob-key": "bert"}} {
		_, err := c.Jobs.CreateCustomJob(ctx, &aiplatformpb.CreateCustomJobRequest{Parent: "projects/acme-ml-prod/locations/us-central1",
			CustomJob: &aiplatformpb.CustomJob{DisplayName: "hand-made", Labels: labels, JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
				MachineSpec: &aiplatformpb.MachineSpec{MachineType: "n1-standard-4"}, ReplicaCount: 1,
				Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-docker.pkg.dev/x/y/z:1"}}}}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(dir, "jobs/bert.yaml")); err != nil {
		t.Fatal(err)
	}

	r := inRepo(t, dir, endpoint, "plan")
	if r.code != 0 || !strings.Contains(r.stdout, "?   custom job bert (QUEUED): no file of this run declares it; apply --prune cancels job ") ||
		strings.Contains(r.stdout, "hand-made") || !strings.Contains(r.stdout, "1 active job no file declares.") {
		t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := inRepo(t, dir, endpoint, "apply"); r.code != 0 || len(srv.Calls("CancelCustomJob")) != 0 {
		t.Fatalf("apply without --prune cancelled %d jobs: exit %d\n%s%s", len(srv.Calls("CancelCustomJob")), r.code, r.stdout, r.stderr)
	}
	r = inRepo(t, dir, endpoint, "apply", "--prune", "--format", "json")
	var out struct {
		Pruned  []struct{ Name, Job, Error string }
		Summary struct{ Pruned, Failed int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
		t.Fatalf("apply --prune: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	cancels := srv.Calls("CancelCustomJob")
	if len(out.Pruned) != 1 || out.Pruned[0].Name != "bert" || out.Pruned[0].Error != "" || out.Summary.Pruned != 1 || len(cancels) != 1 {
		t.Fatalf("pruned %+v, %d cancels", out, len(cancels))
	}
	if r := inRepo(t, dir, endpoint, "plan"); strings.Contains(r.stdout, "?  ") {
		t.Errorf("the pruned job is still listed:\n%s", r.stdout)
	}
	// The hand-made jobs, and etl's, run on.
	if n := activeJobs(t, c, "hand-made"); n != 2 {
		t.Errorf("%d hand-made jobs active, want 2", n)
	}
	if n := activeJobs(t, c, "etl"); n != 1 {
		t.Errorf("%d etl jobs active, want 1", n)
	}
}

func TestApplyShowsAFailedJobsLastLines(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := failingJobsEmulator(t)
	var lines []vertextest.LogLine
	for _, text := range []string{"loading data", "epoch 1", "epoch 2", "Traceback (most recent call last):", `  File "train.py", line 9`} {
		lines = append(lines, vertextest.LogLine{Text: text, Stderr: strings.HasPrefix(text, "Traceback") || strings.HasPrefix(text, " ")})
	}
	lines = append(lines, vertextest.LogLine{Text: "KeyError: 'label'", Stderr: true})
	srv.LogJobs(everyJob, lines...)

	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": applyJob("2.1")})
	r := inRepo(t, dir, endpoint, "apply", "--wait=terminal", "--log-lines", "3")
	// The last three: the traceback's end and the state line of the end.
	want := regexp.MustCompile(`ended FAILED: The replica workerpool0-0 exited[^\n]*\n` +
		`      its last log lines:\n` +
		`      \| workerpool0-0 \S+ stderr    File "train.py", line 9\n` +
		`      \| workerpool0-0 \S+ stderr  KeyError: 'label'\n` +
		`      \| workerpool0-0 \S+ stderr  Job state: JOB_STATE_FAILED: The replica`)
	if r.code != 1 || !want.MatchString(r.stderr) || strings.Contains(r.stderr, "epoch 2") {
		t.Fatalf("apply --wait=terminal --log-lines 3: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	calls := srv.Calls("ListLogEntries")
	if req, _ := calls[len(calls)-1].Request.(*loggingpb.ListLogEntriesRequest); req.GetOrderBy() != "timestamp desc" || req.GetPageSize() != 3 {
		t.Errorf("the request: %v", req)
	}

	// In JSON too.
	r = inRepo(t, dir, endpoint, "apply", "--wait=terminal", "--rerun-failed", "--log-lines", "2", "--format", "json")
	var out struct {
		Outcomes []struct {
			LastLogs []submit.LogRecord `json:"lastLogs"`
		} `json:"outcomes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 1 || len(out.Outcomes) != 1 || len(out.Outcomes[0].LastLogs) != 2 || out.Outcomes[0].LastLogs[0].Text != "KeyError: 'label'" {
		t.Errorf("apply --format json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}

	// --log-lines 0 asks nothing.
	before := len(srv.Calls("ListLogEntries"))
	r = inRepo(t, dir, endpoint, "apply", "--wait=terminal", "--rerun-failed", "--log-lines", "0")
	if r.code != 1 || strings.Contains(r.stderr, "log lines") || len(srv.Calls("ListLogEntries")) != before {
		t.Errorf("--log-lines 0: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Cloud Logging refusing is a line; the exit status stays apply's.
	srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.PermissionDenied})
	r = inRepo(t, dir, endpoint, "apply", "--wait=terminal", "--rerun-failed")
	if r.code != 1 || !strings.Contains(r.stderr, "(its last log lines could not be read: reading the last log entries of job") || !strings.Contains(r.stderr, "PERMISSION_DENIED") {
		t.Errorf("a refused read of the logs: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	if r := inRepo(t, dir, endpoint, "apply", "--log-lines", "-1"); r.code != 2 || !strings.Contains(r.stderr, "--log-lines must be from 0 to 1000") {
		t.Errorf("--log-lines -1: exit %d\n%s", r.code, r.stderr)
	}
}
