package submit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
)

// Action is what apply will do about a document.
type Action string

const (
	Create          Action = "create"           // +  no job or resource stands for the document
	Update          Action = "update"           // ~  a resource's replica counts or display name change in place
	Replace         Action = "replace"          // -/+ the spec changed while the old job is active: cancel it, create anew
	NoChange        Action = "no-change"        // =  what runs is what is written
	FailedEarlier   Action = "failed-earlier"   // !  this spec ran and failed; re-run only when asked
	ReplaceRequired Action = "replace-required" // !  a resource changed in a way that only a new resource can take
	Duplicate       Action = "duplicate"        // !  several active jobs run this spec; apply keeps the oldest
)

// Marker is the action's sign in text output, in terraform's vocabulary.
func (a Action) Marker() string {
	switch a {
	case Create:
		return "+"
	case Update:
		return "~"
	case Replace:
		return "-/+"
	case NoChange:
		return "="
	}
	return "!"
}

// Change is the plan for one document.
type Change struct {
	Doc    *Document
	Action Action
	Reason string // why, in a few words
	State  string // the state of the job or resource that stands for the document, if any

	// Current is the job that stands for the document; Old is the active
	// job of an older spec that a replace cancels; Extra are the active
	// duplicates of Current that apply cancels.
	Current, Old *aiplatformpb.CustomJob
	Extra        []*aiplatformpb.CustomJob

	// Diff says what changes, for replaces and updates (and for creates
	// that follow a job of another spec).
	Diff []FieldDiff
	// Mask is the update mask of an Update.
	Mask []string
	// LastLogs are the last lines that the FAILED job of a FailedEarlier
	// logged (Planner.LogLines), or LogsErr why they could not be read.
	LastLogs []LogRecord
	LogsErr  error
}

// Plan is what apply would do.
type Plan struct {
	Changes []*Change
	// Orphans are the active managed jobs, in the projects and locations
	// of the run's documents, that no document of the run stands for (its
	// file was removed, or not given). Plan never acts on them; apply
	// --prune cancels them.
	Orphans []*Orphan
	// AllowReplace is the Planner's: whether apply would make the
	// Replace changes, or refuse them.
	AllowReplace bool
}

// Orphan is an active job vxjob labelled whose document the run lacks.
type Orphan struct {
	Project, Location string
	Name              string // the job's display name (the document's name), made safe to print
	Job               *aiplatformpb.CustomJob
	State             string
}

// Reason says why the orphan is listed, and what apply --prune does.
func (o *Orphan) Reason() string {
	return fmt.Sprintf("no file of this run declares it; apply --prune cancels %s", jobID(o.Job.GetName()))
}

// replaces is how many Replace changes apply would make, and refused how
// many it would refuse, with the plan's flags.
func (p *Plan) replaces() (replaces, refused int) {
	if p.AllowReplace {
		return p.Count(Replace), 0
	}
	return 0, p.Count(Replace)
}

// attention is how many changes need a person: what apply refuses or
// cannot do with the plan's flags.
func (p *Plan) attention() int {
	_, refused := p.replaces()
	return p.Count(FailedEarlier) + p.Count(ReplaceRequired) + p.Count(Duplicate) + refused
}

// Count returns how many changes have action a.
func (p *Plan) Count(a Action) int {
	n := 0
	for _, c := range p.Changes {
		if c.Action == a {
			n++
		}
	}
	return n
}

// HasChanges says whether applying the plan would change anything.
func (p *Plan) HasChanges() bool {
	for _, c := range p.Changes {
		if c.Action == Create || c.Action == Update || c.Action == Replace || c.Action == Duplicate {
			return true
		}
	}
	return false
}

