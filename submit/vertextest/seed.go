package vertextest

import (
	"cmp"
	"fmt"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/spec/message"
)

// AddResource puts a persistent resource in place, RUNNING already, as if
// it had been created some time ago. It is checked and given defaults as
// CreatePersistentResource would.
func (s *Server) AddResource(project, location, id string, r *aiplatformpb.PersistentResource) error {
	now := s.begin()
	defer s.mu.Unlock()
	op, err := s.state.createResource(fmt.Sprintf("projects/%s/locations/%s", project, location), id, r, now, 0)
	if err != nil {
		return err
	}
	s.state.completeOp(op, now)
	delete(s.state.ops, op.pb.Name)
	return nil
}

// Seed adds the PersistentResource documents of files with AddResource.
// Documents that name no project or location take project and location.
// Other kinds of documents are skipped: a directory of job and resource
// files seeds its resources.
func (s *Server) Seed(files []*spec.File, project, location string) (int, error) {
	n := 0
	for _, f := range files {
		if len(f.Errors) > 0 {
			e := f.Errors[0]
			return n, fmt.Errorf("%s:%d:%d: %s", f.Name, e.Range.Start.Line, e.Range.Start.Column, e.Msg)
		}
		for _, doc := range f.Docs {
			if doc.Kind != schemas.KindPersistentResource {
				continue
			}
			r, err := message.PersistentResource(doc)
			if err != nil {
				return n, fmt.Errorf("%s: document %d: %w", f.Name, doc.Index+1, err)
			}
			p, l := cmp.Or(doc.Project, project), cmp.Or(doc.Location, location)
			if p == "" || l == "" {
				return n, fmt.Errorf("%s: persistent resource %s names no project or location, and no default was given", f.Name, doc.Name)
			}
			if err := s.AddResource(p, l, doc.Name, r); err != nil {
				return n, fmt.Errorf("%s: persistent resource %s: %w", f.Name, doc.Name, err)
			}
			n++
		}
	}
	return n, nil
}
