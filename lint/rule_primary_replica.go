package lint

import "fmt"

var rulePrimaryReplica = register(&Rule{
	ID:       "VX231",
	Name:     "primary-replica",
	Title:    "A job of one worker pool that runs several replicas, where the guide puts one primary replica in the first pool",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `Vertex AI's distributed-training guide says that in a training cluster "exactly one replica is
designated the primary replica", and to "use the first worker pool specification only for your
primary replica, and set its replicaCount to 1"; further replicas go in the second pool, the
workers. A job of a single worker pool whose replicaCount is above 1 puts several replicas where
the primary goes. No source says what Vertex AI does with such a job (refuses it, or runs it), so
this is a warning, not an error. The Python SDK's training classes never send one: they turn a
replica_count of N into one primary and N-1 workers.

Put one replica in the first pool and the rest in a second pool with the same machine and task.
A job of several pools whose first pool has more than one replica is chief-pool's (VX201).`,
	Sources: []Source{
		documented(guideDistributedTraining, `"Primary replica: Exactly one replica is designated the primary replica."; "You must specify a primary replica ... Use the first worker pool specification only for your primary replica, and set its replicaCount to 1".`),
		clientCode(sdkWorkerSpecUtils, `The SDK's chief_worker_pool assigns one replica "to chief and the remainder to workers", and its pool_specs raise "Chief spec replica count cannot be greater than 1."`),
		judgement("Neither the guide nor the REST reference (replicaCount: \"The number of worker replicas to use for this worker pool\") says that Vertex AI refuses a single pool of several replicas, so this is a warning."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 4
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 3
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Run: runPrimaryReplica,
})

func runPrimaryReplica(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	pools := workerPools(p)
	if len(pools) != 1 || isEmptyPool(pools[0]) {
		return // several pools are chief-pool's; an empty first pool too
	}
	rc := pools[0].Get("replicaCount")
	n, ok := rc.Int()
	if !ok || n <= 1 {
		return
	}
	d := p.Reportf(rc, "the only worker pool runs %d replicas; the distributed-training guide gives the first pool one, the primary replica", n)
	d.Detail = fmt.Sprintf("What Vertex AI does with several replicas in the first pool is not documented. "+
		"For distributed training, give the first pool replicaCount 1 and add a second pool, of the same machine and task, with the other %d.", n-1)
}
