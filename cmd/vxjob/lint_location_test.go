package main

import (
	"strings"
	"testing"
)

// TestLintKMSKeyDefaultLocation checks that the semantic rules see the
// run's default location: a job that names none is checked against
// VXJOB_LOCATION, and --location over it.
func TestLintKMSKeyDefaultLocation(t *testing.T) {
	t.Parallel()
	const job = `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: cmek, project: acme-ml}
spec:
  encryptionSpec: {kmsKeyName: projects/acme-ml/locations/europe-west4/keyRings/ml/cryptoKeys/training}
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/train/bert:1.4.2}
`
	env := map[string]string{"VXJOB_LOCATION": "us-central1"}
	r := vxjob(t, env, false, job, "lint", "--stdin-filename", "job.yaml", "-")
	if r.code != 1 || !strings.Contains(r.stdout, "job.yaml:5:32: error: the key is in europe-west4, the job in us-central1 (the run's default location); the key must be in the same region [VX228]") {
		t.Errorf("VXJOB_LOCATION=us-central1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = vxjob(t, env, false, job, "lint", "--location", "europe-west4", "--stdin-filename", "job.yaml", "-")
	if r.code != 0 || strings.Contains(r.stdout, "VX228") {
		t.Errorf("--location europe-west4: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
