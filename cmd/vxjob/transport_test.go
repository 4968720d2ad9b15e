package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vxjob/vxjob/submit"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// TestPlanAndApplyOverREST: plan and apply over REST make one job per
// document, a second apply nothing, and an update goes through the
// resource's operation; VXJOB_TRANSPORT chooses REST.
func TestPlanAndApplyOverREST(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Queued: time.Hour, Provisioning: 10 * time.Millisecond, Operation: 10 * time.Millisecond}}, false)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "pr.yaml": applyPR, "jobs/etl.yaml": applyJob("2.1")})
	env := map[string]string{"VXJOB_ENDPOINT": endpoint, "VXJOB_TRANSPORT": "rest"}
	run := func(args ...string) result {
		t.Helper()
		full := append([]string{args[0], "--config", filepath.Join(dir, ".vxjob.yaml")}, args[1:]...)
		return vxjob(t, env, false, "", append(full, dir)...)
	}

	if r := run("plan", "--detailed-exitcode"); r.code != 2 || !strings.Contains(r.stdout, "Plan: 2 to create, 0 to update") {
		t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run("apply", "--poll-interval", "5ms"); r.code != 0 || !strings.Contains(r.stdout, "Apply: 2 created, 0 updated, 0 replaced, 0 unchanged, 0 failed.") {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run("apply", "--poll-interval", "5ms"); r.code != 0 || !strings.Contains(r.stdout, "Apply: 0 created, 0 updated, 0 replaced, 2 unchanged, 0 failed.") {
		t.Fatalf("second apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(srv.Calls("CreateCustomJob")); n != 1 {
		t.Errorf("%d jobs created, want 1", n)
	}
	if r := run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("plan after apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	os.WriteFile(filepath.Join(dir, "pr.yaml"), []byte(strings.Replace(applyPR, "replicaCount: 4", "replicaCount: 8", 1)), 0o644)
	if r := run("apply", "--poll-interval", "5ms"); r.code != 0 || !strings.Contains(r.stdout, "1 updated") {
		t.Fatalf("apply of the update: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(srv.Calls("UpdatePersistentResource")); n != 1 {
		t.Errorf("%d updates, want 1", n)
	}
}

// TestApplyOverRESTUnderCreateFaults: a create refused, or made and then
// failed, over REST still ends with exactly one job.
func TestApplyOverRESTUnderCreateFaults(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	for _, mode := range []vertextest.FaultMode{vertextest.Reject, vertextest.CommitThenFail} {
		srv, endpoint := serveEmulatorWith(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Queued: time.Hour, Provisioning: 10 * time.Millisecond}}, true)
		dir := repo(t, map[string]string{".vxjob.yaml": applyConfig + "transport: rest\n", "jobs/etl.yaml": applyJob("2.1")})
		srv.Inject(vertextest.Fault{Mode: mode, Methods: []string{"CreateCustomJob"}, Times: 1})
		// A refused create is searched for before it is made again; the
		// search is kept short here, not the 30 seconds of a real apply.
		timing := testTiming
		timing.ReconcileWindow = 200 * time.Millisecond
		r := vxjobTimed(t, timing, nil, "apply", "--config", filepath.Join(dir, ".vxjob.yaml"), "--endpoint", endpoint, dir)
		if r.code != 0 || !strings.Contains(r.stdout, "Apply: 1 created") {
			t.Fatalf("fault %v: exit %d\n%s%s", mode, r.code, r.stdout, r.stderr)
		}
		if n := activeJobs(t, aiplatformClient(t, srv), "etl"); n != 1 {
			t.Errorf("fault %v: %d etl jobs, want exactly 1", mode, n)
		}
	}
}

// observedAt is the line of a snapshot that says when it was taken.
var observedAt = regexp.MustCompile(`(?m)^\s*observedAt: .*$`)

// TestSnapshotOverRESTEqualsGRPC: the two transports read the same
// resources and replicas in use, so their snapshots are the same.
func TestSnapshotOverRESTEqualsGRPC(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulator(t)
	createJobsOnTrainingPR(t, srv, "a", "b")
	args := []string{"snapshot", "--project", "acme-ml-prod", "--location", "us-central1", "--endpoint", endpoint}
	g := vxjob(t, nil, false, "", append(args, "--transport", "grpc")...)
	r := vxjob(t, nil, false, "", append(args, "--transport", "rest")...)
	if g.code != 0 || r.code != 0 || !strings.Contains(r.stdout, "usedReplicaCount: 2") {
		t.Fatalf("gRPC: exit %d %s\nREST: exit %d %s%s", g.code, g.stderr, r.code, r.stdout, r.stderr)
	}
	if gs, rs := observedAt.ReplaceAllString(g.stdout, ""), observedAt.ReplaceAllString(r.stdout, ""); gs != rs {
		t.Errorf("the snapshots differ\ngRPC:\n%s\nREST:\n%s", gs, rs)
	}
}

// TestLiveOverREST: lint --live and pools --live read the resources and
// the permissions over REST.
func TestLiveOverREST(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulator(t)
	env := map[string]string{"VXJOB_ENDPOINT": endpoint, "VXJOB_TRANSPORT": "rest"}
	if r := vxjob(t, env, false, "", "lint", "--live", "--config", examplesConfig, examples); r.code != 0 {
		t.Fatalf("lint --live: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if r := vxjob(t, env, false, "", "pools", "--live", "--config", examplesConfig, examples); r.code != 0 {
		t.Fatalf("pools --live: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	srv.Deny("aiplatform.customJobs.create", "projects/acme-ml-prod")
	r := vxjob(t, env, false, "", "lint", "--live", "--config", examplesConfig, examples)
	if r.code != 1 || strings.Count(r.stdout, "[VX401]") != 2 {
		t.Errorf("denied: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(srv.Calls("TestIamPermissions")); n == 0 {
		t.Error("no permission was tested")
	}
}

// TestTransportFlag: --transport takes grpc or rest, and wins over
// VXJOB_TRANSPORT, which wins over .vxjob.yaml; anything else is a usage
// error that names where it came from.
func TestTransportFlag(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveEmulator(t)
	snap := []string{"snapshot", "--project", "acme-ml-prod", "--location", "us-central1", "--endpoint", endpoint}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--transport", "nope"}, `--transport: transport "nope": it must be grpc or rest`},
		{nil, []string{"--transport", "rset"}, "did you mean rest?"},
		{map[string]string{"VXJOB_TRANSPORT": "gprc"}, nil, "VXJOB_TRANSPORT: transport \"gprc\": it must be grpc or rest (did you mean grpc?)"},
	} {
		r := vxjob(t, tc.env, false, "", append(snap, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v %v: exit %d: %s", tc.env, tc.args, r.code, r.stderr)
		}
	}
	if r := vxjob(t, map[string]string{"VXJOB_TRANSPORT": "nope"}, false, "", append(snap, "--transport", "rest")...); r.code != 0 {
		t.Errorf("--transport does not win over VXJOB_TRANSPORT: exit %d: %s", r.code, r.stderr)
	}
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig + "transport: nope\n"})
	if r := vxjob(t, nil, false, "", "snapshot", "--config", filepath.Join(dir, ".vxjob.yaml"), "--endpoint", endpoint); r.code != 2 || !strings.Contains(r.stdout+r.stderr, "transport") {
		t.Errorf("transport: nope in .vxjob.yaml: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	dir = repo(t, map[string]string{".vxjob.yaml": applyConfig + "transport: nope\n"})
	if r := vxjob(t, map[string]string{"VXJOB_TRANSPORT": "rest"}, false, "", "snapshot", "--config", filepath.Join(dir, ".vxjob.yaml"), "--endpoint", endpoint); r.code != 2 {
		t.Errorf("an invalid configuration is refused whatever overrides it: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

// TestRESTPlaintextOffLoopbackIsRefused: REST keeps the rule that
// plaintext goes to a loopback address only.
func TestRESTPlaintextOffLoopbackIsRefused(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	for _, args := range [][]string{
		{"snapshot", "--project", "p", "--location", "us-central1", "--transport", "rest", "--endpoint", "grpc://10.1.2.3:8080"},
		{"snapshot", "--project", "p", "--location", "us-central1", "--transport", "rest", "--endpoint", "vertex.example.com:443", "--insecure"},
	} {
		r := vxjob(t, nil, false, "", args...)
		if r.code != 2 || !strings.Contains(r.stderr, "only to a loopback address") {
			t.Errorf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	// Off loopback, REST is HTTPS with credentials, and there are none.
	r := vxjob(t, nil, false, "", "snapshot", "--project", "p", "--location", "us-central1", "--transport", "rest", "--endpoint", "vertex.example.com:443")
	if r.code != 2 || !strings.Contains(r.stderr, "no Google Cloud credentials") {
		t.Errorf("TLS without credentials: exit %d: %s", r.code, r.stderr)
	}
}

// TestDemoOverREST runs make demo's script with VXJOB_TRANSPORT=rest:
// the vxjob binary and examples/ are linked where the script looks.
func TestDemoOverREST(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo waits for its jobs to end, seconds")
	}
	t.Parallel() // seconds of waiting, beside the package's other slow test (gcloud's)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(binary(t), filepath.Join(dir, "bin", "vxjob")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "examples"), filepath.Join(dir, "examples")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", filepath.Join(root, "scripts", "demo.sh"))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "VXJOB_TRANSPORT=rest", "GOOGLE_APPLICATION_CREDENTIALS=/nonexistent/credentials.json", "CLOUDSDK_CONFIG="+t.TempDir(),
		"VXJOB_DEMO_LIFECYCLE=--queued 200ms --pending 200ms --running 400ms", "VXJOB_DEMO_POLL=50ms")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "== done: applying again changed nothing") {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	// It follows a job's log to the end, its training script's lines
	// (scripts/demo-bert-finetune.log) among the states.
	if !regexp.MustCompile(`== vxjob logs --follow [^\n]*\n(workerpool0-0 [^\n]*\n)*workerpool0-0 \S+ INFO +epoch 3/3: [^\n]*\n(workerpool0-0 [^\n]*\n)*workerpool0-0 \S+ INFO +Job state: JOB_STATE_SUCCEEDED\n`).Match(out) {
		t.Errorf("the demo did not follow a job's log to SUCCEEDED:\n%s", out)
	}
}

// vxjobTimed is vxjob with timing in place of testTiming.
func vxjobTimed(t *testing.T, timing submit.Timing, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{
		stdin:      strings.NewReader(""),
		stdout:     &stdout,
		stderr:     &stderr,
		getenv:     func(k string) string { return env[k] },
		isTerminal: func(io.Writer) bool { return false },
		timing:     timing,
	}
	code := a.run(context.Background(), append([]string{"vxjob"}, args...))
	return result{code, stdout.String(), stderr.String()}
}

// TestPROverREST: pr describe, reboot and delete over REST, the
// operations polled to their end.
func TestPROverREST(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveFastEmulator(t)
	createJobsOnTrainingPR(t, srv, "bert-finetune")
	env := map[string]string{"VXJOB_ENDPOINT": endpoint, "VXJOB_TRANSPORT": "rest"}
	pr := func(args ...string) result {
		t.Helper()
		return vxjob(t, env, false, "", append(append([]string{"pr"}, args...), prPlace...)...)
	}
	if r := pr("describe", "training-pr"); r.code != 0 || !strings.Contains(r.stdout, "state: RUNNING") || !hasJobLine(r.stdout, "bert-finetune", "QUEUED") {
		t.Fatalf("describe: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := pr("reboot", "training-pr", "--poll-interval", "10ms"); r.code != 0 || len(srv.Calls("RebootPersistentResource")) != 1 {
		t.Fatalf("reboot: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := pr("delete", "training-pr", "--yes", "--poll-interval", "10ms"); r.code != 0 || len(srv.Calls("DeletePersistentResource")) != 1 {
		t.Fatalf("delete: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := pr("describe", "training-pr"); r.code != 1 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("after the delete: exit %d\n%s", r.code, r.stderr)
	}
	if len(srv.Calls("GetOperation")) == 0 {
		t.Error("no operation was polled")
	}
}
