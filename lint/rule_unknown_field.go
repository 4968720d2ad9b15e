package lint

import (
	"fmt"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vxjob/vxjob/internal/suggest"
)

var ruleUnknownField = &Rule{
	ID:       "VX102",
	Name:     "unknown-field",
	Title:    "A field that the API does not have",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `Fields are the lowerCamelCase names of the Vertex AI REST API, as gcloud --config takes them. A
snake_case name (replica_count), a typo, or a field at the wrong level would be dropped or
rejected by the API, so it is an error here, with the closest known name when there is one.`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replica_count: 1
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
}

func (c *schemaCheck) unknownFields(loc []string, names []string) {
	s := c.schemaAt(loc)
	known := fieldNames(s)
	for _, name := range names {
		at := append(slices.Clone(loc), name)
		d := c.report(ruleUnknownField, at, c.keyRange(at), fmt.Sprintf("unknown field %q", name))
		switch {
		case len(loc) == 0 && name == "status":
			d.Summary = `"status" is allowed only on PersistentResource documents`
			d.Detail = "A status section records what a snapshot saw of a persistent resource; jobs have none."
		case len(loc) == 0 && slices.Contains(fieldNames(c.schemaAt([]string{"spec"})), name):
			d.Detail = fmt.Sprintf("%s is a field of spec; indent it under spec:.", name)
		default:
			d.Suggestion = suggest.Nearest(name, known)
			if s != nil && len(known) > 0 {
				d.Detail = fmt.Sprintf("The fields of %s are %s.", title(s, loc), listNames(known))
			}
		}
	}
}

// fieldNames lists the fields a mapping schema allows, sorted; output-only
// fields (schema false) are not offered.
func fieldNames(s *jsonschema.Schema) []string {
	if s == nil {
		return nil
	}
	var names []string
	for name, p := range s.Properties {
		if p.Bool == nil || *p.Bool {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// title names what a schema describes ("WorkerPoolSpec").
func title(s *jsonschema.Schema, loc []string) string {
	if s.Title != "" {
		return s.Title
	}
	return fieldName(loc)
}
