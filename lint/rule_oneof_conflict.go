package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var ruleOneofConflict = register(&Rule{
	ID:       "VX107",
	Name:     "oneof-conflict",
	Title:    "Two fields set that exclude each other",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `Some fields are alternatives in the API (a proto oneof): a worker pool runs either a
containerSpec or a pythonPackageSpec, never both. The REST reference calls them "mutually
exclusive fields", and gcloud refuses a pool with both. Keep the one you mean.`,
	Sources: []Source{
		documented(refWorkerPoolSpec, "WorkerPoolSpec's task is a union: containerSpec and pythonPackageSpec are \"mutually exclusive fields\"."),
		clientCode(gcloudJobsValidation, "gcloud --config: \"Exactly one of fields [pythonPackageSpec, containerSpec] is required for a [workerPoolSpecs]\"."),
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
      pythonPackageSpec:
        executorImageUri: us-docker.pkg.dev/vertex-ai/training/pytorch-gpu.2-4.py310:latest
        packageUris: [gs://my-bucket/trainer-0.1.tar.gz]
        pythonModule: trainer.task
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

// oneofConflict explains a failed "not" of the generated schemas, which
// use "not" for oneofs only: under dependencies, a member's schema forbids
// the members after it. The error's schema location names the member.
func (c *schemaCheck) oneofConflict(loc []string, schemaURL string) {
	s := c.schemaAt(loc)
	obj, _ := c.valueAt(loc).(map[string]any)
	member := dependencyName(schemaURL)
	dep, _ := s.Dependencies[member].(*jsonschema.Schema)
	if obj == nil || dep == nil || dep.Not == nil {
		return
	}
	for _, alt := range dep.Not.AnyOf {
		for _, other := range alt.Required {
			if _, set := obj[other]; !set {
				continue
			}
			at := append(slices.Clone(loc), other)
			d := c.report(ruleOneofConflict, at, c.keyRange(at), fmt.Sprintf("%q and %q cannot both be set", member, other))
			d.Detail = fmt.Sprintf("They are alternatives in %s; keep one.", title(s, loc))
		}
	}
}

// dependencyName reads the member out of a schema location such as
// "mem:///customjob.json#/definitions/...WorkerPoolSpec/dependencies/containerSpec".
func dependencyName(schemaURL string) string {
	parts := strings.Split(schemaURL, "/")
	for i := len(parts) - 1; i > 0; i-- {
		if parts[i-1] == "dependencies" {
			return parts[i]
		}
	}
	return ""
}
