package pools

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// The report of `vxjob pools`: what each pool holds, what is in use, and
// what the jobs ask, as text (with bars on a terminal) or JSON.

// reportJSON is `vxjob pools --format json`, version 1.
type reportJSON struct {
	Version   int               `json:"version"`
	Resources []*reportResource `json:"resources"`
}

type reportResource struct {
	ID         string        `json:"id"`
	Project    string        `json:"project"`
	Location   string        `json:"location"`
	State      string        `json:"state,omitempty"`
	ObservedAt string        `json:"observedAt,omitempty"`
	Live       bool          `json:"live"` // what was seen came from Vertex AI during this run
	Pools      []*reportPool `json:"pools"`
}

type reportPool struct {
	ID             string        `json:"id"`
	Machine        string        `json:"machine"`
	Limit          int64         `json:"limit"`
	Replicas       int64         `json:"replicaCount"`
	Autoscaling    *reportRange  `json:"autoscaling,omitempty"`
	Used           *int64        `json:"used"` // null when never seen
	Asked          int64         `json:"asked"`
	Jobs           []reportAsker `json:"jobs"`
	Oversubscribed bool          `json:"oversubscribed"`
	Busy           bool          `json:"busy"`
}

type reportRange struct {
	Min int64 `json:"min"`
	Max int64 `json:"max"`
}

type reportAsker struct {
	Name     string `json:"name"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Replicas int64  `json:"replicas"`
}

// WriteJSON writes `vxjob pools --format json`, version 1: each resource,
// its pools, and the jobs that ask them. Fields are added, never changed,
// within a version.
func WriteJSON(w io.Writer, usage []*Usage) error {
	out := reportJSON{Version: 1, Resources: []*reportResource{}}
	var cur *reportResource
	for _, u := range usage {
		r := u.Resource
		if cur == nil || cur.ID != r.ID || cur.Project != r.Project || cur.Location != r.Location {
			cur = &reportResource{ID: r.ID, Project: r.Project, Location: r.Location, State: r.State, ObservedAt: r.ObservedAt, Live: r.ObservedLive, Pools: []*reportPool{}}
			out.Resources = append(out.Resources, cur)
		}
		p := &reportPool{
			ID: u.Pool.ID, Machine: describeMachine(u.Pool.Machine), Limit: u.Pool.Limit(), Replicas: u.Pool.Replicas,
			Asked: u.Asked, Jobs: []reportAsker{}, Oversubscribed: u.Oversubscribed(), Busy: u.Busy(),
		}
		if u.Pool.Autoscaling {
			p.Autoscaling = &reportRange{Min: u.Pool.Min, Max: u.Pool.Max}
		}
		if u.Pool.Observed {
			used := u.Pool.Used
			p.Used = &used
		}
		for _, a := range u.Askers {
			p.Jobs = append(p.Jobs, reportAsker{Name: a.Job.Name, File: a.Place.File, Line: a.Place.Range.Start.Line, Replicas: a.Replicas})
		}
		cur.Pools = append(cur.Pools, p)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// describeMachine is "a2-highgpu-1g, 1 x NVIDIA_TESLA_A100".
func describeMachine(m MachineSpec) string {
	s := m.MachineType
	if m.AcceleratorType != "" {
		s += fmt.Sprintf(", %d x %s", max(m.AcceleratorCount, 1), m.AcceleratorType)
	}
	return s
}

// barWidth is how many cells a bar has.
const barWidth = 24

// WriteText writes `vxjob pools`: a block per resource and a line per pool; with
// bars (on a terminal), each pool's line starts with one: █ in use, ▓
// asked by the jobs, ░ free, and in red what goes past the limit.
func WriteText(w io.Writer, usage []*Usage, bars bool) error {
	var b strings.Builder
	var prev *Resource
	over, busy := 0, 0
	for _, u := range usage {
		r := u.Resource
		if r != prev {
			if prev != nil {
				b.WriteString("\n")
			}
			prev = r
			fmt.Fprintf(&b, "%s (%s)", r.ID, r.Where())
			switch {
			case r.ObservedLive:
				fmt.Fprintf(&b, ": %s, seen now", r.State)
			case r.State != "":
				fmt.Fprintf(&b, ": %s, seen %s", r.State, r.ObservedAt)
			}
			b.WriteString("\n")
		}
		p := u.Pool
		b.WriteString("  ")
		if bars {
			b.WriteString(bar(u) + "  ")
		}
		fmt.Fprintf(&b, "%s: %s; limit %d", cmp.Or(p.ID, fmt.Sprintf("resourcePools[%d]", p.Index)), describeMachine(p.Machine), p.Limit())
		if p.Autoscaling {
			fmt.Fprintf(&b, " (autoscales %d to %d)", p.Min, p.Max)
		}
		if p.Observed {
			fmt.Fprintf(&b, "; in use %d", p.Used)
		}
		fmt.Fprintf(&b, "; asked %d", u.Asked)
		var askers []string
		for _, a := range u.Askers {
			askers = append(askers, fmt.Sprintf("%s %d", a.Job.Name, a.Replicas))
		}
		if len(askers) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(askers, ", "))
		}
		switch {
		case u.Oversubscribed():
			over++
			b.WriteString(mark(bars, " OVERSUBSCRIBED: the jobs ask more than the pool ever holds"))
		case u.Busy():
			busy++
			b.WriteString(mark(bars, " BUSY: the jobs ask more than was free; some will wait"))
		}
		b.WriteString("\n")
	}
	if len(usage) == 0 {
		b.WriteString("no persistent resources: lint some, or name a snapshot with --pools\n")
	} else {
		fmt.Fprintf(&b, "\n%s; %d oversubscribed, %d busy.\n", plural(len(usage), "pool"), over, busy)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mark(color bool, s string) string {
	if !color {
		return s
	}
	return "\x1b[1;31m" + s + "\x1b[0m"
}

// bar draws a pool: its limit is the bar's full width, unless what is in
// use and asked together go past it.
func bar(u *Usage) string {
	limit, used := u.Pool.Limit(), int64(0)
	if u.Pool.Observed {
		used = u.Pool.Used
	}
	scale := max(limit, used+u.Asked, 1)
	cells := func(n int64) int { return int((n*barWidth + scale - 1) / scale) }
	usedCells := min(cells(used), barWidth)
	askedCells := min(cells(used+u.Asked), barWidth) - usedCells
	limitCells := min(cells(limit), barWidth)
	var b strings.Builder
	for i := range barWidth {
		c := "░"
		switch {
		case i < usedCells:
			c = "█"
		case i < usedCells+askedCells:
			c = "▓"
		case i >= limitCells:
			c = " "
		}
		if i >= limitCells && i < usedCells+askedCells {
			c = "\x1b[31m" + c + "\x1b[0m"
		}
		b.WriteString(c)
	}
	return b.String()
}

func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
