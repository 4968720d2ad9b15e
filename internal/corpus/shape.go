package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Shape is a monorepo whose jobs run on persistent resources that the
// repository does not describe: Vertex AI holds them, and a pools file
// (what vxjob snapshot writes) says what they are. The jobs are the
// distributed example job, spread round robin over the pools, each pool
// oversubscribed on purpose: the jobs of a pool together ask more than it
// holds, so the pool tier does all its work (matching, contention) and
// reports each pool once (VX311, info).
type Shape struct {
	Files int // job files, one job each
	Pools int // resource pools the jobs are spread over (at least 1)
}

// PoolsPerResource is how many pools a resource of a Shape has, at most.
const PoolsPerResource = 4

// PoolLimit is the autoscaling maximum of each pool of a Shape.
const PoolLimit = 16

const (
	jobTemplate = "examples/jobs/resnet-distributed.yaml"
	// replicasPerJob is what the template asks of its pool: a chief and
	// three workers.
	replicasPerJob = 4
)

func (s Shape) pools() int { return max(s.Pools, 1) }

// resources is how many persistent resources the pools are on.
func (s Shape) resources() int { return (s.pools() + PoolsPerResource - 1) / PoolsPerResource }

// Oversubscribed is how many pools the jobs of s ask for more replicas
// than they hold: each draws one VX311 when the pools file is given.
func (s Shape) Oversubscribed() int {
	n := 0
	for p := range s.pools() {
		jobs := s.Files / s.pools()
		if p < s.Files%s.pools() {
			jobs++
		}
		if jobs > 1 && jobs*replicasPerJob > PoolLimit {
			n++
		}
	}
	return n
}

// resourceID names resource r; pool p of a resource has the boot disk
// size diskGB(p), which is what tells its pools apart.
func resourceID(r int) string { return fmt.Sprintf("shared-pr-%03d", r) }

func diskGB(p int) int { return 100 + 10*p }

// WriteJobs writes s.Files job files under dir, 100 to a directory. root
// is the module root, where the job template is read from.
func WriteJobs(root, dir string, s Shape) error {
	data, err := os.ReadFile(filepath.Join(root, jobTemplate))
	if err != nil {
		return err
	}
	tmpl := string(data)
	for _, want := range []string{"  name: resnet-distributed\n", "persistentResourceId: training-pr\n", "bootDiskSizeGb: 100\n"} {
		if strings.Count(tmpl, want) != 1 {
			return fmt.Errorf("%s: want %q once", jobTemplate, want)
		}
	}
	for i := range s.Files {
		pool := i % s.pools()
		src := strings.NewReplacer(
			"  name: resnet-distributed\n", fmt.Sprintf("  name: resnet-%05d\n", i),
			"persistentResourceId: training-pr\n", "persistentResourceId: "+resourceID(pool/PoolsPerResource)+"\n",
			"bootDiskSizeGb: 100\n", fmt.Sprintf("bootDiskSizeGb: %d\n", diskGB(pool%PoolsPerResource)),
		).Replace(tmpl)
		path := filepath.Join(dir, fmt.Sprintf("d%03d", i/100), fmt.Sprintf("job-%05d.yaml", i))
		if i%100 == 0 {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WritePools writes the pools file of s at path: every resource its jobs
// name, as a snapshot taken while the resources were idle.
func WritePools(path string, s Shape) error {
	var b strings.Builder
	b.WriteString("# Written by internal/corpus, as vxjob snapshot would.\n")
	for r := range s.resources() {
		fmt.Fprintf(&b, `---
apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: %s
  project: acme-ml-prod
  location: us-central1
spec:
  resourcePools:
`, resourceID(r))
		var status strings.Builder
		for p := range min(PoolsPerResource, s.pools()-r*PoolsPerResource) {
			fmt.Fprintf(&b, `  - id: t4-pool-%d
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: %d}
    replicaCount: 4
    autoscalingSpec: {minReplicaCount: 4, maxReplicaCount: %d}
`, p, diskGB(p), PoolLimit)
			fmt.Fprintf(&status, "  - {id: t4-pool-%d, replicaCount: 4, usedReplicaCount: 0}\n", p)
		}
		fmt.Fprintf(&b, "status:\n  state: RUNNING\n  observedAt: \"2026-11-28T10:00:00Z\"\n  resourcePools:\n%s", status.String())
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
