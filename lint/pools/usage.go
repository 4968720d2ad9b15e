package pools

// Usage is one resource pool: what it holds, and what the jobs of the
// repository ask of it at once.
type Usage struct {
	Resource *Resource
	Pool     *Pool
	Asked    int64   // replicas, summed over Askers
	Askers   []Asker // in the order of the jobs
}

// Asker is a job that asks replicas of a pool.
type Asker struct {
	Job      *Job
	Replicas int64
	Place    Place // its first worker pool that lands there
}

// Oversubscribed says the jobs ask more than the pool can ever hold at
// once: together they cannot all run.
func (u *Usage) Oversubscribed() bool { return u.Asked > u.Pool.Limit() }

// Busy says the jobs ask more than was free when the pool was last seen:
// some will wait.
func (u *Usage) Busy() bool { return u.Pool.Observed && u.Asked > u.Pool.Free() }

// Usage lists every pool of every resource of the set, in order, with
// what the set's jobs ask of it.
func (s *Set) Usage() []*Usage {
	byPool := map[*Pool]*Usage{}
	var out []*Usage
	for _, r := range s.Resources {
		for _, p := range r.Pools {
			u := &Usage{Resource: r, Pool: p}
			byPool[p] = u
			out = append(out, u)
		}
	}
	for _, j := range s.Jobs {
		for _, d := range j.Demands() {
			if u := byPool[d.Pool]; u != nil {
				u.Asked += d.Replicas
				u.Askers = append(u.Askers, Asker{Job: j, Replicas: d.Replicas, Place: d.First.Place})
			}
		}
	}
	return out
}
