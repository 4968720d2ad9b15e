package lint

import (
	"fmt"

	"github.com/vxjob/vxjob/internal/suggest"
	"github.com/vxjob/vxjob/lint/pools"
)

var ruleResourceNotFound = register(&Rule{
	ID:       "VX301",
	Name:     "resource-not-found",
	Title:    "The job's persistent resource is not in its project and location",
	Severity: Error,
	Tier:     TierPools,
	Doc: `jobSpec.persistentResourceId is the ID of a persistent resource "in the same Project and
Location" as the job: a job cannot run on a resource elsewhere. vxjob looks the ID up among the
resources the run knows: PersistentResource documents among the linted files and in the pools
files (--pools, or pools: in .vxjob.yaml). When the ID exists elsewhere, the finding says where.
When the run knows no persistent resource at all, the pool rules have nothing to check against
and stay silent.`,
	Sources: []Source{
		documented(refCustomJobSpec, "persistentResourceId: \"The ID of the PersistentResource in the same Project and Location which to run\"."),
		judgement("vxjob can check only against the resources the run knows; with none known, it checks nothing."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr, project: acme-ml, location: us-central1}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl, project: acme-ml, location: europe-west4}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr, project: acme-ml, location: us-central1}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl, project: acme-ml, location: us-central1}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Run: runResourceNotFound,
})

// maxNamedResources is how many resources a VX301 finding names.
const maxNamedResources = 10

// runResourceNotFound reports each job whose resource is not known where
// it runs. What it says of the known resources is the same for every job,
// so it is made once, and the suggestion once per resource ID: a run of
// thousands of jobs and of resources must not cost their product.
func runResourceNotFound(p *Pass) {
	if len(p.Pools.Resources) == 0 {
		return
	}
	known := make([]string, len(p.Pools.Resources))
	for i, r := range p.Pools.Resources {
		known[i] = r.ID
	}
	detail := fmt.Sprintf("The resources this run knows are %s. Add the resource's document, or a pools file with it, to the run.", nameList(known, maxNamedResources))
	suggestions := map[string]string{}
	for _, j := range p.Pools.Jobs {
		if j.Resource != nil {
			continue
		}
		where := (&pools.Resource{Project: j.Project, Location: j.Location}).Where()
		if len(j.Elsewhere) > 0 {
			var places []string
			for _, r := range j.Elsewhere {
				places = append(places, r.Where())
			}
			d := p.ReportAtf(j.Place, "persistent resource %q is in %s, not in %s", j.ResourceID, nameList(places, maxNamedResources), where)
			d.Detail = "A job runs only on a persistent resource of its own project and location: set the job's metadata.project and metadata.location (or the defaults) to the resource's, or use a resource where the job runs."
			continue
		}
		d := p.ReportAtf(j.Place, "no persistent resource %q in %s", j.ResourceID, where)
		d.Detail = detail
		s, done := suggestions[j.ResourceID]
		if !done {
			s = suggest.Nearest(j.ResourceID, known)
			suggestions[j.ResourceID] = s
		}
		d.Suggestion = s
	}
}
