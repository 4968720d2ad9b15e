package submit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	rpcstatus "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/emptypb"
)

// These tests plan and apply against a hostile or broken JobService: one
// that never stops paging, never answers, writes escape sequences into
// its messages, or answers a create without saying what it made.

// fakeJobs is a JobService whose methods the test gives; the others are
// UNIMPLEMENTED.
type fakeJobs struct {
	aiplatformpb.UnimplementedJobServiceServer
	list   func(ctx context.Context, req *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error)
	create func(ctx context.Context, req *aiplatformpb.CreateCustomJobRequest) (*aiplatformpb.CustomJob, error)

	mu      sync.Mutex
	cancels []string
}

func (f *fakeJobs) ListCustomJobs(ctx context.Context, req *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
	return f.list(ctx, req)
}

func (f *fakeJobs) CreateCustomJob(ctx context.Context, req *aiplatformpb.CreateCustomJobRequest) (*aiplatformpb.CustomJob, error) {
	return f.create(ctx, req)
}

func (f *fakeJobs) CancelCustomJob(ctx context.Context, req *aiplatformpb.CancelCustomJobRequest) (*emptypb.Empty, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancels = append(f.cancels, req.Name)
	return &emptypb.Empty{}, nil
}

// serveFake serves jobs over an in-memory listener and returns a Dialer
// of it.
func serveFake(t *testing.T, jobs *fakeJobs) Dialer {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	s := grpc.NewServer()
	aiplatformpb.RegisterJobServiceServer(s, jobs)
	go s.Serve(lis)
	t.Cleanup(s.Stop)
	return func(ctx context.Context, _ string) (*Client, error) {
		conn, err := grpc.NewClient("passthrough:///fake",
			grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
			grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return nil, err
		}
		return NewClient(ctx, conn)
	}
}

// managedJob is a job as vxjob labels it, of document d, in state.
func managedJob(d *Document, id int, state aiplatformpb.JobState) *aiplatformpb.CustomJob {
	return &aiplatformpb.CustomJob{
		Name:   fmt.Sprintf("%s/customJobs/%d", d.Parent(), id),
		State:  state,
		Labels: map[string]string{LabelManaged: managedValue, LabelKey: d.Key, LabelSpec: d.Spec, LabelAttempt: "a"},
	}
}

// allocated runs f and returns how many bytes it allocated, from
// runtime.MemStats.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestPlanStopsAnEndlessList: a server whose next_page_token never ends
// (7.7 GB in a minute before) stops plan with an error once the list has
// brought 1,000 pages, or 128 MiB of jobs.
func TestPlanStopsAnEndlessList(t *testing.T) {
	d := docs(t, freeJobDoc("etl", "1.0"))
	for _, tc := range []struct {
		name      string
		perPage   int
		message   int // bytes of each job's error message
		want      string
		allocUpTo uint64
	}{
		{"small pages", 10, 0, "stopped after 1000 pages", 256 << 20},
		{"large jobs", 30, 100 << 10, "MiB", 1 << 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			// One message for every job: the server's own copies would
			// count in what plan is measured to allocate.
			message := strings.Repeat("x", tc.message)
			dial := serveFake(t, &fakeJobs{list: func(ctx context.Context, req *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
				calls++
				resp := &aiplatformpb.ListCustomJobsResponse{NextPageToken: fmt.Sprint("page-", calls)}
				for i := range tc.perPage {
					j := managedJob(d[0], calls*1000+i, aiplatformpb.JobState_JOB_STATE_SUCCEEDED)
					j.Labels[LabelSpec] = "h1-other"
					if tc.message > 0 {
						j.Error = &rpcstatus.Status{Message: message}
					}
					resp.CustomJobs = append(resp.CustomJobs, j)
				}
				return resp, nil
			}})
			p := &Planner{Dial: dial, Timing: fastTiming()}
			var err error
			n := allocated(func() { _, err = p.Plan(context.Background(), d) })
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "still had more") {
				t.Fatalf("got %v", err)
			}
			t.Logf("%d calls, %d MiB allocated: %v", calls, n>>20, err)
			if n > tc.allocUpTo {
				t.Errorf("plan allocated %d MiB, want at most %d", n>>20, tc.allocUpTo>>20)
			}
		})
	}
}

