package submit

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// createBarrier dials srv with the first n CreateCustomJob calls held
// until all n have come: applies that reach their creates together have
// each planned before either job exists.
func createBarrier(t *testing.T, srv *vertextest.Server, n int) Dialer {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	go srv.Serve(lis)
	var arrived sync.WaitGroup
	arrived.Add(n)
	var seen atomic.Int32
	hold := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoke grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		if strings.HasSuffix(method, "/CreateCustomJob") && seen.Add(1) <= int32(n) {
			arrived.Done()
			arrived.Wait()
		}
		return invoke(ctx, method, req, reply, cc, opts...)
	}
	return func(ctx context.Context, _ string) (*Client, error) {
		conn, err := grpc.NewClient("passthrough:///barrier",
			grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
			grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithUnaryInterceptor(hold))
		if err != nil {
			return nil, err
		}
		return NewClient(ctx, conn)
	}
}

// activeByKey counts the active jobs of each document key.
func (f *applyFixture) activeByKey() map[string][]*aiplatformpb.CustomJob {
	out := map[string][]*aiplatformpb.CustomJob{}
	for _, j := range f.jobs() {
		if runningOn[j.State] {
			out[j.Labels[LabelKey]] = append(out[j.Labels[LabelKey]], j)
		}
	}
	return out
}

// TestRacingAppliesOfDifferentSpecs: `apply --var TAG=1.0` and `apply
// --var TAG=2.0` at once (two RUNNING jobs and both exits 0 before) end
// with one active job for the document: the first created. The apply
// whose job lost fails, naming the job that stays; the other says what
// it cancelled, if it saw the second job.
func TestRacingAppliesOfDifferentSpecs(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{})
	f.addResource()
	for round := range 4 {
		name := fmt.Sprintf("bert-%d", round)
		dial := createBarrier(t, f.srv, 2)
		var wg sync.WaitGroup
		outcomes := make([]*Outcome, 2)
		tags := []string{"1.0", "2.0"}
		for i, tag := range tags {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := f.applier()
				a.Dial = dial
				res, err := a.Apply(f.ctx, docs(t, jobDoc(name, tag)))
				if err != nil {
					t.Error(err)
					return
				}
				outcomes[i] = res.Outcomes[0]
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		key := outcomes[0].Change.Doc.Key
		active := f.activeByKey()[key]
		if len(active) != 1 {
			t.Fatalf("round %d: %d active jobs for the document, want 1", round, len(active))
		}
		keep := active[0]
		var won, lost []*Outcome
		for _, o := range outcomes {
			if o.Err == nil {
				won = append(won, o)
			} else {
				lost = append(lost, o)
			}
		}
		if len(won) != 1 || len(lost) != 1 {
			t.Fatalf("round %d: %d applies succeeded, %d failed; want one each", round, len(won), len(lost))
		}
		if won[0].Job != keep.Name || won[0].Did != "created" || keep.Labels[LabelSpec] != won[0].Change.Doc.Spec {
			t.Errorf("round %d: the winner says %s %s, but %s stays", round, won[0].Did, won[0].Job, keep.Name)
		}
		msg := lost[0].Err.Error()
		if !strings.Contains(msg, jobID(keep.Name)+", of another spec, was created first") || !strings.Contains(msg, "--allow-replace") {
			t.Errorf("round %d: the loser says %v", round, msg)
		}
		t.Logf("round %d: winner cancelled %v; loser cancelled %v: %v", round, won[0].Cancelled, lost[0].Cancelled, msg)

		// Plan now sees one job: = for the spec that stayed, -/+ for the other.
		for i, o := range outcomes {
			plan, err := f.applier().Plan(f.ctx, docs(t, jobDoc(name, tags[i])))
			if err != nil {
				t.Fatal(err)
			}
			want := Replace
			if o.Err == nil {
				want = NoChange
			}
			if got := plan.Changes[0].Action; got != want {
				t.Errorf("round %d: plan %s, want %s", round, got, want)
			}
		}
	}
}

