//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGcloudAgainstTheEmulator drives `vxjob emulator` with gcloud, which
// speaks only REST: the calls the README says gcloud makes work, with no
// credentials, through api_endpoint_overrides/aiplatform. It needs gcloud
// installed, and skips without it.
func TestGcloudAgainstTheEmulator(t *testing.T) {
	gcloud, err := exec.LookPath("gcloud")
	if err != nil {
		t.Skip("gcloud is not installed")
	}
	e := startEmulator(t, "--seed", "persistent-resources", "--provisioning", "0s", "--operation", "0s", "--queued", "1h")
	dir := t.TempDir()
	job := filepath.Join(dir, "job.yaml")
	if err := os.WriteFile(job, []byte(`persistentResourceId: training-pr
workerPoolSpecs:
- machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
  replicaCount: 1
  containerSpec: {imageUri: us-docker.pkg.dev/acme-ml-prod/train/bert:1.4.2}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, args ...string) (bool, string) {
		t.Helper()
		cmd := exec.Command(gcloud, append([]string{"ai"}, append(args, "--region", "us-central1")...)...)
		cmd.Dir = dir
		// Properties from the environment, in a configuration of the
		// test's own: no credentials, no prompts, no update checks, no
		// usage reports.
		cmd.Env = append(os.Environ(),
			"CLOUDSDK_CONFIG="+filepath.Join(dir, "gcloud"),
			"CLOUDSDK_CORE_PROJECT=acme-ml-prod",
			"CLOUDSDK_AUTH_DISABLE_CREDENTIALS=true",
			"CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM=http://"+e.endpoint+"/",
			"CLOUDSDK_CORE_DISABLE_PROMPTS=1",
			"CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK=true",
			"CLOUDSDK_CORE_DISABLE_USAGE_REPORTING=true",
		)
		out, err := cmd.CombinedOutput()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatal(err)
		}
		return err == nil, string(out)
	}
	want := func(t *testing.T, ok bool, out string, wantOK bool, wants ...string) {
		t.Helper()
		if ok != wantOK {
			t.Errorf("succeeded %v, want %v:\n%s", ok, wantOK, out)
		}
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q:\n%s", w, out)
			}
		}
	}

	// Three independent walks, at once: each gcloud call starts Python,
	// about a second.
	t.Cleanup(func() { e.stop(t) })
	t.Run("custom jobs", func(t *testing.T) {
		t.Parallel()
		ok, out := run(t, "persistent-resources", "list", "--format", "value(name,state)")
		want(t, ok, out, true, "persistentResources/training-pr\tRUNNING")
		ok, out = run(t, "custom-jobs", "create", "--display-name", "gcloud-job", "--config", job)
		name := regexp.MustCompile(`projects/[0-9]+/locations/us-central1/customJobs/[0-9]+`).FindString(out)
		if !ok || name == "" {
			t.Fatalf("create: %s", out)
		}
		ok, out = run(t, "custom-jobs", "describe", name, "--format", "value(displayName,state)")
		want(t, ok, out, true, "gcloud-job\tJOB_STATE_QUEUED")
		ok, out = run(t, "custom-jobs", "list", "--filter", "displayName=gcloud-job", "--format", "value(name)")
		want(t, ok, out, true, name)
		ok, out = run(t, "custom-jobs", "cancel", name)
		want(t, ok, out, true)
	})
	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		ok, out := run(t, "custom-jobs", "create", "--display-name", "mismatch", "--persistent-resource-id", "training-pr",
			"--worker-pool-spec", "machine-type=n1-standard-4,replica-count=1,container-image-uri=us-docker.pkg.dev/acme-ml-prod/train/bert:1.4.2")
		want(t, ok, out, false, "INVALID_ARGUMENT: worker_pool_specs[0]")
		ok, out = run(t, "custom-jobs", "describe", "projects/acme-ml-prod/locations/us-central1/customJobs/123")
		want(t, ok, out, false, "NOT_FOUND: custom job")
	})
	t.Run("persistent resources", func(t *testing.T) {
		t.Parallel()
		ok, out := run(t, "persistent-resources", "create", "--persistent-resource-id", "gcloud-pr", "--display-name", "gcloud",
			"--resource-pool-spec", "machine-type=n1-standard-8,replica-count=2")
		op := regexp.MustCompile(`gcloud ai operations describe (\S+)`).FindStringSubmatch(out)
		if !ok || op == nil {
			t.Fatalf("create a resource: %s", out)
		}
		ok, out = run(t, "operations", "describe", op[1], "--format", "value(done,response.state)")
		want(t, ok, out, true, "True\tRUNNING")
		ok, out = run(t, "persistent-resources", "reboot", "gcloud-pr")
		want(t, ok, out, true)
		ok, out = run(t, "persistent-resources", "delete", "gcloud-pr")
		want(t, ok, out, true)
		ok, out = run(t, "persistent-resources", "describe", "gcloud-pr")
		want(t, ok, out, false, "NOT_FOUND")
	})
}
