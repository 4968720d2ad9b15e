package message

import (
	"os"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/spec"
)

func TestCustomJobConversion(t *testing.T) {
	t.Parallel()
	f := spec.Parse("job.yaml", []byte(`
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: resnet}
spec:
  labels: {team: vision}
  jobSpec:
    persistentResourceId: training-pr
    scheduling: {timeout: 90s}
    workerPoolSpecs:
    - machineSpec: &m {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
      replicaCount: "1"
      containerSpec: {imageUri: gcr.io/p/img:1, args: [--x=1]}
    - {}
    - machineSpec: *m
      replicaCount: 3
      diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 100}
      containerSpec: {imageUri: gcr.io/p/img:1}
`))
	if len(f.Errors) > 0 {
		t.Fatal(f.Errors)
	}
	job, err := CustomJob(f.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	pools := job.GetJobSpec().GetWorkerPoolSpecs()
	switch {
	case job.GetDisplayName() != "resnet":
		t.Errorf("displayName %q, want metadata.name", job.GetDisplayName())
	case job.GetLabels()["team"] != "vision":
		t.Errorf("labels %v", job.GetLabels())
	case job.GetJobSpec().GetPersistentResourceId() != "training-pr":
		t.Errorf("persistentResourceId %q", job.GetJobSpec().GetPersistentResourceId())
	case job.GetJobSpec().GetScheduling().GetTimeout().GetSeconds() != 90:
		t.Errorf("timeout %v", job.GetJobSpec().GetScheduling().GetTimeout())
	case len(pools) != 3:
		t.Fatalf("%d worker pools, want 3", len(pools))
	case pools[0].GetReplicaCount() != 1 || pools[2].GetReplicaCount() != 3:
		t.Errorf("replica counts %d, %d", pools[0].GetReplicaCount(), pools[2].GetReplicaCount())
	case pools[2].GetMachineSpec().GetAcceleratorType() != aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4 || pools[2].GetMachineSpec().GetAcceleratorCount() != 2:
		t.Errorf("aliased machine spec %v", pools[2].GetMachineSpec())
	case pools[1].GetMachineSpec() != nil || pools[1].GetTask() != nil:
		t.Errorf("placeholder pool is not empty: %v", pools[1])
	case pools[0].GetContainerSpec().GetArgs()[0] != "--x=1":
		t.Errorf("args %v", pools[0].GetContainerSpec().GetArgs())
	}

	f = spec.Parse("job.yaml", []byte("apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: n}\nspec: {displayName: explicit}\n"))
	if job, _ := CustomJob(f.Docs[0]); job.GetDisplayName() != "explicit" {
		t.Errorf("explicit displayName replaced by %q", job.GetDisplayName())
	}
}

func TestPersistentResourceConversion(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../examples/persistent-resources/training-pr.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f := spec.Parse("pr.yaml", data)
	pr, err := PersistentResource(f.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	pools := pr.GetResourcePools()
	if len(pools) != 2 || pools[0].GetId() != "a100-pool" || pools[0].GetAutoscalingSpec().GetMaxReplicaCount() != 2 || pools[1].GetReplicaCount() != 4 {
		t.Errorf("resource pools %v", pools)
	}
	if pr.GetName() != "" {
		t.Errorf("name %q; the ID travels in the create request, not the body", pr.GetName())
	}
}

func TestConversionRejectsWhatProtoJSONRejects(t *testing.T) {
	t.Parallel()
	f := spec.Parse("job.yaml", []byte("apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: n}\nspec: {jobSpec: {workerPoolSpecs: [{replicaCount: many}]}}\n"))
	if _, err := CustomJob(f.Docs[0]); err == nil {
		t.Error("a non-numeric replicaCount converted without error")
	}
	f = spec.Parse("job.yaml", []byte("apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: n}\n"))
	if _, err := CustomJob(f.Docs[0]); err == nil {
		t.Error("a document without spec converted without error")
	}
}
