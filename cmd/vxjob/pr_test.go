package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/submit"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// prPlace names training-pr's project and location.
var prPlace = []string{"--project", "acme-ml-prod", "--location", "us-central1"}

// serveFastEmulator is serveEmulator with operations that take 20ms, not
// the 2s of the default lifecycle, and jobs that stay queued for the
// length of a test.
func serveFastEmulator(t *testing.T) (*vertextest.Server, string) {
	return serveEmulatorWith(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Operation: 20 * time.Millisecond, Queued: time.Hour}}, true)
}

// createJobsOnTrainingPR creates jobs of one replica on training-pr, by display name.
func createJobsOnTrainingPR(t *testing.T, srv *vertextest.Server, names ...string) {
	t.Helper()
	ctx := context.Background()
	c, err := submit.NewClient(ctx, srv.Conn())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, name := range names {
		_, err := c.Jobs.CreateCustomJob(ctx, &aiplatformpb.CreateCustomJobRequest{
			Parent: "projects/acme-ml-prod/locations/us-central1",
			CustomJob: &aiplatformpb.CustomJob{
				DisplayName: name,
				JobSpec: &aiplatformpb.CustomJobSpec{PersistentResourceId: "training-pr", WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
					MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"},
					ReplicaCount: 1,
					Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-docker.pkg.dev/acme-ml-prod/train/bert:1.4.2"}},
				}}},
			},
		})
		if err != nil {
			t.Fatalf("creating %s: %v", name, err)
		}
	}
}

// runPR runs vxjob pr with args, then training-pr's project and location.
func runPR(t *testing.T, endpoint string, args ...string) result {
	t.Helper()
	env := map[string]string{"VXJOB_ENDPOINT": endpoint}
	return vxjob(t, env, false, "", append(append([]string{"pr"}, args...), prPlace...)...)
}

func TestPRDescribe(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveFastEmulator(t)

	r := runPR(t, endpoint, "describe", "training-pr")
	if r.code != 0 || !strings.Contains(r.stdout, "name: training-pr") || !strings.Contains(r.stdout, "state: RUNNING") || !strings.Contains(r.stdout, "no active jobs") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}

	createJobsOnTrainingPR(t, srv, "bert-finetune", "bert-eval")
	r = runPR(t, endpoint, "describe", "training-pr")
	if r.code != 0 || !strings.Contains(r.stdout, "# Active jobs on training-pr:") || strings.Contains(r.stdout, "no active jobs") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	for _, name := range []string{"bert-finetune", "bert-eval"} {
		if !hasJobLine(r.stdout, name, "QUEUED") {
			t.Errorf("no line for %s:\n%s", name, r.stdout)
		}
	}
	// The jobs are comments: what describe prints is still a pools file.
	f := spec.Parse("described.yaml", []byte(r.stdout))
	if len(f.Errors) > 0 || len(f.Docs) != 1 || f.Docs[0].Name != "training-pr" {
		t.Errorf("not a snapshot of training-pr: %d documents, errors %v", len(f.Docs), f.Errors)
	}

	r = runPR(t, endpoint, "describe", "nope-pr")
	if r.code != 1 || !strings.Contains(r.stderr, "vxjob: persistent resource nope-pr not found in project acme-ml-prod, location us-central1") || r.stdout != "" {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}

// hasJobLine reports whether out lists a job as describe does:
// "#   ID  DISPLAYNAME  STATE  created TIME".
func hasJobLine(out, displayName, state string) bool {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 6 && f[0] == "#" && f[2] == displayName && f[3] == state && f[4] == "created" {
			if _, err := time.Parse(time.RFC3339, f[5]); err == nil {
				return true
			}
		}
	}
	return false
}

func TestPRDelete(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveFastEmulator(t)
	createJobsOnTrainingPR(t, srv, "bert-finetune", "bert-eval")

	r := runPR(t, endpoint, "delete", "training-pr", "--poll-interval", "10ms")
	want := "vxjob: deleting persistent resource training-pr (project acme-ml-prod, location us-central1) would cancel 2 active jobs: bert-eval, bert-finetune; run again with --yes to delete it"
	if r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Fatalf("exit %d\nstderr: %s\nwant: %s", r.code, r.stderr, want)
	}
	if len(srv.Calls("DeletePersistentResource")) != 0 {
		t.Fatal("it deleted without --yes")
	}
	if r := runPR(t, endpoint, "describe", "training-pr"); r.code != 0 {
		t.Fatalf("training-pr should still be there: exit %d: %s", r.code, r.stderr)
	}

	r = runPR(t, endpoint, "delete", "training-pr", "--yes", "--poll-interval", "10ms")
	if r.code != 0 || !strings.Contains(r.stderr, "vxjob: deleting training-pr cancels 2 active jobs") || !strings.Contains(r.stderr, "vxjob: deleted training-pr\n") {
		t.Fatalf("exit %d\nstderr: %s", r.code, r.stderr)
	}
	r = runPR(t, endpoint, "describe", "training-pr")
	if r.code != 1 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("describe after the delete: exit %d: %s", r.code, r.stderr)
	}
	r = runPR(t, endpoint, "delete", "training-pr", "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("deleting it again: exit %d: %s", r.code, r.stderr)
	}
}

func TestPRReboot(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveFastEmulator(t)
	r := runPR(t, endpoint, "reboot", "training-pr", "--poll-interval", "10ms")
	if r.code != 0 || !strings.Contains(r.stderr, "vxjob: rebooting training-pr: Rebooting the resource pools\n") || !strings.HasSuffix(r.stderr, "vxjob: training-pr is RUNNING\n") {
		t.Fatalf("exit %d\nstderr: %s", r.code, r.stderr)
	}

	// With --no-wait it prints the operation; a reboot while that one goes
	// on (for an hour) is refused.
	_, slow := serveEmulatorWith(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Operation: time.Hour}}, true)
	r = runPR(t, slow, "reboot", "training-pr", "--no-wait")
	if r.code != 0 || !strings.Contains(r.stdout, "/persistentResources/training-pr/operations/") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = runPR(t, slow, "reboot", "training-pr")
	if r.code != 1 || !strings.Contains(r.stderr, "is REBOOTING; only a RUNNING or ERROR one can be rebooted (FAILED_PRECONDITION)") {
		t.Errorf("exit %d\nstderr: %s", r.code, r.stderr)
	}
}

func TestPRUsage(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveFastEmulator(t)
	env := map[string]string{"VXJOB_ENDPOINT": endpoint}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{append([]string{"pr", "describe"}, prPlace...), "pr describe takes one argument (the persistent resource ID), got none"},
		{append([]string{"pr", "reboot", "a-pr", "b-pr"}, prPlace...), "pr reboot takes one argument"},
		{append([]string{"pr", "delete", "projects/p/locations/l/persistentResources/x"}, prPlace...), "is not a persistent resource ID"},
		{[]string{"pr", "describe", "training-pr", "--location", "us-central1"}, "pr describe needs a project and a location"},
		{append([]string{"pr", "reboot", "training-pr", "--poll-interval", "0s"}, prPlace...), "--poll-interval must be positive"},
		{append([]string{"pr", "delete", "training-pr", "--nope"}, prPlace...), "nope"},
		{[]string{"pr", "frobnicate"}, `unknown pr command "frobnicate"`},
	} {
		r := vxjob(t, env, false, "", tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%v: exit %d\nstdout: %s\nstderr: %s", tc.args, r.code, r.stdout, r.stderr)
		}
	}
}
