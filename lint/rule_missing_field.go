package lint

import (
	"fmt"
	"slices"

	"github.com/vxjob/vxjob/schemas"
)

var ruleMissingField = register(&Rule{
	ID:       "VX103",
	Name:     "missing-field",
	Title:    "A required field is missing or empty",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `The API marks some fields REQUIRED: a container's imageUri, a python package's pythonModule, a
job's workerPoolSpecs. Google's API rules (AIP-203) say a required field "must be present" on the
resource a request creates, so Vertex AI may refuse a job without one. The finding points at the
mapping that lacks the field. (A required string or list that is present but empty is reported
by invalid-value.)`,
	Sources: []Source{
		documented(refCustomJobSpec, "The REST reference marks fields Required, such as workerPoolSpecs, PythonPackageSpec's executorImageUri, packageUris and pythonModule."),
		documented(refContainerSpec, "ContainerSpec: imageUri is \"Required\"."),
		documented(aip203+"#required", "Google's API rules (AIP-203): a required field \"must be present (and set to a non-empty value)\" on the request or resource."),
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
        args: [--epochs=3]
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
        args: [--epochs=3]
`,
})

func (c *schemaCheck) missingFields(loc []string, missing []string) {
	for _, name := range missing {
		if len(loc) == 0 && (name == "apiVersion" || name == "kind") {
			continue // the envelope check has reported it
		}
		at := append(slices.Clone(loc), name)
		summary := fmt.Sprintf("missing required field %q", name)
		if len(loc) > 0 {
			summary += " in " + fieldName(loc)
		}
		d := c.report(ruleMissingField, at, c.keyRange(loc), summary)
		if len(loc) == 0 {
			d.Detail = fmt.Sprintf("Every vxjob document has apiVersion: %s, kind, metadata (with a name) and spec.", schemas.APIVersion)
		}
	}
}
