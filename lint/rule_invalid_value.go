package lint

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/vxjob/vxjob/internal/suggest"
)

var ruleInvalidValue = register(&Rule{
	ID:       "VX105",
	Name:     "invalid-value",
	Title:    "A value the field does not accept",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `The value has the right type but not a form the field takes: an enum name that does not exist
(enums are written by name, in capitals, such as NVIDIA_TESLA_T4), a name that breaks the
pattern of resource IDs, a duration without its "s" suffix, a number out of range, or an empty
string or list where the API requires one.`,
	Sources: []Source{
		documented(protoJSON+"#wkt", "ProtoJSON: a Duration is a string, and \"the suffix \\\"s\\\" is required\"; enum values are written by name."),
		documented(protoAcceleratorType, "AcceleratorType lists the accelerator names the API takes."),
		documented(aip203+"#required", "AIP-203: a required field \"must be present (and set to a non-empty value)\", so an empty string or list where one is required does not count."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    scheduling: {timeout: 2h}
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4, acceleratorType: nvidia_tesla_t4, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    scheduling: {timeout: 7200s}
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
})

// english prints the library's own messages, for the rare errors vxjob has
// no words of its own for; made on first use, as it is costly to make.
var english = sync.OnceValue(func() *message.Printer { return message.NewPrinter(language.English) })

func (c *schemaCheck) invalidValue(loc []string, e *jsonschema.ValidationError) {
	name := fieldName(loc)
	r := c.valueRange(loc)
	invalid := func() *Diagnostic {
		return c.report(ruleInvalidValue, loc, r, fmt.Sprintf("invalid %s %s", name, c.display(loc)))
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Enum:
		d := invalid()
		allowed := make([]string, len(k.Want))
		for i, w := range k.Want {
			allowed[i] = fmt.Sprint(w)
		}
		d.Detail = fmt.Sprintf("%s is one of %s.", name, listNames(allowed))
		if s, ok := k.Got.(string); ok {
			d.Suggestion = suggest.Nearest(s, allowed)
		}
	case *kind.Const:
		d := invalid()
		d.Detail = fmt.Sprintf("%s must be %v.", name, k.Want)
	case *kind.Pattern:
		d := invalid()
		d.Detail = fmt.Sprintf("It must match %s.", k.Want)
		if s := c.schemaAt(loc); s != nil && s.Description != "" {
			d.Detail = s.Description
		}
	case *kind.Format:
		c.badFormat(loc, k)
	case *kind.MinLength:
		c.sizeLimit(loc, k.Got, k.Want, "characters", "at least")
	case *kind.MaxLength:
		c.sizeLimit(loc, k.Got, k.Want, "characters", "at most")
	case *kind.MinItems:
		c.sizeLimit(loc, k.Got, k.Want, "items", "at least")
	case *kind.MaxItems:
		c.sizeLimit(loc, k.Got, k.Want, "items", "at most")
	case *kind.MinProperties:
		c.sizeLimit(loc, k.Got, k.Want, "entries", "at least")
	case *kind.MaxProperties:
		c.sizeLimit(loc, k.Got, k.Want, "entries", "at most")
	default:
		c.report(ruleInvalidValue, loc, r, fmt.Sprintf("invalid %s: %s", name, e.ErrorKind.LocalizedString(english())))
	}
}

// sizeLimit reports a string, list or mapping of the wrong size. The
// common case, a required value left empty, gets its own words.
func (c *schemaCheck) sizeLimit(loc []string, got, want int, unit, bound string) {
	name := fieldName(loc)
	if got == 0 && want == 1 && bound == "at least" {
		c.report(ruleInvalidValue, loc, c.valueRange(loc), name+" must not be empty")
		return
	}
	c.report(ruleInvalidValue, loc, c.valueRange(loc), fmt.Sprintf("%s has %d %s; %s %d", name, got, unit, bound, want))
}

// badFormat explains a value that breaks one of the formats of the
// schemas package (integers, floats and durations as proto JSON writes
// them) or RFC 3339 date-time.
func (c *schemaCheck) badFormat(loc []string, k *kind.Format) {
	name := fieldName(loc)
	r := c.valueRange(loc)
	reason := ""
	if k.Err != nil {
		reason = k.Err.Error()
	}
	switch k.Want {
	case "int32", "uint32", "int64", "uint64", "proto-float":
		if !strings.HasPrefix(reason, "out of range") {
			// A string that is no number: the user wrote the wrong type.
			want := "an integer"
			if k.Want == "proto-float" {
				want = "a number"
			}
			c.report(ruleWrongType, loc, r, fmt.Sprintf("%s must be %s, not %s", name, want, c.display(loc)))
			return
		}
		c.report(ruleInvalidValue, loc, r, fmt.Sprintf("%s %s is %s", name, c.display(loc), reason))
	case "proto-duration":
		d := c.report(ruleInvalidValue, loc, r, fmt.Sprintf("invalid duration %s for %s", c.display(loc), name))
		d.Detail = `A duration is written in seconds with an "s" suffix, such as "3600s".`
		if strings.HasPrefix(reason, "out of range") {
			d.Detail = "The duration is " + reason + "."
		}
		if s, ok := k.Got.(string); ok {
			d.Suggestion = protoDuration(s)
		}
	case "date-time":
		d := c.report(ruleInvalidValue, loc, r, fmt.Sprintf("invalid timestamp %s for %s", c.display(loc), name))
		d.Detail = `A timestamp is written in RFC 3339, such as "2026-11-28T10:00:00Z".`
	default:
		c.report(ruleInvalidValue, loc, r, fmt.Sprintf("invalid %s %s: %s", name, c.display(loc), reason))
	}
}

// protoDuration rewrites a Go-style duration ("2h", "90m") in proto JSON
// form ("7200s"), or returns "" when s is not one.
func protoDuration(s string) string {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return ""
	}
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return strings.TrimRight(fmt.Sprintf("%.9f", d.Seconds()), "0") + "s"
}
