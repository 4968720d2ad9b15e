package submit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/vxjob/vxjob/internal/parallel"
	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/schemas"
)

// WaitMode says how long apply follows the jobs once they are created.
type WaitMode string

const (
	WaitNone     WaitMode = "none"     // return once the calls are made
	WaitCreated  WaitMode = "created"  // the same: a created job is queued on Vertex AI
	WaitRunning  WaitMode = "running"  // until every job runs (or has ended)
	WaitTerminal WaitMode = "terminal" // until every job has ended
)

// ParseWaitMode reads --wait.
func ParseWaitMode(s string) (WaitMode, error) {
	switch m := WaitMode(s); m {
	case WaitNone, WaitCreated, WaitRunning, WaitTerminal:
		return m, nil
	}
	return "", fmt.Errorf("--wait must be none, created, running or terminal, not %q", s)
}

// Applier applies documents: it plans them again against what Vertex AI
// has now (never trusting an older plan), then makes the changes.
type Applier struct {
	Planner // its AllowReplace lets a changed spec cancel the old one's active job
	// Prune cancels the plan's orphans: the active jobs vxjob labelled, in
	// the projects and locations of the run's documents, that no document
	// of the run declares. The files given are then taken as all there are.
	Prune bool
	// Parallelism is how many jobs are created, or looked at, at once
	// (4 when 0).
	Parallelism int
	Wait        WaitMode
	// Events, when set, hears of each thing apply does and each state a
	// job reaches while it waits. It is called from several goroutines,
	// one call at a time.
	Events func(Event)
	// LogLines is how many of its last log lines a job that apply sees
	// end FAILED shows in the summary; 0 shows none.
	LogLines int
	// Follow, when set, hears the log entries of the jobs apply waits
	// for, as they come, until each has ended.
	Follow LogFollower

	eventMu sync.Mutex
}

// Event is something apply did or saw.
type Event struct {
	Doc     *Document
	What    EventKind
	Job     string // the job's resource name, when there is one
	State   string // the job's or resource's state, when known
	From    string // the state before, for a state event
	Message string
}

// EventKind says what an Event tells.
type EventKind string

const (
	EventCreated   EventKind = "created"   // a job or resource was created
	EventUpdated   EventKind = "updated"   // a resource was updated in place
	EventCancelled EventKind = "cancelled" // a job was cancelled (Job; Message says why)
	EventAdopted   EventKind = "adopted"   // a create that failed had made its job after all
	EventState     EventKind = "state"     // a job moved from From to State
	EventProgress  EventKind = "progress"  // a resource's operation reported progress (Message)
	EventRetrying  EventKind = "retrying"  // a call failed and is tried again (Message)
)

// Did is what apply did for a document; the values are those of apply's
// text and --format json.
type Did string

const (
	DidCreated      Did = "created"
	DidUpdated      Did = "updated"
	DidReplaced     Did = "replaced"
	DidUnchanged    Did = "unchanged"
	DidReported     Did = "reported"     // failed earlier, and not run again without --rerun-failed
	DidDeduplicated Did = "deduplicated" // a second job another apply made was cancelled
	DidFailed       Did = "failed"       // Outcome.DidOrFailed of an Outcome with an Err
)

// Outcome is what became of one document.
type Outcome struct {
	Change *Change
	// Did is what apply did, or "" when it failed.
	Did   Did
	Job   string // the job that stands for the document now
	State string // its last state seen
	Err   error  // why the document failed
	// Cancelled are the jobs apply cancelled for the document: the old
	// job of a replace, and second active jobs that applies running at
	// the same time made.
	Cancelled []string
	// Unsettled says that the document's job was made but apply could
	// not make sure that it is the document's only active job (the list
	// kept failing): a second one may remain, which plan shows and the
	// next apply cancels.
	Unsettled error
	// LastLogs are the last lines logged by a job that ended FAILED, seen
	// by apply or before it (a FailedEarlier, read with the plan), as many
	// as Applier.LogLines; or LogsErr why they could not be read.
	LastLogs []LogRecord
	LogsErr  error
}

