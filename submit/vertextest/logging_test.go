package vertextest_test

import (
	"strings"
	"testing"
	"time"

	logging "cloud.google.com/go/logging/apiv2"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	ltype "google.golang.org/genproto/googleapis/logging/type"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vxjob/vxjob/submit/vertextest"
)

func TestListLogEntries(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	c, err := logging.NewClient(f.ctx, f.srv.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	job := f.createJob(newJob("bert", "", workerPool(cpuPool(), 2)))
	f.createJob(newJob("other", "")) // its entries must not show
	id := job.Name[strings.LastIndex(job.Name, "/")+1:]
	f.clock.Advance(lifecycle.Queued + lifecycle.Pending + time.Second)
	if !f.srv.AddJobLogs(job.Name,
		vertextest.LogLine{Text: "epoch 1 loss 0.9"},
		vertextest.LogLine{Replica: "workerpool0-1", Text: "Traceback", Stderr: true},
		vertextest.LogLine{Text: "warn", Severity: ltype.LogSeverity_WARNING}) {
		t.Fatal("AddJobLogs: the job is not found")
	}
	if f.srv.AddJobLogs(job.Name + "0") {
		t.Error("AddJobLogs of an unknown job reported it found")
	}
	f.clock.Advance(lifecycle.Running)

	filter := `resource.type="ml_job" AND resource.labels.job_id="` + id + `"`
	var got []string
	it := c.ListLogEntries(f.ctx, &loggingpb.ListLogEntriesRequest{
		ResourceNames: []string{"projects/" + project}, Filter: filter, OrderBy: "timestamp asc", PageSize: 3,
	})
	for {
		e, err := it.Next()
		if err != nil {
			if err.Error() != "no more items in iterator" {
				t.Fatalf("ListLogEntries: %v", err)
			}
			break
		}
		if e.Resource.Labels["job_id"] != id {
			t.Errorf("an entry of job %s in the logs of %s", e.Resource.Labels["job_id"], id)
		}
		got = append(got, e.Resource.Labels["task_name"]+" "+e.Severity.String()+" "+e.GetTextPayload())
	}
	want := []string{
		"workerpool0-0 INFO Job state: JOB_STATE_QUEUED",
		"workerpool0-1 INFO Job state: JOB_STATE_QUEUED",
		"workerpool0-0 INFO Job state: JOB_STATE_PENDING",
		"workerpool0-1 INFO Job state: JOB_STATE_PENDING",
		"workerpool0-0 INFO Job state: JOB_STATE_RUNNING",
		"workerpool0-1 INFO Job state: JOB_STATE_RUNNING",
		"workerpool0-0 INFO epoch 1 loss 0.9",
		"workerpool0-1 ERROR Traceback",
		"workerpool0-0 WARNING warn",
		"workerpool0-0 INFO Job state: JOB_STATE_SUCCEEDED",
		"workerpool0-1 INFO Job state: JOB_STATE_SUCCEEDED",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(f.srv.Calls("ListLogEntries")); n != 4 {
		t.Errorf("%d ListLogEntries calls for 11 entries in pages of 3, want 4", n)
	}

	since := epoch.Add(lifecycle.Queued + lifecycle.Pending + time.Second).Format(time.RFC3339Nano)
	it = c.ListLogEntries(f.ctx, &loggingpb.ListLogEntriesRequest{
		ResourceNames: []string{"projects/" + project},
		Filter:        filter + ` AND resource.labels.task_name="workerpool0-1" AND timestamp>="` + since + `"`,
	})
	got = nil
	for e, err := it.Next(); err == nil; e, err = it.Next() {
		got = append(got, e.GetTextPayload())
	}
	if strings.Join(got, "|") != "Traceback|Job state: JOB_STATE_SUCCEEDED" {
		t.Errorf("replica and since: %q", got)
	}

	_, err = c.ListLogEntries(f.ctx, &loggingpb.ListLogEntriesRequest{
		ResourceNames: []string{"projects/" + project}, Filter: `severity>=ERROR`,
	}).Next()
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("an unsupported filter: %v, want InvalidArgument", err)
	}

	// The fault machinery sees the method by the name the journal uses.
	f.srv.ClearFaults()
	f.srv.Inject(vertextest.Fault{Methods: []string{"ListLogEntries"}, Mode: vertextest.Reject, Code: codes.PermissionDenied, Times: 1})
	_, err = c.ListLogEntries(f.ctx, &loggingpb.ListLogEntriesRequest{ResourceNames: []string{"projects/" + project}, Filter: filter}).Next()
	if status.Code(err) != codes.PermissionDenied {
		t.Errorf("an injected fault: %v, want PermissionDenied", err)
	}
	if calls := f.srv.Calls("ListLogEntries"); calls[len(calls)-1].Fault != vertextest.Reject {
		t.Errorf("the fault is not in the journal: %+v", calls[len(calls)-1])
	}
}
