package lint

import (
	"fmt"
	"strings"
)

var rulePoolSources = &Rule{
	ID:       "VX310",
	Name:     "pool-sources-disagree",
	Title:    "Two descriptions of one persistent resource disagree",
	Severity: Warning,
	Tier:     TierPools,
	Doc: `A persistent resource may be described by its document in the repository and by pools files (a
snapshot of what runs, or a teammate's copy). When they disagree on its pools, machines, disks,
replica limits, network, key or service account policy, jobs may be checked against something that
is not what runs. Jobs are checked against the first description (the linted documents come
first); the finding names the other and every difference. Refresh the snapshot, or apply the
repository's version.`,
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 4
---
apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 4
`,
	Run: func(p *Pass) {
		for _, d := range p.Pools.Disagreements() {
			at, other := d.Resource.Place, d.Other.Place
			if d.Resource.Snapshot {
				at, other = other, at
			}
			diag := p.ReportAtf(at, "persistent resource %q is described differently in %s", d.Resource.ID, other)
			diag.Detail = fmt.Sprintf("Differences: %s. Jobs are checked against the description in %s.", strings.Join(d.Diffs, "; "), d.Resource.Place)
		}
	},
}
