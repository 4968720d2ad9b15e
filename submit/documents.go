package submit

import (
	"cmp"
	"fmt"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/spec/message"
)

// Document is a job or persistent resource of the repository, as plan and
// apply act on it.
type Document struct {
	Kind                    string // schemas.KindCustomJob or KindPersistentResource
	Name, Project, Location string
	File                    string
	Line                    int // of metadata.name

	// A CustomJob: the body as it is sent (the user's labels only; vxjob's
	// are added when it is created), its key and its spec hash.
	Job       *aiplatformpb.CustomJob
	Key, Spec string

	// A PersistentResource: the body as it is sent.
	Resource *aiplatformpb.PersistentResource
}

// Where is file:line, for messages.
func (d *Document) Where() string { return fmt.Sprintf("%s:%d", d.File, d.Line) }

// Parent is the document's "projects/P/locations/L".
func (d *Document) Parent() string {
	return fmt.Sprintf("projects/%s/locations/%s", d.Project, d.Location)
}

// Label is how output names the document: "custom job NAME" or
// "persistent resource NAME".
func (d *Document) Label() string {
	if d.Kind == schemas.KindPersistentResource {
		return "persistent resource " + d.Name
	}
	return "custom job " + d.Name
}

// Documents reads the job and resource documents of files, which have
// passed lint with lint.WithRefusals and RequireVars: lint, not this,
// refuses two documents of one name (VX312), labels apply cannot add to
// (VX211), undefined variables (VX108) and documents without a project or
// location (VX109). Each needs a project and location, from itself or
// from d.
func Documents(files []*spec.File, d spec.Where) ([]*Document, error) {
	var out []*Document
	for _, f := range files {
		for _, doc := range f.Docs {
			if doc.Kind != schemas.KindCustomJob && doc.Kind != schemas.KindPersistentResource {
				continue
			}
			od := &Document{
				Kind:     doc.Kind,
				Name:     doc.Name,
				Project:  cmp.Or(doc.Project, d.Project),
				Location: cmp.Or(doc.Location, d.Location),
				File:     f.Name,
				Line:     doc.ValueRange([]string{"metadata", "name"}).Start.Line,
			}
			if u := doc.Unresolved(); len(u) > 0 {
				r := u[0]
				return nil, fmt.Errorf("%s:%d:%d: variable %s is not defined; vxjob sends only what it knows: give --var %s=VALUE", f.Name, r.Range.Start.Line, r.Range.Start.Column, r.Name, r.Name)
			}
			if od.Project == "" || od.Location == "" {
				return nil, fmt.Errorf("%s: %s names no project or location: set metadata.project and metadata.location, --project and --location, or project: and location: in .vxjob.yaml", od.Where(), od.Label())
			}
			var err error
			switch doc.Kind {
			case schemas.KindCustomJob:
				if od.Job, err = message.CustomJob(doc); err == nil {
					od.Key = JobKey(od.Project, od.Location, od.Name)
					od.Spec, err = message.SpecHash(od.Job)
				}
			case schemas.KindPersistentResource:
				od.Resource, err = message.PersistentResource(doc)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", od.Where(), od.Label(), err)
			}
			out = append(out, od)
		}
	}
	return out, nil
}
