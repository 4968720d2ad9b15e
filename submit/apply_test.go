package submit

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/googleapis/gax-go/v2"
	"google.golang.org/grpc/codes"

	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/submit/vertextest"
)

// These tests apply documents to the in-memory Vertex AI, through the
// real clients, as vxjob apply does.

const prDoc = `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  displayName: Training
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 4
`

// jobDoc is a job on training-pr running image tag.
func jobDoc(name, tag string) string {
	return fmt.Sprintf(`apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: %s}
spec:
  labels: {team: ml}
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: "us-docker.pkg.dev/acme-ml/train/%s:%s"}
`, name, name, tag)
}

// freeJobDoc is a job on no persistent resource.
func freeJobDoc(name, tag string) string {
	return strings.Replace(jobDoc(name, tag), "    persistentResourceId: training-pr\n", "", 1)
}

var testDefaults = spec.Where{Project: "acme-ml", Location: "us-central1"}

// fastTiming keeps every pause short.
func fastTiming() Timing {
	return Timing{
		Backoff:         gax.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond, Multiplier: 2},
		ReadAttempts:    10,
		CallTimeout:     5 * time.Second,
		ReconcileWindow: 100 * time.Millisecond,
		CreateAttempts:  8,
		Poll:            5 * time.Millisecond,
	}
}

// onClock is t pausing on clock, which moves only by those pauses: the
// retries and windows of a test take no time on the wall clock, and
// always the same number of pauses.
func onClock(t Timing, clock *vertextest.FakeClock) Timing {
	t.Now = clock.Now
	t.Sleep = func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		clock.Advance(d)
		return nil
	}
	return t
}

func testClock() *vertextest.FakeClock {
	return vertextest.NewFakeClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
}

type applyFixture struct {
	t   testing.TB
	ctx context.Context
	srv *vertextest.Server
	c   *Client
	// rest, when set, is the emulator's loopback address, which the
	// fixture's clients reach over REST.
	rest *Endpoint
}

func newApplyFixture(t *testing.T, opts vertextest.Options) *applyFixture {
	t.Helper()
	if opts.Lifecycle == (vertextest.Lifecycle{}) {
		// Long enough that jobs stay active through a test.
		opts.Lifecycle = vertextest.Lifecycle{Queued: time.Hour, Provisioning: 20 * time.Millisecond, Operation: 20 * time.Millisecond, Cancelling: -1}
	}
	f := &applyFixture{t: t, ctx: context.Background(), srv: vertextest.New(opts)}
	t.Cleanup(f.srv.Close)
	var err error
	if f.c, err = NewClient(f.ctx, f.srv.Conn()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.c.Close() })
	return f
}

// newApplyFixtureOver is newApplyFixture with its clients over tr: for
// REST, the emulator serves a real loopback port, as vxjob emulator does.
func newApplyFixtureOver(t *testing.T, opts vertextest.Options, tr Transport) *applyFixture {
	t.Helper()
	f := newApplyFixture(t, opts)
	if tr != REST {
		return f
	}
	ep := serveREST(t, f.srv)
	f.rest = &ep
	var err error
	if f.c, err = f.dial(f.ctx, "us-central1"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.c.Close() })
	return f
}

// transports runs test once over each transport.
func transports(t *testing.T, test func(t *testing.T, tr Transport)) {
	for _, tr := range []Transport{GRPC, REST} {
		t.Run(string(tr), func(t *testing.T) { test(t, tr) })
	}
}

func (f *applyFixture) dial(ctx context.Context, location string) (*Client, error) {
	if f.rest != nil {
		return Dial(ctx, location, *f.rest)
	}
	return NewClient(ctx, f.srv.Conn())
}

func (f *applyFixture) addResource() {
	f.t.Helper()
	file := spec.Parse("pr.yaml", []byte(prDoc))
	if _, err := f.srv.Seed([]*spec.File{file}, "acme-ml", "us-central1"); err != nil {
		f.t.Fatal(err)
	}
}

