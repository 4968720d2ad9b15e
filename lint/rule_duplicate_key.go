package lint

var ruleDuplicateKey = register(&Rule{
	ID:       "VX003",
	Name:     "duplicate-key",
	Title:    "A mapping has the same key twice",
	Severity: Error,
	Tier:     TierInput,
	Doc: `YAML forbids a key to appear twice in one mapping, and tools that accept it anyway disagree about
which value wins: what you read is not necessarily what Vertex AI gets. The second key is
reported, with the line of the first. Keep one of them.`,
	Sources: []Source{
		documented(yamlSpec+"#3211-nodes", "YAML 1.2.2: a mapping is a set of key/value pairs \"with the restriction that each of the keys is unique\"."),
		documented(protoJSON+"#duplicate-values", "ProtoJSON parsers keep the last of duplicated fields, or reject the input; it recommends not relying on either."),
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
      replicaCount: 2
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
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
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
})
