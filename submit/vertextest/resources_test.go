package vertextest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/vxjob/vxjob/submit/vertextest"
)

func TestCreatePersistentResourcePollsToRunning(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	op, err := f.resources.CreatePersistentResource(f.ctx, &aiplatformpb.CreatePersistentResourceRequest{
		Parent:               parent,
		PersistentResourceId: "training-pr",
		PersistentResource: &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{
			{MachineSpec: &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"}, ReplicaCount: proto.Int64(2)},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if op.Done() {
		t.Fatal("the create operation is done at once; it should take the provisioning time")
	}
	// Names carry the project number, as Vertex AI's do.
	if want := "projects/123456789012/locations/us-central1/persistentResources/training-pr/operations/"; !strings.HasPrefix(op.Name(), want) {
		t.Errorf("operation name %q, want prefix %q", op.Name(), want)
	}
	if meta, err := op.Metadata(); err != nil || meta.GetGenericMetadata().GetCreateTime() == nil {
		t.Errorf("metadata %v, %v: want generic metadata with a create time", meta, err)
	}
	if got := f.getResource().State; got != aiplatformpb.PersistentResource_PROVISIONING {
		t.Errorf("state while provisioning: %s", got)
	}

	polls := 0
	var pr *aiplatformpb.PersistentResource
	for !op.Done() {
		if polls++; polls > 10 {
			t.Fatal("the operation never finished")
		}
		f.clock.Advance(10 * time.Second)
		if pr, err = op.Poll(f.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if polls != 3 {
		t.Errorf("done after %d polls of 10 s, want 3 (30 s provisioning)", polls)
	}
	if pr.Name != "projects/123456789012/locations/us-central1/persistentResources/training-pr" || pr.State != aiplatformpb.PersistentResource_RUNNING {
		t.Errorf("response %s %s, want the resource RUNNING", pr.Name, pr.State)
	}
	// Defaults are filled in: the pool ID is the machine type, the disk is
	// pd-ssd of 100 GB.
	pool := pr.ResourcePools[0]
	if pool.Id != "n1-standard-8" || pool.DiskSpec.GetBootDiskType() != "pd-ssd" || pool.DiskSpec.GetBootDiskSizeGb() != 100 {
		t.Errorf("pool with defaults: %v", pool)
	}
	if pr.StartTime == nil || pr.CreateTime == nil {
		t.Errorf("times not set: %v", pr)
	}
}

// TestCreatePersistentResourceRejects runs over both transports.
func TestCreatePersistentResourceRejects(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			f := newFixture(t, vertextest.Options{})
			testCreatePersistentResourceRejects(t, f, tr.dial(t, serveLoopback(t, f.srv)))
		})
	}
}

func testCreatePersistentResourceRejects(t *testing.T, f *fixture, api vertexAPI) {
	f.addResource()
	pool := func(mod func(p *aiplatformpb.ResourcePool)) []*aiplatformpb.ResourcePool {
		p := cpuPool()
		mod(p)
		return []*aiplatformpb.ResourcePool{p}
	}
	for _, tc := range []struct {
		name, id string
		pools    []*aiplatformpb.ResourcePool
		code     codes.Code
		msg      string
	}{
		{"taken ID", "training-pr", []*aiplatformpb.ResourcePool{cpuPool()}, codes.AlreadyExists, "already exists"},
		{"upper case ID", "Training", []*aiplatformpb.ResourcePool{cpuPool()}, codes.InvalidArgument, "persistent_resource_id"},
		{"ID ends with hyphen", "pr-", []*aiplatformpb.ResourcePool{cpuPool()}, codes.InvalidArgument, "persistent_resource_id"},
		{"ID too long", strings.Repeat("a", 64), []*aiplatformpb.ResourcePool{cpuPool()}, codes.InvalidArgument, "persistent_resource_id"},
		{"no pools", "other", nil, codes.InvalidArgument, "at least one resource pool"},
		{"no machine type", "other", pool(func(p *aiplatformpb.ResourcePool) { p.MachineSpec.MachineType = "" }), codes.InvalidArgument, "machine_type is required"},
		{"no replicas", "other", pool(func(p *aiplatformpb.ResourcePool) { p.ReplicaCount = nil }), codes.InvalidArgument, "replica_count"},
		{"accelerator count without type", "other", pool(func(p *aiplatformpb.ResourcePool) { p.MachineSpec.AcceleratorCount = 1 }), codes.InvalidArgument, "accelerator_type"},
		{"autoscaling max below min", "other", pool(func(p *aiplatformpb.ResourcePool) {
			p.AutoscalingSpec = &aiplatformpb.ResourcePool_AutoscalingSpec{MinReplicaCount: proto.Int64(3), MaxReplicaCount: proto.Int64(2)}
		}), codes.InvalidArgument, "max_replica_count"},
		{"autoscaling max above 1000", "other", pool(func(p *aiplatformpb.ResourcePool) {
			p.AutoscalingSpec = &aiplatformpb.ResourcePool_AutoscalingSpec{MinReplicaCount: proto.Int64(1), MaxReplicaCount: proto.Int64(1001)}
		}), codes.InvalidArgument, "1000"},
		{"duplicate pool ID", "other", append(pool(func(*aiplatformpb.ResourcePool) {}), cpuPool()), codes.InvalidArgument, "used twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := api.createResource(tc.id, &aiplatformpb.PersistentResource{ResourcePools: tc.pools})
			wantCode(t, err, tc.code)
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
}

func TestListPersistentResourcesPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{PageSize: 2})
	for _, id := range []string{"pr-c", "pr-a", "pr-e", "pr-b", "pr-d"} {
		if err := f.srv.AddResource(project, location, id, &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{cpuPool()}}); err != nil {
			t.Fatal(err)
		}
	}
	// Another location's resource is not listed.
	if err := f.srv.AddResource(project, "europe-west4", "pr-x", &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{cpuPool()}}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for pr, err := range f.resources.ListPersistentResources(f.ctx, &aiplatformpb.ListPersistentResourcesRequest{Parent: parent}).All() {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, pr.Name[strings.LastIndex(pr.Name, "/")+1:])
	}
	if got := strings.Join(ids, " "); got != "pr-a pr-b pr-c pr-d pr-e" {
		t.Errorf("listed %s", got)
	}
	if n := len(f.srv.Calls("ListPersistentResources")); n != 3 {
		t.Errorf("%d List calls for 5 resources in pages of 2, want 3", n)
	}
}

