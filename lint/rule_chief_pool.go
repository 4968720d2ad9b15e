package lint

import "github.com/vxjob/vxjob/spec"

var ruleChiefPool = register(&Rule{
	ID:       "VX201",
	Name:     "chief-pool",
	Title:    "The first worker pool must run the chief: one replica",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `workerPoolSpecs[0] is the primary replica (the chief, or master). The distributed-training guide
says "you must specify a primary replica" and to "use the first worker pool specification only
for your primary replica, and set its replicaCount to 1". The later pools (workers, parameter
servers, evaluators) may be left empty with {} when a role is not used; the first may not. A job
of one pool with several replicas in it draws primary-replica (VX231), a warning.`,
	Sources: []Source{
		documented(guideDistributedTraining, "\"You must specify a primary replica\"; \"use the first worker pool specification only for your primary replica, and set its replicaCount to 1\"."),
		documented(refCustomJobSpec, "workerPoolSpecs: \"All worker pools except the first one are optional and can be skipped by providing an empty value.\""),
		clientCode(sdkWorkerSpecUtils, "The Python SDK's distributed-training spec raises \"Chief spec replica count cannot be greater than 1.\""),
		clientCode(gcloudJobsValidation, "gcloud: \"Empty value is not allowed for the first `--worker-pool-spec` flag.\""),
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
      replicaCount: 7
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Run: runChiefPool,
})

func runChiefPool(p *Pass) {
	pools := workerPools(p)
	if len(pools) == 0 {
		return
	}
	chief := pools[0]
	if isEmptyPool(chief) {
		d := p.Reportf(chief, "the first worker pool is empty; it must run the chief")
		d.Detail = "Only the pools after the first may be left empty ({}) for roles the job does not use."
		return
	}
	if len(pools) < 2 {
		return
	}
	if n, ok := chief.Get("replicaCount").Int(); ok && n != 1 {
		d := p.Reportf(chief.Get("replicaCount"), "the chief pool (the first) has %d replicas; with several pools it must have 1", n)
		d.Detail = "Put the other replicas in the second pool, the workers."
		d.Suggestion = "1"
	}
}

// workerPools returns the worker pools of a CustomJob document.
// It is read once per document for every rule that asks; callers must not
// change the slice.
func workerPools(p *Pass) []spec.Value {
	return remember(p, workerPoolsKey{}, func() []spec.Value {
		return p.Spec().Get("jobSpec").Get("workerPoolSpecs").Items()
	})
}

// workerPoolsKey is workerPools' key in Pass.memo.
type workerPoolsKey struct{}

// isEmptyPool reports whether a worker pool is a placeholder: {} or null.
func isEmptyPool(pool spec.Value) bool {
	return pool.Len() == 0
}