// Result is what an apply did.
type Result struct {
	Plan     *Plan
	Outcomes []*Outcome
	// Detached says the wait was interrupted: the jobs go on.
	Detached bool
	// Pruned are the orphans apply --prune cancelled, or failed to.
	Pruned []*Pruned
}

// Pruned is an orphan that apply --prune cancelled, or Err why not.
type Pruned struct {
	Orphan *Orphan
	Err    error
}

// Unsettled lists the outcomes whose jobs may have a second one beside
// them (Outcome.Unsettled).
func (r *Result) Unsettled() []*Outcome {
	var out []*Outcome
	for _, o := range r.Outcomes {
		if o.Unsettled != nil {
			out = append(out, o)
		}
	}
	return out
}

// Failed lists the outcomes that failed.
func (r *Result) Failed() []*Outcome {
	var out []*Outcome
	for _, o := range r.Outcomes {
		if o.Err != nil {
			out = append(out, o)
		}
	}
	return out
}

func (a *Applier) emit(e Event) {
	if a.Events == nil {
		return
	}
	a.eventMu.Lock()
	defer a.eventMu.Unlock()
	a.Events(e)
}

// Apply plans docs, then makes the plan's changes: persistent resources
// first (each waited for until RUNNING, since jobs need them so), then
// jobs, several at once. An error means nothing could be planned; what
// failed for single documents is in the Result.
func (a *Applier) Apply(ctx context.Context, docs []*Document) (*Result, error) {
	t := a.Timing.withDefaults()
	// Timing.Run bounds everything but the wait.
	bctx, cancel := t.bound(ctx)
	defer cancel()
	plan, err := a.plan(bctx, t, docs)
	if err != nil {
		return nil, t.timedOut(bctx, err)
	}
	res := &Result{Plan: plan}
	clients := newClients(a.Dial)
	defer clients.close()

	failedResources := map[string]*Outcome{}
	var jobs []*Outcome
	for _, ch := range plan.Changes {
		o := &Outcome{Change: ch, Job: jobName(ch.Current), State: ch.State}
		res.Outcomes = append(res.Outcomes, o)
		if ch.Doc.Kind == schemas.KindCustomJob {
			jobs = append(jobs, o)
			continue
		}
		a.applyResource(bctx, t, clients, o)
		if o.Err != nil {
			failedResources[ch.Doc.Parent()+"/"+ch.Doc.Name] = o
		}
	}

	parallel.Do(len(jobs), a.parallelism(), func(i int) {
		o := jobs[i]
		if r := failedResources[o.Change.Doc.Parent()+"/"+o.Change.Doc.Job.GetJobSpec().GetPersistentResourceId()]; r != nil {
			o.Err = fmt.Errorf("its persistent resource %s was not applied", r.Change.Doc.Name)
			return
		}
		a.applyJob(bctx, t, clients, o)
	})
	a.converge(bctx, t, clients, jobs)
	if a.Prune {
		res.Pruned = a.prune(bctx, t, clients, plan.Orphans)
	}
	for _, o := range res.Outcomes {
		o.Err = t.timedOut(bctx, o.Err)
		o.Unsettled = t.timedOut(bctx, o.Unsettled)
	}
	if err := a.wait(ctx, t, clients, jobs); err != nil {
		if ctx.Err() != nil {
			res.Detached = true
			return res, nil
		}
		return res, err
	}
	return res, nil
}

func (a *Applier) parallelism() int {
	if a.Parallelism <= 0 {
		return 4
	}
	return a.Parallelism
}

func jobName(j *aiplatformpb.CustomJob) string {
	if j == nil {
		return ""
	}
	return j.Name
}

