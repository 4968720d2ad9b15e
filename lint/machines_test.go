package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/vxjob/vxjob/spec"
)

// TestMachineCatalog parses the embedded catalog as vxjob does, and checks
// that it is dated and sourced and that its names are the API's.
func TestMachineCatalog(t *testing.T) {
	t.Parallel()
	c, err := parseMachineCatalog(machinesYAML)
	if err != nil {
		t.Fatalf("lint/machines.yaml: %v", err)
	}
	if c.Date == "" || len(c.Sources) == 0 {
		t.Fatalf("the catalog needs a date and sources; got %q and %d sources", c.Date, len(c.Sources))
	}
	accelerator := func(what, name string) {
		if _, ok := aiplatformpb.AcceleratorType_value[name]; !ok || name == "ACCELERATOR_TYPE_UNSPECIFIED" {
			t.Errorf("%s: %q is not an AcceleratorType of the API", what, name)
		}
	}
	for _, m := range c.order {
		switch m.Kind {
		case gpuMachine:
			accelerator(m.Name, m.Accelerator)
		case tpuVMMachine:
			if m.Generation != "" {
				accelerator(m.Name, m.Generation)
			}
		case cloudTPUMachine:
			for _, tpu := range m.TPUs {
				accelerator(m.Name, tpu.Accelerator)
			}
		}
	}
	for _, g := range c.attached {
		accelerator("attachedGpus", g.Accelerator)
	}
	for name := range c.deprecated {
		accelerator("deprecatedAccelerators", name)
	}
	for _, want := range []string{
		"a2-highgpu-1g", "a2-highgpu-8g", "a2-megagpu-16g", "a2-ultragpu-8g", "a3-highgpu-8g", "a3-highgpu-1g",
		"a3-megagpu-8g", "a3-ultragpu-8g", "a4-highgpu-8g", "a4x-highgpu-4g", "g2-standard-4", "g2-standard-96",
		"g4-standard-384", "n1-standard-4", "n1-highmem-96", "n1-highcpu-16", "e2-standard-8", "n2-standard-8",
		"n2d-standard-8", "c2-standard-60", "c2d-standard-8", "c3-standard-22", "m1-ultramem-40",
		"cloud-tpu", "ct5lp-hightpu-1t", "ct5lp-hightpu-4t", "ct5lp-hightpu-8t", "ct6e-standard-4t", "ct4p-hightpu-4t",
	} {
		if c.lookup(want) == nil {
			t.Errorf("the catalog lacks %s", want)
		}
	}
	if g := c.lookup("a3-highgpu-1g").Grade; g != gradeU {
		t.Errorf("a3-highgpu-1g is graded %s; the research has no Vertex AI use of it (U)", g)
	}
	if m := c.lookup("n1-highcpu-96"); m.MemoryGB < 86.3 || m.MemoryGB > 86.5 || !m.AttachesGPUs {
		t.Errorf("n1-highcpu-96: %v GB, attaches GPUs %v; want 86.4 and true", m.MemoryGB, m.AttachesGPUs)
	}
}

// TestMachineCatalogErrors: a catalog without its date or sources, or
// with a typo, does not load.
func TestMachineCatalogErrors(t *testing.T) {
	t.Parallel()
	good := string(machinesYAML)
	for _, tc := range []struct{ name, yaml, want string }{
		{"no date", strings.Replace(good, "date: 2026-12-03", "", 1), "date"},
		{"bad date", strings.Replace(good, "date: 2026-12-03", "date: last week", 1), "date"},
		{"no sources", strings.Replace(good, "sources:\n- {tag: PROTO", "oldSources:\n- {tag: PROTO", 1), "oldSources"},
		{"unknown key", strings.Replace(good, "hostSeries: n1", "hostSeries: n1\n  hostSerie: n1", 1), "hostSerie"},
		{"bad grade", strings.Replace(good, "count: 1, grade: A, sources: [V-FLEX, KFP", "count: 1, grade: D, sources: [V-FLEX, KFP", 1), `grade "D"`},
		{"unknown source", strings.Replace(good, "sources: [KFP, SKY, CTK]", "sources: [KFP, SKYPILOT]", 1), `"SKYPILOT"`},
		{"U without note", strings.Replace(good, `note: "GKE offers TPU Ironwood, but the API has no accelerator for it and no Vertex AI training use was found."`, `note: ""`, 1), "needs a note"},
		{"topology twice", strings.Replace(good, "topologies: {B: [2x4]}", "topologies: {B: [2x4], U: [2x4]}", 1), "listed twice"},
		{"not YAML", "date: [", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.yaml == good {
				t.Fatal("the test's replacement did not apply; update it to machines.yaml")
			}
			_, err := parseMachineCatalog([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one about %q", err, tc.want)
			}
		})
	}
	{
		c, err := parseMachineCatalog([]byte("date: 2026-11-28\n"))
		if err == nil || !strings.Contains(err.Error(), "sources") {
			t.Errorf("a catalog without sources: got %v, %v", c, err)
		}
	}
}

