package submit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// planFixture is an emulator on a clock that moves only when told: a job
// created at t is QUEUED until t+1m, PENDING until t+2m, RUNNING until
// t+3m, then SUCCEEDED (or FAILED, when the server is told to fail it).
type planFixture struct {
	*applyFixture
	clock *vertextest.FakeClock
}

func newPlanFixture(t *testing.T) *planFixture {
	clock := vertextest.NewFakeClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	f := newApplyFixture(t, vertextest.Options{Clock: clock, Lifecycle: vertextest.Lifecycle{
		Queued: time.Minute, Pending: time.Minute, Running: time.Minute, Cancelling: -1, Provisioning: time.Minute, Operation: time.Minute,
	}})
	return &planFixture{f, clock}
}

// seed creates the job of d, labelled as apply labels it, and lets the
// clock move on by after.
func (f *planFixture) seed(d *Document, after time.Duration) *aiplatformpb.CustomJob {
	f.t.Helper()
	labels, err := jobLabels(d.Job.Labels, d.Key, d.Spec, NewAttempt())
	if err != nil {
		f.t.Fatal(err)
	}
	j := &aiplatformpb.CustomJob{DisplayName: d.Job.DisplayName, JobSpec: d.Job.JobSpec, Labels: labels}
	created, err := f.c.Jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: d.Parent(), CustomJob: j})
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock.Advance(after)
	return created
}

func (f *planFixture) plan(rerun bool, d *Document) *Change {
	f.t.Helper()
	p := &Planner{Dial: f.dial, Timing: fastTiming(), RerunFailed: rerun}
	plan, err := p.Plan(f.ctx, []*Document{d})
	if err != nil {
		f.t.Fatal(err)
	}
	return plan.Changes[0]
}

// TestPlanDecisions is plan's decision for a job document in each case it
// tells apart, with its reason: what the document's jobs are (same spec
// or another, active or ended) decides it.
func TestPlanDecisions(t *testing.T) {
	t.Parallel()
	v1 := docs(t, freeJobDoc("etl", "1.0"))[0]
	v2 := docs(t, freeJobDoc("etl", "2.0"))[0] // the same document, edited
	for _, tc := range []struct {
		name   string
		setup  func(f *planFixture) // jobs made before plan runs on v1
		rerun  bool
		action Action
		reason string // a substring of the change's reason
		diff   bool   // the change carries a field diff
	}{
		{"no job", func(f *planFixture) {}, false, Create, "no job has run this spec", false},
		{"active, this spec", func(f *planFixture) { f.seed(v1, 90*time.Second) }, false, NoChange, "the job runs this spec", false},
		{"succeeded, this spec", func(f *planFixture) { f.seed(v1, 5*time.Minute) }, false, NoChange, "the job of this spec succeeded", false},
		{"failed, this spec", func(f *planFixture) {
			f.srv.FailJobs(func(*aiplatformpb.CustomJob) bool { return true }, "exit code 3")
			f.seed(v1, 5*time.Minute)
		}, false, FailedEarlier, "ended FAILED: exit code 3; apply --rerun-failed runs it again", false},
		{"failed, this spec, --rerun-failed", func(f *planFixture) {
			f.srv.FailJobs(func(*aiplatformpb.CustomJob) bool { return true }, "exit code 3")
			f.seed(v1, 5*time.Minute)
		}, true, Create, "re-run: the job of this spec ended FAILED", false},
		{"active, another spec", func(f *planFixture) { f.seed(v2, 0) }, false, Replace, "the spec changed while job ", true},
		{"ended, another spec", func(f *planFixture) { f.seed(v2, 5*time.Minute) }, false, Create, "the spec changed since job ", true},
		{"two active, this spec", func(f *planFixture) { f.seed(v1, time.Second); f.seed(v1, 0) }, false, Duplicate, "2 active jobs run this spec; apply keeps the oldest", false},
		{"active, this spec and another", func(f *planFixture) { f.seed(v2, time.Second); f.seed(v1, 0) }, false, Duplicate, "2 active jobs for this document, 1 of them of other specs", false},
		{"this spec cancelled by a race another won", func(f *planFixture) {
			f.seed(v2, time.Second)
			lost := f.seed(v1, 0)
			if err := f.c.Jobs.CancelCustomJob(f.ctx, &aiplatformpb.CancelCustomJobRequest{Name: lost.Name}); err != nil {
				t.Fatal(err)
			}
		}, false, Replace, "of this spec, was cancelled when applies of both ran at once", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newPlanFixture(t)
			tc.setup(f)
			ch := f.plan(tc.rerun, v1)
			if ch.Action != tc.action || !strings.Contains(ch.Reason, tc.reason) {
				t.Errorf("got %s (%s), want %s (%s)", ch.Action, ch.Reason, tc.action, tc.reason)
			}
			if got := len(ch.Diff) > 0; got != tc.diff {
				t.Errorf("diff %v, want one: %v", ch.Diff, tc.diff)
			}
			if tc.diff && !strings.Contains(fmt.Sprint(ch.Diff), "etl:2.0") {
				t.Errorf("the diff does not show the old image: %v", ch.Diff)
			}
		})
	}
}

