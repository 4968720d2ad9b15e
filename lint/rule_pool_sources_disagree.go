package lint

import (
	"fmt"
	"strings"

	"github.com/vxjob/vxjob/lint/pools"
)

var rulePoolSources = register(&Rule{
	ID:       "VX310",
	Name:     "pool-sources-disagree",
	Title:    "Two descriptions of one persistent resource disagree",
	Severity: Warning,
	Tier:     TierPools,
	Doc: `A persistent resource may be described by its document in the repository and by pools files (a
snapshot of what runs, or a teammate's copy). (Two documents of it among the linted files are an
error, VX312.) When they disagree on its pools, machines, disks,
replica limits, network, key or service account policy, jobs may be checked against something that
is not what runs. Jobs are checked against the first description (the linted documents come
first); the finding names the other and every difference. Refresh the snapshot, or apply the
repository's version.`,
	Sources: []Source{
		judgement("Jobs are checked against one description of a resource; when another disagrees, the check may be against something that is not what runs."),
	},
	Run: func(p *Pass) {
		for _, d := range p.Pools.Disagreements() {
			if linted(d.Resource) && linted(d.Other) {
				continue // two documents of one resource: VX312 reports them, with these differences
			}
			at, other := d.Resource.Place, d.Other.Place
			if d.Resource.Snapshot {
				at, other = other, at
			}
			diag := p.ReportAtf(at, "persistent resource %q is described differently in %s", d.Resource.ID, other)
			diag.Detail = fmt.Sprintf("Differences: %s. Jobs are checked against the description in %s.", strings.Join(d.Diffs, "; "), d.Resource.Place)
		}
	},
})

// linted says a description comes from a linted document, not a pools
// file or Vertex AI.
func linted(r *pools.Resource) bool { return !r.Snapshot && !r.Live }
