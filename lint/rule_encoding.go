package lint

var ruleEncoding = register(&Rule{
	ID:       "VX002",
	Name:     "encoding",
	Title:    "The file is not UTF-8, or holds a character YAML forbids",
	Severity: Error,
	Tier:     TierInput,
	Doc: `vxjob reads UTF-8 only, as Vertex AI's JSON API does. A file saved as Latin-1 or UTF-16, or one
holding a control character (other than tab and line breaks), is reported at the first offending
byte and not read further. Save the file as UTF-8, or write the character as an
escape inside a double-quoted string ("\u00e9").`,
	Sources: []Source{
		documented(yamlSpec+"#51-character-set", "YAML 1.2.2: \"YAML streams use only the printable subset of the Unicode character set\"; control characters other than tab and line breaks are excluded."),
		documented(rfc8259UTF8, "RFC 8259: JSON exchanged between systems \"MUST be encoded using UTF-8\", and Vertex AI's REST API takes JSON."),
		judgement("YAML processors must also read UTF-16 (YAML 1.2.2, section 5.2); vxjob reads UTF-8 only, so that the file it checks is the text it sends."),
	},
	Bad: "apiVersion: vxjob/v1\nkind: CustomJob\nmetadata:\n  name: mnist\nspec:\n  displayName: caf\xe9\n",
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  displayName: café
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
})
