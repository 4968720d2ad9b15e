package pools

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// resourceYAML is a persistent resource with an autoscaling A100 pool, a
// T4 pool written with every default spelled out, and a CPU pool.
const resourceYAML = `
apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr, project: acme, location: us-central1}
spec:
  resourcePools:
  - id: a100
    machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
    diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 200}
    replicaCount: 1
    autoscalingSpec: {minReplicaCount: 1, maxReplicaCount: 3}
  - id: t4
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 100}
    replicaCount: "4"
  - id: cpu
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
`

func job(name, location, pools string) string {
	return fmt.Sprintf(`
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: %s, project: acme, location: %s}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:%s`, name, location, pools)
}

const (
	t4Defaults = `
    - machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
      replicaCount: 1
      containerSpec: {imageUri: img:1}`
	t4Workers = `
    - machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
      diskSpec: {bootDiskType: pd-ssd}
      replicaCount: 3
      containerSpec: {imageUri: img:1}`
	a100 = `
    - machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
      diskSpec: {bootDiskSizeGb: 200}
      replicaCount: 1
      containerSpec: {imageUri: img:1}`
	a100DefaultDisk = `
    - machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: img:1}`
	cpuNoReplicaCount = `
    - machineSpec: {machineType: n1-standard-8}
      containerSpec: {imageUri: img:1}`
	placeholder = `
    - {}`
)

// load parses multi-document sources and builds a Set from them, as the
// lint runner does.
func load(t *testing.T, d Defaults, sources ...string) *Set {
	t.Helper()
	var resources []*Resource
	var jobs []*Job
	for i, src := range sources {
		f := spec.Parse(fmt.Sprintf("f%d.yaml", i), []byte(src))
		if len(f.Errors) > 0 {
			t.Fatalf("source %d: %v", i, f.Errors)
		}
		for _, doc := range f.Docs {
			switch doc.Kind {
			case "PersistentResource":
				resources = append(resources, ResourceFrom(doc, d, false))
			case "CustomJob":
				if j := JobFrom(doc, d); j != nil {
					jobs = append(jobs, j)
				}
			}
		}
	}
	return NewSet(resources, jobs)
}

// outcome describes an assigned job: the pool of each non-empty worker
// pool ("t4"), or "-" and the differing fields of the nearest pool.
func outcome(j *Job) []string {
	if j.Resource == nil {
		var where []string
		for _, r := range j.Elsewhere {
			where = append(where, r.Location)
		}
		return []string{"no resource; elsewhere: " + strings.Join(where, ",")}
	}
	var out []string
	for _, wp := range j.Pools {
		if wp.Match != nil {
			out = append(out, fmt.Sprintf("%d:%s", wp.Index, wp.Match.ID))
			continue
		}
		out = append(out, fmt.Sprintf("%d:- nearest %s %s", wp.Index, wp.Nearest.ID, strings.Join(DiffFields(wp.Diffs), ",")))
	}
	return out
}

func demands(j *Job) []string {
	var out []string
	for _, d := range j.Demands() {
		out = append(out, fmt.Sprintf("%s=%d/%d", d.Pool.ID, d.Replicas, d.Pool.Limit()))
	}
	return out
}