// docs reads documents, each string a file.
func docs(t testing.TB, texts ...string) []*Document {
	t.Helper()
	var files []*spec.File
	for i, text := range texts {
		f := spec.Parse(fmt.Sprintf("doc%d.yaml", i), []byte(text))
		if len(f.Errors) > 0 {
			t.Fatalf("%v", f.Errors)
		}
		files = append(files, f)
	}
	d, err := Documents(files, testDefaults)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (f *applyFixture) applier() *Applier {
	return &Applier{Planner: Planner{Dial: f.dial, Timing: fastTiming()}, Parallelism: 4, Wait: WaitNone}
}

func (f *applyFixture) apply(a *Applier, d []*Document) *Result {
	f.t.Helper()
	res, err := a.Apply(f.ctx, d)
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

// jobs lists every job on the server, whatever its state.
func (f *applyFixture) jobs() []*aiplatformpb.CustomJob {
	f.t.Helper()
	out, err := listAll(f.ctx, f.c.timing(), "the jobs", 0, jobPages(f.c, &aiplatformpb.ListCustomJobsRequest{Parent: "projects/acme-ml/locations/us-central1"}))
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

// perSpec counts jobs by key and spec: all of them, and the active ones.
func (f *applyFixture) perSpec() (all, active map[string]int) {
	all, active = map[string]int{}, map[string]int{}
	for _, j := range f.jobs() {
		k := j.Labels[LabelKey] + "/" + j.Labels[LabelSpec]
		all[k]++
		if activeStates[j.State] && j.State != aiplatformpb.JobState_JOB_STATE_CANCELLING {
			active[k]++
		}
	}
	return all, active
}

func (f *applyFixture) creates() int { return len(f.srv.Calls("CreateCustomJob")) }

func actions(p *Plan) string {
	var s []string
	for _, c := range p.Changes {
		s = append(s, c.Doc.Name+":"+string(c.Action))
	}
	return strings.Join(s, " ")
}

func TestApplyTwiceCreatesOnce(t *testing.T) { transports(t, testApplyTwiceCreatesOnce) }

func testApplyTwiceCreatesOnce(t *testing.T, tr Transport) {
	f := newApplyFixtureOver(t, vertextest.Options{}, tr)
	d := docs(t, prDoc, jobDoc("bert", "1.0"), jobDoc("resnet", "2.0"))
	res := f.apply(f.applier(), d)
	if got := actions(res.Plan); got != "training-pr:create bert:create resnet:create" {
		t.Errorf("first plan: %s", got)
	}
	if len(res.Failed()) > 0 {
		t.Fatalf("failed: %v", res.Failed()[0].Err)
	}
	if n := f.creates(); n != 2 {
		t.Fatalf("%d creates, want 2", n)
	}
	// The jobs carry vxjob's labels, and the user's.
	for _, j := range f.jobs() {
		if j.Labels[LabelManaged] != "true" || j.Labels[LabelKey] == "" || !strings.HasPrefix(j.Labels[LabelSpec], "h1-") || len(j.Labels[LabelAttempt]) != 26 || j.Labels["team"] != "ml" {
			t.Errorf("labels of %s: %v", j.DisplayName, j.Labels)
		}
	}

	res = f.apply(f.applier(), d)
	if got := actions(res.Plan); got != "training-pr:no-change bert:no-change resnet:no-change" {
		t.Errorf("second plan: %s", got)
	}
	if n := f.creates(); n != 2 {
		t.Errorf("the second apply created %d jobs", n-2)
	}
	if n := len(f.srv.Calls("CreatePersistentResource")); n != 1 {
		t.Errorf("%d resource creates, want 1", n)
	}
}

func TestApplyEditedSpecReplaces(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{})
	f.addResource()
	f.apply(f.applier(), docs(t, jobDoc("bert", "1.0")))
	old := f.jobs()[0]

	edited := docs(t, jobDoc("bert", "1.1"))
	res := f.apply(f.applier(), edited)
	ch := res.Plan.Changes[0]
	if ch.Action != Replace || ch.Old.GetName() != old.Name {
		t.Fatalf("plan: %s %s (old %v)", ch.Action, ch.Reason, ch.Old)
	}
	if len(ch.Diff) != 1 || ch.Diff[0].Path != "jobSpec.workerPoolSpecs[0].containerSpec.imageUri" || !strings.HasSuffix(ch.Diff[0].New, `bert:1.1"`) {
		t.Errorf("diff: %+v", ch.Diff)
	}
	// Refused without --allow-replace: nothing is cancelled or created.
	if failed := res.Failed(); len(failed) != 1 || !strings.Contains(failed[0].Err.Error(), "--allow-replace") {
		t.Fatalf("failures: %v", failed)
	}
	if n := f.creates(); n != 1 || len(f.srv.Calls("CancelCustomJob")) != 0 {
		t.Fatalf("a refused replace made %d creates and %d cancels", n-1, len(f.srv.Calls("CancelCustomJob")))
	}

	a := f.applier()
	a.AllowReplace = true
	res = f.apply(a, edited)
	if o := res.Outcomes[0]; o.Err != nil || o.Did != "replaced" {
		t.Fatalf("outcome: %s %v", o.Did, o.Err)
	}
	for _, j := range f.jobs() {
		want := aiplatformpb.JobState_JOB_STATE_QUEUED
		if j.Name == old.Name {
			want = aiplatformpb.JobState_JOB_STATE_CANCELLED
		}
		if j.State != want {
			t.Errorf("%s: %s, want %s", j.Name, j.State, want)
		}
	}
	// Back to the old spec, whose job was cancelled: that is a failed
	// run, reported, not repeated.
	res = f.apply(a, docs(t, jobDoc("bert", "1.0")))
	if ch := res.Plan.Changes[0]; ch.Action != FailedEarlier || ch.State != "CANCELLED" {
		t.Errorf("back to 1.0: %s (%s) %s", ch.Action, ch.State, ch.Reason)
	}
}

func TestApplyFailedJobIsReported(t *testing.T) {
	t.Parallel()
	clock := vertextest.NewFakeClock(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
	f := newApplyFixture(t, vertextest.Options{Clock: clock, Lifecycle: vertextest.Lifecycle{Queued: time.Second, Pending: time.Second, Running: time.Second}})
	f.srv.FailJobs(func(j *aiplatformpb.CustomJob) bool { return true }, "The replica workerpool0-0 exited with a non-zero status of 1.")
	d := docs(t, freeJobDoc("etl", "2.1"))
	f.apply(f.applier(), d)
	clock.Advance(time.Minute)

	res := f.apply(f.applier(), d)
	ch := res.Plan.Changes[0]
	if ch.Action != FailedEarlier || !strings.Contains(ch.Reason, "FAILED: The replica workerpool0-0 exited") || !strings.Contains(ch.Reason, "--rerun-failed") {
		t.Fatalf("plan: %s %s", ch.Action, ch.Reason)
	}
	if res.Outcomes[0].Did != "reported" || res.Outcomes[0].Err != nil || f.creates() != 1 {
		t.Errorf("outcome %s %v; %d creates", res.Outcomes[0].Did, res.Outcomes[0].Err, f.creates())
	}

	a := f.applier()
	a.RerunFailed = true
	res = f.apply(a, d)
	if ch := res.Plan.Changes[0]; ch.Action != Create || !strings.HasPrefix(ch.Reason, "re-run") {
		t.Errorf("with --rerun-failed: %s %s", ch.Action, ch.Reason)
	}
	if f.creates() != 2 {
		t.Errorf("%d creates, want 2", f.creates())
	}
}

func TestApplyResourceCreateThenUpdate(t *testing.T) {
	t.Parallel()
	transports(t, testApplyResourceCreateThenUpdate)
}

func testApplyResourceCreateThenUpdate(t *testing.T, tr Transport) {
	f := newApplyFixtureOver(t, vertextest.Options{}, tr)
	res := f.apply(f.applier(), docs(t, prDoc))
	if o := res.Outcomes[0]; o.Err != nil || o.Did != "created" || o.State != "RUNNING" {
		t.Fatalf("create: %s %s %v", o.Did, o.State, o.Err)
	}

	more := strings.Replace(strings.Replace(prDoc, "replicaCount: 4", "replicaCount: 6", 1), "displayName: Training", "displayName: More training", 1)
	res = f.apply(f.applier(), docs(t, more))
	ch := res.Plan.Changes[0]
	if ch.Action != Update || strings.Join(ch.Mask, ",") != "display_name,resource_pools.replica_count" {
		t.Fatalf("plan: %s %v %+v", ch.Action, ch.Mask, ch.Diff)
	}
	if o := res.Outcomes[0]; o.Err != nil || o.Did != "updated" {
		t.Fatalf("update: %s %v", o.Did, o.Err)
	}
	pr, err := f.c.Resource(f.ctx, "acme-ml", "us-central1", "training-pr")
	if err != nil || pr.ResourcePools[0].GetReplicaCount() != 6 || pr.DisplayName != "More training" {
		t.Fatalf("after the update: %v %v", pr, err)
	}
	if res := f.apply(f.applier(), docs(t, more)); res.Plan.Changes[0].Action != NoChange {
		t.Errorf("again: %s", res.Plan.Changes[0].Action)
	}

	// Another machine type needs a new resource, which apply never makes
	// by deleting this one.
	other := strings.Replace(more, "n1-standard-8", "n1-standard-16", 1)
	res = f.apply(f.applier(), docs(t, other))
	if ch := res.Plan.Changes[0]; ch.Action != ReplaceRequired || !strings.Contains(ch.Reason, "resourcePools[0].machineSpec.machineType") {
		t.Fatalf("plan: %s %s", ch.Action, ch.Reason)
	}
	if len(res.Failed()) != 1 || len(f.srv.Calls("DeletePersistentResource")) != 0 {
		t.Errorf("failed %d, deletes %d", len(res.Failed()), len(f.srv.Calls("DeletePersistentResource")))
	}
}

func TestApplyCreatesResourceBeforeItsJobs(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{})
	res := f.apply(f.applier(), docs(t, jobDoc("bert", "1.0"), prDoc))
	for _, o := range res.Outcomes {
		if o.Err != nil {
			t.Fatalf("%s: %v", o.Change.Doc.Name, o.Err)
		}
	}
	calls := f.srv.Calls("CreatePersistentResource", "CreateCustomJob")
	if len(calls) != 2 || calls[0].Method != "CreatePersistentResource" {
		t.Errorf("calls: %v", calls)
	}
}

func TestApplyWaitsUntilTerminal(t *testing.T) {
	t.Parallel()
	clock := vertextest.NewFakeClock(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
	f := newApplyFixture(t, vertextest.Options{Clock: clock, Lifecycle: vertextest.Lifecycle{Queued: time.Minute, Pending: time.Minute, Running: time.Minute}})
	f.addResource()
	var mu sync.Mutex
	var seen []string
	a := f.applier()
	a.Wait = WaitTerminal
	a.Events = func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		if e.What == "state" || e.What == "created" {
			seen = append(seen, e.State)
			// Each state lasts until apply has seen it: then the job
			// moves on, so every state is seen however slow the machine.
			clock.Advance(time.Minute)
		}
	}
	res := f.apply(a, docs(t, jobDoc("bert", "1.0")))
	if o := res.Outcomes[0]; o.Err != nil || o.State != "SUCCEEDED" {
		t.Fatalf("outcome %s %v", o.State, o.Err)
	}
	if got := strings.Join(seen, " "); got != "QUEUED PENDING RUNNING SUCCEEDED" {
		t.Errorf("states seen: %s", got)
	}
}

// TestApplyUnderCreateFaults: whatever breaks a create call, each spec
// ends with exactly one job.
func TestApplyUnderCreateFaults(t *testing.T) { transports(t, testApplyUnderCreateFaults) }

func testApplyUnderCreateFaults(t *testing.T, tr Transport) {
	for _, tc := range []struct {
		name  string
		fault vertextest.Fault
		// wall: the fault is a slow server, whose job appears on the
		// wall clock only, so apply's search for it is timed on that.
		wall bool
		// creates is how many create calls the three documents take:
		// a job whose create failed after it was made is adopted, not
		// created again.
		creates int
	}{
		{"reject", vertextest.Fault{Mode: vertextest.Reject, Code: codes.Unavailable, Times: 2}, false, 5},
		{"commit then DEADLINE_EXCEEDED", vertextest.Fault{Mode: vertextest.CommitThenFail, Code: codes.DeadlineExceeded, Times: 2}, false, 3},
		{"commit then UNAVAILABLE", vertextest.Fault{Mode: vertextest.CommitThenFail, Code: codes.Unavailable, Times: 2}, false, 3},
		{"delay past the deadline", vertextest.Fault{Mode: vertextest.Delay, Delay: 150 * time.Millisecond, Times: 2}, true, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newApplyFixtureOver(t, vertextest.Options{}, tr)
			f.addResource()
			fault := tc.fault
			fault.Methods = []string{"CreateCustomJob"}
			f.srv.Inject(fault)
			a := f.applier()
			a.Timing.ReconcileWindow = 30 * time.Second // the search for the job outlasts any server's delay
			a.Timing.Backoff = gax.Backoff{Initial: 20 * time.Millisecond, Max: 100 * time.Millisecond, Multiplier: 2}
			if tc.wall {
				a.Timing.CallTimeout = 50 * time.Millisecond // the delay outlasts it
			} else {
				a.Timing = onClock(a.Timing, testClock())
			}
			d := docs(t, jobDoc("bert", "1.0"), jobDoc("resnet", "1.0"), freeJobDoc("etl", "1.0"))
			res := f.apply(a, d)
			for _, o := range res.Outcomes {
				if o.Err != nil {
					t.Errorf("%s: %v", o.Change.Doc.Name, o.Err)
				}
			}
			all, _ := f.perSpec()
			if len(all) != 3 {
				t.Errorf("%d specs have jobs, want 3: %v", len(all), all)
			}
			for k, n := range all {
				if n != 1 {
					t.Errorf("%s: %d jobs, want exactly 1", k, n)
				}
			}
			if n := f.creates(); n != tc.creates {
				t.Errorf("%d create calls, want %d", n, tc.creates)
			}
			// And applying again changes nothing.
			before := f.creates()
			f.srv.ClearFaults()
			f.apply(f.applier(), d)
			if f.creates() != before {
				t.Errorf("a second apply created %d jobs", f.creates()-before)
			}
		})
	}
}

// TestApplyRandomFaults applies 200 times under a 30% fault rate on every
// job and resource call, the specs changing as they would over weeks of
// commits, and ends with exactly one job per spec applied, none missing.
func TestApplyRandomFaults(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{Seed: 42})
	f.addResource()
	f.srv.Inject(vertextest.Fault{Mode: vertextest.Random, Rate: 0.3, Methods: []string{
		"CreateCustomJob", "GetCustomJob", "ListCustomJobs", "CancelCustomJob", "GetPersistentResource",
	}})
	names := []string{"bert", "resnet", "etl", "eval", "distill"}
	want := map[string]bool{} // key/spec pairs applied
	a := f.applier()
	a.AllowReplace = true
	a.Parallelism = 1 // so that the seed decides every fault
	a.Timing = onClock(a.Timing, testClock())
	failures := 0
	for i := range 200 {
		var texts []string
		for n, name := range names {
			// Every job changes its image every 40 applies, at its own
			// moment; etl runs on no resource.
			tag := fmt.Sprintf("1.%d", (i+8*n)/40)
			text := jobDoc(name, tag)
			if name == "etl" {
				text = freeJobDoc(name, tag)
			}
			texts = append(texts, text)
		}
		d := docs(t, texts...)
		res, err := a.Apply(f.ctx, d)
		if err != nil {
			failures++ // a read failed past its retries: the next apply goes on
			continue
		}
		for _, o := range res.Outcomes {
			if o.Err == nil {
				want[o.Change.Doc.Key+"/"+o.Change.Doc.Spec] = true
			} else {
				failures++
			}
		}
	}
	f.srv.ClearFaults()
	all, _ := f.perSpec()
	for k := range want {
		if all[k] != 1 {
			t.Errorf("%s: %d jobs, want exactly 1", k, all[k])
		}
	}
	for k, n := range all {
		if !want[k] {
			t.Errorf("%s: %d jobs of a spec no apply reported done", k, n)
		}
	}
	calls := f.srv.Calls()
	faulted := 0
	for _, c := range calls {
		if c.Fault != 0 {
			faulted++
		}
	}
	t.Logf("%d specs; %d calls, %d faulted; %d documents or applies failed and were picked up later", len(want), len(calls), faulted, failures)
	if faulted < len(calls)/5 {
		t.Errorf("only %d of %d calls faulted", faulted, len(calls))
	}
}

