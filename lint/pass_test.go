package lint

import (
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// TestPassProjectLocation: a semantic rule sees where its document is
// sent, the document's metadata before the run's defaults, and nothing
// when the document's own is a variable without a value.
func TestPassProjectLocation(t *testing.T) {
	t.Parallel()
	defaults := spec.Where{Project: "from-flags", Location: "us-central1"}
	for _, c := range []struct {
		name, metadata            string
		project, location         string
		knowProject, knowLocation bool
	}{
		{"the document's", "{name: a, project: acme, location: europe-west4}", "acme", "europe-west4", true, true},
		{"the defaults", "{name: a}", "from-flags", "us-central1", true, true},
		{"one of each", "{name: a, location: asia-east1}", "from-flags", "asia-east1", true, true},
		{"variables without a value", "{name: a, project: '${P}', location: 'eu-${R}'}", "", "", false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: " + c.metadata + "\nspec: {}\n"
			doc := spec.Parse("job.yaml", []byte(src)).Docs[0]
			var project, location string
			var knowProject, knowLocation bool
			probe := &Rule{ID: "VX999", Tier: TierSemantic, Run: func(p *Pass) {
				project, knowProject = p.Project()
				location, knowLocation = p.Location()
			}}
			runSemantic(doc, []*Rule{probe}, defaults)
			if project != c.project || knowProject != c.knowProject || location != c.location || knowLocation != c.knowLocation {
				t.Errorf("Project() = %q, %v; Location() = %q, %v; want %q, %v and %q, %v",
					project, knowProject, location, knowLocation, c.project, c.knowProject, c.location, c.knowLocation)
			}
		})
	}
	// Without defaults, a document that names neither is sent nowhere known.
	doc := spec.Parse("job.yaml", []byte("apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: a}\nspec: {}\n")).Docs[0]
	runSemantic(doc, []*Rule{{ID: "VX999", Tier: TierSemantic, Run: func(p *Pass) {
		if _, ok := p.Location(); ok {
			t.Error("Location() is known with no location anywhere")
		}
		if _, ok := p.Project(); ok {
			t.Error("Project() is known with no project anywhere")
		}
	}}}, spec.Where{})
}