// applyResource creates or updates a persistent resource and waits until
// it is RUNNING.
func (a *Applier) applyResource(ctx context.Context, t Timing, clients *clients, o *Outcome) {
	ch, d := o.Change, o.Change.Doc
	switch ch.Action {
	case NoChange:
		o.Did = DidUnchanged
		if settling[ch.State] {
			// Jobs need it RUNNING: wait for it to get there.
			c, err := clients.get(ctx, d.Location)
			if err == nil {
				var pr *aiplatformpb.PersistentResource
				if pr, err = a.awaitRunning(ctx, t, c, d); err == nil {
					o.State = stateOfResource(pr)
				}
			}
			o.Err = err
		}
		return
	case ReplaceRequired:
		o.Err = errors.New(ch.Reason)
		return
	}
	c, err := clients.get(ctx, d.Location)
	if err != nil {
		o.Err = err
		return
	}
	poll := PollOptions{Interval: t.Poll, Progress: func(msg string) { a.emit(Event{Doc: d, What: EventProgress, Message: msg}) }}
	var pr *aiplatformpb.PersistentResource
	event := EventCreated
	switch ch.Action {
	case Create:
		pr, err = a.createResource(ctx, t, c, d, poll)
		o.Did = DidCreated
	case Update:
		pr, err = a.updateResource(ctx, t, c, d, ch.Mask, poll)
		o.Did, event = DidUpdated, EventUpdated
	}
	if err != nil {
		o.Did, o.Err = "", err
		return
	}
	o.State = stateOfResource(pr)
	if pr.GetState() != aiplatformpb.PersistentResource_RUNNING {
		o.Did, o.Err = "", fmt.Errorf("the persistent resource is %s, not RUNNING", o.State)
		return
	}
	a.emit(Event{Doc: d, What: event, State: o.State})
}

// settling are the states a persistent resource leaves on its own for
// RUNNING (or ERROR).
var settling = map[string]bool{"PROVISIONING": true, "UPDATING": true, "REBOOTING": true}

func stateOfResource(pr *aiplatformpb.PersistentResource) string {
	return resname.ResourceState(pr.GetState())
}

// createResource creates a persistent resource and waits for the
// operation. Its ID is the client's, so a create whose answer was lost
// is simply made again: ALREADY_EXISTS then means the first one took.
func (a *Applier) createResource(ctx context.Context, t Timing, c *Client, d *Document, poll PollOptions) (*aiplatformpb.PersistentResource, error) {
	req := &aiplatformpb.CreatePersistentResourceRequest{Parent: d.Parent(), PersistentResourceId: d.Name, PersistentResource: d.Resource}
	var op Operation
	made, tries := false, 0
	err := t.retry(ctx, retrying{tries: t.CreateAttempts, again: a.retrying(d)}, func(cctx context.Context, try int) (bool, error) {
		var err error
		op, err = c.Resources.CreatePersistentResource(cctx, req)
		tries = try
		switch {
		case err == nil:
			return false, nil
		case status.Code(err) == codes.AlreadyExists && try > 1:
			// An earlier try took, though its answer was lost.
			made = true
			return false, nil
		}
		return classify(err) != rejected, err
	})
	switch {
	case made:
		return a.awaitRunning(ctx, t, c, d)
	case err == nil:
		return awaitResource(ctx, op, poll)
	case classify(err) != rejected && tries == t.CreateAttempts:
		return nil, callErrorf(err, "no answer after %d tries", tries)
	}
	return nil, callError(err)
}

// awaitRunning polls a persistent resource until it is RUNNING or ERROR.
func (a *Applier) awaitRunning(ctx context.Context, t Timing, c *Client, d *Document) (*aiplatformpb.PersistentResource, error) {
	for {
		var pr *aiplatformpb.PersistentResource
		err := t.read(ctx, func(ctx context.Context) (err error) {
			pr, err = c.Resources.GetPersistentResource(ctx, &aiplatformpb.GetPersistentResourceRequest{Name: d.Parent() + "/persistentResources/" + d.Name})
			return err
		})
		if err != nil {
			return nil, callError(err)
		}
		switch pr.State {
		case aiplatformpb.PersistentResource_RUNNING, aiplatformpb.PersistentResource_ERROR:
			return pr, nil
		}
		if err := t.pause(ctx, t.Poll); err != nil {
			return nil, err
		}
	}
}