// TestConcurrentApplies: two applies of the same files, forced to overlap
// (every create is held until all four have come, so each apply planned
// before either job existed), make more jobs than there are specs and
// then converge on one active job per spec, both without error.
func TestConcurrentApplies(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{Latency: 2 * time.Millisecond})
	f.addResource()
	const rounds = 5
	for round := range rounds {
		d := docs(t, jobDoc(fmt.Sprintf("bert-%d", round), "1.0"), freeJobDoc(fmt.Sprintf("etl-%d", round), "1.0"))
		dial := createBarrier(t, f.srv, 4)
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				a := f.applier()
				a.Dial = dial
				res, err := a.Apply(f.ctx, d)
				if err != nil {
					t.Error(err)
					return
				}
				for _, o := range res.Outcomes {
					if o.Err != nil {
						t.Errorf("%s: %v", o.Change.Doc.Name, o.Err)
					}
				}
			})
		}
		wg.Wait()
	}
	all, active := f.perSpec()
	if len(active) != 2*rounds {
		t.Errorf("%d specs have active jobs, want %d", len(active), 2*rounds)
	}
	for k, n := range active {
		if n != 1 {
			t.Errorf("%s: %d active jobs, want 1", k, n)
		}
	}
	for k, n := range all {
		if n != 2 {
			t.Errorf("%s: %d jobs made, want 2: the applies did not overlap", k, n)
		}
	}
	if n := f.creates(); n != 4*rounds {
		t.Errorf("%d creates, want %d", n, 4*rounds)
	}
}

