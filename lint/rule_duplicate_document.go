package lint

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
)

var ruleDuplicateDocument = register(&Rule{
	ID:       "VX312",
	Name:     "duplicate-document",
	Title:    "Two documents describe one job or persistent resource",
	Severity: Error,
	Tier:     TierPools,
	Doc: `A CustomJob or PersistentResource document is known by its kind, metadata.name, project and
location (from the document, or the defaults of .vxjob.yaml and --project/--location). Two
documents with the same four, in two files or in one, leave plan and apply unable to tell which
is meant, and they refuse to go on; lint reports it first, at the second document, naming the
first. For two descriptions of one persistent resource, the finding lists how they differ.
Rename one, or give it another project or location.`,
	Sources: []Source{
		judgement("vxjob knows a document by kind, name, project and location; two with the same four leave plan and apply unable to tell which is meant."),
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
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune-large}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
	Run: runDuplicateDocument,
})

// docRef is what the rules that compare documents across files keep of a
// CustomJob or PersistentResource document: what it is known by, and
// where its metadata.name is written.
type docRef struct {
	Kind, Name, Project, Location string
	Place                         pools.Place
}

var namePath = []string{"metadata", "name"}

// refOf is doc's docRef; ok is false when what it is known by is not
// known until its variables are.
func refOf(doc *spec.Document, d spec.Where) (ref docRef, ok bool) {
	for _, pointer := range []string{"/metadata/name", "/metadata/project", "/metadata/location"} {
		if doc.IsUnknown(pointer) {
			return docRef{}, false
		}
	}
	return docRef{
		Kind:     doc.Kind,
		Name:     doc.Name,
		Project:  cmp.Or(doc.Project, d.Project),
		Location: cmp.Or(doc.Location, d.Location),
		Place:    pools.Place{File: doc.File.Name, Document: doc.Index, Range: doc.ValueRange(namePath), Path: "/metadata/name"},
	}, true
}

func (r docRef) key() string {
	return strings.Join([]string{r.Kind, r.Project, r.Location, r.Name}, "\x00")
}

// label names the document as plan and apply do.
func (r docRef) label() string {
	if r.Kind == schemas.KindPersistentResource {
		return "persistent resource " + r.Name
	}
	return "custom job " + r.Name
}

func runDuplicateDocument(p *Pass) {
	var diffs map[[2]pools.Place][]string // the linted resources that disagree, read once
	first := make(map[string]docRef, len(p.Docs))
	for _, r := range p.Docs {
		key := r.key()
		f, seen := first[key]
		if !seen {
			first[key] = r
			continue
		}
		d := p.ReportAtf(r.Place, "%s is also written at %s:%d, in the same project and location", r.label(), f.Place.File, f.Place.Range.Start.Line)
		d.Related = []Related{{Place: f.Place, Message: "first written here"}}
		d.Detail = "plan and apply refuse two documents of one kind, name, project and location: rename one, or give it another project or location."
		if r.Kind != schemas.KindPersistentResource {
			continue
		}
		if diffs == nil {
			diffs = map[[2]pools.Place][]string{}
			for _, d := range p.Pools.Disagreements() {
				diffs[[2]pools.Place{d.Resource.Place, d.Other.Place}] = d.Diffs
			}
		}
		if dd := diffs[[2]pools.Place{f.Place, r.Place}]; len(dd) > 0 {
			d.Detail = fmt.Sprintf("The two differ: %s. %s", strings.Join(dd, "; "), d.Detail)
		}
	}
}