// updateResource changes what mask names in place and waits. Updates
// with the same values are idempotent, so an ambiguous failure is tried
// again.
func (a *Applier) updateResource(ctx context.Context, t Timing, c *Client, d *Document, mask []string, poll PollOptions) (*aiplatformpb.PersistentResource, error) {
	body := withResourceDefaults(d.Resource)
	body.Name = d.Parent() + "/persistentResources/" + d.Name
	req := &aiplatformpb.UpdatePersistentResourceRequest{PersistentResource: body, UpdateMask: &fieldmaskpb.FieldMask{Paths: mask}}
	var op Operation
	err := t.retry(ctx, retrying{tries: t.CreateAttempts, again: a.retrying(d)}, func(cctx context.Context, _ int) (bool, error) {
		var err error
		op, err = c.Resources.UpdatePersistentResource(cctx, req)
		return err != nil && classify(err) != rejected, err
	})
	if err != nil {
		return nil, callError(err)
	}
	return awaitResource(ctx, op, poll)
}

// applyJob makes a job document's change.
func (a *Applier) applyJob(ctx context.Context, t Timing, clients *clients, o *Outcome) {
	ch, d := o.Change, o.Change.Doc
	switch ch.Action {
	case NoChange, Duplicate:
		o.Did = DidUnchanged // duplicates are settled by dedupe
		return
	case FailedEarlier:
		// What its job logged last was read with the plan.
		o.Did, o.LastLogs, o.LogsErr = DidReported, ch.LastLogs, ch.LogsErr
		return
	case Replace:
		if !a.AllowReplace {
			o.Err = fmt.Errorf("%s; apply --allow-replace cancels it and creates the job of the new spec", ch.Reason)
			return
		}
	}
	c, err := clients.get(ctx, d.Location)
	if err != nil {
		o.Err = err
		return
	}
	if ch.Action == Replace {
		for _, old := range append([]*aiplatformpb.CustomJob{ch.Old}, ch.Extra...) {
			if err := a.cancel(ctx, t, c, old.Name); err != nil {
				o.Err = fmt.Errorf("cancelling %s: %w", old.Name, err)
				return
			}
			o.Cancelled = append(o.Cancelled, old.Name)
			a.emit(Event{Doc: d, What: EventCancelled, Job: old.Name, Message: "it runs an older spec"})
		}
	}
	job, err := a.createJob(ctx, t, c, d)
	if err != nil {
		o.Err = err
		return
	}
	o.Did, o.Job, o.State = DidCreated, job.Name, stateName(job.State)
	if ch.Action == Replace {
		o.Did = DidReplaced
	}
	a.emit(Event{Doc: d, What: EventCreated, Job: job.Name, State: o.State})
}

// createJob creates a job once, whatever the network does: each call
// carries one attempt token, and after a call whose outcome is unknown
// apply looks for a job with that token before it calls again.
func (a *Applier) createJob(ctx context.Context, t Timing, c *Client, d *Document) (*aiplatformpb.CustomJob, error) {
	attempt := NewAttempt()
	job := proto.Clone(d.Job).(*aiplatformpb.CustomJob)
	labels, err := jobLabels(d.Job.Labels, d.Key, d.Spec, attempt)
	if err != nil {
		return nil, err
	}
	job.Labels = labels
	req := &aiplatformpb.CreateCustomJobRequest{Parent: d.Parent(), CustomJob: job}
	var made *aiplatformpb.CustomJob
	var lookErr error
	tries := 0
	err = t.retry(ctx, retrying{tries: t.CreateAttempts, again: a.retrying(d)}, func(cctx context.Context, try int) (bool, error) {
		created, err := c.Jobs.CreateCustomJob(cctx, req)
		tries = try
		switch {
		case err == nil:
			made = created
			return false, checkCreated(created, d.Parent())
		case classify(err) == rejected:
			return false, err
		case classify(err) == ambiguous:
			// The job may have been made: look for it before calling
			// again, with the run's context, not this call's.
			found, ferr := a.findAttempt(ctx, t, c, d, attempt)
			if ferr != nil {
				lookErr = ferr
				return false, ferr
			}
			if found != nil {
				made = found
				a.emit(Event{Doc: d, What: EventAdopted, Job: found.Name, Message: "the create call failed (" + describe(err) + ") but the job was made"})
				return false, nil
			}
		}
		return true, err
	})
	switch {
	case err == nil || lookErr != nil:
		return made, err
	case made != nil:
		return made, err // checkCreated refused the answer
	case classify(err) != rejected && tries == t.CreateAttempts:
		return nil, callErrorf(err, "no job was created after %d tries", tries)
	}
	return nil, callError(err)
}

