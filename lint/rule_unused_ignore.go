package lint

var ruleUnusedIgnore = register(&Rule{
	ID:       "VX008",
	Name:     "unused-ignore",
	Title:    "An ignore comment that silences nothing",
	Severity: Warning,
	Tier:     TierDirective,
	Doc: `An ignore comment whose line has no finding of the rules it names any more (the cause was
fixed, or the comment moved away from its line) would silently swallow a future finding. Remove it.`,
	Sources: []Source{
		judgement("An ignore comment that silences nothing would silently swallow a later finding on its line."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec:
        imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0  # vxjob:ignore unpinned-image -- nightly build
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec:
        imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0
`,
})
