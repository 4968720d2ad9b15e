package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/submit"
)

func (a *app) applyCommand() *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "create on Vertex AI what the files describe; applying again changes nothing",
		ArgsUsage: "[PATH...]",
		Description: `Lints the files (errors stop it) and plans them again against what Vertex AI has
now (see vxjob plan), then: creates and updates persistent resources, waiting
until they are RUNNING; then creates jobs, several at once. Every job vxjob
creates carries labels (vxjob-managed, vxjob-key, vxjob-spec, vxjob-attempt) by
which it is found again, so applying the same files twice creates nothing the
second time, and a create whose answer was lost is never made twice. Jobs that
vxjob did not label are never touched, and nothing is ever deleted.

A changed spec replaces the old job only while that job has ended, or with
--allow-replace (which cancels it). A spec whose job failed is run again only
with --rerun-failed.

--wait says how long to follow the jobs: none or created (return once they are
created), running, or terminal; a live table on a terminal, a line per state
change otherwise. Interrupting stops the waiting, not the jobs.

Applies running at the same time leave one active job per document: after
creating, apply lists the document's active jobs, keeps the oldest and cancels
the others (an apply whose job of another spec was cancelled fails, naming the
job that stays). When that list keeps failing, apply says which documents may
have a second job; vxjob plan shows it and apply again cancels it.

Exit status: 0 done; 1 when a document failed (each is named, with why) or may
have a second active job; 2 for usage, configuration or input errors.`,
		Flags: append(submitFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text or json"},
			&cli.BoolFlag{Name: "prune", Usage: "cancel the active jobs vxjob labelled, in the files' projects and locations, that no file given declares"},
			&cli.IntFlag{Name: "parallelism", Value: 4, Usage: "jobs created, or followed, at once"},
			&cli.StringFlag{Name: "wait", Value: string(submit.WaitCreated), Usage: "none, created, running or terminal"},
			&cli.DurationFlag{Name: "poll-interval", Value: 2 * time.Second, Usage: "pause between looks at what apply waits for"},
			timeoutFlag(time.Hour, "stop an apply that takes longer, the --wait aside; persistent resources may take many minutes to provision"),
		),
		Action: a.apply,
	}
}

func (a *app) apply(ctx context.Context, cmd *cli.Command) error {
	mode, err := submit.ParseWaitMode(cmd.String("wait"))
	if err != nil {
		return usageError{err}
	}
	if cmd.Int("parallelism") < 1 {
		return usagef("--parallelism must be at least 1")
	}
	format := cmd.String("format")
	if format != "text" && format != "json" {
		return usagef("--format must be text or json, not %q", format)
	}
	docs, dial, err := a.prepare(ctx, cmd)
	if err != nil {
		return err
	}
	// With --format json, stdout is the JSON alone: progress goes to stderr.
	progressOut := a.stdout
	if format == "json" {
		progressOut = a.stderr
	}
	progress := newProgress(progressOut, a.isTerminal(progressOut) && a.getenv("TERM") != "dumb")
	applier := &submit.Applier{
		Planner: submit.Planner{Dial: dial, RerunFailed: cmd.Bool("rerun-failed"), AllowReplace: cmd.Bool("allow-replace"),
			Timing: a.runTiming(cmd.Duration("poll-interval"), cmd.Duration("timeout"))},
		Prune:       cmd.Bool("prune"),
		Parallelism: int(cmd.Int("parallelism")),
		Wait:        mode,
		Events:      progress.event,
	}
	res, err := applier.Apply(ctx, docs)
	progress.done()
	if err != nil {
		return failure{err}
	}
	if format == "json" {
		if err := res.WriteJSON(a.stdout); err != nil {
			return err
		}
		a.writeApplyProblems(res)
	} else {
		a.writeApplyResult(res)
	}
	if err := a.stepSummary(func(f *os.File) error { return writeApplyMarkdown(f, res) }); err != nil {
		return err
	}
	if res.Detached {
		fmt.Fprintf(a.stderr, "vxjob: interrupted: stopped waiting; the jobs go on. Follow them again with:\n  vxjob apply --wait=%s %s\n", mode, strings.Join(cmd.Args().Slice(), " "))
		return exitError{1}
	}
	if len(res.Failed()) > 0 || len(res.Unsettled()) > 0 || res.Summary().Failed > 0 {
		return exitError{1}
	}
	return nil
}

