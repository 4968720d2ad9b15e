package lint

var ruleUnsupportedYAML = register(&Rule{
	ID:       "VX005",
	Name:     "unsupported-yaml",
	Title:    "A YAML construct that has no JSON form",
	Severity: Error,
	Tier:     TierInput,
	Doc: `Vertex AI takes JSON, so a vxjob document must be YAML that means the same as some JSON: no
custom tags (!Ref), no lists or mappings used as keys, and merge keys (<<) only with mappings.
vxjob cannot know what such a value should become, and reports it.`,
	Sources: []Source{
		documented(yamlSpec+"#3211-nodes", "YAML 1.2.2 lets mapping keys be \"arbitrary nodes\" and values carry tags, which JSON has no form for."),
		judgement("Vertex AI takes JSON, so vxjob refuses YAML whose JSON form it would have to guess."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  displayName: !Sub "${AWS::StackName}"
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  displayName: mnist
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
})