// retrying tells of a create or update of d that is tried again.
func (a *Applier) retrying(d *Document) func(error) {
	return func(err error) { a.emit(Event{Doc: d, What: EventRetrying, Message: describe(err)}) }
}

// findAttempt looks for the job of one create call, for as long as
// Timing.ReconcileWindow, since a slow server may still be making it and
// a list may not show it at once. No job by then means none was made.
func (a *Applier) findAttempt(ctx context.Context, t Timing, c *Client, d *Document, attempt string) (*aiplatformpb.CustomJob, error) {
	var found *aiplatformpb.CustomJob
	err := t.retry(ctx, retrying{window: t.ReconcileWindow}, func(context.Context, int) (bool, error) {
		// listManaged bounds each of its calls itself.
		jobs, err := listManaged(ctx, t, c, d.Parent(), fmt.Sprintf("labels.%s=%q", LabelAttempt, attempt))
		if len(jobs) > 0 {
			found = jobs[0]
		}
		return err == nil && found == nil, err
	})
	return found, err
}

// cancel cancels a job; cancelling is idempotent, so it is tried again
// like a read, and a job that has already ended is no error.
func (a *Applier) cancel(ctx context.Context, t Timing, c *Client, name string) error {
	err := t.read(ctx, func(ctx context.Context) error {
		return c.Jobs.CancelCustomJob(ctx, &aiplatformpb.CancelCustomJobRequest{Name: name})
	})
	if err != nil && status.Code(err) != codes.FailedPrecondition {
		return callError(err)
	}
	return nil
}

// prune cancels the orphans, which plan found among the jobs vxjob
// labelled (the exact managed label) in the run's locations only.
func (a *Applier) prune(ctx context.Context, t Timing, clients *clients, orphans []*Orphan) []*Pruned {
	var out []*Pruned
	for _, o := range orphans {
		p := &Pruned{Orphan: o}
		c, err := clients.get(ctx, o.Location)
		if err == nil {
			err = a.cancel(ctx, t, c, o.Job.GetName())
		}
		if err != nil {
			p.Err = fmt.Errorf("cancelling %s: %w", jobID(o.Job.GetName()), err)
		}
		out = append(out, p)
	}
	return out
}

// checkCreated refuses a create's answer that does not say which job was
// made, or in what state: vxjob could not follow the job, nor say what it
// did. Whether a job was made is then unknown; plan shows it if it was.
func checkCreated(job *aiplatformpb.CustomJob, parent string) error {
	switch name := job.GetName(); {
	case name == "":
		return errors.New("Vertex AI answered the create without a job name, so whether the job was made is unknown; vxjob plan shows it")
	case checkJobName(name, parent) != nil:
		return fmt.Errorf("Vertex AI answered the create with the job name %q, which is not the resource name of a job in %s; vxjob plan shows whether the job was made", serverText(name), parent)
	}
	if !knownStates[job.GetState()] {
		return fmt.Errorf("Vertex AI created %s but gave it no known state (%s); vxjob plan shows what became of it", jobID(job.Name), job.GetState())
	}
	return nil
}

// converge settles the race of applies. Where a document has more than
// one active job (an apply running at the same time made one too, of the
// same spec or another), the oldest stays and the others are cancelled.
// The order of creation is the same for every apply, so racing applies
// agree on the job that stays and never cancel it, whichever lists first;
// and the apply that lists last, after every create, leaves one job. A
// job that ran before the race is never the one cancelled: a replace
// cancels the old jobs before it creates. It lists each location's active
// managed jobs once, trying again for up to Timing.ConvergeWindow.
func (a *Applier) converge(ctx context.Context, t Timing, clients *clients, outcomes []*Outcome) {
	byParent := map[string][]*Outcome{}
	var parents []string
	for _, o := range outcomes {
		if o.Err != nil || (o.Did != DidCreated && o.Did != DidReplaced && o.Change.Action != Duplicate) {
			continue
		}
		p := o.Change.Doc.Parent()
		if _, ok := byParent[p]; !ok {
			parents = append(parents, p)
		}
		byParent[p] = append(byParent[p], o)
	}
	for _, p := range parents {
		group := byParent[p]
		c, err := clients.get(ctx, group[0].Change.Doc.Location)
		var active []*aiplatformpb.CustomJob
		if err == nil {
			active, err = a.listActive(ctx, t, c, p)
		}
		if err != nil {
			for _, o := range group {
				o.Unsettled = unsettled(o, err)
			}
			continue
		}
		byKey := map[string][]*aiplatformpb.CustomJob{}
		for _, j := range active {
			byKey[j.Labels[LabelKey]] = append(byKey[j.Labels[LabelKey]], j)
		}
		for _, o := range group {
			a.settle(ctx, t, c, o, byKey[o.Change.Doc.Key])
		}
	}
}

