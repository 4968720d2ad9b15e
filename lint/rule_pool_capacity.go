package lint

import (
	"fmt"

	"github.com/vxjob/vxjob/lint/pools"
)

var rulePoolCapacity = register(&Rule{
	ID:       "VX305",
	Name:     "pool-capacity",
	Title:    "A job asks a resource pool for more replicas than it can hold",
	Severity: Error,
	Tier:     TierPools,
	Doc: `A job may ask a resource pool for at most its replicaCount, or its autoscalingSpec.maxReplicaCount
when it autoscales ("a replica-count less than or equal to the replica-count or max-replica-count
of the corresponding resource pool"). Worker pools of one job that land on the same resource pool
run at once, so their replicas add up. Such a job cannot run as written; whether Vertex AI refuses
it or leaves it waiting is not documented.`,
	Sources: []Source{
		documented(guidePersistentTrain, "\"Specify a replica-count less than or equal to the replica-count or max-replica-count of the corresponding resource pool.\""),
		judgement("Worker pools of one job run at once, so those on one resource pool add up; what Vertex AI does with a job that asks more is not documented."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
    autoscalingSpec: {minReplicaCount: 1, maxReplicaCount: 3}
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 3
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
    autoscalingSpec: {minReplicaCount: 1, maxReplicaCount: 4}
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 3
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Run: runPoolCapacity,
})

func runPoolCapacity(p *Pass) {
	for _, j := range p.Pools.Jobs {
		for _, d := range j.Demands() {
			if d.Replicas <= d.Pool.Limit() {
				continue
			}
			diag := p.ReportAtf(d.First.ReplicasPlace, "%s %s of %q for %d replicas; it holds at most %d",
				asking(j, d), d.Pool.Name(), j.ResourceID, d.Replicas, d.Pool.Limit())
			diag.Detail = limitDetail(d.Pool)
		}
	}
}

// asking says which worker pools of j ask for d: "worker pool 1 asks pool"
// or "worker pools 0 and 1 ask pool".
func asking(j *pools.Job, d pools.Demand) string {
	var idx []int
	for _, wp := range j.Pools {
		if wp.Match == d.Pool {
			idx = append(idx, wp.Index)
		}
	}
	if len(idx) == 1 {
		return fmt.Sprintf("worker pool %d asks pool", idx[0])
	}
	s := fmt.Sprintf("worker pools %d", idx[0])
	for i, n := range idx[1:] {
		if i == len(idx)-2 {
			s += fmt.Sprintf(" and %d", n)
		} else {
			s += fmt.Sprintf(", %d", n)
		}
	}
	return s + " ask pool"
}

func limitDetail(pool *pools.Pool) string {
	if pool.Autoscaling && pool.Max > 0 {
		return fmt.Sprintf("Pool %s autoscales up to maxReplicaCount %d; worker pools that land on it run at once, so their replicas add up.", pool.Name(), pool.Max)
	}
	return fmt.Sprintf("Pool %s has replicaCount %d and does not autoscale; worker pools that land on it run at once, so their replicas add up.", pool.Name(), pool.Replicas)
}
