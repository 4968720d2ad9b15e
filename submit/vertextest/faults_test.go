package vertextest_test

import (
	"context"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// jobCount is how many jobs the server holds.
func (f *fixture) jobCount() int { return len(f.listJobs("")) }

func TestFaultReject(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.srv.Inject(vertextest.Fault{Methods: []string{"CreateCustomJob"}, Mode: vertextest.Reject, Code: codes.Unavailable, Times: 1})
	_, err := f.jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: parent, CustomJob: newJob("j", "")})
	wantCode(t, err, codes.Unavailable)
	if n := f.jobCount(); n != 0 {
		t.Fatalf("a rejected create left %d jobs", n)
	}
	f.createJob(newJob("j", "")) // Times: 1, so the next goes through
	calls := f.srv.Calls("CreateCustomJob")
	if len(calls) != 2 || calls[0].Fault != vertextest.Reject || calls[0].Committed || calls[1].Fault != 0 || !calls[1].Committed {
		t.Errorf("journal: %+v", calls)
	}
	if got := calls[0].Request.(*aiplatformpb.CreateCustomJobRequest).CustomJob.DisplayName; got != "j" {
		t.Errorf("journal request: %q", got)
	}
}

// TestFaultCommitThenFail runs over both transports: over REST the code
// arrives as its HTTP status and Google's error body.
func TestFaultCommitThenFail(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		for _, code := range []codes.Code{codes.DeadlineExceeded, codes.Unavailable} {
			t.Run(tr.name+"/"+code.String(), func(t *testing.T) {
				f := newFixture(t, vertextest.Options{})
				api := tr.dial(t, serveLoopback(t, f.srv))
				testFaultCommitThenFail(t, f, api, code)
			})
		}
	}
}

func testFaultCommitThenFail(t *testing.T, f *fixture, api vertexAPI, code codes.Code) {
	f.srv.Inject(vertextest.Fault{Methods: []string{"CreateCustomJob"}, Mode: vertextest.CommitThenFail, Code: code})
	_, err := api.createJob(newJob("j", ""))
	wantCode(t, err, code)
	// The response was lost, but the job is there.
	if n := f.jobCount(); n != 1 {
		t.Fatalf("%d jobs after a lost response, want 1", n)
	}
	if c := f.srv.Calls("CreateCustomJob")[0]; !c.Committed || c.Code != code {
		t.Errorf("journal: %+v", c)
	}
}

func TestFaultDelayPastTheDeadline(t *testing.T) {
	// Not parallel: a create must reach the server within its 50 ms
	// deadline, which tests beside it could make it miss.
	f := newFixture(t, vertextest.Options{})
	f.srv.Inject(vertextest.Fault{Methods: []string{"CreateCustomJob"}, Mode: vertextest.Delay, Delay: 200 * time.Millisecond})
	ctx, cancel := context.WithTimeout(f.ctx, 50*time.Millisecond)
	defer cancel()
	_, err := f.jobs.CreateCustomJob(ctx, &aiplatformpb.CreateCustomJobRequest{Parent: parent, CustomJob: newJob("j", "")})
	wantCode(t, err, codes.DeadlineExceeded)
	// The server goes on and makes the job after the client has given up.
	deadline := time.Now().Add(5 * time.Second)
	for f.jobCount() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the delayed create never made the job")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFaultCountsAndMatch runs over both transports: the fault's Match
// sees the request REST decoded.
func TestFaultCountsAndMatch(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			f := newFixture(t, vertextest.Options{})
			testFaultCountsAndMatch(t, f, tr.dial(t, serveLoopback(t, f.srv)))
		})
	}
}

func testFaultCountsAndMatch(t *testing.T, f *fixture, api vertexAPI) {
	// The second and third creates of "target" fail; nothing else does.
	f.srv.Inject(vertextest.Fault{
		Methods: []string{"CreateCustomJob"}, Mode: vertextest.Reject, Code: codes.ResourceExhausted, After: 1, Times: 2,
		Match: func(req proto.Message) bool {
			return req.(*aiplatformpb.CreateCustomJobRequest).GetCustomJob().GetDisplayName() == "target"
		},
	})
	var got []codes.Code
	for _, name := range []string{"target", "other", "target", "target", "target"} {
		_, err := api.createJob(newJob(name, ""))
		got = append(got, codeOf(err))
	}
	want := []codes.Code{codes.OK, codes.OK, codes.ResourceExhausted, codes.ResourceExhausted, codes.OK}
	if !equalCodes(got, want) {
		t.Errorf("codes %v, want %v", got, want)
	}
	f.srv.ClearFaults()
	f.createJob(newJob("target", ""))
}

func TestFaultRandomIsSeeded(t *testing.T) {
	t.Parallel()
	run := func(seed int64) (outcomes []codes.Code, committed int) {
		f := newFixture(t, vertextest.Options{Seed: seed})
		f.srv.Inject(vertextest.Fault{Methods: []string{"CreateCustomJob"}, Mode: vertextest.Random, Rate: 0.3})
		for range 200 {
			_, err := f.jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: parent, CustomJob: newJob("j", "")})
			outcomes = append(outcomes, codeOf(err))
		}
		for _, c := range f.srv.Calls("CreateCustomJob") {
			if c.Committed {
				committed++
			}
		}
		if n := f.jobCount(); n != committed {
			t.Errorf("%d jobs but %d commits in the journal", n, committed)
		}
		return outcomes, committed
	}
	a, committedA := run(7)
	b, _ := run(7)
	if !equalCodes(a, b) {
		t.Error("the same seed gave different faults")
	}
	failed, modes := 0, map[codes.Code]int{}
	for _, c := range a {
		if c != codes.OK {
			failed++
			modes[c]++
		}
	}
	// 30% of 200, give or take what chance allows.
	if failed < 35 || failed > 85 {
		t.Errorf("%d of 200 calls failed at a 30%% rate", failed)
	}
	if modes[codes.Unavailable] == 0 || modes[codes.DeadlineExceeded] == 0 {
		t.Errorf("random faults used only %v", modes)
	}
	// Some failures committed (lost responses), some did not.
	if ok := 200 - failed; committedA <= ok || committedA >= 200 {
		t.Errorf("%d commits for %d successes: want some lost responses and some rejections", committedA, ok)
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{Latency: 30 * time.Millisecond})
	start := time.Now()
	f.createJob(newJob("j", ""))
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("a call took %s with 30ms latency", d)
	}
}

func codeOf(err error) codes.Code {
	if err == nil {
		return codes.OK
	}
	return statusCode(err)
}

func equalCodes(a, b []codes.Code) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