// writeApplyResult says, per document, what apply did, then the failures
// and a summary.
func (a *app) writeApplyResult(res *submit.Result) {
	for _, o := range res.Outcomes {
		d := o.Change.Doc
		did := o.DidOrFailed()
		line := fmt.Sprintf("%-3s %s: %s", o.Change.Action.Marker(), d.Label(), did)
		if o.Job != "" {
			line += " " + o.Job
		}
		if o.State != "" {
			line += " (" + o.State + ")"
		}
		if o.Change.Action == submit.FailedEarlier {
			line += ": " + o.Change.Reason
		}
		fmt.Fprintln(a.stdout, line)
		for _, job := range o.Cancelled {
			fmt.Fprintf(a.stdout, "      cancelled %s\n", job)
		}
	}
	for _, p := range res.Pruned {
		if p.Err == nil {
			fmt.Fprintf(a.stdout, "x   custom job %s: cancelled %s (no file declares it)\n", p.Orphan.Name, p.Orphan.Job.GetName())
		}
	}
	a.writeApplyProblems(res)
	s := res.Summary()
	pruned := ""
	if s.Pruned > 0 {
		pruned = fmt.Sprintf(", %d pruned", s.Pruned)
	}
	fmt.Fprintf(a.stdout, "Apply: %d created, %d updated, %d replaced, %d unchanged%s, %d failed.\n",
		s.Created, s.Updated, s.Replaced, s.Unchanged, pruned, s.Failed)
}

// writeApplyProblems names on stderr each document that failed, and each
// that may have a second active job.
func (a *app) writeApplyProblems(res *submit.Result) {
	for _, o := range res.Failed() {
		fmt.Fprintf(a.stderr, "vxjob: %s (%s) failed: %v\n", o.Change.Doc.Label(), o.Change.Doc.Where(), o.Err)
	}
	for _, o := range res.Unsettled() {
		fmt.Fprintf(a.stderr, "vxjob: %s (%s): %v\n", o.Change.Doc.Label(), o.Change.Doc.Where(), o.Unsettled)
	}
	for _, p := range res.Pruned {
		if p.Err != nil {
			fmt.Fprintf(a.stderr, "vxjob: custom job %s, which no file declares: %v\n", p.Orphan.Name, p.Err)
		}
	}
}

