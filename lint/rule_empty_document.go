package lint

var ruleEmptyDocument = register(&Rule{
	ID:       "VX006",
	Name:     "empty-document",
	Title:    "A document, or a whole file, is empty",
	Severity: Warning,
	Tier:     TierInput,
	Doc: `An empty file, a file of comments only, or a document separator (---) with nothing after it
defines nothing. That is harmless to Vertex AI but usually a mistake: a job that was meant to be
there is not. Remove the empty document, or fill it in.`,
	Sources: []Source{
		judgement("An empty document defines nothing; it is harmless to Vertex AI but usually a job that was meant to be there, hence a warning."),
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
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
---
`,
	Good: `---
apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
})
