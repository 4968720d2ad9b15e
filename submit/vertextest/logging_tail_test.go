package vertextest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/logging/apiv2/loggingpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// tailStream is a TailLogEntries stream whose responses a goroutine reads.
type tailStream struct {
	t      *testing.T
	cancel context.CancelFunc
	resps  chan *loggingpb.TailLogEntriesResponse
	err    chan error
	// held are entries received and not yet taken.
	held []*loggingpb.LogEntry
}

func (f *fixture) tail(req *loggingpb.TailLogEntriesRequest) *tailStream {
	f.t.Helper()
	ctx, cancel := context.WithCancel(f.ctx)
	f.t.Cleanup(cancel)
	stream, err := loggingpb.NewLoggingServiceV2Client(f.srv.Conn()).TailLogEntries(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := stream.Send(req); err != nil {
		f.t.Fatal(err)
	}
	ts := &tailStream{t: f.t, cancel: cancel, resps: make(chan *loggingpb.TailLogEntriesResponse, 100), err: make(chan error, 1)}
	go func() {
		for {
			resp, err := stream.Recv()
			if err != nil {
				ts.err <- err
				return
			}
			ts.resps <- resp
		}
	}()
	return ts
}

// next is the next entry, or the error that ended the stream.
func (ts *tailStream) next() (*loggingpb.LogEntry, error) {
	ts.t.Helper()
	for len(ts.held) == 0 {
		select {
		case resp := <-ts.resps:
			ts.held = resp.Entries
		case err := <-ts.err:
			return nil, err
		case <-time.After(10 * time.Second):
			ts.t.Fatal("the stream sent nothing for 10s")
		}
	}
	e := ts.held[0]
	ts.held = ts.held[1:]
	return e, nil
}

// open waits until the server streams: only what is logged after it
// opened comes, and the client cannot tell when that is. It logs a
// numbered "ping" to job until one comes, then takes the pings that
// follow it, up to the last it logged.
func (ts *tailStream) open(srv *vertextest.Server, job string) {
	ts.t.Helper()
	last := ""
	for n := 1; len(ts.held) == 0; n++ {
		last = fmt.Sprintf("ping %d", n)
		srv.AddJobLogs(job, vertextest.LogLine{Text: last})
		select {
		case resp := <-ts.resps:
			ts.held = resp.Entries
		case err := <-ts.err:
			ts.t.Fatalf("the stream ended: %v", err)
		case <-time.After(5 * time.Millisecond):
		}
	}
	for {
		e, err := ts.next()
		if err != nil || !strings.HasPrefix(e.GetTextPayload(), "ping ") {
			ts.t.Fatalf("want a ping, got %v, %v", e, err)
		}
		if e.GetTextPayload() == last {
			return
		}
	}
}

func entryLine(e *loggingpb.LogEntry) string {
	return e.Resource.Labels["task_name"] + " " + e.Severity.String() + " " + e.GetTextPayload()
}

func TestTailLogEntries(t *testing.T) {
	f := newFixture(t, vertextest.Options{})
	bert := f.createJob(newJob("bert", "", workerPool(cpuPool(), 2)))
	other := f.createJob(newJob("other", ""))
	id := bert.Name[strings.LastIndex(bert.Name, "/")+1:]
	filter := `resource.type="ml_job" AND resource.labels.job_id="` + id + `"`
	ts := f.tail(&loggingpb.TailLogEntriesRequest{ResourceNames: []string{"projects/" + project}, Filter: filter, BufferWindow: durationpb.New(0)})
	ts.open(f.srv, bert.Name)

	// What the job logs from now on, as it is logged: a test's lines, and
	// the state it reaches when the clock moves on, which the stream
	// sees with no other call to the server. The other job's are not.
	f.srv.AddJobLogs(other.Name, vertextest.LogLine{Text: "not this job's"})
	f.srv.AddJobLogs(bert.Name, vertextest.LogLine{Text: "loading data"}, vertextest.LogLine{Replica: "workerpool0-1", Text: "Traceback", Stderr: true})
	f.clock.Advance(lifecycle.Queued)
	var got []string
	for range 4 {
		e, err := ts.next()
		if err != nil {
			t.Fatal(err)
		}
		if e.Resource.Labels["job_id"] != id || e.InsertId == "" {
			t.Errorf("entry %v", e)
		}
		got = append(got, entryLine(e))
	}
	want := "workerpool0-0 INFO loading data\nworkerpool0-1 ERROR Traceback\n" +
		"workerpool0-0 INFO Job state: JOB_STATE_PENDING\nworkerpool0-1 INFO Job state: JOB_STATE_PENDING"
	if strings.Join(got, "\n") != want {
		t.Errorf("streamed:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}

	// The client's cancel ends it; the journal has it, with its request.
	ts.cancel()
	if _, err := ts.next(); status.Code(err) != codes.Canceled {
		t.Errorf("after cancel: %v", err)
	}
	var calls []vertextest.Call
	for range 1000 {
		if calls = f.srv.Calls("TailLogEntries"); len(calls) > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if len(calls) != 1 || calls[0].Code != codes.Canceled || calls[0].Request.(*loggingpb.TailLogEntriesRequest).GetFilter() != filter {
		t.Errorf("the journal: %+v", calls)
	}
}

// A client that does not read: past 10,000 entries waiting, the stream
// counts what it leaves out, as Cloud Logging's suppression info says.
func TestTailLogEntriesSuppresses(t *testing.T) {
	f := newFixture(t, vertextest.Options{})
	job := f.createJob(newJob("bert", ""))
	ts := f.tail(&loggingpb.TailLogEntriesRequest{ResourceNames: []string{"projects/" + project}})
	ts.open(f.srv, job.Name)
	lines := make([]vertextest.LogLine, 10_005)
	for i := range lines {
		lines[i].Text = "step"
	}
	f.srv.AddJobLogs(job.Name, lines...) // at once: nothing is sent between
	resp := <-ts.resps
	if s := resp.GetSuppressionInfo(); len(resp.Entries) != 10_000 || len(s) != 1 ||
		s[0].Reason != loggingpb.TailLogEntriesResponse_SuppressionInfo_NOT_CONSUMED || s[0].SuppressedCount != 5 {
		t.Errorf("%d entries, suppression %v", len(resp.Entries), s)
	}
}

func TestTailLogEntriesRefusals(t *testing.T) {
	f := newFixture(t, vertextest.Options{})
	job := f.createJob(newJob("bert", ""))
	names := []string{"projects/" + project}
	for _, tc := range []struct {
		name string
		req  *loggingpb.TailLogEntriesRequest
		want string
	}{
		{"no resource", &loggingpb.TailLogEntriesRequest{}, "resource_names is empty"},
		{"a filter it does not read", &loggingpb.TailLogEntriesRequest{ResourceNames: names, Filter: "severity>=ERROR"}, `filter term "severity>=ERROR"`},
		{"a buffer window too long", &loggingpb.TailLogEntriesRequest{ResourceNames: names, BufferWindow: durationpb.New(2 * time.Minute)}, "buffer_window 2m0s: it must be from 0 to 60s"},
	} {
		_, err := f.tail(tc.req).next()
		if status.Code(err) != codes.InvalidArgument || !strings.Contains(status.Convert(err).Message(), tc.want) {
			t.Errorf("%s: %v, want INVALID_ARGUMENT with %q", tc.name, err, tc.want)
		}
	}

	// Faults, through the interceptor every call goes through, matched on
	// the stream's first request.
	f.srv.Inject(vertextest.Fault{Methods: []string{"TailLogEntries"}, Mode: vertextest.Reject, Code: codes.Unavailable, Times: 1,
		Match: func(req proto.Message) bool {
			return req.(*loggingpb.TailLogEntriesRequest).GetFilter() == `resource.type="ml_job"`
		}})
	req := &loggingpb.TailLogEntriesRequest{ResourceNames: names, Filter: `resource.type="ml_job"`}
	if _, err := f.tail(req).next(); status.Code(err) != codes.Unavailable {
		t.Errorf("with a fault: %v", err)
	}
	f.tail(req).open(f.srv, job.Name) // the fault has fired: this one streams
	var faulted []vertextest.Call
	for _, c := range f.srv.Calls("TailLogEntries") {
		if c.Fault != 0 {
			faulted = append(faulted, c)
		}
	}
	if len(faulted) != 1 || faulted[0].Fault != vertextest.Reject || faulted[0].Code != codes.Unavailable || faulted[0].Committed {
		t.Errorf("the journal's faulted streams: %+v", faulted)
	}
}
