package vertextest_test

import (
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// scenario is one behaviour of the server, checked over each transport.
type scenario struct {
	name string
	run  func(t *testing.T, f *fixture, api vertexAPI)
}

const resourceName = parent + "/persistentResources/training-pr"

// TestOverBothTransports runs every scenario over gRPC and over REST,
// each on a server of its own that serves both on one loopback port.
func TestOverBothTransports(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					f := newFixture(t, vertextest.Options{})
					sc.run(t, f, tr.dial(t, serveLoopback(t, f.srv)))
				})
			}
		})
	}
}

// done advances the clock by d and fetches the operation, which must then
// be done without an error.
func done(t *testing.T, f *fixture, api vertexAPI, op *longrunningpb.Operation) *longrunningpb.Operation {
	t.Helper()
	f.clock.Advance(lifecycle.Operation + lifecycle.Provisioning)
	got, err := api.getOperation(op.Name)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Done || got.GetError() != nil {
		t.Fatalf("operation %s: done %v, error %v", got.Name, got.Done, got.GetError())
	}
	return got
}

var scenarios = []scenario{
	{"create a resource and poll its operation", func(t *testing.T, f *fixture, api vertexAPI) {
		op, err := api.createResource("training-pr", &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{cpuPool()}})
		if err != nil {
			t.Fatal(err)
		}
		if op.Done {
			t.Fatal("the create is done at once; it should take the provisioning time")
		}
		if want := "projects/123456789012/locations/us-central1/persistentResources/training-pr/operations/"; !strings.HasPrefix(op.Name, want) {
			t.Errorf("operation %q, want prefix %q", op.Name, want)
		}
		meta := &aiplatformpb.CreatePersistentResourceOperationMetadata{}
		if err := op.GetMetadata().UnmarshalTo(meta); err != nil || meta.GetGenericMetadata().GetCreateTime() == nil {
			t.Errorf("metadata %v: %v", op.GetMetadata(), err)
		}
		if got, err := api.getOperation(op.Name); err != nil || got.Done {
			t.Fatalf("polled before provisioning ends: %v, %v", got, err)
		}
		// gcloud names every operation by its location, and asks for it so.
		byLocation := parent + "/operations/" + op.Name[strings.LastIndex(op.Name, "/")+1:]
		if got, err := api.getOperation(byLocation); err != nil || got.Name != op.Name {
			t.Errorf("by its location's name: %v, %v", got, err)
		}
		got := done(t, f, api, op)
		pr := &aiplatformpb.PersistentResource{}
		if err := got.GetResponse().UnmarshalTo(pr); err != nil {
			t.Fatal(err)
		}
		if pr.State != aiplatformpb.PersistentResource_RUNNING || pr.ResourcePools[0].GetReplicaCount() != 4 {
			t.Errorf("response: %v", pr)
		}
	}},
	{"a job on a matching pool", func(t *testing.T, f *fixture, api vertexAPI) {
		f.addResource()
		j, err := api.createJob(newJob("bert", "training-pr", workerPool(cpuPool(), 2)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(j.Name, "projects/123456789012/locations/us-central1/customJobs/") || j.State != aiplatformpb.JobState_JOB_STATE_QUEUED {
			t.Errorf("created %s %s", j.Name, j.State)
		}
		got, err := api.getJob(j.Name)
		if err != nil || !proto.Equal(got, j) {
			t.Errorf("read back %v, %v; want %v", got, err, j)
		}
		f.clock.Advance(lifecycle.Queued)
		if r, err := api.getResource(resourceName); err != nil || r.ResourcePools[1].UsedReplicaCount != 2 {
			t.Errorf("resource with the job admitted: %v, %v", r, err)
		}
	}},
	{"an autoscaling pool reads back scaled", func(t *testing.T, f *fixture, api vertexAPI) {
		f.addResource()
		j, err := api.createJob(newJob("bert", "training-pr", workerPool(a100Pool(), 2)))
		if err != nil {
			t.Fatal(err)
		}
		pool := func() *aiplatformpb.ResourcePool {
			t.Helper()
			r, err := api.getResource(resourceName)
			if err != nil {
				t.Fatal(err)
			}
			return r.ResourcePools[0]
		}
		// The pool of 1 (up to 2) holds the job's 2 replicas.
		if p := pool(); p.GetReplicaCount() != 2 || p.UsedReplicaCount != 2 {
			t.Errorf("with the job admitted: replicaCount %d, usedReplicaCount %d; want 2 and 2", p.GetReplicaCount(), p.UsedReplicaCount)
		}
		f.clock.Advance(lifecycle.Queued + lifecycle.Pending + lifecycle.Running)
		if got, err := api.getJob(j.Name); err != nil || got.State != aiplatformpb.JobState_JOB_STATE_SUCCEEDED {
			t.Fatalf("the job: %v, %v", got, err)
		}
		if p := pool(); p.GetReplicaCount() != 1 || p.UsedReplicaCount != 0 {
			t.Errorf("once it ended: replicaCount %d, usedReplicaCount %d; want 1 and 0", p.GetReplicaCount(), p.UsedReplicaCount)
		}
	}},
	{"a job whose pools match none is INVALID_ARGUMENT", func(t *testing.T, f *fixture, api vertexAPI) {
		f.addResource()
		pool := workerPool(cpuPool(), 1)
		pool.MachineSpec.MachineType = "n1-standard-16"
		_, err := api.createJob(newJob("bert", "training-pr", pool))
		wantCode(t, err, codes.InvalidArgument)
		if !strings.Contains(err.Error(), "n1-standard-16") {
			t.Errorf("message does not name the machine: %v", err)
		}
	}},
	{"unknown names are NOT_FOUND", func(t *testing.T, f *fixture, api vertexAPI) {
		_, err := api.getJob(parent + "/customJobs/123")
		wantCode(t, err, codes.NotFound)
		_, err = api.getResource(resourceName)
		wantCode(t, err, codes.NotFound)
		_, err = api.getOperation(resourceName + "/operations/1")
		wantCode(t, err, codes.NotFound)
	}},
	{"a filter", func(t *testing.T, f *fixture, api vertexAPI) {
		for _, team := range []string{"nlp", "cv", "nlp"} {
			j := newJob(team+"-job", "")
			j.Labels = map[string]string{"team": team}
			if _, err := api.createJob(j); err != nil {
				t.Fatal(err)
			}
		}
		jobs, next, err := api.listJobs(`labels.team="cv" AND state=JOB_STATE_QUEUED`, 0, "")
		if err != nil || len(jobs) != 1 || jobs[0].DisplayName != "cv-job" || next != "" {
			t.Errorf("filtered: %v, %q, %v", jobs, next, err)
		}
		_, _, err = api.listJobs(`labels.team=`, 0, "")
		wantCode(t, err, codes.InvalidArgument)
	}},
	{"paging with page tokens", func(t *testing.T, f *fixture, api vertexAPI) {
		want := jobNames("job", 25)
		for _, n := range want {
			if _, err := api.createJob(newJob(n, "")); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		var sizes []int
		token := ""
		for range 10 {
			jobs, next, err := api.listJobs("", 10, token)
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(jobs))
			for _, j := range jobs {
				got = append(got, j.DisplayName)
			}
			if token = next; token == "" {
				break
			}
		}
		slices.Sort(got)
		if !slices.Equal(sizes, []int{10, 10, 5}) || !slices.Equal(got, want) {
			t.Errorf("pages of %v, jobs %v", sizes, got)
		}
		_, _, err := api.listJobs("", 10, "not-a-token")
		wantCode(t, err, codes.InvalidArgument)
	}},
	{"cancel a job", func(t *testing.T, f *fixture, api vertexAPI) {
		j, err := api.createJob(newJob("bert", ""))
		if err != nil {
			t.Fatal(err)
		}
		if err := api.cancelJob(j.Name); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(lifecycle.Cancelling)
		if got, err := api.getJob(j.Name); err != nil || got.State != aiplatformpb.JobState_JOB_STATE_CANCELLED {
			t.Errorf("after cancel: %v, %v", got, err)
		}
		wantCode(t, api.cancelJob(parent+"/customJobs/123"), codes.NotFound)
	}},
	{"update a resource's replicas with an update mask", func(t *testing.T, f *fixture, api vertexAPI) {
		f.addResource()
		op, err := api.updateResource(&aiplatformpb.PersistentResource{
			Name: resourceName, DisplayName: "More CPUs",
			ResourcePools: []*aiplatformpb.ResourcePool{{Id: "cpu-pool", ReplicaCount: proto.Int64(6)}},
		}, "resource_pools.replica_count", "display_name")
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := api.getResource(resourceName); r.GetState() != aiplatformpb.PersistentResource_UPDATING {
			t.Errorf("state during the update: %s", r.GetState())
		}
		done(t, f, api, op)
		r, err := api.getResource(resourceName)
		if err != nil || r.DisplayName != "More CPUs" || r.ResourcePools[1].GetReplicaCount() != 6 || r.ResourcePools[0].GetReplicaCount() != 1 {
			t.Errorf("after the update: %v, %v", r, err)
		}
		_, err = api.updateResource(&aiplatformpb.PersistentResource{Name: resourceName, Labels: map[string]string{"a": "b"}}, "labels")
		wantCode(t, err, codes.InvalidArgument)
	}},
	{"reboot a resource", func(t *testing.T, f *fixture, api vertexAPI) {
		f.addResource()
		op, err := api.rebootResource(resourceName)
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := api.getResource(resourceName); r.GetState() != aiplatformpb.PersistentResource_REBOOTING {
			t.Errorf("state while rebooting: %s", r.GetState())
		}
		_, err = api.rebootResource(resourceName)
		wantCode(t, err, codes.FailedPrecondition)
		done(t, f, api, op)
		if r, _ := api.getResource(resourceName); r.GetState() != aiplatformpb.PersistentResource_RUNNING {
			t.Errorf("state after the reboot: %s", r.GetState())
		}
	}},
	{"delete a job and a resource", func(t *testing.T, f *fixture, api vertexAPI) {
		f.addResource()
		j, err := api.createJob(newJob("bert", ""))
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(lifecycle.Queued + lifecycle.Pending + lifecycle.Running)
		op, err := api.deleteJob(j.Name)
		if err != nil {
			t.Fatal(err)
		}
		done(t, f, api, op)
		_, err = api.getJob(j.Name)
		wantCode(t, err, codes.NotFound)

		if op, err = api.deleteResource(resourceName); err != nil {
			t.Fatal(err)
		}
		done(t, f, api, op)
		_, err = api.getResource(resourceName)
		wantCode(t, err, codes.NotFound)
	}},
	{"an injected fault, in the journal", func(t *testing.T, f *fixture, api vertexAPI) {
		f.srv.Inject(vertextest.Fault{Methods: []string{"CreateCustomJob"}, Mode: vertextest.CommitThenFail, Code: codes.Unavailable, Times: 1})
		_, err := api.createJob(newJob("bert", ""))
		wantCode(t, err, codes.Unavailable)
		if _, err := api.createJob(newJob("bert", "")); err != nil {
			t.Fatal(err)
		}
		// The lost answer's job was made all the same.
		if jobs, _, err := api.listJobs("", 0, ""); err != nil || len(jobs) != 2 {
			t.Errorf("jobs after a lost answer and a retry: %d, %v", len(jobs), err)
		}
		calls := f.srv.Calls("CreateCustomJob")
		if len(calls) != 2 || calls[0].Fault != vertextest.CommitThenFail || !calls[0].Committed || calls[0].Code != codes.Unavailable || calls[1].Fault != 0 {
			t.Errorf("journal: %+v", calls)
		}
		if got := calls[0].Request.(*aiplatformpb.CreateCustomJobRequest); got.Parent != parent || got.CustomJob.GetDisplayName() != "bert" {
			t.Errorf("journal request: %v", got)
		}
	}},
}
