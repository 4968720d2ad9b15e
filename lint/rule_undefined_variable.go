package lint

import (
	"fmt"

	"github.com/vxjob/vxjob/spec"
)

var ruleUndefinedVariable = register(&Rule{
	ID:       "VX108",
	Name:     "undefined-variable",
	Title:    "A variable that no source defines",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `A value may use variables, ${NAME} or ${NAME:-default}, filled in from --var NAME=VALUE,
--var-file FILE, or the environment for the names .vxjob.yaml allows (variables: env:). A value
whose variable no source defines is unknown: lint draws no other finding from it, and reports the
variable itself only when asked with --require-vars, as a CI check that has the values should.
plan and apply always refuse it: they cannot send what they do not know. Write $${NAME} for the
text ${NAME} itself; Vertex AI's own $(NAME) is left alone.`,
	Sources: []Source{
		judgement("vxjob's own variables: lint cannot check a value it does not know, and plan and apply cannot send one."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: "us-docker.pkg.dev/acme/train/bert:${IMAGE_TAG}"}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune, project: acme-ml-prod, location: us-central1}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: "us-docker.pkg.dev/acme/train/bert:${IMAGE_TAG:-1.4.2}"}
`,
})

// undefinedVariables reports the variables of doc that no source defines.
func undefinedVariables(doc *spec.Document) []*Diagnostic {
	var diags []*Diagnostic
	for _, r := range doc.Unresolved() {
		d := &Diagnostic{
			Rule: ruleUndefinedVariable, Severity: ruleUndefinedVariable.Severity,
			File: doc.File.Name, Document: doc.Index, Range: r.Range, Path: r.Path,
			Summary: fmt.Sprintf("variable %s is not defined", r.Name),
			Detail:  fmt.Sprintf("Give it with --var %s=VALUE or in a --var-file, allow it from the environment in .vxjob.yaml (variables: env:), or write a default: ${%s:-VALUE}.", r.Name, r.Name),
		}
		diags = append(diags, d)
	}
	return diags
}

// withoutUnknown drops the findings about values that are unknown: what
// they will be once their variables are given is not known. The schema
// tier cannot judge a value with a variable in it at all (a number may be
// ${REPLICAS}); the semantic rules judge the text around a variable (a
// label value "${ENV}.prod" has a dot, whatever ENV is), so for them only
// a value that is nothing but a variable is unknown.
func withoutUnknown(doc *spec.Document, diags []*Diagnostic, unknown func(*spec.Document, string) bool) []*Diagnostic {
	if len(doc.Unresolved()) == 0 {
		return diags
	}
	out := diags[:0]
	for _, d := range diags {
		if d.Path == "" || !unknown(doc, d.Path) {
			out = append(out, d)
		}
	}
	return out
}
