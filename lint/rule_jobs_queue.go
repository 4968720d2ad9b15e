package lint

import (
	"fmt"
	"strings"
)

var ruleJobsQueue = &Rule{
	ID:       "VX311",
	Name:     "jobs-queue",
	Title:    "Jobs together ask a resource pool for more replicas than it holds at once",
	Severity: Info,
	Tier:     TierPools,
	Doc: `Each job fits its pool, but the jobs of the run together ask one pool for more replicas than it
can hold at once. Vertex AI counts used replicas per pool and keeps a job that does not fit yet
QUEUED until others finish, so they will not all run at the same time. This is worth knowing, not
wrong: it is reported as info, at each job involved.`,
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl-a}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 2
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl-b}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 3
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl-a}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 2
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl-b}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Run: runJobsQueue,
}

func runJobsQueue(p *Pass) {
	for _, c := range p.Pools.Contentions() {
		var names []string
		for _, j := range c.Jobs {
			names = append(names, j.Name)
		}
		for _, j := range c.Jobs {
			for _, d := range j.Demands() {
				if d.Pool != c.Pool {
					continue
				}
				diag := p.ReportAtf(d.First.Place, "jobs %s together ask pool %q of %q for %d replicas; it holds %d at once, so some will queue",
					strings.Join(names, ", "), c.Pool.ID, c.Resource.ID, c.Total, c.Pool.Limit())
				diag.Detail = fmt.Sprintf("This job asks for %d. Vertex AI keeps a job QUEUED until enough replicas of the pool are free.", d.Replicas)
			}
		}
	}
}
