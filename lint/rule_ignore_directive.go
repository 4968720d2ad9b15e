package lint

var ruleIgnoreDirective = &Rule{
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
}

var ruleUnusedIgnore = &Rule{
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
}