// Planner decides what to do about each document from what Vertex AI has.
type Planner struct {
	Dial   Dialer
	Timing Timing
	// RerunFailed plans a new job for a spec whose job failed (or was
	// cancelled, or expired).
	RerunFailed bool
	// AllowReplace plans as apply --allow-replace does: a changed spec
	// cancels the active job of the old one. Without it such a Replace is
	// marked as one apply refuses, and counted as needing attention.
	AllowReplace bool
	// LogLines is how many of its last log lines the FAILED job of a
	// FailedEarlier change shows, so that the plan says why; 0 reads none.
	LogLines int
}

// jobReadMask is what plan reads of the jobs vxjob manages.
var jobReadMask = &fieldmaskpb.FieldMask{Paths: []string{"name", "display_name", "state", "labels", "create_time", "end_time", "error"}}

// Plan reads, for each project and location of docs, the jobs vxjob
// manages (one paged list) and each persistent resource (one get), and
// decides. It changes nothing.
func (p *Planner) Plan(ctx context.Context, docs []*Document) (*Plan, error) {
	t := p.Timing.withDefaults()
	ctx, cancel := t.bound(ctx)
	defer cancel()
	plan, err := p.plan(ctx, t, docs)
	return plan, t.timedOut(ctx, err)
}

func (p *Planner) plan(ctx context.Context, t Timing, docs []*Document) (*Plan, error) {
	clients := newClients(p.Dial)
	defer clients.close()
	plan := &Plan{}
	for _, group := range byParent(docs) {
		c, err := clients.get(ctx, group[0].Location)
		if err != nil {
			return nil, err
		}
		managed, err := listManaged(ctx, t, c, group[0].Parent(), "")
		if err != nil {
			return nil, err
		}
		byKey := map[string][]*aiplatformpb.CustomJob{}
		for _, j := range managed {
			byKey[j.Labels[LabelKey]] = append(byKey[j.Labels[LabelKey]], j)
		}
		declared := map[string]bool{}
		for _, d := range group {
			declared[d.Key] = true
		}
		plan.Orphans = append(plan.Orphans, orphans(group[0], managed, declared)...)
		for _, d := range group {
			var ch *Change
			switch d.Kind {
			case schemas.KindCustomJob:
				ch, err = p.planJob(ctx, t, c, d, byKey[d.Key])
			case schemas.KindPersistentResource:
				ch, err = planResource(ctx, t, c, d)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", d.Where(), d.Label(), err)
			}
			if ch.Action == Replace && !p.AllowReplace {
				ch.Reason += "; needs --allow-replace, without which apply refuses to cancel it"
			}
			plan.Changes = append(plan.Changes, ch)
		}
	}
	plan.AllowReplace = p.AllowReplace
	return plan, nil
}

// byParent groups documents by project and location, in the order the
// groups first appear; within a group, resources come first, since jobs
// may run on them.
func byParent(docs []*Document) [][]*Document {
	var order []string
	groups := map[string][]*Document{}
	for _, d := range docs {
		if _, ok := groups[d.Parent()]; !ok {
			order = append(order, d.Parent())
		}
		groups[d.Parent()] = append(groups[d.Parent()], d)
	}
	out := make([][]*Document, 0, len(order))
	for _, k := range order {
		g := groups[k]
		slices.SortStableFunc(g, func(a, b *Document) int {
			return kindRank(a) - kindRank(b)
		})
		out = append(out, g)
	}
	return out
}

func kindRank(d *Document) int {
	if d.Kind == schemas.KindPersistentResource {
		return 0
	}
	return 1
}

// listManaged lists the jobs of parent that vxjob manages, following the
// pages; extra narrows the filter further ("" for none). The filter asks
// for the label's exact value, and each job is checked again here: a job
// labelled vxjob-managed by hand with another value ("false") is not
// vxjob's, whatever the server's filter does.
func listManaged(ctx context.Context, t Timing, c *Client, parent, extra string) ([]*aiplatformpb.CustomJob, error) {
	filter := fmt.Sprintf("labels.%s=%q", LabelManaged, managedValue)
	if extra != "" {
		filter += " AND " + extra
	}
	req := &aiplatformpb.ListCustomJobsRequest{Parent: parent, Filter: filter, ReadMask: jobReadMask}
	jobs, err := listAll(ctx, t, "the jobs of "+parent, 100, jobPages(c, req))
	if err != nil {
		return nil, err
	}
	out := jobs[:0]
	for _, j := range jobs {
		if !isManaged(j.Labels) {
			continue
		}
		if err := checkJobName(j.Name, parent); err != nil {
			return nil, answerErrorf("listing the jobs of %s: %v", parent, err)
		}
		if e := j.GetError(); e != nil {
			e.Message = serverText(e.Message)
		}
		j.DisplayName = serverText(j.DisplayName)
		out = append(out, j)
	}
	return out, nil
}

