package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/lint/pools"
)

func (a *app) poolsCommand() *cli.Command {
	cmd := &cli.Command{
		Name:      "pools",
		Usage:     "show each persistent resource's pools: their limit, what is in use, and what the jobs ask",
		ArgsUsage: "[PATH...]",
		Description: `Reads the files as lint does (PATH as for lint; pools from the linted
PersistentResource documents, --pools and pools: in .vxjob.yaml, and Vertex AI
with --live) and shows, for each persistent resource and pool: how many replicas
it holds at most (its replica count, or its autoscaling maximum), how many were
in use when last seen, and how many the repository's jobs ask of it at once.
A pool the jobs ask more of than it can hold is oversubscribed: those jobs
cannot all run together. On a terminal the numbers are drawn as bars.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text or json"},
			&cli.StringSliceFlag{Name: "pools", TakesFile: true, Usage: "a pools file or directory (repeatable)"},
			&cli.BoolFlag{Name: "live", Usage: "also ask Vertex AI for its persistent resources and the replicas in use"},
			&cli.StringFlag{Name: "config", TakesFile: true, Usage: "the configuration file", DefaultText: ".vxjob.yaml here or in the nearest parent"},
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "bars and colour: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never"},
		},
		Action: a.pools,
	}
	cmd.Flags = append(cmd.Flags, varFlags()...)
	cmd.Flags = append(cmd.Flags, endpointFlags()...)
	cmd.Flags = append(cmd.Flags, projectFlags("of documents that name none")...)
	return cmd
}

func (a *app) pools(ctx context.Context, cmd *cli.Command) error {
	format := cmd.String("format")
	if format != "text" && format != "json" {
		return usagef("--format must be text or json, not %q", format)
	}
	color, err := a.useColor(cmd.String("color"))
	if err != nil {
		return err
	}
	cfg, defaults, err := a.settings(cmd)
	if err != nil {
		return err
	}
	vars, err := a.vars(cmd, cfg)
	if err != nil {
		return err
	}
	files, poolFiles, err := lintInputs(ctx, cmd, cfg)
	if err != nil {
		return err
	}
	live, err := a.liveView(ctx, cmd)
	if err != nil {
		return err
	}
	res, err := lint.Run(files, lint.Options{Stdin: a.stdin, Defaults: defaults, Pools: poolFiles, Rules: cfg.Rules, Vars: vars, Live: live, Strict: cfg.Strict})
	if err != nil {
		return err
	}
	if res.ExitCode(lint.Error) == 2 {
		// Files that cannot be read leave the picture incomplete.
		if err := lint.Write(a.stderr, lint.FormatText, res, lint.OutputOptions{Tool: tool()}); err != nil {
			return err
		}
		return exitError{2}
	}
	usage := res.Pools.Usage()
	if format == "json" {
		return writePoolsJSON(a.stdout, usage)
	}
	return writePoolsText(a.stdout, usage, color)
}

// poolsJSON is pools --format json, version 1.
type poolsJSON struct {
	Version   int                 `json:"version"`
	Resources []*poolsResourceOut `json:"resources"`
}

type poolsResourceOut struct {
	ID         string          `json:"id"`
	Project    string          `json:"project"`
	Location   string          `json:"location"`
	State      string          `json:"state,omitempty"`
	ObservedAt string          `json:"observedAt,omitempty"`
	Live       bool            `json:"live"` // what was seen came from Vertex AI during this run
	Pools      []*poolsPoolOut `json:"pools"`
}

type poolsPoolOut struct {
	ID             string          `json:"id"`
	Machine        string          `json:"machine"`
	Limit          int64           `json:"limit"`
	Replicas       int64           `json:"replicaCount"`
	Autoscaling    *poolsRangeOut  `json:"autoscaling,omitempty"`
	Used           *int64          `json:"used"` // null when never seen
	Asked          int64           `json:"asked"`
	Jobs           []poolsAskerOut `json:"jobs"`
	Oversubscribed bool            `json:"oversubscribed"`
	Busy           bool            `json:"busy"`
}

type poolsRangeOut struct {
	Min int64 `json:"min"`
	Max int64 `json:"max"`
}

type poolsAskerOut struct {
	Name     string `json:"name"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Replicas int64  `json:"replicas"`
}

func writePoolsJSON(w io.Writer, usage []*pools.Usage) error {
	out := poolsJSON{Version: 1, Resources: []*poolsResourceOut{}}
	var cur *poolsResourceOut
	for _, u := range usage {
		r := u.Resource
		if cur == nil || cur.ID != r.ID || cur.Project != r.Project || cur.Location != r.Location {
			cur = &poolsResourceOut{ID: r.ID, Project: r.Project, Location: r.Location, State: r.State, ObservedAt: r.ObservedAt, Live: r.ObservedLive, Pools: []*poolsPoolOut{}}
			out.Resources = append(out.Resources, cur)
		}
		p := &poolsPoolOut{
			ID: u.Pool.ID, Machine: describeMachine(u.Pool.Machine), Limit: u.Pool.Limit(), Replicas: u.Pool.Replicas,
			Asked: u.Asked, Jobs: []poolsAskerOut{}, Oversubscribed: u.Oversubscribed(), Busy: u.Busy(),
		}
		if u.Pool.Autoscaling {
			p.Autoscaling = &poolsRangeOut{Min: u.Pool.Min, Max: u.Pool.Max}
		}
		if u.Pool.Observed {
			used := u.Pool.Used
			p.Used = &used
		}
		for _, a := range u.Askers {
			p.Jobs = append(p.Jobs, poolsAskerOut{Name: a.Job.Name, File: a.Place.File, Line: a.Place.Range.Start.Line, Replicas: a.Replicas})
		}
		cur.Pools = append(cur.Pools, p)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// describeMachine is "a2-highgpu-1g, 1 x NVIDIA_TESLA_A100".
func describeMachine(m pools.MachineSpec) string {
	s := m.MachineType
	if m.AcceleratorType != "" {
		s += fmt.Sprintf(", %d x %s", max(m.AcceleratorCount, 1), m.AcceleratorType)
	}
	return s
}

// barWidth is how many cells a bar has.
const barWidth = 24

// writePoolsText writes a block per resource and a line per pool; with
// bars (on a terminal), each pool's line starts with one: █ in use, ▓
// asked by the jobs, ░ free, and in red what goes past the limit.
func writePoolsText(w io.Writer, usage []*pools.Usage, bars bool) error {
	var b strings.Builder
	var prev *pools.Resource
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
		fmt.Fprintf(&b, "\n%s; %d oversubscribed, %d busy.\n", countOf(len(usage), "pool"), over, busy)
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
func bar(u *pools.Usage) string {
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