// TestPlanShowsJobsOfTwoSpecs: two active jobs of one document with
// different specs are no "=" for either spec: plan says duplicate, and
// apply keeps the oldest.
func TestPlanShowsJobsOfTwoSpecs(t *testing.T) {
	t.Parallel()
	f := newApplyFixture(t, vertextest.Options{})
	f.addResource()
	v1, v2 := docs(t, jobDoc("bert", "1.0")), docs(t, jobDoc("bert", "2.0"))
	f.apply(f.applier(), v1)
	first := f.jobs()[0]
	// The job another apply made at the same moment, of the other spec.
	labels, err := jobLabels(v2[0].Job.Labels, v2[0].Key, v2[0].Spec, NewAttempt())
	if err != nil {
		t.Fatal(err)
	}
	second := proto.Clone(v2[0].Job).(*aiplatformpb.CustomJob)
	second.Labels = labels
	if _, err := f.c.Jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: v2[0].Parent(), CustomJob: second}); err != nil {
		t.Fatal(err)
	}

	for _, d := range [][]*Document{v1, v2} {
		plan, err := f.applier().Plan(f.ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		ch := plan.Changes[0]
		if ch.Action != Duplicate || ch.Current.GetName() != first.Name || len(ch.Extra) != 1 || !strings.Contains(ch.Reason, "1 of them of other specs") {
			t.Errorf("plan: %s %s", ch.Action, ch.Reason)
		}
	}
	res := f.apply(f.applier(), v2)
	o := res.Outcomes[0]
	if o.Err == nil || !strings.Contains(o.Err.Error(), jobID(first.Name)+", of another spec, stays") || len(o.Cancelled) != 1 {
		t.Fatalf("apply: %s %v, cancelled %v", o.Did, o.Err, o.Cancelled)
	}
	if active := f.activeByKey()[v2[0].Key]; len(active) != 1 || active[0].Name != first.Name {
		t.Fatalf("active: %v", active)
	}
	// And the replace that was asked for then goes through.
	a := f.applier()
	a.AllowReplace = true
	res = f.apply(a, v2)
	if o := res.Outcomes[0]; o.Err != nil || o.Did != "replaced" {
		t.Fatalf("replace: %s %v", o.Did, o.Err)
	}
	if active := f.activeByKey()[v2[0].Key]; len(active) != 1 || active[0].Labels[LabelSpec] != v2[0].Spec {
		t.Fatalf("active after the replace: %v", active)
	}
}

// TestConvergeListFaults: when the list after creating fails (eight
// failures in a row ended the apply with only the list error before, and
// left two jobs), apply keeps trying for Timing.ConvergeWindow; when
// that is not enough, the document says a second job may remain and how
// to clean it, and the next apply does.
func TestConvergeListFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		times   int // list failures after the create; 0: every one
		settled bool
	}{
		{"twenty failures", 20, true},
		{"every list fails", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newApplyFixture(t, vertextest.Options{})
			d := docs(t, freeJobDoc("etl", "1.0"))
			a := f.applier()
			a.Timing = onClock(a.Timing, testClock())
			a.Timing.ConvergeWindow = 5 * time.Second
			if !tc.settled {
				// Shorter than the pauses of two lists of ten tries.
				a.Timing.ConvergeWindow = 50 * time.Millisecond
			}
			a.Events = func(e Event) {
				if e.What != "created" {
					return
				}
				// An apply running at the same time made the same job
				// just after; then the lists begin to fail.
				labels, _ := jobLabels(d[0].Job.Labels, d[0].Key, d[0].Spec, NewAttempt())
				dup := proto.Clone(d[0].Job).(*aiplatformpb.CustomJob)
				dup.Labels = labels
				if _, err := f.c.Jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: d[0].Parent(), CustomJob: dup}); err != nil {
					t.Error(err)
				}
				f.srv.Inject(vertextest.Fault{Methods: []string{"ListCustomJobs"}, Mode: vertextest.Reject, Code: codes.Unavailable, Times: tc.times})
			}
			res := f.apply(a, d)
			f.srv.ClearFaults()
			o := res.Outcomes[0]
			if o.Err != nil || o.Did != "created" {
				t.Fatalf("outcome %s %v", o.Did, o.Err)
			}
			_, active := f.perSpec()
			if tc.settled {
				if o.Unsettled != nil || len(o.Cancelled) != 1 || active[d[0].Key+"/"+d[0].Spec] != 1 {
					t.Fatalf("unsettled %v, cancelled %v, %v active", o.Unsettled, o.Cancelled, active)
				}
				return
			}
			if o.Unsettled == nil || len(res.Unsettled()) != 1 || !strings.Contains(o.Unsettled.Error(), "may have made a second; vxjob plan shows it, and vxjob apply again cancels it") {
				t.Fatalf("unsettled: %v", o.Unsettled)
			}
			t.Log(o.Unsettled)
			if active[d[0].Key+"/"+d[0].Spec] != 2 {
				t.Fatalf("%v active; the second job should remain", active)
			}
			if plan, err := f.applier().Plan(f.ctx, d); err != nil || plan.Changes[0].Action != Duplicate {
				t.Fatalf("plan: %v %v", plan, err)
			}
			f.apply(f.applier(), d)
			if _, active := f.perSpec(); active[d[0].Key+"/"+d[0].Spec] != 1 {
				t.Fatalf("after another apply: %v", active)
			}
		})
	}
}