// The job states, as plan and apply sort them.
var (
	// activeJobStates are those of a job that holds, or waits for, its
	// machines.
	activeJobStates = []aiplatformpb.JobState{
		aiplatformpb.JobState_JOB_STATE_QUEUED, aiplatformpb.JobState_JOB_STATE_PENDING,
		aiplatformpb.JobState_JOB_STATE_RUNNING, aiplatformpb.JobState_JOB_STATE_CANCELLING,
		aiplatformpb.JobState_JOB_STATE_PAUSED, aiplatformpb.JobState_JOB_STATE_UPDATING,
	}
	activeStates = setOf(activeJobStates)
	runningOn    = setOf(runningOnStates)
	// runningOnStates are the active states but CANCELLING: the job will
	// go on running.
	runningOnStates = slices.DeleteFunc(slices.Clone(activeJobStates), func(s aiplatformpb.JobState) bool {
		return s == aiplatformpb.JobState_JOB_STATE_CANCELLING
	})
	failedStates = map[aiplatformpb.JobState]bool{
		aiplatformpb.JobState_JOB_STATE_FAILED: true, aiplatformpb.JobState_JOB_STATE_CANCELLED: true,
		aiplatformpb.JobState_JOB_STATE_EXPIRED: true, aiplatformpb.JobState_JOB_STATE_PARTIALLY_SUCCEEDED: true,
	}
)

func setOf(states []aiplatformpb.JobState) map[aiplatformpb.JobState]bool {
	m := map[aiplatformpb.JobState]bool{}
	for _, s := range states {
		m[s] = true
	}
	return m
}

// stateFilter is an AIP-160 filter for jobs in any of states.
func stateFilter(states []aiplatformpb.JobState) string {
	terms := make([]string, len(states))
	for i, s := range states {
		terms[i] = fmt.Sprintf("state=%q", s.String())
	}
	return "(" + strings.Join(terms, " OR ") + ")"
}

// stateName is a job state without its prefix: RUNNING.
var stateName = resname.JobState

// oldestFirst orders jobs by creation, then name: the order in which two
// applies racing agree on which job survives.
func oldestFirst(jobs []*aiplatformpb.CustomJob) []*aiplatformpb.CustomJob {
	out := slices.Clone(jobs)
	slices.SortFunc(out, func(a, b *aiplatformpb.CustomJob) int {
		if c := a.GetCreateTime().AsTime().Compare(b.GetCreateTime().AsTime()); c != 0 {
			return c
		}
		return compareJobNames(a.Name, b.Name)
	})
	return out
}