// TestOldestFirstTieBreak: jobs made in the same instant are ordered by
// their numeric IDs, whatever their length, so that every apply picks the
// same survivor.
func TestOldestFirstTieBreak(t *testing.T) {
	t.Parallel()
	at := timestamppb.New(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	job := func(id string) *aiplatformpb.CustomJob {
		return &aiplatformpb.CustomJob{Name: "projects/p/locations/l/customJobs/" + id, CreateTime: at}
	}
	got := oldestFirst([]*aiplatformpb.CustomJob{job("100"), job("99"), job("1000"), job("98")})
	var ids []string
	for _, j := range got {
		ids = append(ids, strings.TrimPrefix(j.Name, "projects/p/locations/l/customJobs/"))
	}
	if want := "98 99 100 1000"; strings.Join(ids, " ") != want {
		t.Errorf("got %v, want %s", ids, want)
	}
}

// TestClassify sorts every gRPC code as apply acts on it: a definite
// refusal fails its document, a quota refusal backs off, and anything
// that may have made the change first looks for it.
func TestClassify(t *testing.T) {
	t.Parallel()
	want := map[codes.Code]outcome{
		codes.InvalidArgument: rejected, codes.FailedPrecondition: rejected, codes.OutOfRange: rejected,
		codes.PermissionDenied: rejected, codes.Unauthenticated: rejected, codes.NotFound: rejected,
		codes.AlreadyExists: rejected, codes.Unimplemented: rejected,
		codes.ResourceExhausted: throttled,
		codes.Unavailable:       ambiguous, codes.DeadlineExceeded: ambiguous, codes.Unknown: ambiguous,
		codes.Internal: ambiguous, codes.Aborted: ambiguous, codes.DataLoss: ambiguous, codes.Canceled: ambiguous,
	}
	for c := codes.OK + 1; c <= codes.Unauthenticated; c++ {
		w, ok := want[c]
		if !ok {
			t.Errorf("code %s is not sorted by this test", c)
			continue
		}
		if got := classify(status.Error(c, "x")); got != w {
			t.Errorf("classify(%s) = %d, want %d", c, got, w)
		}
	}
	for c, name := range map[codes.Code]string{codes.Canceled: "CANCELLED", codes.PermissionDenied: "PERMISSION_DENIED", codes.DeadlineExceeded: "DEADLINE_EXCEEDED"} {
		if got, want := describe(status.Error(c, "m")), "m ("+name+")"; got != want {
			t.Errorf("describe(%s) = %s, want %s, the code as the API documentation writes it", c, got, want)
		}
	}
	if got := classify(fmt.Errorf("creating: %w", context.DeadlineExceeded)); got != ambiguous {
		t.Errorf("a client deadline: %d, want ambiguous", got)
	}
	if got := describe(errors.New("connection reset\x1b[2J")); got != `connection reset\x1b[2J` {
		t.Errorf("describe of an error without a status: %q, want its text made safe to print", got)
	}
	if got := classify(errors.New("connection reset by peer")); got != ambiguous {
		t.Errorf("a transport error: %d, want ambiguous", got)
	}
}

// TestRefusalFailsOnlyItsDocument: a create that Vertex AI refuses
// (INVALID_ARGUMENT, PERMISSION_DENIED) fails that document, at once and
// without a second create, while the others are created.
func TestRefusalFailsOnlyItsDocument(t *testing.T) {
	t.Parallel()
	for _, code := range []codes.Code{codes.InvalidArgument, codes.PermissionDenied} {
		t.Run(code.String(), func(t *testing.T) {
			f := newApplyFixture(t, vertextest.Options{})
			d := docs(t, freeJobDoc("etl", "1.0"), freeJobDoc("bad", "1.0"), freeJobDoc("train", "1.0"))
			f.srv.Inject(vertextest.Fault{Methods: []string{"CreateCustomJob"}, Mode: vertextest.Reject, Code: code, Message: "refused",
				Match: func(req proto.Message) bool {
					return strings.Contains(req.(*aiplatformpb.CreateCustomJobRequest).GetCustomJob().GetJobSpec().GetWorkerPoolSpecs()[0].GetContainerSpec().GetImageUri(), "/bad:")
				}})
			res := f.apply(f.applier(), d)
			failed := res.Failed()
			if len(failed) != 1 || failed[0].Change.Doc.Name != "bad" || !strings.Contains(failed[0].Err.Error(), "refused") {
				t.Fatalf("failed: %v", outcomes(res))
			}
			if n := f.creates(); n != 3 {
				t.Errorf("%d creates, want 3 (one each, the refused one not retried)", n)
			}
			if all, _ := f.perSpec(); len(all) != 2 {
				t.Errorf("jobs of %d specs, want 2", len(all))
			}
		})
	}
}

// TestThrottledCreateBacksOff: RESOURCE_EXHAUSTED refuses for now; apply
// tries the create again after a pause and makes the job once.
func TestThrottledCreateBacksOff(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{})
	d := docs(t, freeJobDoc("etl", "1.0"))
	f.srv.Inject(vertextest.Fault{Methods: []string{"CreateCustomJob"}, Mode: vertextest.Reject, Code: codes.ResourceExhausted, Times: 2})
	res := f.apply(f.applier(), d)
	if o := res.Outcomes[0]; o.Err != nil || o.Did != "created" {
		t.Fatalf("outcome %s %v", o.Did, o.Err)
	}
	if n := f.creates(); n != 3 {
		t.Errorf("%d create calls, want 3 (two refused for quota, then one)", n)
	}
	if _, active := f.perSpec(); active[d[0].Key+"/"+d[0].Spec] != 1 {
		t.Errorf("active jobs: %v", active)
	}
}

