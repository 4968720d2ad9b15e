package lint

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
)

// The permissions that a job needs of its submitter, which lint --live
// checks.
const (
	PermissionCreateJob = "aiplatform.customJobs.create" // on the project
	PermissionActAs     = "iam.serviceAccounts.actAs"    // on the job's service account
)

// LiveRequest is what a run asks of Vertex AI under lint --live, once the
// files are read: the persistent resources of every project and location
// its documents are in, and the permissions its jobs need.
type LiveRequest struct {
	Places          []spec.Where // project and location, sorted, each once
	Projects        []string     // of the jobs, sorted, each once
	ServiceAccounts []string     // that jobs name (emails), sorted, each once
}

// LiveView is what Vertex AI answered.
type LiveView struct {
	// Snapshots hold the persistent resources of each place, as vxjob
	// snapshot writes them; they are read as pools files, and what they
	// saw (state, replicas in use) wins over older snapshots.
	Snapshots []*spec.File
	// Held says, for a resource ("projects/ID" or
	// "projects/-/serviceAccounts/EMAIL") and a permission, whether the
	// caller holds it. What it does not say is taken as held, so that an
	// unanswered question raises no finding.
	Held map[string]map[string]bool
}

// Holds reports whether the caller holds permission on resource.
func (v *LiveView) Holds(resource, permission string) bool {
	held, ok := v.Held[resource][permission]
	return held || !ok
}

// ProjectResource and ServiceAccountResource name what permissions are
// tested on.
func ProjectResource(project string) string { return "projects/" + project }

// ServiceAccountResource is the IAM name of a service account; "-" stands
// for whichever project it is in.
func ServiceAccountResource(email string) string { return "projects/-/serviceAccounts/" + email }

// LiveJob is a custom job as the live rules see it.
type LiveJob struct {
	Name, Project, Location string
	ServiceAccount          string
	Place                   pools.Place // its metadata.name
	ServiceAccountPlace     pools.Place
}

// Live is what a live rule checks: the run's jobs and what Vertex AI said.
type Live struct {
	View *LiveView
	Jobs []*LiveJob
}

// liveJobFrom reads what the live rules need of a CustomJob document.
func liveJobFrom(doc *spec.Document, d spec.Where) *LiveJob {
	js := doc.Root().Get("spec").Get("jobSpec")
	sa := js.Get("serviceAccount")
	return &LiveJob{
		Name:                doc.Name,
		Project:             cmp.Or(doc.Project, d.Project),
		Location:            cmp.Or(doc.Location, d.Location),
		ServiceAccount:      sa.Str(),
		Place:               pools.Place{File: doc.File.Name, Document: doc.Index, Range: doc.ValueRange([]string{"metadata", "name"}), Path: "/metadata/name"},
		ServiceAccountPlace: pools.Place{File: doc.File.Name, Document: doc.Index, Range: doc.ValueRange(sa.Path()), Path: spec.Pointer(sa.Path())},
	}
}

// liveRequest gathers what the run's jobs and resources need to know.
func liveRequest(jobs []*LiveJob, resources []*pools.Resource) LiveRequest {
	var req LiveRequest
	addPlace := func(project, location string) {
		if project != "" && location != "" {
			req.Places = append(req.Places, spec.Where{Project: project, Location: location})
		}
	}
	for _, j := range jobs {
		addPlace(j.Project, j.Location)
		if j.Project != "" {
			req.Projects = append(req.Projects, j.Project)
		}
		if j.ServiceAccount != "" {
			req.ServiceAccounts = append(req.ServiceAccounts, j.ServiceAccount)
		}
	}
	for _, r := range resources {
		addPlace(r.Project, r.Location)
	}
	slices.SortFunc(req.Places, func(a, b spec.Where) int {
		return strings.Compare(a.Project+"\x00"+a.Location, b.Project+"\x00"+b.Location)
	})
	req.Places = slices.Compact(req.Places)
	slices.Sort(req.Projects)
	req.Projects = slices.Compact(req.Projects)
	slices.Sort(req.ServiceAccounts)
	req.ServiceAccounts = slices.Compact(req.ServiceAccounts)
	return req
}

// exampleLive stands in for Vertex AI when examples are linted: it knows
// of no persistent resources, and the caller holds every permission except
// on projects and service accounts whose names contain "no-access".
func exampleLive(req LiveRequest) (*LiveView, error) {
	v := &LiveView{Held: map[string]map[string]bool{}}
	for _, p := range req.Projects {
		v.Held[ProjectResource(p)] = map[string]bool{PermissionCreateJob: !strings.Contains(p, "no-access")}
	}
	for _, sa := range req.ServiceAccounts {
		v.Held[ServiceAccountResource(sa)] = map[string]bool{PermissionActAs: !strings.Contains(sa, "no-access")}
	}
	return v, nil
}