// writeApplyMarkdown is the step summary of an apply.
func writeApplyMarkdown(w io.Writer, res *submit.Result) error {
	var b strings.Builder
	b.WriteString("### vxjob apply\n\n| | document | did | job | state |\n|---|---|---|---|---|\n")
	for _, o := range res.Outcomes {
		did := o.Did
		if o.Err != nil {
			did = "failed: " + strings.ReplaceAll(o.Err.Error(), "|", `\|`)
		}
		if len(o.Cancelled) > 0 {
			did += "; cancelled " + strings.Join(o.Cancelled, ", ")
		}
		if o.Unsettled != nil {
			did += "; " + strings.ReplaceAll(o.Unsettled.Error(), "|", `\|`)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", o.Change.Action.Marker(), o.Change.Doc.Label(), did, o.Job, o.State)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// progress shows apply's events: on a terminal, a table of the documents
// that is drawn again at each event and each tick of a clock (so the
// times count up while nothing changes, as during the minutes a
// persistent resource takes to provision); elsewhere (CI logs), a line
// per event.
type progress struct {
	w   io.Writer
	tty bool
	now func() time.Time
	mu  sync.Mutex
	// rows are the documents in the order of their first event.
	rows []*progressRow
	by   map[string]*progressRow
	// drawn is how many lines the table took when last drawn.
	drawn int
	// stop ends the goroutine that redraws on ticks; it closes stopped.
	stop, stopped chan struct{}
	stopTicker    func()
	// drewTick, when set (by tests), is called after each tick's drawing.
	drewTick func()
}

type progressRow struct {
	kind, label, job, state string
	// note is the last message: an operation's progress, a retry.
	note string
	// start is the document's first event, since its state's, end when
	// it settled (submit.Settled), or zero.
	start, since, end time.Time
}

// progressTick is how often the table is drawn again on a terminal.
const progressTick = time.Second

func newProgress(w io.Writer, tty bool) *progress {
	if !tty {
		return newProgressClock(w, false, time.Now, nil, func() {})
	}
	ticker := time.NewTicker(progressTick)
	return newProgressClock(w, true, time.Now, ticker.C, ticker.Stop)
}

// newProgressClock is newProgress on a given clock: now for the times of
// events, ticks to draw again (each at the time it carries).
func newProgressClock(w io.Writer, tty bool, now func() time.Time, ticks <-chan time.Time, stopTicker func()) *progress {
	p := &progress{w: w, tty: tty, now: now, by: map[string]*progressRow{},
		stop: make(chan struct{}), stopped: make(chan struct{}), stopTicker: stopTicker}
	if ticks == nil {
		close(p.stopped)
		return p
	}
	go func() {
		defer close(p.stopped)
		for {
			select {
			case at := <-ticks:
				p.mu.Lock()
				if p.drawn > 0 {
					p.draw(at)
				}
				p.mu.Unlock()
				if p.drewTick != nil {
					p.drewTick()
				}
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

func (p *progress) event(e submit.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.tty {
		fmt.Fprintln(p.w, eventLine(e))
		return
	}
	now := p.now()
	key := e.Doc.Label()
	r := p.by[key]
	if r == nil {
		r = &progressRow{kind: e.Doc.Kind, label: key, start: now}
		p.by[key] = r
		p.rows = append(p.rows, r)
	}
	if e.Job != "" && e.What != "cancelled" {
		r.job = e.Job
	}
	if e.State != "" && e.State != r.state {
		r.state, r.since, r.note = e.State, now, ""
		r.end = time.Time{}
		if submit.Settled(r.kind, r.state) {
			r.end = now
		}
	}
	switch e.What {
	case "progress":
		r.note = e.Message
	case "retrying", "cancelled", "adopted":
		r.note = e.What + ": " + e.Message
	}
	p.draw(now)
}

// eventLine is one line of the log form:
//
//	custom job bert: created job 4606268999515242496 (QUEUED)
//	custom job bert: QUEUED → PENDING (job 4606268999515242496)
func eventLine(e submit.Event) string {
	id := ""
	if e.Job != "" {
		id = "job " + e.Job[strings.LastIndex(e.Job, "/")+1:]
	}
	var s string
	switch {
	case e.What == "state" && e.From != "":
		s = fmt.Sprintf("%s → %s (%s)", e.From, e.State, id)
	case e.What == "state":
		s = fmt.Sprintf("%s (%s)", e.State, id)
	default:
		s = strings.TrimSpace(e.What + " " + id)
		if e.State != "" {
			s += " (" + e.State + ")"
		}
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return e.Doc.Label() + ": " + s
}

// draw writes the table, as it is at now, over its last drawing:
//
//	DOCUMENT                                 STATE             FOR  ELAPSED
//	persistent resource training-pr          -                   -    1m05s  Provisioning the resource pools
//	custom job bert                          RUNNING           12s      40s  job 4606268999515242496
//
// FOR is the time in the state, ELAPSED since the document's first
// event; both stop once the document settled.
func (p *progress) draw(now time.Time) {
	var b strings.Builder
	if p.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", p.drawn)
	}
	fmt.Fprintf(&b, "\x1b[2K%-40s %-14s %7s %8s\n", "DOCUMENT", "STATE", "FOR", "ELAPSED")
	for _, r := range p.rows {
		end := now
		if !r.end.IsZero() {
			end = r.end
		}
		state, inState := r.state, "-"
		if state == "" {
			state = "-"
		} else {
			inState = since(r.since, end)
		}
		detail := ""
		if r.job != "" {
			detail = "job " + r.job[strings.LastIndex(r.job, "/")+1:]
		}
		if r.note != "" {
			detail = strings.TrimPrefix(detail+"; "+r.note, "; ")
		}
		fmt.Fprintf(&b, "\x1b[2K%-40s %-14s %7s %8s  %s\n", r.label, state, inState, since(r.start, end), detail)
	}
	p.drawn = len(p.rows) + 1
	io.WriteString(p.w, b.String())
}

// since is the whole seconds from then to now: 0s, 59s, 1m5s.
func since(then, now time.Time) string {
	return max(now.Sub(then), 0).Truncate(time.Second).String()
}

// done stops the clock and draws the table a last time, so what follows
// starts below it.
func (p *progress) done() {
	close(p.stop)
	<-p.stopped
	p.stopTicker()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn > 0 {
		p.draw(p.now())
	}
}