func outcomes(res *Result) []string {
	var out []string
	for _, o := range res.Outcomes {
		out = append(out, fmt.Sprintf("%s: %s %v", o.Change.Doc.Name, o.Did, o.Err))
	}
	return out
}

// A replace counts as one only with --allow-replace, as apply does it only
// then; without, plan marks it as one apply refuses, needing attention.
func TestPlanCountsReplacesWithTheFlagsGiven(t *testing.T) {
	t.Parallel()
	v1 := docs(t, freeJobDoc("etl", "1.0"))[0]
	v2 := docs(t, freeJobDoc("etl", "2.0"))[0]
	for _, allow := range []bool{false, true} {
		f := newPlanFixture(t)
		f.seed(v2, 0)
		p := &Planner{Dial: f.dial, Timing: fastTiming(), AllowReplace: allow}
		plan, err := p.Plan(f.ctx, []*Document{v1})
		if err != nil {
			t.Fatal(err)
		}
		ch := plan.Changes[0]
		want, marked := "Plan: 0 to create, 0 to update, 1 to replace, 0 unchanged, 0 need attention.", false
		if !allow {
			want, marked = "Plan: 0 to create, 0 to update, 0 to replace, 0 unchanged, 1 needs attention.", true
		}
		if ch.Action != Replace || plan.Summary() != want || strings.Contains(ch.Reason, "needs --allow-replace") != marked {
			t.Errorf("--allow-replace=%v: %s %q\n%s", allow, ch.Action, ch.Reason, plan.Summary())
		}
	}
}