// TestUpdatePersistentResource runs over both transports; over REST the
// update mask travels as the query's lowerCamelCase updateMask.
func TestUpdatePersistentResource(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			f := newFixture(t, vertextest.Options{})
			testUpdatePersistentResource(t, f, tr.dial(t, serveLoopback(t, f.srv)))
		})
	}
}

func testUpdatePersistentResource(t *testing.T, f *fixture, api vertexAPI) {
	f.addResource()
	update := func(paths []string, r *aiplatformpb.PersistentResource) (*aiplatformpb.PersistentResource, error) {
		r.Name = parent + "/persistentResources/training-pr"
		op, err := api.updateResource(r, paths...)
		if err != nil {
			return nil, err
		}
		if got := f.getResource().State; got != aiplatformpb.PersistentResource_UPDATING {
			t.Errorf("state during the update: %s", got)
		}
		f.clock.Advance(lifecycle.Operation)
		if op, err = api.getOperation(op.Name); err != nil {
			return nil, err
		}
		out := &aiplatformpb.PersistentResource{}
		if err := op.GetResponse().UnmarshalTo(out); err != nil {
			return nil, fmt.Errorf("operation %v: %v", op, err)
		}
		return out, nil
	}

	pools := []*aiplatformpb.ResourcePool{{Id: "cpu-pool", ReplicaCount: proto.Int64(6)}}
	got, err := update([]string{"resource_pools.replica_count", "display_name"}, &aiplatformpb.PersistentResource{DisplayName: "More CPUs", ResourcePools: pools})
	if err != nil {
		t.Fatal(err)
	}
	if got.State != aiplatformpb.PersistentResource_RUNNING || got.DisplayName != "More CPUs" || got.ResourcePools[1].GetReplicaCount() != 6 || got.ResourcePools[0].GetReplicaCount() != 1 {
		t.Errorf("after the update: %v", got)
	}
	// The whole pools, as a client that read them sends them back, with
	// only a replica count changed.
	whole := []*aiplatformpb.ResourcePool{a100Pool(), cpuPool()}
	whole[1].ReplicaCount = proto.Int64(5)
	if got, err = update([]string{"resource_pools"}, &aiplatformpb.PersistentResource{ResourcePools: whole}); err != nil || got.ResourcePools[1].GetReplicaCount() != 5 {
		t.Fatalf("update of the whole pools: %v, %v", got, err)
	}

	for _, tc := range []struct {
		name  string
		paths []string
		r     *aiplatformpb.PersistentResource
		code  codes.Code
	}{
		{"no mask", nil, &aiplatformpb.PersistentResource{DisplayName: "x"}, codes.InvalidArgument},
		{"labels", []string{"labels"}, &aiplatformpb.PersistentResource{Labels: map[string]string{"a": "b"}}, codes.InvalidArgument},
		{"machine spec", []string{"resource_pools.machine_spec"}, &aiplatformpb.PersistentResource{}, codes.InvalidArgument},
		{"whole pools with another machine", []string{"resource_pools"}, &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{
			a100Pool(), {Id: "cpu-pool", MachineSpec: &aiplatformpb.MachineSpec{MachineType: "n1-standard-16"}, ReplicaCount: proto.Int64(6)},
		}}, codes.InvalidArgument},
		{"whole pools, one missing", []string{"resource_pools"}, &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{a100Pool()}}, codes.InvalidArgument},
		{"unknown pool", []string{"resource_pools.replica_count"}, &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{{Id: "gpu", ReplicaCount: proto.Int64(1)}}}, codes.InvalidArgument},
		{"outside autoscaling range", []string{"resource_pools.replica_count"}, &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{{Id: "a100-pool", ReplicaCount: proto.Int64(3)}}}, codes.InvalidArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := update(tc.paths, tc.r)
			wantCode(t, err, tc.code)
		})
	}
}

