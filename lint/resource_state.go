package lint

import "github.com/vxjob/vxjob/lint/pools"

// reportState reports each job whose resource is in one of states.
func reportState(p *Pass, states map[string]string) {
	for _, j := range p.Pools.Jobs {
		r := j.Resource
		if r == nil {
			continue
		}
		what, ok := states[r.State]
		if !ok {
			continue
		}
		d := p.ReportAtf(j.Place, "persistent resource %q is %s: it %s", j.ResourceID, r.State, what)
		d.Detail = stateDetail(r)
	}
}

func stateDetail(r *pools.Resource) string {
	seen := "As its status section says"
	if r.ObservedAt != "" {
		seen = "As a snapshot saw it at " + r.ObservedAt
	}
	return seen + `. The API calls only a RUNNING persistent resource "healthy and fully usable".`
}
