package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vxjob/vxjob/internal/suggest"
)

var ruleUnknownField = register(&Rule{
	ID:       "VX102",
	Name:     "unknown-field",
	Title:    "A field that the API does not have, or one written in snake_case",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `Fields are the lowerCamelCase names of the Vertex AI REST API, as gcloud --config takes them. A
typo or a field at the wrong level is no field of the API: Vertex AI's JSON parser refuses unknown
fields (ProtoJSON), so it is an error, with the closest known name when there is one.

A snake_case name (replica_count) is another matter: the REST API accepts it, since ProtoJSON
reads a field's proto name as well as its JSON name, but gcloud --config refuses keys with
underscores. vxjob files take the lowerCamelCase names only, so that one spelling is checked,
compared and hashed, and the spec is a valid gcloud --config file as well: it is an error by
vxjob's own format, with the lowerCamelCase name to write.`,
	Sources: []Source{
		documented(protoJSON+"#field-names", "ProtoJSON parsers accept both the lowerCamelCase name and the original proto field name, so the REST API takes replica_count as replicaCount."),
		documented(protoJSON+"#null-values", "ProtoJSON keeps key validity checking, \"disallowing unknown fields\": a name that is no field of the message fails to parse."),
		clientCode(gcloudJobsFlags, "gcloud ai custom-jobs create --config: \"Note that keys with underscore are invalid.\""),
		judgement("vxjob files use the lowerCamelCase JSON names only, so that one spelling is checked, diffed and hashed, and the spec works as a gcloud --config file too."),
	},
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
})

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
		case slices.Contains(known, lowerCamel(name)) && lowerCamel(name) != name:
			d.Summary = fmt.Sprintf("field %q is written in snake_case", name)
			d.Suggestion = lowerCamel(name)
			d.Detail = "Vertex AI's REST API accepts the proto name too, but gcloud --config refuses keys with underscores, " +
				"and vxjob's format takes the lowerCamelCase names only."
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

// lowerCamel turns a proto field name into its JSON name, as ProtoJSON
// does: replica_count is replicaCount.
func lowerCamel(name string) string {
	parts := strings.Split(name, "_")
	for i := 1; i < len(parts); i++ {
		if p := parts[i]; p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

// title names what a schema describes ("WorkerPoolSpec").
func title(s *jsonschema.Schema, loc []string) string {
	if s.Title != "" {
		return s.Title
	}
	return fieldName(loc)
}