// listActive lists the active managed jobs of parent, a job being
// cancelled aside (it is no survivor), trying again while the list fails
// in a way worth retrying, for up to t.ConvergeWindow.
func (a *Applier) listActive(ctx context.Context, t Timing, c *Client, parent string) ([]*aiplatformpb.CustomJob, error) {
	var jobs []*aiplatformpb.CustomJob
	err := t.retry(ctx, retrying{window: t.ConvergeWindow}, func(context.Context, int) (again bool, err error) {
		jobs, err = listManaged(ctx, t, c, parent, stateFilter(runningOnStates))
		return err != nil && retryable(err), err
	})
	if err != nil && retryable(err) && ctx.Err() == nil {
		return nil, fmt.Errorf("still failing after %s: %w", t.ConvergeWindow, err)
	}
	return jobs, err
}

// unsettled explains an outcome whose job may have a second one.
func unsettled(o *Outcome, err error) error {
	return fmt.Errorf("%s stands for the document, but apply could not make sure it is the only active one (%v): an apply running at the same time may have made a second; vxjob plan shows it, and vxjob apply again cancels it",
		jobID(o.Job), err)
}

// settle keeps the oldest of jobs, the active jobs of o's document, and
// cancels the others; then o's job is the one kept. When that one runs
// another spec, o's document failed: its job lost the race.
func (a *Applier) settle(ctx context.Context, t Timing, c *Client, o *Outcome, jobs []*aiplatformpb.CustomJob) {
	d := o.Change.Doc
	created := o.Did == DidCreated || o.Did == DidReplaced
	mine := o.Job
	if created && !slices.ContainsFunc(jobs, func(j *aiplatformpb.CustomJob) bool { return j.Name == mine }) {
		// The list may not show a job just made: read it.
		j, err := c.getJob(ctx, t, mine)
		if err != nil {
			o.Unsettled = unsettled(o, callErrorf(err, "reading it"))
			return
		}
		if runningOn[j.State] {
			jobs = append(jobs, j)
		}
	}
	jobs = oldestFirst(jobs)
	if len(jobs) == 0 {
		if created {
			o.Err = fmt.Errorf("%s, which this apply created, was cancelled by another, and no job of this document is active: apply again", jobID(mine))
		}
		return
	}
	keep := jobs[0]
	for _, extra := range jobs[1:] {
		if err := a.cancel(ctx, t, c, extra.Name); err != nil {
			o.Err = fmt.Errorf("cancelling %s, a second active job of this document: %w", extra.Name, err)
			continue
		}
		o.Cancelled = append(o.Cancelled, extra.Name)
		a.emit(Event{Doc: d, What: EventCancelled, Job: extra.Name, Message: "a second active job of this document; " + jobID(keep.Name) + ", the oldest, stays"})
	}
	if mine != keep.Name {
		o.Job, o.State = keep.Name, stateName(keep.State)
	}
	switch {
	case keep.Labels[LabelSpec] == d.Spec:
		if mine != keep.Name {
			// Another apply made the same job first; this one's was
			// the second.
			o.Did = DidDeduplicated
		}
	case created:
		o.Did, o.Err = "", fmt.Errorf("%s, which this apply created, was cancelled: %s, of another spec, was created first by an apply running at the same time, and the oldest active job of a document stays; apply again with --allow-replace to replace it with this spec",
			jobID(mine), jobID(keep.Name))
	default:
		o.Did, o.Err = "", fmt.Errorf("%s, of another spec, stays as the oldest active job of this document; apply again with --allow-replace to replace it with this spec", jobID(keep.Name))
	}
}
