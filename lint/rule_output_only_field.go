package lint

import "fmt"

var ruleOutputOnlyField = register(&Rule{
	ID:       "VX106",
	Name:     "output-only-field",
	Title:    "A field that Vertex AI sets, written in spec",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `Fields the API marks OUTPUT_ONLY (state, createTime, error, usedReplicaCount, ...) are set by
Vertex AI. Sent in a request, such a field is cleared and ignored (Google's API rules, AIP-203, say
the server "must clear out any value in this field and must not throw an error"), so what the file
says is not what Vertex AI keeps. They usually arrive by copying the output of gcloud ... describe
into a file. vxjob's format keeps them out of spec: remove them; what a snapshot saw of a
persistent resource goes in its status section. A persistent resource's name is not written in
spec either: it is metadata.name.`,
	Sources: []Source{
		documented(protoCustomJob, "The API marks name, state, createTime, startTime, endTime, updateTime and error of a CustomJob OUTPUT_ONLY."),
		documented(aip203+"#output-only", "AIP-203: the server \"must clear out any value\" in an output-only field sent in a request, and \"must not throw an error\"."),
		judgement("vxjob refuses them in spec: a value Vertex AI discards is not what the file says is sent, and what a snapshot saw belongs in status."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  state: JOB_STATE_SUCCEEDED
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
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
})

func (c *schemaCheck) outputOnlyField(loc []string) {
	name := fieldName(loc)
	if len(loc) == 2 && loc[0] == "spec" && loc[1] == "name" {
		d := c.report(ruleOutputOnlyField, loc, c.keyRange(loc), `"name" is not set in spec`)
		d.Detail = "The resource name is made of metadata.name, metadata.project and metadata.location."
		return
	}
	d := c.report(ruleOutputOnlyField, loc, c.keyRange(loc), fmt.Sprintf("%q is output-only", name))
	d.Detail = fmt.Sprintf("Vertex AI sets %s; by Google's API rules a value sent for it is ignored. Remove it.", name)
}
