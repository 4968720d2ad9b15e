package lint

var ruleAmbiguousNumber = register(&Rule{
	ID:       "VX010",
	Name:     "ambiguous-number",
	Title:    "A plain number YAML reads otherwise than it looks",
	Severity: Error,
	Tier:     TierInput,
	Doc: `Some plain values are numbers to YAML but not what a reader takes them for, and YAML's
versions disagree: 0200 is the octal number 128 in YAML 1.1 (which the YAML library follows) and
200 in YAML 1.2; 1_000 is 1000 in YAML 1.1 and text in 1.2; 0x10 and 0o17 are numbers in bases
JSON lacks; .inf and .nan are infinity and not-a-number, which reach Vertex AI as the text
"Infinity" and "NaN" (in a string field too). vxjob does not guess, changes nothing, and reports it:
write the number in decimal as JSON does (128, 1000), or quote the value ("0200") if it is text.`,
	Sources: []Source{
		documented(yaml11Int, "YAML 1.1 reads 0200 as octal, 0x10 as hexadecimal and 1_000 with its underscore as integers."),
		documented(goYAMLReadme, "go.yaml.in/yaml/v3, the parser vxjob uses, \"supports octals encoded and decoded as 0777 per YAML 1.1\"."),
		documented(protoJSON, "ProtoJSON writes the special floats as the strings \"NaN\", \"Infinity\" and \"-Infinity\", so .inf and .nan reach Vertex AI as text."),
		judgement("YAML 1.1 and 1.2 read these plain numbers differently, so vxjob refuses to pick one reading and asks for decimal or quotes."),
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
      diskSpec: {bootDiskSizeGb: 0200}
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
      diskSpec: {bootDiskSizeGb: 200}
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
})
