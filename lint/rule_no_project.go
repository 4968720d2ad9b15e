package lint

import (
	"cmp"
	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
)

var ruleNoProject = register(&Rule{
	ID:       "VX109",
	Name:     "no-project",
	Title:    "A document that names no project or location, where one is needed",
	Severity: Error,
	Tier:     TierSchema,
	Doc: `plan and apply send each CustomJob and PersistentResource to a project and location: the
document's metadata.project and metadata.location, else --project and --location, else project:
and location: in .vxjob.yaml. A document left without either is refused. lint reports it only
when asked with --require-vars (as plan's own lint does), since an offline check may run without
the flags a deploy gives: write the defaults in .vxjob.yaml and every check knows them.`,
	Sources: []Source{
		documented(protoCustomJob, "A CustomJob is named projects/{project}/locations/{location}/customJobs/{custom_job}: it is created in a project and a location."),
		judgement("An offline lint may run without the flags a deploy gives, so the finding is asked for with --require-vars, as plan's own lint does."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune, project: acme-ml-prod, location: us-central1}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
})

// noProject reports a CustomJob or PersistentResource document that,
// with the defaults, names no project or no location, at metadata.name.
func noProject(doc *spec.Document, d pools.Defaults) *Diagnostic {
	if doc.Kind != schemas.KindCustomJob && doc.Kind != schemas.KindPersistentResource {
		return nil
	}
	var missing string
	switch {
	case cmp.Or(doc.Project, d.Project) == "" && cmp.Or(doc.Location, d.Location) == "":
		missing = "no project and no location"
	case cmp.Or(doc.Project, d.Project) == "":
		missing = "no project"
	case cmp.Or(doc.Location, d.Location) == "":
		missing = "no location"
	default:
		return nil
	}
	path := []string{"metadata", "name"}
	if !doc.Root().Get("metadata").Get("name").Exists() {
		path = []string{"metadata"}
	}
	return &Diagnostic{
		Rule: ruleNoProject, Severity: ruleNoProject.Severity,
		File: doc.File.Name, Document: doc.Index, Range: doc.ValueRange(path), Path: pointer(path),
		Summary: "the document names " + missing + " to send it to",
		Detail:  "Set metadata.project and metadata.location, give --project and --location, or write project: and location: in .vxjob.yaml.",
	}
}
