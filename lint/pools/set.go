package pools

import (
	"fmt"
	"slices"
)

// Set is what one lint run knows of persistent resources, from every
// source, and of the jobs that run on them, each job assigned its resource
// and each worker pool its resource pool.
type Set struct {
	Resources []*Resource // one per resource (project, location, ID), as first seen
	Jobs      []*Job
	sources   map[string][]*Resource
	byID      map[string][]*Resource
}

// NewSet merges the descriptions of resources and assigns every job.
// Linted documents come before pools files, each kind in the order read,
// and the first description of a resource is the one jobs are checked
// against: the repository says what the resource should be. What a
// snapshot saw (state, used replicas) is added to it from whichever
// description has it.
func NewSet(resources []*Resource, jobs []*Job) *Set {
	s := &Set{Jobs: jobs, sources: map[string][]*Resource{}, byID: map[string][]*Resource{}}
	ordered := slices.Clone(resources)
	slices.SortStableFunc(ordered, func(a, b *Resource) int { return rank(a) - rank(b) })
	for _, r := range ordered {
		k := r.key()
		if _, seen := s.sources[k]; !seen {
			s.Resources = append(s.Resources, r)
			s.byID[r.ID] = append(s.byID[r.ID], r)
		}
		s.sources[k] = append(s.sources[k], r)
	}
	for _, r := range s.Resources {
		s.addObserved(r)
	}
	for _, j := range jobs {
		s.assign(j)
	}
	return s
}

// rank orders the descriptions of a resource: the repository's documents
// first (what it should be), then what Vertex AI says now, then snapshots
// (what it was when they were taken), so live observations win over old
// ones.
func rank(r *Resource) int {
	switch {
	case !r.Snapshot:
		return 0
	case r.Live:
		return 1
	}
	return 2
}

// addObserved copies what snapshots saw into the first description.
func (s *Set) addObserved(r *Resource) {
	r.ObservedLive = r.Live && r.State != ""
	for _, other := range s.sources[r.key()][1:] {
		if r.State == "" && other.State != "" {
			r.State, r.ObservedAt, r.ObservedLive = other.State, other.ObservedAt, other.Live
		}
		for _, p := range r.Pools {
			if o := other.Pool(p.ID); o != nil && o.Observed && !p.Observed {
				p.Observed, p.Used = true, o.Used
			}
		}
	}
}

// assign finds the job's resource in its project and location (a side
// nobody named matches any), and the resource pool of each worker pool.
func (s *Set) assign(j *Job) {
	for _, r := range s.byID[j.ResourceID] {
		if same(j.Project, r.Project) && same(j.Location, r.Location) {
			j.Resource = r
			break
		}
		j.Elsewhere = append(j.Elsewhere, r)
	}
	if j.Resource == nil {
		return
	}
	j.Elsewhere = nil
	for _, wp := range j.Pools {
		matchPool(wp, j.Resource)
	}
}

func same(a, b string) bool { return a == "" || b == "" || a == b }

// matchPool sets wp's match, or its nearest pool and the differences.
func matchPool(wp *WorkerPool, r *Resource) {
	for _, p := range r.Pools {
		if !Same(wp.Machine, wp.Disk, p.Machine, p.Disk) {
			continue
		}
		if wp.Match == nil {
			wp.Match = p
		} else {
			wp.Ambiguous = append(wp.Ambiguous, p)
		}
	}
	if wp.Match != nil {
		return
	}
	for _, p := range r.Pools {
		diffs := Compare(wp.Machine, wp.Disk, p.Machine, p.Disk)
		if wp.Nearest == nil || len(diffs) < len(wp.Diffs) {
			wp.Nearest, wp.Diffs = p, diffs
		}
	}
}

// Demand is what a job asks of one resource pool: the replicas of all its
// worker pools that land there, which run at the same time.
type Demand struct {
	Pool     *Pool
	Replicas int64
	First    *WorkerPool // the first worker pool that lands there
}

// Demands lists what the job asks of each pool it lands on, in the order
// of its worker pools.
func (j *Job) Demands() []Demand {
	var out []Demand
	for _, wp := range j.Pools {
		if wp.Match == nil {
			continue
		}
		i := slices.IndexFunc(out, func(d Demand) bool { return d.Pool == wp.Match })
		if i < 0 {
			out = append(out, Demand{Pool: wp.Match, First: wp})
			i = len(out) - 1
		}
		out[i].Replicas += wp.Replicas
	}
	return out
}

// Contention is a pool that the jobs of the run, together, ask for more
// replicas than it can ever hold at once: some of them will wait.
type Contention struct {
	Resource *Resource
	Pool     *Pool
	Total    int64
	Jobs     []*Job
	Asks     []Demand // each job's demand of the pool, in the order of Jobs
}

// Contentions lists the pools several jobs oversubscribe, in the order of
// the resources and their pools.
func (s *Set) Contentions() []Contention {
	byPool := map[*Pool]*Contention{}
	for _, j := range s.Jobs {
		for _, d := range j.Demands() {
			c := byPool[d.Pool]
			if c == nil {
				c = &Contention{Resource: j.Resource, Pool: d.Pool}
				byPool[d.Pool] = c
			}
			c.Total += d.Replicas
			c.Jobs = append(c.Jobs, j)
			c.Asks = append(c.Asks, d)
		}
	}
	var out []Contention
	for _, r := range s.Resources {
		for _, p := range r.Pools {
			if c := byPool[p]; c != nil && len(c.Jobs) > 1 && c.Total > p.Limit() {
				out = append(out, *c)
			}
		}
	}
	return out
}

// Disagreement is a later description of a resource that differs from the
// first in what jobs are checked against.
type Disagreement struct {
	Resource *Resource // the first description
	Other    *Resource
	Diffs    []string
}

// Disagreements compares every later description of each resource with
// the first: pools, machines, disks, limits, network, key and service
// account policy. What a snapshot saw is not compared; it is meant to
// differ.
func (s *Set) Disagreements() []Disagreement {
	var out []Disagreement
	for _, r := range s.Resources {
		for _, other := range s.sources[r.key()][1:] {
			if diffs := describeDiffs(r, other); len(diffs) > 0 {
				out = append(out, Disagreement{Resource: r, Other: other, Diffs: diffs})
			}
		}
	}
	return out
}

func describeDiffs(a, b *Resource) []string {
	var diffs []string
	add := func(field, x, y string) {
		if x != y {
			diffs = append(diffs, fmt.Sprintf("%s %s vs %s", field, orNone(x), orNone(y)))
		}
	}
	add("network", a.Network, b.Network)
	add("encryptionSpec.kmsKeyName", a.KMSKey, b.KMSKey)
	add("enableCustomServiceAccount", fmt.Sprint(a.CustomServiceAccount), fmt.Sprint(b.CustomServiceAccount))
	for _, p := range a.Pools {
		q := b.Pool(p.ID)
		if q == nil {
			diffs = append(diffs, fmt.Sprintf("pool %s is missing from the other", p.Name()))
			continue
		}
		for _, d := range Compare(p.Machine, p.Disk, q.Machine, q.Disk) {
			diffs = append(diffs, fmt.Sprintf("pool %s %s", p.Name(), d))
		}
		add("pool "+p.Name()+" replica limit", fmt.Sprint(p.Limit()), fmt.Sprint(q.Limit()))
	}
	for _, q := range b.Pools {
		if a.Pool(q.ID) == nil {
			diffs = append(diffs, fmt.Sprintf("pool %s is only in the other", q.Name()))
		}
	}
	return diffs
}
