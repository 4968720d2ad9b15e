package lint

var rulePoolBusy = register(&Rule{
	ID:       "VX306",
	Name:     "pool-busy",
	Title:    "A resource pool had too few free replicas for the job when last seen",
	Severity: Warning,
	Tier:     TierPools,
	Doc: `A snapshot (vxjob snapshot) records how many replicas of each pool were in use, and lint --live
asks Vertex AI for the number now. When a job asks for more than were free (the pool's limit
minus usedReplicaCount), it will wait for other jobs to finish, or fail: Vertex AI does not
document which. The job itself fits the pool; pool-capacity reports jobs that never do. What
lint --live sees wins over older snapshots.`,
	Sources: []Source{
		documented(guidePersistentTrain, "The REST steps ask for a replica_count within the pool's limit, \"excluding the replica count of any other jobs running on that resource pool\"."),
		documented(protoPersistentResource, "usedReplicaCount: \"The number of machines currently in use by training jobs for this resource pool.\""),
		judgement("Whether a job that does not fit yet waits or fails is not documented, so it is a warning."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 4
status:
  state: RUNNING
  observedAt: "2026-11-28T10:00:00Z"
  resourcePools:
  - {id: cpu-pool, replicaCount: 4, usedReplicaCount: 3}
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
    replicaCount: 4
status:
  state: RUNNING
  observedAt: "2026-11-28T10:00:00Z"
  resourcePools:
  - {id: cpu-pool, replicaCount: 4, usedReplicaCount: 2}
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
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Run: runPoolBusy,
})

func runPoolBusy(p *Pass) {
	for _, j := range p.Pools.Jobs {
		for _, d := range j.Demands() {
			pool := d.Pool
			if !pool.Observed || d.Replicas > pool.Limit() || d.Replicas <= pool.Free() {
				continue
			}
			diag := p.ReportAtf(d.First.ReplicasPlace, "%s %s of %q for %d replicas; %d of %d were free when last seen",
				asking(j, d), pool.Name(), j.ResourceID, d.Replicas, pool.Free(), pool.Limit())
			diag.Detail = "The job may wait for other jobs to finish, or fail: Vertex AI does not document which."
			switch at := j.Resource.ObservedAt; {
			case j.Resource.ObservedLive:
				diag.Detail = "Vertex AI reports " + plural(int(pool.Used), "replica") + " in use now. The job may wait for other jobs to finish, or fail: Vertex AI does not document which."
			case at != "":
				diag.Detail = "A snapshot saw " + plural(int(pool.Used), "replica") + " in use at " + at + ". The job may wait for other jobs to finish, or fail: Vertex AI does not document which."
			}
		}
	}
}
