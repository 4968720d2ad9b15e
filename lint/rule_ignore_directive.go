package lint

var ruleIgnoreDirective = register(&Rule{
	ID:       "VX007",
	Name:     "ignore-directive",
	Title:    "An ignore comment without a reason, or naming an unknown rule",
	Severity: Error,
	Tier:     TierDirective,
	Doc: `A finding can be silenced with a comment on its line, or on the line above:
# vxjob:ignore RULE[,RULE] -- reason. The reason is required, so the next reader knows why the
finding does not apply; a comment without one, or naming a rule that does not exist, silences
nothing and is reported itself.`,
	Sources: []Source{
		judgement("vxjob's own ignore comments: a reason is required so that the next reader knows why a finding does not apply."),
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
        imageUri: us-docker.pkg.dev/my-project/train/mnist:latest  # vxjob:ignore unpinned-image
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
        # vxjob:ignore unpinned-image -- the nightly job always takes the newest build
        imageUri: us-docker.pkg.dev/my-project/train/mnist:latest
`,
})