// TestMachineN1Limits checks the catalog's N1 GPU limits against the
// counts Compute Engine's GPU pages give for each N1 shape and GPU, kept
// here as a table of their own so that an edit of the catalog is checked.
func TestMachineN1Limits(t *testing.T) {
	t.Parallel()
	c := machines()
	want := map[string]map[string][]int64{
		"n1-standard-8":  {"NVIDIA_TESLA_T4": {1, 2, 4}, "NVIDIA_TESLA_P4": {1, 2, 4}, "NVIDIA_TESLA_V100": {1, 2, 4, 8}, "NVIDIA_TESLA_P100": {1, 2, 4}},
		"n1-highmem-8":   {"NVIDIA_TESLA_T4": {1, 2, 4}, "NVIDIA_TESLA_P4": {1, 2, 4}, "NVIDIA_TESLA_V100": {1, 2, 4, 8}, "NVIDIA_TESLA_P100": {1, 2, 4}},
		"n1-standard-16": {"NVIDIA_TESLA_T4": {1, 2, 4}, "NVIDIA_TESLA_P4": {1, 2, 4}, "NVIDIA_TESLA_V100": {2, 4, 8}, "NVIDIA_TESLA_P100": {1, 2, 4}},
		"n1-highmem-16":  {"NVIDIA_TESLA_T4": {1, 2, 4}, "NVIDIA_TESLA_P4": {1, 2, 4}, "NVIDIA_TESLA_V100": {2, 4, 8}, "NVIDIA_TESLA_P100": {1, 2, 4}},
		"n1-standard-32": {"NVIDIA_TESLA_T4": {1, 2, 4}, "NVIDIA_TESLA_P4": {2, 4}, "NVIDIA_TESLA_V100": {4, 8}, "NVIDIA_TESLA_P100": {2, 4}},
		"n1-highcpu-32":  {"NVIDIA_TESLA_T4": {1, 2, 4}, "NVIDIA_TESLA_P4": {2, 4}, "NVIDIA_TESLA_V100": {4, 8}, "NVIDIA_TESLA_P100": {2, 4}},
		"n1-standard-64": {"NVIDIA_TESLA_T4": {4}, "NVIDIA_TESLA_P4": {4}, "NVIDIA_TESLA_V100": {8}, "NVIDIA_TESLA_P100": {4}},
		"n1-highmem-96":  {"NVIDIA_TESLA_T4": {4}, "NVIDIA_TESLA_P4": {4}, "NVIDIA_TESLA_V100": {8}, "NVIDIA_TESLA_P100": {4}},
	}
	for host, gpus := range want {
		m := c.lookup(host)
		for gpu, counts := range gpus {
			if got := c.attachedGPU(gpu).countsFor(m); !slices.Equal(got, counts) {
				t.Errorf("%s with %s: counts %v, want %v", host, gpu, got, counts)
			}
		}
	}
}

// TestMachineSizes: an unknown size of a known shape lists the sizes.
func TestMachineSizes(t *testing.T) {
	t.Parallel()
	c := machines()
	if got, want := c.sizes("a2-highgpu-3g"), []string{"a2-highgpu-1g", "a2-highgpu-2g", "a2-highgpu-4g", "a2-highgpu-8g"}; !slices.Equal(got, want) {
		t.Errorf("sizes(a2-highgpu-3g) = %v, want %v", got, want)
	}
	if got := c.sizes("n1-standrd-8"); len(got) != 0 {
		t.Errorf("sizes(n1-standrd-8) = %v, want none", got)
	}
}

func BenchmarkMachineRules(b *testing.B) {
	const doc = `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
      diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 200}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
    - machineSpec: {machineType: a2-highgpu-2g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 2}
      replicaCount: 3
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`
	d := spec.Parse("bench.yaml", []byte(doc)).Docs[0]
	machineRules := []*Rule{ruleMachineAccelerator, ruleUnknownMachineType, ruleAcceleratorWithoutType,
		ruleDeprecatedAccelerator, ruleGPUPartition, ruleBootDisk, ruleBootDiskSeries}
	for b.Loop() {
		runSemantic(d, machineRules, spec.Where{})
	}
}

// embeddedMachinesJSON is machines.json as built into the package; the
// tests run on catalogJSON() of machines.yaml as it is now (TestMain), so
// that one `go test ./lint -update` writes goldens from the catalog being
// edited, and TestMachineCatalogJSON says when the file is behind.
var embeddedMachinesJSON = machinesJSON

// catalogJSON is machines.yaml as machines.json should hold it.
func catalogJSON() ([]byte, *catalogFile, error) {
	f, err := decodeCatalogYAML(machinesYAML)
	if err != nil {
		return nil, nil, err
	}
	data, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, nil, err
	}
	return append(data, '\n'), f, nil
}

// TestMachineCatalogJSON checks that machines.json, the form the binary
// reads, is machines.yaml as it is now, and that it reads back to the same
// catalog; `go test ./lint -update` writes it.
func TestMachineCatalogJSON(t *testing.T) {
	t.Parallel()
	want, f, err := catalogJSON()
	if err != nil {
		t.Fatalf("lint/machines.yaml: %v", err)
	}
	if *update {
		if err := os.WriteFile("machines.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if !bytes.Equal(embeddedMachinesJSON, want) {
		t.Fatalf("lint/machines.json is not lint/machines.yaml as it is now: run `go test ./lint -update`")
	}
	var back catalogFile
	if err := json.Unmarshal(want, &back); err != nil {
		t.Fatal(err)
	}
	fromJSON, err := buildCatalog(&back)
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := buildCatalog(f)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromJSON, fromYAML) {
		t.Fatalf("the catalog read from machines.json differs from the one read from machines.yaml")
	}
	if got := machines(); !reflect.DeepEqual(got, fromYAML) {
		t.Fatalf("machines() differs from the catalog of machines.yaml")
	}
}
