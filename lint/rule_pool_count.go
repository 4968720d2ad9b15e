package lint

// maxWorkerPools is the number of distributed-training roles a CustomJob
// has: chief, workers, parameter servers and evaluators, in that order.
const maxWorkerPools = 4

var rulePoolCount = register(&Rule{
	ID:       "VX202",
	Name:     "pool-count",
	Title:    "A job has more worker pools than the 4 roles Vertex AI documents",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `Vertex AI gives each entry of workerPoolSpecs a role by its position: the first runs the primary
replica (the chief), the second the workers, the third the parameter servers (or Reduction Server)
and the fourth the evaluators. The distributed-training guide names no fifth role, and no source
says what Vertex AI does with a fifth pool, so it is a warning. To run more machines in a role,
raise that pool's replicaCount; to skip a role, leave its pool empty ({}).`,
	Sources: []Source{
		documented(guideDistributedTraining, "The guide gives workerPoolSpecs four positions: primary, workers, parameter servers (or Reduction Server) and evaluators."),
		clientCode(sdkWorkerSpecUtils, "The Python SDK builds at most four pools, in the order chief, worker, parameter server, evaluator."),
		judgement("No source says what Vertex AI does with a fifth pool, so it is a warning."),
	},
	Bad: `apiVersion: vxjob/v1
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
      replicaCount: 2
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
    - {}
    - {}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 2
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
      replicaCount: 4
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Run: runPoolCount,
})

func runPoolCount(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	pools := workerPools(p)
	// Every pool past the fourth is reported, placeholders too: it is the
	// position that has no role, whatever the entry holds.
	for i := maxWorkerPools; i < len(pools); i++ {
		d := p.Reportf(pools[i], "workerPoolSpecs[%d] has no role; Vertex AI documents %d worker pools", i, maxWorkerPools)
		d.Detail = "The pools are, in order, the chief, the workers, the parameter servers and the evaluators. " +
			"To run more machines in a role, raise that pool's replicaCount."
	}
}
