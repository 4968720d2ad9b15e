package main

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/submit"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// raceJob is a job file whose image tag is a variable, as
// `vxjob apply --var TAG=1.0` and `--var TAG=2.0` apply it.
const raceJob = `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: "us-docker.pkg.dev/acme-ml/etl/etl:${TAG}"}
`

// TestRacingAppliesOfDifferentSpecsCLI runs `apply --var TAG=1.0` and
// `apply --var TAG=2.0` of one file at the same time, round after round,
// as two CI pipelines would. Whether they overlap or not, each round ends
// with one active job for the document, exactly one of the two applies
// succeeds, and the other fails naming the job that stays.
func TestRacingAppliesOfDifferentSpecsCLI(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Queued: time.Hour}}, false)
	jobs := aiplatformClient(t, srv)
	const rounds = 6
	for round := range rounds {
		dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "etl.yaml": strings.Replace(raceJob, "name: etl", "name: etl-"+string(rune('a'+round)), 1)})
		var wg sync.WaitGroup
		results := make([]result, 2)
		for i, tag := range []string{"1.0", "2.0"} {
			wg.Go(func() { results[i] = inRepo(t, dir, endpoint, "apply", "--var", "TAG="+tag) })
		}
		wg.Wait()

		ok := 0
		for _, r := range results {
			switch r.code {
			case 0:
				ok++
			case 1:
				if !strings.Contains(r.stderr, "failed:") || !strings.Contains(r.stderr, "--allow-replace") {
					t.Errorf("round %d: the apply that lost says: %s", round, r.stderr)
				}
			default:
				t.Errorf("round %d: exit %d\n%s%s", round, r.code, r.stdout, r.stderr)
			}
		}
		t.Logf("round %d: exits %d %d; %s", round, results[0].code, results[1].code, strings.TrimSpace(results[0].stderr+results[1].stderr))
		if ok != 1 {
			t.Errorf("round %d: %d applies succeeded, want 1\n1.0: %s%s\n2.0: %s%s", round, ok, results[0].stdout, results[0].stderr, results[1].stdout, results[1].stderr)
		}
		if n := activeJobs(t, jobs, "etl-"+string(rune('a'+round))); n != 1 {
			t.Errorf("round %d: %d active jobs for the document, want 1", round, n)
		}
	}
}

// aiplatformClient is a client of the emulator's JobService.
func aiplatformClient(t *testing.T, srv *vertextest.Server) *submit.Client {
	t.Helper()
	c, err := submit.NewClient(context.Background(), srv.Conn())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// activeJobs counts the active jobs whose display name is name.
func activeJobs(t *testing.T, c *submit.Client, name string) int {
	t.Helper()
	n := 0
	// One page holds every job these tests make.
	jobs, next, err := c.Jobs.ListCustomJobs(context.Background(), &aiplatformpb.ListCustomJobsRequest{Parent: "projects/acme-ml-prod/locations/us-central1", PageSize: 1000})
	if err != nil || next != "" {
		t.Fatalf("listing the jobs: %v (next page %q)", err, next)
	}
	for _, j := range jobs {
		switch j.State {
		case aiplatformpb.JobState_JOB_STATE_QUEUED, aiplatformpb.JobState_JOB_STATE_PENDING, aiplatformpb.JobState_JOB_STATE_RUNNING:
			if j.DisplayName == name {
				n++
			}
		}
	}
	return n
}

// TestApplySummarySaysWhatMayRemain: a document whose job apply could not
// make sure is its only one says so, and how to clean it, in the text and
// the step summary; cancelled jobs are listed under
// their document.
func TestApplySummarySaysWhatMayRemain(t *testing.T) {
	t.Parallel()
	d := &submit.Document{Kind: "CustomJob", Name: "etl", Project: "acme-ml-prod", Location: "us-central1"}
	res := &submit.Result{Outcomes: []*submit.Outcome{{
		Change:    &submit.Change{Doc: d, Action: submit.Create},
		Did:       "created",
		Job:       "projects/acme-ml-prod/locations/us-central1/customJobs/2",
		Cancelled: []string{"projects/acme-ml-prod/locations/us-central1/customJobs/3"},
		Unsettled: errors.New("2 stands for the document, but apply could not make sure it is the only active one (UNAVAILABLE): vxjob plan shows it, and vxjob apply again cancels it"),
	}}}
	var stdout, stderr strings.Builder
	res.WriteText(&stdout, &stderr)
	if !strings.Contains(stdout.String(), "cancelled projects/acme-ml-prod/locations/us-central1/customJobs/3") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "custom job etl") || !strings.Contains(stderr.String(), "vxjob apply again cancels it") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	var md strings.Builder
	if err := res.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "cancelled projects/acme-ml-prod/locations/us-central1/customJobs/3") || !strings.Contains(md.String(), "vxjob apply again cancels it") {
		t.Errorf("step summary:\n%s", md.String())
	}
}
