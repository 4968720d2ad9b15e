package lint

var ruleAliasExpansion = register(&Rule{
	ID:       "VX004",
	Name:     "alias-expansion",
	Title:    "Aliases expand the document beyond what vxjob accepts",
	Severity: Error,
	Tier:     TierInput,
	Doc: `Anchors (&name) and aliases (*name) are fine for sharing a container spec between worker pools.
But aliases of aliases multiply: a few lines can stand for billions of values (the "billion
laughs" attack), and a few aliases of one long string stand for gigabytes of text. vxjob stops
expanding at 10,000 values or 4 MiB of text added by aliases per document, reports the alias
where it stopped.`,
	Sources: []Source{
		judgement("Aliases of aliases expand exponentially (the billion laughs attack); vxjob stops at 10,000 values or 4 MiB of text added per document, limits of its own far above what job files use."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
  a: &a [x, x, x, x, x, x, x, x, x, x]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
spec: {}
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
      containerSpec: &trainer {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 2
      containerSpec: *trainer
`,
})
