package lint

var ruleYAMLSyntax = register(&Rule{
	ID:       "VX001",
	Name:     "yaml-syntax",
	Title:    "The file is not valid YAML",
	Severity: Error,
	Tier:     TierInput,
	Doc: `The YAML parser stopped at this point; nothing after it in the file was read.
The most common causes are a tab in the indentation (YAML indents with spaces only), a missing
space after a colon, an unclosed quote or bracket, and an alias (*name) whose anchor (&name) is
missing. Lists and mappings may nest at most 100 levels deep (job files nest about ten); deeper
nesting is reported where it passes the limit, before any YAML parser reads the file.`,
	Sources: []Source{
		documented(yamlSpec+"#61-indentation-spaces", "YAML 1.2.2 indents with spaces: \"tab characters must not be used in indentation\"."),
		documented(goYAMLReadme, "vxjob parses with go.yaml.in/yaml/v3, a port of libyaml that \"supports most of YAML 1.2\"."),
		judgement("Past a syntax error nothing in the file can be read reliably, so none of it is checked; the nesting limit of 100 levels is vxjob's."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4
      replicaCount: 1
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
