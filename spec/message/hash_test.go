package message

import (
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/spec"
)

const hashJob = `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert}
spec:
  displayName: BERT
  labels: {team: nlp}
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
      replicaCount: 1
      containerSpec:
        imageUri: us-docker.pkg.dev/acme/bert:1.4.2
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
`

func jobOf(t *testing.T, src string) *aiplatformpb.CustomJob {
	t.Helper()
	f := spec.Parse("job.yaml", []byte(src))
	if len(f.Errors) > 0 || len(f.Docs) != 1 {
		t.Fatalf("%v", f.Errors)
	}
	j, err := CustomJob(f.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func hashOf(t *testing.T, src string) string {
	t.Helper()
	h, err := SpecHash(jobOf(t, src))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestSpecHash(t *testing.T) {
	t.Parallel()
	base := hashOf(t, hashJob)
	if len(base) != 29 || !strings.HasPrefix(base, "h1-") || strings.Trim(base[3:], "abcdefghijklmnopqrstuvwxyz234567") != "" {
		t.Fatalf("hash %q: want h1- and 26 lowercase base32 characters", base)
	}
	// Pinned: a change here re-runs every job vxjob manages, so it must be
	// deliberate (and come with a new HashVersion).
	if want := "h1-rcy74v5fdiyhwxrmny7ax4m2ca"; base != want {
		t.Fatalf("hash %s, want %s", base, want)
	}

	same := map[string]string{
		"labels":               strings.Replace(hashJob, "{team: nlp}", "{team: vision, owner: ada}", 1),
		"display name":         strings.Replace(hashJob, "displayName: BERT", "displayName: Other", 1),
		"key order and styles": strings.Replace(hashJob, "{machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}", "\n        acceleratorCount: 1\n        acceleratorType: NVIDIA_TESLA_A100\n        machineType: a2-highgpu-1g", 1),
		"int64 as a string":    strings.Replace(hashJob, "replicaCount: 1", `replicaCount: "1"`, 1),
		"enum by number":       strings.Replace(hashJob, "acceleratorType: NVIDIA_TESLA_A100", "acceleratorType: 8", 1),
		"a comment":            strings.Replace(hashJob, "spec:", "spec: # what runs", 1),
	}
	for name, src := range same {
		if got := hashOf(t, src); got != base {
			t.Errorf("%s changed the hash: %s vs %s", name, got, base)
		}
	}
	differ := map[string]string{
		"image tag":         strings.Replace(hashJob, "bert:1.4.2", "bert:1.4.3", 1),
		"replicas":          strings.Replace(hashJob, "replicaCount: 1", "replicaCount: 2", 1),
		"env order":         strings.Replace(hashJob, `[{name: A, value: "1"}, {name: B, value: "2"}]`, `[{name: B, value: "2"}, {name: A, value: "1"}]`, 1),
		"resource":          strings.Replace(hashJob, "training-pr", "other-pr", 1),
		"explicit defaults": strings.Replace(hashJob, "      replicaCount: 1\n", "      replicaCount: 1\n      diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 100}\n", 1),
	}
	for name, src := range differ {
		if got := hashOf(t, src); got == base {
			t.Errorf("%s left the hash as it was", name)
		}
	}
}

func TestSpecHashDoesNotChangeTheJob(t *testing.T) {
	t.Parallel()
	j := jobOf(t, hashJob)
	if _, err := SpecHash(j); err != nil {
		t.Fatal(err)
	}
	if j.DisplayName != "BERT" || j.Labels["team"] != "nlp" {
		t.Errorf("SpecHash changed its argument: %v", j)
	}
}

func TestVariablesInTheSpecHash(t *testing.T) {
	t.Parallel()
	src := []byte(`apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: "us-docker.pkg.dev/acme/bert:${TAG}"}
`)
	hash := func(vars spec.Vars) string {
		f := spec.ParseVars("job.yaml", src, vars)
		j, err := CustomJob(f.Docs[0])
		if err != nil {
			t.Fatal(err)
		}
		h, err := SpecHash(j)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	a, b := hash(spec.Vars{"TAG": "1.0"}), hash(spec.Vars{"TAG": "1.1"})
	if a == b {
		t.Error("a new image tag left the spec hash as it was")
	}
	if c := hash(spec.Vars{"TAG": "1.0", "UNUSED": "x"}); c != a {
		t.Error("a variable the job does not use changed its hash")
	}
}