// TestPlanGivesUpOnASilentServer: a server that never answers holds each
// call for Timing.CallTimeout, and the whole plan for Timing.Run.
func TestPlanGivesUpOnASilentServer(t *testing.T) {
	t.Parallel()
	d := docs(t, freeJobDoc("etl", "1.0"))
	silent := &fakeJobs{list: func(ctx context.Context, _ *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	dial := serveFake(t, silent)

	timing := fastTiming()
	timing.CallTimeout, timing.ReadAttempts = 20*time.Millisecond, 3
	_, err := (&Planner{Dial: dial, Timing: timing}).Plan(context.Background(), d)
	if err == nil || !strings.Contains(err.Error(), "DEADLINE_EXCEEDED") {
		t.Fatalf("per call: got %v", err)
	}

	// Calls that would each wait a minute, many times over: the run's
	// bound stops them.
	timing.CallTimeout, timing.ReadAttempts, timing.Run = time.Minute, 100, 50*time.Millisecond
	_, err = (&Planner{Dial: dial, Timing: timing}).Plan(context.Background(), d)
	var rt *RunTimeoutError
	if !errors.As(err, &rt) || !strings.Contains(err.Error(), "--timeout") {
		t.Fatalf("per run: got %v", err)
	}
	a := &Applier{Planner: Planner{Dial: dial, Timing: timing}, Wait: WaitNone}
	if _, err := a.Apply(context.Background(), d); !errors.As(err, &rt) {
		t.Fatalf("apply: got %v", err)
	}
}

// TestServerTextIsEscaped: escape sequences and line breaks in what the
// server writes (a status message, a job's error) reach the output
// escaped, so a server cannot colour the terminal or fake vxjob's lines.
func TestServerTextIsEscaped(t *testing.T) {
	t.Parallel()
	d := docs(t, freeJobDoc("etl", "1.0"))
	const evil = "bad\x1b[2J\x1b]0;title\x07\r\nPlan: 0 to create, 0 to update, 0 to replace, 9 unchanged\u202e\u009b31m"
	check := func(t *testing.T, s string) {
		t.Helper()
		for _, c := range []string{"\x1b", "\n", "\r", "\x07", "\u202e", "\u009b"} {
			if strings.Contains(s, c) {
				t.Errorf("%q holds %q raw", s, c)
			}
		}
		if !strings.Contains(s, `bad\x1b[2J\x1b]0;title\a\r\nPlan: 0 to create`) || !strings.Contains(s, `\u202e\u009b31m`) {
			t.Errorf("%q does not show the server's text escaped", s)
		}
	}

	t.Run("status message", func(t *testing.T) {
		dial := serveFake(t, &fakeJobs{list: func(context.Context, *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
			return nil, status.Error(codes.InvalidArgument, evil)
		}})
		_, err := (&Planner{Dial: dial, Timing: fastTiming()}).Plan(context.Background(), d)
		if err == nil {
			t.Fatal("no error")
		}
		check(t, err.Error())
	})
	t.Run("job error", func(t *testing.T) {
		dial := serveFake(t, &fakeJobs{list: func(context.Context, *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
			j := managedJob(d[0], 1, aiplatformpb.JobState_JOB_STATE_FAILED)
			j.Error = &rpcstatus.Status{Message: evil}
			return &aiplatformpb.ListCustomJobsResponse{CustomJobs: []*aiplatformpb.CustomJob{j}}, nil
		}})
		plan, err := (&Planner{Dial: dial, Timing: fastTiming()}).Plan(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		if err := plan.WriteText(&out); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(out.String(), "\n")
		if len(lines) != 5 || !strings.HasPrefix(lines[1], "  !   custom job etl (FAILED)") {
			t.Fatalf("plan:\n%s", out.String())
		}
		check(t, lines[1])
	})
	t.Run("long", func(t *testing.T) {
		s := serverText(strings.Repeat("é", 10_000))
		if len(s) > maxServerText+40 || !strings.HasSuffix(s, "more bytes)") {
			t.Errorf("%d bytes: …%s", len(s), s[len(s)-30:])
		}
		if got := serverText("plain text: ok"); got != "plain text: ok" {
			t.Errorf("got %q", got)
		}
		if got := serverText("a\xffb"); got != "a\uFFFDb" {
			t.Errorf("got %q", got)
		}
	})
}

// TestCreateAnswerWithoutAJob: a create answered without a job name, or
// without a state, fails its document (it was "created (UNSPECIFIED)",
// exit 0, before).
func TestCreateAnswerWithoutAJob(t *testing.T) {
	t.Parallel()
	d := docs(t, freeJobDoc("etl", "1.0"))
	for _, tc := range []struct {
		name  string
		reply *aiplatformpb.CustomJob
		want  string
	}{
		{"no name", &aiplatformpb.CustomJob{State: aiplatformpb.JobState_JOB_STATE_QUEUED}, "without a job name"},
		{"no state", &aiplatformpb.CustomJob{Name: d[0].Parent() + "/customJobs/42"}, "no known state (JOB_STATE_UNSPECIFIED)"},
		{"a name that is no job's", &aiplatformpb.CustomJob{Name: "projects/p/locations/l/customJobs/1\x1b[2J", State: aiplatformpb.JobState_JOB_STATE_QUEUED}, `not the resource name of a job`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dial := serveFake(t, &fakeJobs{
				list: func(context.Context, *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
					return &aiplatformpb.ListCustomJobsResponse{}, nil
				},
				create: func(context.Context, *aiplatformpb.CreateCustomJobRequest) (*aiplatformpb.CustomJob, error) {
					return tc.reply, nil
				},
			})
			a := &Applier{Planner: Planner{Dial: dial, Timing: fastTiming()}, Wait: WaitNone}
			res, err := a.Apply(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			failed := res.Failed()
			if len(failed) != 1 || !strings.Contains(failed[0].Err.Error(), tc.want) || strings.Contains(failed[0].Err.Error(), "\x1b") {
				t.Fatalf("failures: %v", failed)
			}
			t.Log(failed[0].Err)
		})
	}
}

// TestHandLabelledJobIsNotManaged: a job labelled vxjob-managed: "false"
// by hand, even with a document's key and spec, is not vxjob's: the list
// asks for the exact value, a server that ignores the filter is checked
// again, and such a job is never taken for the document nor cancelled.
func TestHandLabelledJobIsNotManaged(t *testing.T) {
	t.Parallel()
	d := docs(t, freeJobDoc("etl", "2.0"))
	old := docs(t, freeJobDoc("etl", "1.0"))[0]
	var filters []string
	fake := &fakeJobs{
		list: func(_ context.Context, req *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
			filters = append(filters, req.Filter)
			// This server ignores the filter.
			j := managedJob(old, 7, aiplatformpb.JobState_JOB_STATE_RUNNING)
			j.Labels[LabelManaged] = "false"
			same := managedJob(d[0], 8, aiplatformpb.JobState_JOB_STATE_RUNNING)
			same.Labels[LabelManaged] = "TRUE"
			return &aiplatformpb.ListCustomJobsResponse{CustomJobs: []*aiplatformpb.CustomJob{j, same}}, nil
		},
		create: func(_ context.Context, req *aiplatformpb.CreateCustomJobRequest) (*aiplatformpb.CustomJob, error) {
			return &aiplatformpb.CustomJob{Name: req.Parent + "/customJobs/9", State: aiplatformpb.JobState_JOB_STATE_QUEUED, Labels: req.CustomJob.Labels}, nil
		},
	}
	a := &Applier{Planner: Planner{Dial: serveFake(t, fake), Timing: fastTiming(), AllowReplace: true}, Wait: WaitNone}
	res, err := a.Apply(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if ch := res.Plan.Changes[0]; ch.Action != Create || ch.Old != nil || ch.Current != nil {
		t.Errorf("plan: %s %s", ch.Action, ch.Reason)
	}
	if len(fake.cancels) != 0 {
		t.Errorf("cancelled %v", fake.cancels)
	}
	if !strings.HasPrefix(filters[0], `labels.vxjob-managed="true"`) {
		t.Errorf("filter %q", filters[0])
	}
}
