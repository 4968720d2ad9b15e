package vertextest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	aiplatform "cloud.google.com/go/aiplatform/apiv1"
	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// The tests reach the fake only through the real aiplatform clients, as
// vxjob does.

const (
	project  = "acme-ml"
	location = "us-central1"
	parent   = "projects/" + project + "/locations/" + location
)

var epoch = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// lifecycle is a test lifecycle with round numbers.
var lifecycle = vertextest.Lifecycle{
	Queued:       10 * time.Second,
	Pending:      20 * time.Second,
	Running:      60 * time.Second,
	Cancelling:   5 * time.Second,
	Provisioning: 30 * time.Second,
	Operation:    15 * time.Second,
}

type fixture struct {
	t         *testing.T
	ctx       context.Context
	srv       *vertextest.Server
	clock     *vertextest.FakeClock
	jobs      *aiplatform.JobClient
	resources *aiplatform.PersistentResourceClient
}

func newFixture(t *testing.T, opts vertextest.Options) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), clock: vertextest.NewFakeClock(epoch)}
	if opts.Clock == nil {
		opts.Clock = f.clock
	}
	if opts.Lifecycle == (vertextest.Lifecycle{}) {
		opts.Lifecycle = lifecycle
	}
	if opts.Projects == nil {
		opts.Projects = map[string]int64{project: 123456789012}
	}
	f.srv = vertextest.New(opts)
	t.Cleanup(f.srv.Close)
	var err error
	if f.jobs, err = aiplatform.NewJobClient(f.ctx, f.srv.ClientOptions()...); err != nil {
		t.Fatal(err)
	}
	if f.resources, err = aiplatform.NewPersistentResourceClient(f.ctx, f.srv.ClientOptions()...); err != nil {
		t.Fatal(err)
	}
	return f
}

// a100Pool is a resource pool of up to 2 replicas.
func a100Pool() *aiplatformpb.ResourcePool {
	return &aiplatformpb.ResourcePool{
		Id: "a100-pool",
		MachineSpec: &aiplatformpb.MachineSpec{
			MachineType: "a2-highgpu-1g", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_A100, AcceleratorCount: 1,
		},
		ReplicaCount: proto.Int64(1),
		AutoscalingSpec: &aiplatformpb.ResourcePool_AutoscalingSpec{
			MinReplicaCount: proto.Int64(1), MaxReplicaCount: proto.Int64(2),
		},
	}
}

// cpuPool is a resource pool of 4 CPU machines.
func cpuPool() *aiplatformpb.ResourcePool {
	return &aiplatformpb.ResourcePool{
		Id:           "cpu-pool",
		MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"},
		ReplicaCount: proto.Int64(4),
	}
}

// addResource puts a RUNNING resource "training-pr" in place.
func (f *fixture) addResource(pools ...*aiplatformpb.ResourcePool) {
	f.t.Helper()
	if len(pools) == 0 {
		pools = []*aiplatformpb.ResourcePool{a100Pool(), cpuPool()}
	}
	if err := f.srv.AddResource(project, location, "training-pr", &aiplatformpb.PersistentResource{ResourcePools: pools}); err != nil {
		f.t.Fatal(err)
	}
}

// workerPool asks for replicas of the machine of a resource pool.
func workerPool(p *aiplatformpb.ResourcePool, replicas int64) *aiplatformpb.WorkerPoolSpec {
	return &aiplatformpb.WorkerPoolSpec{
		MachineSpec:  proto.Clone(p.MachineSpec).(*aiplatformpb.MachineSpec),
		ReplicaCount: replicas,
		Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
			ImageUri: "us-docker.pkg.dev/acme-ml/train/bert:1.4.2",
		}},
	}
}

// newJob is a job named name, on resourceID unless that is "".
func newJob(name, resourceID string, pools ...*aiplatformpb.WorkerPoolSpec) *aiplatformpb.CustomJob {
	if len(pools) == 0 {
		pools = []*aiplatformpb.WorkerPoolSpec{workerPool(cpuPool(), 1)}
	}
	return &aiplatformpb.CustomJob{
		DisplayName: name,
		Labels:      map[string]string{"team": "nlp"},
		JobSpec:     &aiplatformpb.CustomJobSpec{PersistentResourceId: resourceID, WorkerPoolSpecs: pools},
	}
}

func (f *fixture) createJob(j *aiplatformpb.CustomJob) *aiplatformpb.CustomJob {
	f.t.Helper()
	got, err := f.jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: parent, CustomJob: j})
	if err != nil {
		f.t.Fatalf("CreateCustomJob(%s): %v", j.DisplayName, err)
	}
	return got
}

func (f *fixture) getJob(name string) *aiplatformpb.CustomJob {
	f.t.Helper()
	j, err := f.jobs.GetCustomJob(f.ctx, &aiplatformpb.GetCustomJobRequest{Name: name})
	if err != nil {
		f.t.Fatal(err)
	}
	return j
}

func (f *fixture) getResource() *aiplatformpb.PersistentResource {
	f.t.Helper()
	r, err := f.resources.GetPersistentResource(f.ctx, &aiplatformpb.GetPersistentResourceRequest{Name: parent + "/persistentResources/training-pr"})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// used is the usedReplicaCount of each pool of training-pr.
func (f *fixture) used() map[string]int64 {
	out := map[string]int64{}
	for _, p := range f.getResource().ResourcePools {
		out[p.Id] = p.UsedReplicaCount
	}
	return out
}

// wantCode fails unless err carries code.
func wantCode(t *testing.T, err error, code codes.Code) {
	t.Helper()
	if status.Code(err) != code {
		t.Fatalf("got %v, want code %s", err, code)
	}
}

func (f *fixture) listJobs(filter string) []string {
	f.t.Helper()
	it := f.jobs.ListCustomJobs(f.ctx, &aiplatformpb.ListCustomJobsRequest{Parent: parent, Filter: filter})
	var names []string
	for j, err := range it.All() {
		if err != nil {
			f.t.Fatalf("ListCustomJobs(%q): %v", filter, err)
		}
		names = append(names, j.DisplayName)
	}
	return names
}

func jobNames(prefix string, n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("%s-%03d", prefix, i))
	}
	return out
}