func TestMatcher(t *testing.T) {
	tests := []struct {
		name     string
		defaults Defaults
		sources  []string // one string per file; "---" separates documents
		matches  []string
		demands  []string
	}{
		{
			name:    "defaults applied on both sides",
			sources: []string{resourceYAML, job("j", "us-central1", t4Defaults)},
			matches: []string{"0:t4"},
			demands: []string{"t4=1/4"},
		},
		{
			name:    "a disk size written on one side only",
			sources: []string{resourceYAML, job("j", "us-central1", a100DefaultDisk)},
			matches: []string{"0:- nearest a100 diskSpec.bootDiskSizeGb"},
		},
		{
			name:    "autoscaling limit is the maximum",
			sources: []string{resourceYAML, job("j", "us-central1", a100)},
			matches: []string{"0:a100"},
			demands: []string{"a100=1/3"},
		},
		{
			name:    "worker pools on one resource pool add up",
			sources: []string{resourceYAML, job("j", "us-central1", t4Defaults+t4Workers)},
			matches: []string{"0:t4", "1:t4"},
			demands: []string{"t4=4/4"},
		},
		{
			name:    "placeholders are skipped and an unset replicaCount counts one",
			sources: []string{resourceYAML, job("j", "us-central1", a100+placeholder+cpuNoReplicaCount)},
			matches: []string{"0:a100", "2:cpu"},
			demands: []string{"a100=1/3", "cpu=1/2"},
		},
		{
			name:    "a multi-document file",
			sources: []string{resourceYAML + "---" + job("j", "us-central1", t4Workers)},
			matches: []string{"0:t4"},
			demands: []string{"t4=3/4"},
		},
		{
			name:    "the resource is in another location",
			sources: []string{resourceYAML, job("j", "europe-west4", t4Defaults)},
			matches: []string{"no resource; elsewhere: us-central1"},
		},
		{
			name:     "project and location from the defaults",
			defaults: Defaults{Project: "acme", Location: "us-central1"},
			sources: []string{resourceYAML, `
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: j}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:` + t4Defaults},
			matches: []string{"0:t4"},
			demands: []string{"t4=1/4"},
		},
		{
			name:    "accelerator count differs: nearest pool and the field",
			sources: []string{resourceYAML, job("j", "us-central1", strings.Replace(t4Defaults, "acceleratorCount: 2", "acceleratorCount: 4", 1))},
			matches: []string{"0:- nearest t4 machineSpec.acceleratorCount"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, tt.defaults, tt.sources...)
			if len(s.Jobs) != 1 {
				t.Fatalf("%d jobs", len(s.Jobs))
			}
			j := s.Jobs[0]
			if got := outcome(j); !reflect.DeepEqual(got, tt.matches) {
				t.Errorf("matches %q, want %q", got, tt.matches)
			}
			if got := demands(j); !reflect.DeepEqual(got, tt.demands) {
				t.Errorf("demands %q, want %q", got, tt.demands)
			}
		})
	}
}

func TestJobWithoutResource(t *testing.T) {
	f := spec.Parse("j.yaml", []byte("apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: j}\nspec: {jobSpec: {workerPoolSpecs: [{}]}}\n"))
	if j := JobFrom(f.Docs[0], Defaults{}); j != nil {
		t.Errorf("a job without persistentResourceId has a summary: %+v", j)
	}
}

func TestSnapshotStatusAndDisagreement(t *testing.T) {
	snapshot := strings.Replace(resourceYAML, `replicaCount: "4"`, `replicaCount: 2`, 1) + `
status:
  state: RUNNING
  observedAt: "2026-11-28T10:00:00Z"
  resourcePools:
  - {id: t4, replicaCount: 2, usedReplicaCount: 1}
`
	f := spec.Parse("declared.yaml", []byte(resourceYAML))
	g := spec.Parse("snapshot.yaml", []byte(snapshot))
	declared := ResourceFrom(f.Docs[0], Defaults{}, false)
	seen := ResourceFrom(g.Docs[0], Defaults{}, true)
	// The snapshot is listed first, but the declared resource wins.
	s := NewSet([]*Resource{seen, declared}, nil)
	if len(s.Resources) != 1 || s.Resources[0] != declared {
		t.Fatalf("resources %v", s.Resources)
	}
	t4 := declared.Pool("t4")
	if declared.State != "RUNNING" || !t4.Observed || t4.Used != 1 || t4.Free() != 3 {
		t.Errorf("observed state %q, t4 observed %v used %d free %d", declared.State, t4.Observed, t4.Used, t4.Free())
	}
	d := s.Disagreements()
	if len(d) != 1 || d[0].Other != seen || !reflect.DeepEqual(d[0].Diffs, []string{`pool "t4" replica limit 4 vs 2`}) {
		t.Errorf("disagreements %+v", d)
	}
}

func TestContentions(t *testing.T) {
	s := load(t, Defaults{}, resourceYAML, job("a", "us-central1", t4Defaults+t4Workers), job("b", "us-central1", t4Workers), job("c", "us-central1", a100))
	c := s.Contentions()
	if len(c) != 1 || c[0].Pool.ID != "t4" || c[0].Total != 7 || len(c[0].Jobs) != 2 {
		t.Fatalf("contentions %+v", c)
	}
}

// TestPoolName: messages name a pool by its ID, or by its place when the
// document leaves the ID to Vertex AI.
func TestPoolName(t *testing.T) {
	for _, tt := range []struct {
		pool Pool
		want string
	}{
		{Pool{ID: "t4-pool", Index: 1}, `"t4-pool"`},
		{Pool{Index: 1}, "resourcePools[1]"},
	} {
		if got := tt.pool.Name(); got != tt.want {
			t.Errorf("Name() of %+v = %s, want %s", tt.pool, got, tt.want)
		}
	}
}
