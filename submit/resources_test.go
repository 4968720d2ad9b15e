package submit

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/submit/vertextest"
)

const (
	prProject  = "acme-ml"
	prLocation = "us-central1"
)

// fastOps finishes the emulator's operations at once, as Vertex AI's go,
// and keeps jobs active for the length of a test.
var fastOps = vertextest.Lifecycle{Operation: 20 * time.Millisecond, Queued: time.Hour}

// prServer serves an emulator holding training-pr and other-pr, both
// RUNNING with 4 CPU replicas, and returns a Client of it.
func prServer(t *testing.T, opts vertextest.Options) (*vertextest.Server, *Client) {
	t.Helper()
	return prServerOver(t, opts, GRPC)
}

// prServerOver is prServer with a Client over tr.
func prServerOver(t *testing.T, opts vertextest.Options, tr Transport) (*vertextest.Server, *Client) {
	t.Helper()
	srv := vertextest.New(opts)
	t.Cleanup(srv.Close)
	for _, id := range []string{"training-pr", "other-pr"} {
		pool := &aiplatformpb.ResourcePool{Id: "cpu-pool", MachineSpec: &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"}, ReplicaCount: proto.Int64(4)}
		if err := srv.AddResource(prProject, prLocation, id, &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{pool}}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := NewClient(context.Background(), srv.Conn())
	if tr == REST {
		c, err = Dial(context.Background(), prLocation, serveREST(t, srv))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return srv, c
}

// createJobOn creates a job of one CPU replica on the persistent resource
// id, or on no resource when id is "".
func createJobOn(t *testing.T, c *Client, id, displayName string) *aiplatformpb.CustomJob {
	t.Helper()
	j, err := c.Jobs.CreateCustomJob(context.Background(), &aiplatformpb.CreateCustomJobRequest{
		Parent: "projects/" + prProject + "/locations/" + prLocation,
		CustomJob: &aiplatformpb.CustomJob{
			DisplayName: displayName,
			JobSpec: &aiplatformpb.CustomJobSpec{PersistentResourceId: id, WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
				MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"},
				ReplicaCount: 1,
				Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-docker.pkg.dev/acme-ml/train/bert:1.4.2"}},
			}}},
		},
	})
	if err != nil {
		t.Fatalf("creating %s: %v", displayName, err)
	}
	return j
}

func jobStateOf(t *testing.T, c *Client, name string) aiplatformpb.JobState {
	t.Helper()
	j, err := c.Jobs.GetCustomJob(context.Background(), &aiplatformpb.GetCustomJobRequest{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return j.GetState()
}

func TestResource(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := prServer(t, vertextest.Options{})

	r, err := c.Resource(ctx, prProject, prLocation, "training-pr")
	if err != nil {
		t.Fatal(err)
	}
	if resourceID(r) != "training-pr" || r.GetState() != aiplatformpb.PersistentResource_RUNNING {
		t.Errorf("got %s, %s", r.GetName(), r.GetState())
	}

	_, err = c.Resource(ctx, prProject, prLocation, "nope-pr")
	if want := "persistent resource nope-pr not found in project acme-ml, location us-central1"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	if status.Code(err) != codes.NotFound {
		t.Errorf("the error should still carry NOT_FOUND: %v", status.Code(err))
	}
}

// TestJobsOn lists 20 jobs, two pages and more, of which 12 are active on
// training-pr: running, queued for replicas, pending, cancelling. The
// others have ended, or run on another resource or on none.
func TestJobsOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := vertextest.NewFakeClock(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
	life := vertextest.Lifecycle{Queued: 10 * time.Second, Pending: 10 * time.Second, Running: time.Minute, Cancelling: 5 * time.Second}
	srv, c := prServer(t, vertextest.Options{Clock: clock, Lifecycle: life})

	for _, name := range []string{"done-0", "done-1", "done-2"} {
		createJobOn(t, c, "training-pr", name)
	}
	cancelled := createJobOn(t, c, "training-pr", "cancelled")
	if err := c.Jobs.CancelCustomJob(ctx, &aiplatformpb.CancelCustomJobRequest{Name: cancelled.Name}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Minute) // the first three succeed

	var want []string
	for i := range 12 {
		want = append(want, createJobOn(t, c, "training-pr", "active-"+string(rune('a'+i))).Name)
	}
	for _, name := range []string{"elsewhere-0", "elsewhere-1", "elsewhere-2"} {
		createJobOn(t, c, "other-pr", name)
	}
	createJobOn(t, c, "", "on-demand")
	clock.Advance(15 * time.Second) // the four that got replicas are PENDING
	if err := c.Jobs.CancelCustomJob(ctx, &aiplatformpb.CancelCustomJobRequest{Name: want[0]}); err != nil {
		t.Fatal(err)
	}

	got, err := c.JobsOn(ctx, prProject, prLocation, "training-pr")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	states := map[aiplatformpb.JobState]int{}
	for _, j := range got {
		names = append(names, j.GetName())
		states[j.GetState()]++
		if j.GetJobSpec().GetWorkerPoolSpecs() != nil || j.GetLabels() != nil {
			t.Errorf("%s: the read mask should have left out the worker pools and labels", j.GetDisplayName())
		}
		if j.GetDisplayName() == "" || j.GetCreateTime() == nil {
			t.Errorf("%s: the display name and create time should be read", j.GetName())
		}
	}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("got %d jobs, want the 12 active ones:\n%v", len(got), got)
	}
	wantStates := map[aiplatformpb.JobState]int{
		aiplatformpb.JobState_JOB_STATE_CANCELLING: 1,
		aiplatformpb.JobState_JOB_STATE_PENDING:    3,
		aiplatformpb.JobState_JOB_STATE_QUEUED:     8,
	}
	if !maps.Equal(states, wantStates) {
		t.Errorf("states %v, want %v", states, wantStates)
	}

	calls := srv.Calls("ListCustomJobs")
	if len(calls) < 2 {
		t.Errorf("%d ListCustomJobs calls; 16 active jobs take two pages of 10", len(calls))
	}
	req := calls[0].Request.(*aiplatformpb.ListCustomJobsRequest)
	if !strings.Contains(req.GetFilter(), `state="JOB_STATE_CANCELLING"`) || strings.Contains(req.GetFilter(), "SUCCEEDED") {
		t.Errorf("filter %q", req.GetFilter())
	}

	none, err := c.JobsOn(ctx, prProject, prLocation, "nope-pr")
	if err != nil || len(none) != 0 {
		t.Errorf("a resource without jobs: %v, %v", none, err)
	}
}

func TestReboot(t *testing.T) { transports(t, testReboot) }

func testReboot(t *testing.T, tr Transport) {
	ctx := context.Background()
	srv, c := prServerOver(t, vertextest.Options{Lifecycle: fastOps}, tr)

	var progress []string
	r, err := c.Reboot(ctx, prProject, prLocation, "training-pr", PollOptions{
		Interval: 5 * time.Millisecond,
		Progress: func(msg string) { progress = append(progress, msg) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.GetState() != aiplatformpb.PersistentResource_RUNNING || resourceID(r) != "training-pr" {
		t.Errorf("after the reboot: %s %s", r.GetName(), r.GetState())
	}
	// The message comes once, though every poll carries it.
	if !slices.Equal(progress, []string{"Rebooting the resource pools"}) {
		t.Errorf("progress %q", progress)
	}
	if len(srv.Calls("GetOperation")) == 0 {
		t.Error("it did not poll the operation")
	}
}

func TestRebootWhileRebooting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// On a clock that stands still, the first reboot never ends.
	_, c := prServer(t, vertextest.Options{Clock: vertextest.NewFakeClock(time.Now())})
	if _, err := c.StartReboot(ctx, prProject, prLocation, "training-pr"); err != nil {
		t.Fatal(err)
	}
	_, err := c.Reboot(ctx, prProject, prLocation, "training-pr", PollOptions{Interval: time.Millisecond})
	if status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("got %v, want FAILED_PRECONDITION", err)
	}
	for _, want := range []string{"rebooting persistent resource training-pr: ", "is REBOOTING; only a RUNNING or ERROR one can be rebooted", "(FAILED_PRECONDITION)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "rpc error") {
		t.Errorf("%q should give the server's message alone", err)
	}
}

func TestRebootRetriesFailedPolls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := prServer(t, vertextest.Options{Lifecycle: fastOps})
	// The client library retries UNAVAILABLE itself, for seconds; INTERNAL
	// is left to the caller.
	srv.Inject(vertextest.Fault{Methods: []string{"GetOperation"}, Mode: vertextest.Reject, Code: codes.Internal, Times: maxPollFailures - 1})
	r, err := c.Reboot(ctx, prProject, prLocation, "training-pr", PollOptions{Interval: 5 * time.Millisecond})
	if err != nil || r.GetState() != aiplatformpb.PersistentResource_RUNNING {
		t.Fatalf("got %v, %v", r.GetState(), err)
	}

	// Polls that keep failing leave the operation to itself, named.
	srv.Inject(vertextest.Fault{Methods: []string{"GetOperation"}, Mode: vertextest.Reject, Code: codes.Internal, Message: "the service is down"})
	_, err = c.Reboot(ctx, prProject, prLocation, "other-pr", PollOptions{Interval: time.Millisecond})
	var still *StillRunningError
	if !errors.As(err, &still) || !strings.Contains(err.Error(), "the service is down (INTERNAL)") {
		t.Fatalf("got %v", err)
	}
	if status.Code(err) != codes.Internal {
		t.Errorf("the error should carry INTERNAL: %v", status.Code(err))
	}
}

func TestDelete(t *testing.T) { transports(t, testDelete) }

func testDelete(t *testing.T, tr Transport) {
	ctx := context.Background()
	_, c := prServerOver(t, vertextest.Options{Lifecycle: fastOps}, tr)
	doomed := []*aiplatformpb.CustomJob{createJobOn(t, c, "training-pr", "a"), createJobOn(t, c, "training-pr", "b")}
	spared := createJobOn(t, c, "other-pr", "c")

	progress := 0
	err := c.Delete(ctx, prProject, prLocation, "training-pr", PollOptions{Interval: 5 * time.Millisecond, Progress: func(string) { progress++ }})
	if err != nil {
		t.Fatal(err)
	}
	if progress != 0 {
		t.Errorf("a delete has no progress message, but Progress was called %d times", progress)
	}
	for _, j := range doomed {
		if s := jobStateOf(t, c, j.Name); s != aiplatformpb.JobState_JOB_STATE_CANCELLED {
			t.Errorf("%s is %s, want CANCELLED", j.DisplayName, s)
		}
	}
	if s := jobStateOf(t, c, spared.Name); s != aiplatformpb.JobState_JOB_STATE_QUEUED {
		t.Errorf("the job on other-pr is %s", s)
	}
	if _, err := c.Resource(ctx, prProject, prLocation, "training-pr"); status.Code(err) != codes.NotFound {
		t.Errorf("training-pr after its delete: %v", err)
	}

	err = c.Delete(ctx, prProject, prLocation, "training-pr", PollOptions{})
	if err == nil || !strings.Contains(err.Error(), "persistent resource training-pr not found in project acme-ml, location us-central1") {
		t.Errorf("deleting it again: %v", err)
	}
}

// TestWaitEndsWithContext stops waiting for operations that a clock
// standing still never lets end.
func TestWaitEndsWithContext(t *testing.T) {
	// Not parallel: the reboot and delete must reach the server within
	// 100 ms, which tests beside them could make them miss.
	for _, tc := range []struct {
		name string
		wait func(context.Context, *Client) error
	}{
		{"reboot", func(ctx context.Context, c *Client) error {
			_, err := c.Reboot(ctx, prProject, prLocation, "training-pr", PollOptions{Interval: 5 * time.Millisecond})
			return err
		}},
		{"delete", func(ctx context.Context, c *Client) error {
			return c.Delete(ctx, prProject, prLocation, "training-pr", PollOptions{Interval: 5 * time.Millisecond})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := prServer(t, vertextest.Options{Clock: vertextest.NewFakeClock(time.Now())})
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			err := tc.wait(ctx, c)

			var still *StillRunningError
			if !errors.As(err, &still) {
				t.Fatalf("got %v, want a StillRunningError", err)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%v should wrap the context's error", err)
			}
			if !strings.Contains(still.Operation, "/persistentResources/training-pr/operations/") {
				t.Errorf("operation %q", still.Operation)
			}
			if msg := err.Error(); !strings.Contains(msg, "goes on") || !strings.Contains(msg, still.Operation) {
				t.Errorf("%q should say that the operation goes on, and name it", msg)
			}
			if len(srv.Calls("GetOperation")) == 0 {
				t.Error("it stopped before polling")
			}
		})
	}
}