// compareJobNames orders names whose IDs are numbers of any length.
func compareJobNames(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// orphans are the active jobs of managed (the jobs vxjob labelled in d's
// project and location) whose key no document declares, oldest first.
func orphans(d *Document, managed []*aiplatformpb.CustomJob, declared map[string]bool) []*Orphan {
	var out []*Orphan
	for _, j := range oldestFirst(managed) {
		if declared[j.Labels[LabelKey]] || !(runningOn[j.State] || !knownStates[j.State]) {
			continue
		}
		out = append(out, &Orphan{Project: d.Project, Location: d.Location, Name: serverText(j.DisplayName), Job: j, State: stateName(j.State)})
	}
	return out
}

// planJob decides about a job document from the managed jobs of its key,
// as ARCHITECTURE.md §4 tables it. A document has one active job; when it has more
// (applies ran at once), the plan is Duplicate, whatever their specs, and
// apply keeps the oldest, as converge does after creating.
func (p *Planner) planJob(ctx context.Context, t Timing, c *Client, d *Document, jobs []*aiplatformpb.CustomJob) (*Change, error) {
	var active, activeOther, succeededSame, failedSame, other []*aiplatformpb.CustomJob
	activeSame := 0
	for _, j := range oldestFirst(jobs) {
		same := j.Labels[LabelSpec] == d.Spec
		switch {
		case runningOn[j.State] || !knownStates[j.State]:
			// A state vxjob does not know is taken as active: a job in it
			// may run, and a second must not be made beside it.
			active = append(active, j)
			if same {
				activeSame++
			} else {
				activeOther = append(activeOther, j)
				other = append(other, j)
			}
		case same && j.State == aiplatformpb.JobState_JOB_STATE_SUCCEEDED:
			succeededSame = append(succeededSame, j)
		case same && (failedStates[j.State] || j.State == aiplatformpb.JobState_JOB_STATE_CANCELLING):
			// A job being cancelled will end CANCELLED.
			failedSame = append(failedSame, j)
		case !same:
			other = append(other, j)
		}
	}
	ch := &Change{Doc: d}
	switch {
	case activeSame > 0 && len(active) > 1:
		ch.Action, ch.Current, ch.Extra = Duplicate, active[0], active[1:]
		ch.Reason = duplicateReason(d, active, len(activeOther))
	case activeSame == 1:
		ch.Action, ch.Current, ch.Reason = NoChange, active[0], "the job runs this spec"
	case len(succeededSame) > 0:
		ch.Action, ch.Current, ch.Reason = NoChange, succeededSame[len(succeededSame)-1], "the job of this spec succeeded"
	case len(failedSame) > 0 && !p.RerunFailed && !lostRace(failedSame[len(failedSame)-1], activeOther):
		last := failedSame[len(failedSame)-1]
		ch.Action, ch.Current = FailedEarlier, last
		ch.Reason = fmt.Sprintf("the job of this spec ended %s%s; apply --rerun-failed runs it again", stateName(last.State), errorText(last))
		if last.State == aiplatformpb.JobState_JOB_STATE_FAILED && p.LogLines > 0 {
			// Why it failed, as far as its log says; a log that cannot be
			// read changes nothing else of the plan.
			ch.LastLogs, ch.LogsErr = lastRecords(ctx, t, c, ch.Doc.Project, last.Name, p.LogLines)
		}
	default:
		ch.Action, ch.Reason = Create, "no job has run this spec"
		if len(failedSame) > 0 {
			ch.Current = failedSame[len(failedSame)-1]
			ch.Reason = "re-run: the job of this spec ended " + stateName(ch.Current.State)
		}
		if len(activeOther) > 0 {
			// Every active job of the document is cancelled, so that the
			// new one is its only one.
			ch.Action, ch.Old, ch.Extra = Replace, activeOther[0], activeOther[1:]
			ch.Reason = fmt.Sprintf("the spec changed while %s is %s", jobID(ch.Old.Name), stateName(ch.Old.State))
			if ch.Current != nil {
				ch.Reason = fmt.Sprintf("%s runs another spec; %s, of this spec, was cancelled when applies of both ran at once", jobID(ch.Old.Name), jobID(ch.Current.Name))
			}
			if n := len(ch.Extra); n > 0 {
				ch.Reason += fmt.Sprintf(" (and %d more active %s of other specs, which apply cancels too)", n, plural(n, "job", "jobs"))
			}
		} else if len(other) > 0 && ch.Current == nil {
			ch.Reason = "the spec changed since " + jobID(other[len(other)-1].Name)
		}
		if len(other) > 0 {
			from := other[len(other)-1]
			if ch.Old != nil {
				from = ch.Old
			}
			diff, err := jobDiff(ctx, t, c, from.Name, d.Job)
			if err != nil {
				return nil, err
			}
			ch.Diff = diff
		}
	}
	switch {
	case ch.Old != nil:
		ch.State = stateName(ch.Old.State) // the job that stands for the document until replaced
	case ch.Current != nil:
		ch.State = stateName(ch.Current.State)
	}
	return ch, nil
}

// lostRace says whether ended, a job of the document's spec, is newer
// than the oldest active job of another spec: then it ran beside that
// one, as only racing applies make jobs, and was cancelled as the second
// (see Applier.converge). That is no failed run, and the document is to
// be replaced like any other change of spec.
func lostRace(ended *aiplatformpb.CustomJob, activeOther []*aiplatformpb.CustomJob) bool {
	if ended.State != aiplatformpb.JobState_JOB_STATE_CANCELLED || len(activeOther) == 0 {
		return false
	}
	return oldestFirst([]*aiplatformpb.CustomJob{ended, activeOther[0]})[0] == activeOther[0]
}

// duplicateReason says why a document with several active jobs is a
// Duplicate, and which job apply keeps.
func duplicateReason(d *Document, active []*aiplatformpb.CustomJob, ofOtherSpecs int) string {
	if ofOtherSpecs == 0 {
		return fmt.Sprintf("%d active jobs run this spec; apply keeps the oldest and cancels the others", len(active))
	}
	keep := active[0]
	r := fmt.Sprintf("%d active jobs for this document, %d of them of other specs (applies of different files ran at once); apply keeps the oldest, %s, and cancels the others",
		len(active), ofOtherSpecs, jobID(keep.Name))
	if keep.Labels[LabelSpec] != d.Spec {
		r += "; it runs another spec, which apply --allow-replace then replaces with this one"
	}
	return r
}

// knownStates are the job states that plan sorts; any other (UNSPECIFIED,
// or one newer than this client) is taken as active.
var knownStates = func() map[aiplatformpb.JobState]bool {
	m := setOf(activeJobStates)
	for s := range failedStates {
		m[s] = true
	}
	m[aiplatformpb.JobState_JOB_STATE_SUCCEEDED] = true
	return m
}()

// errorText is ": MESSAGE" for a job that ended with an error.
func errorText(j *aiplatformpb.CustomJob) string {
	if m := j.GetError().GetMessage(); m != "" {
		return ": " + serverText(m)
	}
	return ""
}

// jobID names a job by its ID: "job 123".
func jobID(name string) string { return "job " + resname.ID(name) }

// jobDiff compares the spec of the job named old with the job that would
// be sent now, labels and display name aside.
func jobDiff(ctx context.Context, t Timing, c *Client, old string, job *aiplatformpb.CustomJob) ([]FieldDiff, error) {
	live, err := c.getJob(ctx, t, old)
	if err != nil {
		return nil, callErrorf(err, "reading %s", old)
	}
	onlySpec := func(m proto.Message) {
		j := m.(*aiplatformpb.CustomJob)
		*j = aiplatformpb.CustomJob{JobSpec: j.JobSpec, EncryptionSpec: j.EncryptionSpec}
	}
	a, err := jsonValue(live, onlySpec)
	if err != nil {
		return nil, err
	}
	b, err := jsonValue(job, onlySpec)
	if err != nil {
		return nil, err
	}
	diffs := diffValues("", a, b, false)
	maskSecrets(diffs, a, b)
	for i := range diffs {
		diffs[i].Old = serverJSON(diffs[i].Old)
	}
	return diffs, nil
}

// planResource decides about a persistent resource document from what
// Get returns.
func planResource(ctx context.Context, t Timing, c *Client, d *Document) (*Change, error) {
	var live *aiplatformpb.PersistentResource
	err := t.read(ctx, func(ctx context.Context) (err error) {
		live, err = c.Resources.GetPersistentResource(ctx, &aiplatformpb.GetPersistentResourceRequest{Name: d.Parent() + "/persistentResources/" + d.Name})
		return err
	})
	ch := &Change{Doc: d}
	switch {
	case status.Code(err) == codes.NotFound:
		ch.Action, ch.Reason = Create, "no persistent resource has this ID"
		return ch, nil
	case err != nil:
		return nil, callErrorf(err, "reading it")
	}
	ch.State = resname.ResourceState(live.State)
	diffs, err := resourceDiff(live, d.Resource)
	if err != nil {
		return nil, err
	}
	ch.Diff = diffs
	var fixed []string
	mask := map[string]bool{}
	for _, f := range diffs {
		switch {
		case f.Path == "displayName":
			mask["display_name"] = true
		case strings.HasPrefix(f.Path, "resourcePools[") && strings.HasSuffix(f.Path, "].replicaCount"):
			mask["resource_pools.replica_count"] = true
		default:
			fixed = append(fixed, f.Path)
		}
	}
	switch {
	case len(fixed) > 0:
		ch.Action = ReplaceRequired
		ch.Reason = "only a new resource can change " + strings.Join(fixed, ", ") + "; vxjob deletes nothing: delete it (vxjob pr delete) and apply again"
	case len(mask) > 0:
		ch.Action, ch.Reason = Update, "changes in place"
		for _, p := range []string{"display_name", "resource_pools.replica_count"} {
			if mask[p] {
				ch.Mask = append(ch.Mask, p)
			}
		}
	default:
		ch.Action, ch.Reason = NoChange, "the resource is as written"
	}
	return ch, nil
}

// resourceDiff compares the fields the document writes with the live
// resource's, once the document has the defaults Vertex AI fills in. A
// pool that autoscales owns its replica count, so that is not compared.
func resourceDiff(live, want *aiplatformpb.PersistentResource) ([]FieldDiff, error) {
	want = withResourceDefaults(want)
	a, err := jsonValue(live, nil)
	if err != nil {
		return nil, err
	}
	b, err := jsonValue(want, nil)
	if err != nil {
		return nil, err
	}
	var out []FieldDiff
	diffs := diffValues("", a, b, true)
	maskSecrets(diffs, a, b)
	for _, f := range diffs {
		var i int
		if _, err := fmt.Sscanf(f.Path, "resourcePools[%d].replicaCount", &i); err == nil && i < len(want.ResourcePools) && want.ResourcePools[i].AutoscalingSpec != nil {
			continue
		}
		f.Old = serverJSON(f.Old)
		out = append(out, f)
	}
	return out, nil
}

// withResourceDefaults is r with what Vertex AI fills in on create: pool
// IDs from machine types, and boot disks.
func withResourceDefaults(r *aiplatformpb.PersistentResource) *aiplatformpb.PersistentResource {
	r = proto.Clone(r).(*aiplatformpb.PersistentResource)
	for _, p := range r.ResourcePools {
		if p.Id == "" {
			p.Id = p.GetMachineSpec().GetMachineType()
		}
		if p.DiskSpec == nil {
			p.DiskSpec = &aiplatformpb.DiskSpec{}
		}
		p.DiskSpec.BootDiskType, p.DiskSpec.BootDiskSizeGb = spec.BootDisk(p.DiskSpec.BootDiskType, p.DiskSpec.BootDiskSizeGb, p.GetMachineSpec().GetMachineType())
	}
	return r
}

// clients keeps one Client per location for a plan or an apply.
type clients struct {
	dial Dialer
	mu   sync.Mutex
	by   map[string]*Client
}

func newClients(dial Dialer) *clients {
	return &clients{dial: dial, by: map[string]*Client{}}
}

func (cs *clients) get(ctx context.Context, location string) (*Client, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c, ok := cs.by[location]; ok {
		return c, nil
	}
	c, err := cs.dial(ctx, location)
	if err != nil {
		return nil, err
	}
	cs.by[location] = c
	return c, nil
}

func (cs *clients) close() {
	for _, c := range cs.by {
		c.Close()
	}
}
