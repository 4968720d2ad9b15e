package submit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// PlanFormatVersion is the version of plan's JSON output. Fields are only
// ever added within a version.
const PlanFormatVersion = 1

// WriteText writes the plan in terraform's vocabulary: a line per
// document with its marker, the fields that change, and a summary.
func (p *Plan) WriteText(w io.Writer) error { return p.WriteTextColor(w, false) }

// markerStyle colours each marker on a terminal, as terraform's.
var markerStyle = map[Action]string{
	Create: "\x1b[32m", Update: "\x1b[33m", Replace: "\x1b[31m", NoChange: "\x1b[2m",
	FailedEarlier: "\x1b[1;31m", ReplaceRequired: "\x1b[1;31m", Duplicate: "\x1b[1;31m",
}

// WriteTextColor is WriteText, with the markers in colour when color is set.
func (p *Plan) WriteTextColor(w io.Writer, color bool) error {
	var b strings.Builder
	where := ""
	for _, ch := range p.Changes {
		d := ch.Doc
		if parent := fmt.Sprintf("project %s, location %s", d.Project, d.Location); parent != where {
			if where != "" {
				b.WriteString("\n")
			}
			where = parent
			fmt.Fprintf(&b, "%s:\n", parent)
		}
		marker := fmt.Sprintf("%-3s", ch.Action.Marker())
		if color {
			marker = markerStyle[ch.Action] + marker + "\x1b[0m"
		}
		fmt.Fprintf(&b, "  %s %s", marker, d.Label())
		if ch.State != "" {
			fmt.Fprintf(&b, " (%s)", ch.State)
		}
		fmt.Fprintf(&b, ": %s\n", ch.Reason)
		for _, f := range ch.Diff {
			fmt.Fprintf(&b, "        ~ %s: %s → %s\n", f.Path, orAbsent(f.Old), orAbsent(f.New))
		}
		WriteLastLogs(&b, ch.LastLogs, ch.LogsErr)
	}
	for _, o := range p.Orphans {
		if parent := fmt.Sprintf("project %s, location %s", o.Project, o.Location); parent != where {
			if where != "" {
				b.WriteString("\n")
			}
			where = parent
			fmt.Fprintf(&b, "%s:\n", parent)
		}
		marker := "?  "
		if color {
			marker = "\x1b[35m" + marker + "\x1b[0m"
		}
		fmt.Fprintf(&b, "  %s custom job %s (%s): %s\n", marker, o.Name, o.State, o.Reason())
	}
	if len(p.Changes)+len(p.Orphans) > 0 {
		b.WriteString("\n")
	}
	b.WriteString(p.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func orAbsent(s string) string {
	if s == "" {
		return "(absent)"
	}
	return s
}

// Summary is the plan's last line.
func (p *Plan) Summary() string {
	attention := p.attention()
	replaces, _ := p.replaces()
	line := fmt.Sprintf("Plan: %d to create, %d to update, %d to replace, %d unchanged, %d %s attention.",
		p.Count(Create), p.Count(Update), replaces, p.Count(NoChange), attention, plural(attention, "needs", "need"))
	if n := len(p.Orphans); n > 0 {
		line += fmt.Sprintf(" %d active %s no file declares.", n, plural(n, "job", "jobs"))
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// planJSON is plan's JSON output, version 1.
type planJSON struct {
	Version int          `json:"version"`
	Changes []changeJSON `json:"changes"`
	Orphans []orphanJSON `json:"orphans"`
	Summary summaryJSON  `json:"summary"`
}

type changeJSON struct {
	Kind     string      `json:"kind"`
	Name     string      `json:"name"`
	Project  string      `json:"project"`
	Location string      `json:"location"`
	File     string      `json:"file"`
	Line     int         `json:"line"`
	Action   Action      `json:"action"`
	Reason   string      `json:"reason"`
	State    string      `json:"state,omitempty"`
	Job      string      `json:"job,omitempty"`      // the job that stands for the document
	Replaces string      `json:"replaces,omitempty"` // the job a replace cancels
	Spec     string      `json:"spec,omitempty"`     // the spec hash of a job document
	Diff     []FieldDiff `json:"diff,omitempty"`
	Mask     []string    `json:"updateMask,omitempty"`
	// LastLogs: what the FAILED job of a failed-earlier change logged
	// last (--log-lines), or LogsError why Cloud Logging could not say.
	LastLogs  []LogRecord `json:"lastLogs,omitempty"`
	LogsError string      `json:"logsError,omitempty"`
}

// orphanJSON is an active managed job that no document of the run declares.
type orphanJSON struct {
	Name     string `json:"name"` // the job's display name
	Project  string `json:"project"`
	Location string `json:"location"`
	Job      string `json:"job"`
	State    string `json:"state"`
}

type summaryJSON struct {
	Create     int  `json:"create"`
	Update     int  `json:"update"`
	Replace    int  `json:"replace"`
	NoChange   int  `json:"noChange"`
	Attention  int  `json:"attention"`
	HasChanges bool `json:"hasChanges"`
}

// WriteJSON writes the plan as JSON (PlanFormatVersion).
func (p *Plan) WriteJSON(w io.Writer) error {
	out := planJSON{Version: PlanFormatVersion, Changes: []changeJSON{}, Orphans: []orphanJSON{}}
	for _, o := range p.Orphans {
		out.Orphans = append(out.Orphans, orphanJSON{Name: o.Name, Project: o.Project, Location: o.Location, Job: o.Job.GetName(), State: o.State})
	}
	for _, ch := range p.Changes {
		d := ch.Doc
		c := changeJSON{
			Kind: d.Kind, Name: d.Name, Project: d.Project, Location: d.Location, File: d.File, Line: d.Line,
			Action: ch.Action, Reason: ch.Reason, State: ch.State, Job: jobName(ch.Current), Replaces: jobName(ch.Old),
			Spec: d.Spec, Diff: ch.Diff, Mask: ch.Mask, LastLogs: ch.LastLogs,
		}
		if ch.LogsErr != nil {
			c.LogsError = ch.LogsErr.Error()
		}
		out.Changes = append(out.Changes, c)
	}
	replaces, _ := p.replaces()
	out.Summary = summaryJSON{
		Create: p.Count(Create), Update: p.Count(Update), Replace: replaces, NoChange: p.Count(NoChange),
		Attention: p.attention(), HasChanges: p.HasChanges(),
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteMarkdown writes the plan for a GitHub step summary: the summary
// line, and a table of what changes.
func (p *Plan) WriteMarkdown(w io.Writer, title string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n%s\n\n", title, p.Summary())
	if len(p.Changes)+len(p.Orphans) > 0 {
		b.WriteString("| | document | project / location | state | why |\n|---|---|---|---|---|\n")
		for _, ch := range p.Changes {
			d := ch.Doc
			fmt.Fprintf(&b, "| `%s` | %s (`%s`) | %s / %s | %s | %s |\n", ch.Action.Marker(), mdEscape(d.Label()), mdEscape(d.Where()),
				d.Project, d.Location, ch.State, mdEscape(ch.Reason))
		}
		for _, o := range p.Orphans {
			fmt.Fprintf(&b, "| `?` | custom job %s | %s / %s | %s | %s |\n", mdEscape(o.Name), o.Project, o.Location, o.State, mdEscape(o.Reason()))
		}
		var diffs strings.Builder
		for _, ch := range p.Changes {
			for _, f := range ch.Diff {
				fmt.Fprintf(&diffs, "%s %s: %s → %s\n", ch.Doc.Name, f.Path, orAbsent(f.Old), orAbsent(f.New))
			}
		}
		if diffs.Len() > 0 {
			fmt.Fprintf(&b, "\n<details><summary>Changed fields</summary>\n\n```\n%s```\n\n</details>\n", diffs.String())
		}
		for _, ch := range p.Changes {
			writeMarkdownLastLogs(&b, ch.Doc.Label(), ch.LastLogs, ch.LogsErr)
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape keeps a table cell in its cell.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// ApplyFormatVersion is the version of apply's JSON output. Fields are
// only ever added within a version.
const ApplyFormatVersion = 1

// applyJSON is apply's JSON output, version 1.
type applyJSON struct {
	Version  int           `json:"version"`
	Outcomes []outcomeJSON `json:"outcomes"`
	Summary  ApplySummary  `json:"summary"`
	// Detached: the wait was interrupted, and the jobs go on.
	Detached bool `json:"detached"`
	// Pruned are the orphans apply --prune cancelled (or failed to).
	Pruned []prunedJSON `json:"pruned"`
}

type prunedJSON struct {
	Name     string `json:"name"` // the job's display name
	Project  string `json:"project"`
	Location string `json:"location"`
	Job      string `json:"job"`
	Error    string `json:"error,omitempty"`
}

type outcomeJSON struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Project  string `json:"project"`
	Location string `json:"location"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Action   Action `json:"action"` // what plan decided
	// Did is what apply did: created, updated, replaced, unchanged,
	// reported, deduplicated, or failed.
	Did       Did      `json:"did"`
	Job       string   `json:"job,omitempty"` // the job that stands for the document now
	State     string   `json:"state,omitempty"`
	Error     string   `json:"error,omitempty"`
	Cancelled []string `json:"cancelled,omitempty"`
	// Unsettled: a second active job may remain, and why.
	Unsettled string `json:"unsettled,omitempty"`
	// LastLogs: what a job seen to end FAILED logged last (--log-lines),
	// or LogsError why Cloud Logging could not say.
	LastLogs  []LogRecord `json:"lastLogs,omitempty"`
	LogsError string      `json:"logsError,omitempty"`
}

// ApplySummary counts what an apply did.
type ApplySummary struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Replaced  int `json:"replaced"`
	Unchanged int `json:"unchanged"` // unchanged, reported and deduplicated
	Failed    int `json:"failed"`
	Unsettled int `json:"unsettled"`
	Pruned    int `json:"pruned"` // orphans cancelled
}

// DidOrFailed is what apply did for the document: Did, or DidFailed.
func (o *Outcome) DidOrFailed() Did {
	if o.Err != nil {
		return DidFailed
	}
	return o.Did
}

// Summary counts the outcomes as apply's last line does.
func (r *Result) Summary() ApplySummary {
	var s ApplySummary
	for _, o := range r.Outcomes {
		switch o.DidOrFailed() {
		case DidCreated:
			s.Created++
		case DidUpdated:
			s.Updated++
		case DidReplaced:
			s.Replaced++
		case DidFailed:
			s.Failed++
		default:
			s.Unchanged++
		}
		if o.Unsettled != nil {
			s.Unsettled++
		}
	}
	for _, p := range r.Pruned {
		if p.Err == nil {
			s.Pruned++
		} else {
			s.Failed++
		}
	}
	return s
}

// WriteJSON writes what apply did as JSON (ApplyFormatVersion).
func (r *Result) WriteJSON(w io.Writer) error {
	out := applyJSON{Version: ApplyFormatVersion, Outcomes: []outcomeJSON{}, Summary: r.Summary(), Detached: r.Detached, Pruned: []prunedJSON{}}
	for _, p := range r.Pruned {
		o := p.Orphan
		j := prunedJSON{Name: o.Name, Project: o.Project, Location: o.Location, Job: o.Job.GetName()}
		if p.Err != nil {
			j.Error = p.Err.Error()
		}
		out.Pruned = append(out.Pruned, j)
	}
	for _, o := range r.Outcomes {
		d := o.Change.Doc
		j := outcomeJSON{
			Kind: d.Kind, Name: d.Name, Project: d.Project, Location: d.Location, File: d.File, Line: d.Line,
			Action: o.Change.Action, Did: o.DidOrFailed(), Job: o.Job, State: o.State, Cancelled: o.Cancelled,
		}
		if o.Err != nil {
			j.Error = o.Err.Error()
		}
		if o.Unsettled != nil {
			j.Unsettled = o.Unsettled.Error()
		}
		j.LastLogs = o.LastLogs
		if o.LogsErr != nil {
			j.LogsError = o.LogsErr.Error()
		}
		out.Outcomes = append(out.Outcomes, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