func TestUpdateKeepsReplicasInUse(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.addResource()
	f.createJob(newJob("big", "training-pr", workerPool(cpuPool(), 3)))
	_, err := f.resources.UpdatePersistentResource(f.ctx, &aiplatformpb.UpdatePersistentResourceRequest{
		PersistentResource: &aiplatformpb.PersistentResource{Name: parent + "/persistentResources/training-pr",
			ResourcePools: []*aiplatformpb.ResourcePool{{Id: "cpu-pool", ReplicaCount: proto.Int64(2)}}},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"resource_pools.replica_count"}},
	})
	wantCode(t, err, codes.FailedPrecondition)
}

func TestRebootPersistentResource(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.addResource()
	name := parent + "/persistentResources/training-pr"
	op, err := f.resources.RebootPersistentResource(f.ctx, &aiplatformpb.RebootPersistentResourceRequest{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.getResource().State; got != aiplatformpb.PersistentResource_REBOOTING {
		t.Errorf("state while rebooting: %s", got)
	}
	// Only a RUNNING or ERROR resource can be rebooted.
	_, err = f.resources.RebootPersistentResource(f.ctx, &aiplatformpb.RebootPersistentResourceRequest{Name: name})
	wantCode(t, err, codes.FailedPrecondition)
	// Jobs wait while it reboots.
	_, err = f.jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: parent, CustomJob: newJob("j", "training-pr")})
	wantCode(t, err, codes.FailedPrecondition)

	f.clock.Advance(lifecycle.Operation)
	pr, err := op.Poll(f.ctx)
	if err != nil || pr.State != aiplatformpb.PersistentResource_RUNNING {
		t.Fatalf("after the reboot: %v, %v", pr, err)
	}
}

