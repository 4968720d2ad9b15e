package lint

import (
	"fmt"
	"strings"

	"github.com/vxjob/vxjob/lint/pools"
)

var rulePoolMismatch = register(&Rule{
	ID:       "VX304",
	Name:     "pool-mismatch",
	Title:    "A worker pool matches no pool of the persistent resource",
	Severity: Error,
	Tier:     TierPools,
	Doc: `A job runs on a persistent resource only if each of its worker pools matches a resource pool
exactly: "the values for machine-type and disk-type match exactly with a corresponding resource
pool". vxjob compares the whole machineSpec (type, accelerator type and count, TPU topology, GPU
partition, reservation) and the diskSpec, with the API's defaults applied on both sides (pd-ssd and
100 GB, hyperdisk-balanced on A3 Ultra), and names the nearest pool and every field that differs.`,
	Sources: []Source{
		documented(guidePersistentTrain, "The values of machine_spec and disk_spec of each worker pool must match \"exactly with a corresponding resource pool from the persistent resource\"."),
		documented(refDiskSpec, "DiskSpec's defaults, applied on both sides: pd-ssd (hyperdisk-balanced on A3U) and 100 GB."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: t4-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 4
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: resnet}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 1}
      diskSpec: {bootDiskType: pd-standard}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/train/resnet:2.0}
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: t4-pool
    machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
    replicaCount: 4
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: resnet}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
      diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 100}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/train/resnet:2.0}
`,
	Run: runPoolMismatch,
})

func runPoolMismatch(p *Pass) {
	for _, j := range p.Pools.Jobs {
		if j.Resource == nil {
			continue
		}
		for _, wp := range j.Pools {
			if wp.Match != nil {
				continue
			}
			if wp.Nearest == nil {
				d := p.ReportAtf(wp.Place, "worker pool %d matches no pool of %q: it has none", wp.Index, j.ResourceID)
				d.Detail = "The persistent resource declares no resource pools."
				continue
			}
			var diffs []string
			for _, diff := range wp.Diffs {
				diffs = append(diffs, fmt.Sprintf("%s is %s here, %s in the pool", diff.Field, diff.A, diff.B))
			}
			d := p.ReportAtf(wp.Place, "worker pool %d matches no pool of %q; the nearest, %s, differs in %s",
				wp.Index, j.ResourceID, wp.Nearest.Name(), strings.Join(pools.DiffFields(wp.Diffs), ", "))
			d.Detail = strings.Join(diffs, "; ") + ". A worker pool must match a resource pool's machineSpec and diskSpec exactly (defaults: pd-ssd, 100 GB)."
		}
	}
}