// TestPlanResourceDecisions is plan's decision for a persistent resource
// document in each case, with its reason: what Get returns decides it.
func TestPlanResourceDecisions(t *testing.T) {
	t.Parallel()
	edit := func(pairs ...string) string { return strings.NewReplacer(pairs...).Replace(prDoc) }
	for _, tc := range []struct {
		name   string
		live   bool   // the resource of prDoc exists
		doc    string // the document planned
		action Action
		reason string
		mask   string
	}{
		{"absent", false, prDoc, Create, "no persistent resource has this ID", ""},
		{"as written", true, prDoc, NoChange, "the resource is as written", ""},
		{"replicas and display name", true, edit("replicaCount: 4", "replicaCount: 6", "displayName: Training", "displayName: More"),
			Update, "changes in place", "display_name,resource_pools.replica_count"},
		{"machine type", true, edit("n1-standard-8", "n1-standard-16"),
			ReplaceRequired, "only a new resource can change resourcePools[0].machineSpec.machineType; vxjob deletes nothing", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newApplyFixture(t, vertextest.Options{})
			if tc.live {
				f.addResource()
			}
			plan, err := (&Planner{Dial: f.dial, Timing: fastTiming()}).Plan(f.ctx, docs(t, tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			ch := plan.Changes[0]
			if ch.Action != tc.action || !strings.Contains(ch.Reason, tc.reason) || strings.Join(ch.Mask, ",") != tc.mask {
				t.Errorf("got %s (%s) mask %v, want %s (%s) mask %s", ch.Action, ch.Reason, ch.Mask, tc.action, tc.reason, tc.mask)
			}
		})
	}
}

// TestCreateGivesUp: a create that never gets an answer is tried
// CreateAttempts times, each after a search for its job, and the document
// fails with an error that keeps the server's status.
func TestCreateGivesUp(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{})
	f.srv.Inject(vertextest.Fault{Methods: []string{"CreateCustomJob"}, Mode: vertextest.Reject, Code: codes.Unavailable, Message: "the service is down"})
	a := f.applier()
	a.Timing = onClock(a.Timing, testClock())
	res := f.apply(a, docs(t, freeJobDoc("etl", "1.0")))
	err := res.Outcomes[0].Err
	var call *CallError
	if !errors.As(err, &call) || status.Code(err) != codes.Unavailable || err.Error() != "no job was created after 8 tries: the service is down (UNAVAILABLE)" {
		t.Fatalf("%T %v", err, err)
	}
	if n := f.creates(); n != a.Timing.CreateAttempts {
		t.Errorf("%d creates, want %d", n, a.Timing.CreateAttempts)
	}
}

// TestPruneCancelsOnlyOrphans: a job vxjob labelled whose document the
// run lacks is an orphan; plan lists it, apply leaves it without --prune
// and cancels it, and only it, with.
func TestPruneCancelsOnlyOrphans(t *testing.T) {
	t.Parallel()
	f := newPlanFixture(t)
	kept, gone := docs(t, freeJobDoc("etl", "1.0"))[0], docs(t, freeJobDoc("old", "1.0"))[0]
	keptJob, goneJob := f.seed(kept, 0), f.seed(gone, 0)
	a := f.applier()
	res := f.apply(a, []*Document{kept})
	if len(res.Plan.Orphans) != 1 || res.Plan.Orphans[0].Job.Name != goneJob.Name || len(res.Pruned) != 0 {
		t.Fatalf("orphans %v, pruned %v", res.Plan.Orphans, res.Pruned)
	}
	if r := res.Plan.Orphans[0].Reason(); !strings.Contains(r, "apply --prune cancels job ") {
		t.Errorf("reason: %s", r)
	}
	a.Prune = true
	res = f.apply(a, []*Document{kept})
	if len(res.Pruned) != 1 || res.Pruned[0].Err != nil || res.Pruned[0].Orphan.Job.Name != goneJob.Name {
		t.Fatalf("pruned %+v", res.Pruned)
	}
	for _, j := range f.jobs() {
		want := aiplatformpb.JobState_JOB_STATE_CANCELLED // the fixture's cancels take no time
		if j.Name == keptJob.Name {
			want = aiplatformpb.JobState_JOB_STATE_QUEUED
		}
		if j.State != want {
			t.Errorf("%s is %s, want %s", j.Name, j.State, want)
		}
	}
}