func TestDeletePersistentResourceCancelsItsJobs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.addResource()
	running := f.createJob(newJob("running", "training-pr"))
	queued := f.createJob(newJob("queued", "training-pr", workerPool(cpuPool(), 4)))
	elsewhere := f.createJob(newJob("elsewhere", ""))
	f.clock.Advance(lifecycle.Queued + lifecycle.Pending)

	op, err := f.resources.DeletePersistentResource(f.ctx, &aiplatformpb.DeletePersistentResourceRequest{Name: parent + "/persistentResources/training-pr"})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range []*aiplatformpb.CustomJob{running, queued} {
		if got := f.getJob(j.Name); got.State != aiplatformpb.JobState_JOB_STATE_CANCELLED {
			t.Errorf("job %s on the deleted resource is %s", j.DisplayName, got.State)
		}
	}
	if got := f.getJob(elsewhere.Name); got.State != aiplatformpb.JobState_JOB_STATE_RUNNING {
		t.Errorf("a job on no resource is %s", got.State)
	}
	if got := f.getResource().State; got != aiplatformpb.PersistentResource_STOPPING {
		t.Errorf("state while deleting: %s", got)
	}
	f.clock.Advance(lifecycle.Operation)
	if err := op.Wait(f.ctx); err != nil {
		t.Fatal(err)
	}
	_, err = f.resources.GetPersistentResource(f.ctx, &aiplatformpb.GetPersistentResourceRequest{Name: parent + "/persistentResources/training-pr"})
	wantCode(t, err, codes.NotFound)
}

func TestOperationsService(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	op, err := f.resources.CreatePersistentResource(f.ctx, &aiplatformpb.CreatePersistentResourceRequest{
		Parent: parent, PersistentResourceId: "training-pr",
		PersistentResource: &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{cpuPool()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The operation can be found again by name, from a project ID.
	got, err := f.resources.GetOperation(f.ctx, &longrunningpb.GetOperationRequest{Name: op.Name()})
	if err != nil || got.Done {
		t.Fatalf("GetOperation: %v, %v", got, err)
	}
	ops := f.resources.ListOperations(f.ctx, &longrunningpb.ListOperationsRequest{Name: parent + "/persistentResources/training-pr"})
	if first, err := ops.Next(); err != nil || first.Name != op.Name() {
		t.Errorf("ListOperations: %v, %v", first, err)
	}
	// WaitOperation returns when the clock passes the end, or at its
	// timeout.
	got, err = f.resources.WaitOperation(f.ctx, &longrunningpb.WaitOperationRequest{Name: op.Name(), Timeout: durationpb.New(0)})
	if err != nil || got.Done {
		t.Fatalf("WaitOperation with no time left: %v, %v", got, err)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		f.clock.Advance(lifecycle.Provisioning)
	}()
	got, err = f.resources.WaitOperation(f.ctx, &longrunningpb.WaitOperationRequest{Name: op.Name()})
	if err != nil || !got.Done || got.GetResponse() == nil {
		t.Fatalf("WaitOperation: %v, %v", got, err)
	}
	// A resource created through a cancelled operation ends in ERROR.
	op2, err := f.resources.CreatePersistentResource(f.ctx, &aiplatformpb.CreatePersistentResourceRequest{
		Parent: parent, PersistentResourceId: "second",
		PersistentResource: &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{cpuPool()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.resources.CancelOperation(f.ctx, &longrunningpb.CancelOperationRequest{Name: op2.Name()}); err != nil {
		t.Fatal(err)
	}
	_, err = op2.Poll(f.ctx)
	wantCode(t, err, codes.Canceled)
	r, err := f.resources.GetPersistentResource(f.ctx, &aiplatformpb.GetPersistentResourceRequest{Name: parent + "/persistentResources/second"})
	if err != nil || r.State != aiplatformpb.PersistentResource_ERROR {
		t.Errorf("after cancel: %v, %v", r, err)
	}
	// A resource in ERROR can be rebooted back to RUNNING.
	reboot, err := f.resources.RebootPersistentResource(f.ctx, &aiplatformpb.RebootPersistentResourceRequest{Name: parent + "/persistentResources/second"})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(lifecycle.Operation)
	if r, err := reboot.Poll(f.ctx); err != nil || r.State != aiplatformpb.PersistentResource_RUNNING {
		t.Errorf("after rebooting from ERROR: %v, %v", r, err)
	}
	if err := f.resources.DeleteOperation(f.ctx, &longrunningpb.DeleteOperationRequest{Name: op2.Name()}); err != nil {
		t.Fatal(err)
	}
	_, err = f.resources.GetOperation(f.ctx, &longrunningpb.GetOperationRequest{Name: op2.Name()})
	wantCode(t, err, codes.NotFound)
}
