package lint

import (
	"fmt"
	"slices"

	"github.com/vxjob/vxjob/internal/suggest"
	"github.com/vxjob/vxjob/schemas"
)

var ruleDocumentKind = register(&Rule{
	ID:       "VX101",
	Name:     "document-kind",
	Title:    "The document is not a vxjob CustomJob or PersistentResource",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `Every vxjob document is a mapping that starts with apiVersion: vxjob/v1 and a kind, CustomJob or
PersistentResource; the kind picks the schema the rest is checked against. A document without
them, or with another apiVersion (a Kubernetes manifest, a gcloud --config file), is reported
once here and not checked further. Keep other tools' YAML out of the paths you lint.`,
	Sources: []Source{
		judgement("vxjob's own file format: a document starts with apiVersion: vxjob/v1 and a kind, CustomJob or PersistentResource, which picks its schema."),
	},
	Bad: `apiVersion: vxjob/v1
kind: TrainingJob
metadata:
  name: mnist
spec:
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

// envelope checks apiVersion and kind. It returns the kind whose schema
// the document is checked against, or "" when there is none to pick.
func (c *schemaCheck) envelope() string {
	m, ok := c.doc.Value.(map[string]any)
	if !ok {
		d := c.report(ruleDocumentKind, nil, c.valueRange(nil), "a vxjob document must be a mapping")
		d.Detail = "A vxjob document is a mapping with apiVersion, kind, metadata and spec."
		return ""
	}

	switch v, has := m["apiVersion"]; {
	case !has:
		d := c.report(ruleDocumentKind, nil, c.valueRange(nil), "missing apiVersion")
		d.Detail = fmt.Sprintf("Every vxjob document starts with apiVersion: %s and a kind.", schemas.APIVersion)
	case v != schemas.APIVersion:
		loc := []string{"apiVersion"}
		d := c.report(ruleDocumentKind, loc, c.valueRange(loc), fmt.Sprintf("unsupported apiVersion %s", c.display(loc)))
		d.Detail = fmt.Sprintf("This version of vxjob reads apiVersion %s.", schemas.APIVersion)
		if s, ok := v.(string); ok {
			d.Suggestion = suggest.Nearest(s, []string{schemas.APIVersion})
		}
	}

	kinds := schemas.Kinds()
	v, has := m["kind"]
	name, _ := v.(string)
	switch {
	case !has:
		d := c.report(ruleDocumentKind, nil, c.valueRange(nil), "missing kind")
		d.Detail = "kind is CustomJob or PersistentResource."
		return ""
	case !slices.Contains(kinds, name):
		loc := []string{"kind"}
		d := c.report(ruleDocumentKind, loc, c.valueRange(loc), fmt.Sprintf("unknown kind %s", c.display(loc)))
		d.Detail = "kind is CustomJob or PersistentResource."
		d.Suggestion = suggest.Nearest(name, kinds)
		return ""
	}
	return name
}