// TestLostResourceCreate: the create of a persistent resource is made but
// its answer lost; the retry meets ALREADY_EXISTS, which then means
// "made", and apply waits for the resource to run instead of failing.
func TestLostResourceCreate(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{})
	d := docs(t, prDoc)
	f.srv.Inject(vertextest.Fault{Methods: []string{"CreatePersistentResource"}, Mode: vertextest.CommitThenFail, Code: codes.Unavailable, Times: 1})
	res := f.apply(f.applier(), d)
	if o := res.Outcomes[0]; o.Err != nil || o.Did != "created" || o.State != "RUNNING" {
		t.Fatalf("outcome %s %s %v", o.Did, o.State, o.Err)
	}
	if n := len(f.srv.Calls("CreatePersistentResource")); n != 2 {
		t.Errorf("%d creates, want 2 (the lost one, then ALREADY_EXISTS)", n)
	}
	// A resource that existed before is no lost create: the first
	// ALREADY_EXISTS is a refusal.
	f2 := newApplyFixture(t, vertextest.Options{})
	f2.addResource()
	a := f2.applier()
	c, _ := f2.dial(f2.ctx, "")
	if _, err := a.createResource(f2.ctx, fastTiming(), c, d[0], PollOptions{}); err == nil || !strings.Contains(err.Error(), "ALREADY_EXISTS") {
		t.Errorf("create of an existing resource: %v", err)
	}
}

func TestApplyWaitsForAResourceToRun(t *testing.T) {
	// Not parallel: plan must see the reboot's 100 ms on the wall clock
	// still running, which tests beside it could make it miss.
	f := newApplyFixture(t, vertextest.Options{Lifecycle: vertextest.Lifecycle{Queued: time.Hour, Operation: 100 * time.Millisecond}})
	f.addResource()
	if _, err := f.c.StartReboot(f.ctx, "acme-ml", "us-central1", "training-pr"); err != nil {
		t.Fatal(err)
	}
	// The resource is as written but REBOOTING; its job waits for it.
	res := f.apply(f.applier(), docs(t, prDoc, jobDoc("bert", "1.0")))
	for _, o := range res.Outcomes {
		if o.Err != nil {
			t.Errorf("%s: %v", o.Change.Doc.Name, o.Err)
		}
	}
	if o := res.Outcomes[0]; o.Change.State != "REBOOTING" || o.State != "RUNNING" {
		t.Errorf("resource: planned %s, ended %s", o.Change.State, o.State)
	}
}
