package lint

import (
	"fmt"
	"strings"
)

var ruleJobsQueue = register(&Rule{
	ID:       "VX311",
	Name:     "jobs-queue",
	Title:    "Jobs together ask a resource pool for more replicas than it holds at once",
	Severity: Info,
	Tier:     TierPools,
	Doc: `Each job fits its pool, but the jobs of the run together ask one pool for more replicas than it
can hold at once, so they cannot all run at the same time. The persistent-resource guide asks for a
job's replicaCount within the pool's limit "excluding the replica count of any other jobs running
on that resource pool"; what Vertex AI does with a job sent while the pool is full (keep it
waiting, or fail it) is not documented. This is worth knowing, not wrong: it is reported as info,
once per pool, at the pool (or at the first job, when the resource is known only from a pools
file), naming the total, the limit and the jobs; --format json and SARIF list every job as a
related location.`,
	Sources: []Source{
		documented(guidePersistentTrain, "The REST steps ask for a replica_count within the pool's limit, \"excluding the replica count of any other jobs running on that resource pool\"."),
		judgement("Whether Vertex AI queues a job that does not fit yet, or fails it, is not documented; jobs applied together may not all run at once, which is worth knowing, hence info."),
	},
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
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
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
})

// maxNamedJobs is how many jobs a VX311 message names; JSON and SARIF
// list every one as a related location.
const maxNamedJobs = 10

// runJobsQueue reports each oversubscribed pool once, whatever the number
// of jobs that ask it: at the pool in the linted PersistentResource
// document, or at the first job when the resource is known only from a
// pools file or Vertex AI.
func runJobsQueue(p *Pass) {
	for _, c := range p.Pools.Contentions() {
		at := c.Pool.Place
		if c.Resource.Snapshot || c.Resource.Live || at.File == "" {
			at = c.Asks[0].First.Place
		}
		names := make([]string, len(c.Jobs))
		for i, j := range c.Jobs {
			names[i] = j.Name
		}
		diag := p.ReportAtf(at, "%d jobs together ask pool %s of %q for %d replicas; it holds %d at once, so they cannot all run at the same time: %s",
			len(c.Jobs), c.Pool.Name(), c.Resource.ID, c.Total, c.Pool.Limit(), nameList(names, maxNamedJobs))
		diag.Detail = "Vertex AI does not document whether a job sent while the pool is full waits for free replicas or fails."
		diag.Related = make([]Related, len(c.Jobs))
		for i, j := range c.Jobs {
			diag.Related[i] = Related{Place: c.Asks[i].First.Place, Message: fmt.Sprintf("job %s asks for %d", j.Name, c.Asks[i].Replicas)}
		}
	}
}

// nameList writes names, at most max of them, then how many more.
func nameList(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}
