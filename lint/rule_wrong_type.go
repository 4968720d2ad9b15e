package lint

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
)

var ruleWrongType = register(&Rule{
	ID:       "VX104",
	Name:     "wrong-type",
	Title:    "A value of the wrong type",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `Each field takes one type: a string, a number, true/false, a list or a mapping. YAML guesses
types from how a value looks, so 1.10 is a number and yes is a string; quote a value to make it
a string. A list written as a single mapping (workerPoolSpecs without "- ") is the other common
case. Integers may also be written as decimal strings ("100"), as proto JSON allows.`,
	Sources: []Source{
		documented(protoJSON+"#field-representation", "ProtoJSON fixes each field's JSON type; int32 and int64 fields accept a number or a decimal string."),
		documented(refCustomJobSpec, "The REST reference gives each field's type, such as replicaCount string (int64 format) and workerPoolSpecs[] a list."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  displayName: 1.10
  jobSpec:
    workerPoolSpecs:
      machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  displayName: "1.10"
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
})

func (c *schemaCheck) wrongType(loc []string, k *kind.Type) {
	want := wantName(k.Want)
	if k.Got == "null" {
		d := c.report(ruleWrongType, loc, c.keyRange(loc), fmt.Sprintf("%s has no value; it must be %s", fieldName(loc), want))
		d.Detail = "Give the field a value, or remove it."
		return
	}
	// A list or mapping is reported at its key: its own position is that of
	// its first item.
	r := c.valueRange(loc)
	if k.Got == "object" || k.Got == "array" {
		r = c.keyRange(loc)
	}
	d := c.report(ruleWrongType, loc, r, fmt.Sprintf("%s must be %s, not %s", fieldName(loc), want, c.display(loc)))
	n := c.node(loc)
	scalar := n != nil && n.Kind == yaml.ScalarNode
	switch {
	case isDuration(c.schemaAt(loc)) && k.Got == "number" && scalar:
		d.Detail = `A duration is written in seconds with an "s" suffix.`
		d.Suggestion = n.Value + "s"
	case slices.Contains(k.Want, "string") && (k.Got == "number" || k.Got == "integer" || k.Got == "boolean") && scalar:
		what := "a number"
		if k.Got == "boolean" {
			what = "a boolean"
		}
		d.Detail = fmt.Sprintf("YAML reads %s as %s; quote it to keep it a string.", n.Value, what)
		d.Suggestion = strconv.Quote(n.Value)
	case k.Got == "object" && slices.Contains(k.Want, "array"):
		d.Detail = `Write the items as a list, each starting with "- "; one item is a list of one.`
	case k.Got == "array" && slices.Contains(k.Want, "object"):
		d.Detail = `Write keys and values, without "- ".`
	}
}

func isDuration(s *jsonschema.Schema) bool {
	return s != nil && s.Format != nil && s.Format.Name == "proto-duration"
}
