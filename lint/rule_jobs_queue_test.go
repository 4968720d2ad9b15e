package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJobsQueueOncePerPool: 2,000 jobs that ask one pool of three (a
// monorepo's shape) draw one VX311, at the pool, whose message names ten
// jobs and how many more; --format json lists all 2,000. The text grows
// with the pools, not with the square of the jobs.
func TestJobsQueueOncePerPool(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("pr.yaml", `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 4
  - id: t4-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 4
  - id: big-pool
    machineSpec: {machineType: n1-highmem-16}
    replicaCount: 4
`)
	const jobs = 200
	for i := range jobs {
		write(fmt.Sprintf("job%04d.yaml", i), fmt.Sprintf(`apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: job%04d}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`, i))
	}
	res := lintCase(t, dir)
	var queue []*Diagnostic
	for _, d := range res.Diagnostics {
		if d.Rule == ruleJobsQueue {
			queue = append(queue, d)
		}
	}
	if len(queue) != 1 || queue[0].File != filepath.Join(dir, "pr.yaml") || queue[0].Range.Start.Line != 7 {
		t.Fatalf("%d VX311 findings, want one at pr.yaml:7: %v", len(queue), messages(queue))
	}
	want := `200 jobs together ask pool "cpu-pool" of "training-pr" for 200 replicas; it holds 4 at once, so they cannot all run at the same time: job0000, job0001, job0002, job0003, job0004, job0005, job0006, job0007, job0008, job0009 and 190 more`
	if queue[0].Summary != want {
		t.Errorf("summary\n got %s\nwant %s", queue[0].Summary, want)
	}

	var text bytes.Buffer
	if err := Write(&text, FormatText, res, OutputOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("text output: %d bytes", text.Len())
	if text.Len() > 1024 {
		t.Errorf("text output is %d bytes:\n%.2000s", text.Len(), text.String())
	}

	var js bytes.Buffer
	if err := Write(&js, FormatJSON, res, OutputOptions{}); err != nil {
		t.Fatal(err)
	}
	var report struct {
		Diagnostics []struct {
			Rule    string
			Related []struct{ File, Message string }
		}
	}
	if err := json.Unmarshal(js.Bytes(), &report); err != nil {
		t.Fatal(err)
	}
	for _, d := range report.Diagnostics {
		if d.Rule == "VX311" && (len(d.Related) != jobs || !strings.HasSuffix(d.Related[jobs-1].File, "job0199.yaml") || d.Related[0].Message != "job job0000 asks for 1") {
			t.Errorf("json lists %d jobs, want %d", len(d.Related), jobs)
		}
	}
}
