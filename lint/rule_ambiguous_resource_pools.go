package lint

import (
	"fmt"

	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
)

var ruleAmbiguousResourcePools = register(&Rule{
	ID:       "VX218",
	Name:     "ambiguous-resource-pools",
	Title:    "Two resource pools have the same machine and disk, so jobs cannot choose between them",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `A job that runs on a persistent resource does not name a resource pool: Vertex AI gives each worker
pool a resource pool whose machineSpec and diskSpec match its own. When two pools of one resource
have the same machine (type, accelerators, TPU topology, GPU partition, reservation) and the same
boot disk, counting the API's defaults (pd-ssd, 100 GB), a job could land on either, and which
one it gets is not documented. Merge such pools into one with the replicas of both, or make them
differ, for example in the disk.`,
	Sources: []Source{
		documented(guidePersistentTrain, "A job's pool runs on the resource pool whose machine-type and disk-type it \"matches exactly\"; the guide says nothing of two such pools."),
		judgement("Which of two equal pools a job lands on is not documented, so vxjob warns."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: training-pr
spec:
  resourcePools:
  - id: t4-team-a
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 100}
    replicaCount: 2
  - id: t4-team-b
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 2
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: training-pr
spec:
  resourcePools:
  - id: t4-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 100}
    replicaCount: 4
`,
	Run: runAmbiguousResourcePools,
})

// poolSpec is a resource pool's machine and disk with the defaults applied,
// which is all a job's worker pool is matched by.
type poolSpec struct {
	machine pools.MachineSpec
	disk    pools.DiskSpec
}

func runAmbiguousResourcePools(p *Pass) {
	rps := resourcePools(p)
	if len(rps) < 2 {
		return
	}
	specs := make([]poolSpec, len(rps))
	for i, rp := range rps {
		m := pools.Machine(rp.Get("machineSpec"))
		specs[i] = poolSpec{m, pools.Disk(rp.Get("diskSpec"), m.MachineType)}
	}
	// Resources have a handful of pools, so comparing each pair is cheap,
	// and pools.Same stays the one definition of a match.
	for j := 1; j < len(rps); j++ {
		for i := range j {
			a, b := specs[i], specs[j]
			if b.machine.MachineType == "" || !pools.Same(a.machine, a.disk, b.machine, b.disk) {
				continue // a pool without a machine type is resource-pool-machine's
			}
			d := p.Reportf(rps[j], "resource pool %s has the same machine and disk as %s",
				resourcePoolName(rps[j], j), resourcePoolName(rps[i], i))
			both := describePool(b)
			if !diskWritten(rps[i]) || !diskWritten(rps[j]) {
				both += " (a diskSpec field that is not written takes the API's default)"
			}
			d.Detail = fmt.Sprintf("Both have %s. A job's worker pool is matched to a resource pool by machineSpec "+
				"and diskSpec alone, so it could land on either. Merge the two pools, or make them differ.", both)
			break // one finding per pool, naming the first it matches
		}
	}
}

// describePool says what a pool's machines are, in a few words.
func describePool(s poolSpec) string {
	m := s.machine.MachineType + " machines with "
	if s.machine.AcceleratorType != "" {
		m += fmt.Sprintf("%d %s and ", s.machine.AcceleratorCount, s.machine.AcceleratorType)
	}
	return m + fmt.Sprintf("a %d GB %s boot disk", s.disk.SizeGB, s.disk.Type)
}

// diskWritten reports whether both diskSpec fields are written, so no
// default went into the comparison.
func diskWritten(rp spec.Value) bool {
	ds := rp.Get("diskSpec")
	return ds.Get("bootDiskType").Exists() && ds.Get("bootDiskSizeGb").Exists()
}
