package vertextest_test

import (
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/vxjob/vxjob/submit/vertextest"
)

func TestJobLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.addResource()
	j := f.createJob(newJob("bert", "training-pr"))
	if !strings.HasPrefix(j.Name, "projects/123456789012/locations/us-central1/customJobs/") {
		t.Errorf("name %q: want the project number and a job ID", j.Name)
	}
	if id := j.Name[strings.LastIndex(j.Name, "/")+1:]; len(id) != 19 || strings.Trim(id, "0123456789") != "" {
		t.Errorf("job ID %q: want 19 digits", id)
	}
	for _, step := range []struct {
		after time.Duration
		want  aiplatformpb.JobState
	}{
		{0, aiplatformpb.JobState_JOB_STATE_QUEUED},
		{lifecycle.Queued - time.Second, aiplatformpb.JobState_JOB_STATE_QUEUED},
		{time.Second, aiplatformpb.JobState_JOB_STATE_PENDING},
		{lifecycle.Pending, aiplatformpb.JobState_JOB_STATE_RUNNING},
		{lifecycle.Running - time.Second, aiplatformpb.JobState_JOB_STATE_RUNNING},
		{time.Second, aiplatformpb.JobState_JOB_STATE_SUCCEEDED},
	} {
		f.clock.Advance(step.after)
		if got := f.getJob(j.Name).State; got != step.want {
			t.Fatalf("at %s: %s, want %s", f.clock.Now().Sub(epoch), got, step.want)
		}
	}
	done := f.getJob(j.Name)
	if done.StartTime == nil || done.EndTime == nil || done.EndTime.AsTime().Sub(done.CreateTime.AsTime()) != lifecycle.Queued+lifecycle.Pending+lifecycle.Running {
		t.Errorf("times: %v", done)
	}
	if got := f.used()["cpu-pool"]; got != 0 {
		t.Errorf("a finished job still holds %d replicas", got)
	}
}

func TestFailJobs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.srv.FailJobs(func(j *aiplatformpb.CustomJob) bool { return j.DisplayName == "broken" }, "The replica workerpool0-0 exited with a non-zero status of 1.")
	ok := f.createJob(newJob("fine", ""))
	bad := f.createJob(newJob("broken", ""))
	f.clock.Advance(lifecycle.Queued + lifecycle.Pending + lifecycle.Running)
	if got := f.getJob(ok.Name).State; got != aiplatformpb.JobState_JOB_STATE_SUCCEEDED {
		t.Errorf("fine: %s", got)
	}
	got := f.getJob(bad.Name)
	if got.State != aiplatformpb.JobState_JOB_STATE_FAILED || !strings.Contains(got.Error.GetMessage(), "non-zero status") {
		t.Errorf("broken: %s %v", got.State, got.Error)
	}
}

// TestCreateCustomJobValidates runs over both transports: what REST
// decodes must be refused as the same request over gRPC is.
func TestCreateCustomJobValidates(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			f := newFixture(t, vertextest.Options{})
			testCreateCustomJobValidates(t, f, tr.dial(t, serveLoopback(t, f.srv)), tr.name)
		})
	}
}

func testCreateCustomJobValidates(t *testing.T, f *fixture, api vertexAPI, transport string) {
	f.addResource()
	mod := func(m func(j *aiplatformpb.CustomJob)) *aiplatformpb.CustomJob {
		j := newJob("j", "")
		m(j)
		return j
	}
	for _, tc := range []struct {
		name string
		job  *aiplatformpb.CustomJob
		msg  string
	}{
		{"no display name", mod(func(j *aiplatformpb.CustomJob) { j.DisplayName = "" }), "display_name is required"},
		{"long display name", mod(func(j *aiplatformpb.CustomJob) { j.DisplayName = strings.Repeat("x", 129) }), "128"},
		{"no job spec", mod(func(j *aiplatformpb.CustomJob) { j.JobSpec = nil }), "job_spec is required"},
		{"no worker pools", mod(func(j *aiplatformpb.CustomJob) { j.JobSpec.WorkerPoolSpecs = nil }), "at least one worker pool"},
		{"five worker pools", mod(func(j *aiplatformpb.CustomJob) {
			for range 4 {
				j.JobSpec.WorkerPoolSpecs = append(j.JobSpec.WorkerPoolSpecs, workerPool(cpuPool(), 1))
			}
		}), "at most 4"},
		{"empty first pool", mod(func(j *aiplatformpb.CustomJob) {
			j.JobSpec.WorkerPoolSpecs = []*aiplatformpb.WorkerPoolSpec{{}, workerPool(cpuPool(), 1)}
		}), "first worker pool"},
		{"no machine type", mod(func(j *aiplatformpb.CustomJob) { j.JobSpec.WorkerPoolSpecs[0].MachineSpec.MachineType = "" }), "machine_type is required"},
		{"no replicas", mod(func(j *aiplatformpb.CustomJob) { j.JobSpec.WorkerPoolSpecs[0].ReplicaCount = 0 }), "replica_count"},
		{"no task", mod(func(j *aiplatformpb.CustomJob) { j.JobSpec.WorkerPoolSpecs[0].Task = nil }), "container_spec or a python_package_spec"},
		{"no image", mod(func(j *aiplatformpb.CustomJob) {
			j.JobSpec.WorkerPoolSpecs[0].Task = &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{}}
		}), "image_uri is required"},
		{"python without module", mod(func(j *aiplatformpb.CustomJob) {
			j.JobSpec.WorkerPoolSpecs[0].Task = &aiplatformpb.WorkerPoolSpec_PythonPackageSpec{PythonPackageSpec: &aiplatformpb.PythonPackageSpec{
				ExecutorImageUri: "us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-12:latest", PackageUris: []string{"gs://b/t.tar.gz"}}}
		}), "python_module is required"},
		{"label key upper case", mod(func(j *aiplatformpb.CustomJob) { j.Labels = map[string]string{"Team": "nlp"} }), "lowercase letter"},
		{"label key starts with digit", mod(func(j *aiplatformpb.CustomJob) { j.Labels = map[string]string{"1team": "nlp"} }), "lowercase letter"},
		{"label value with dot", mod(func(j *aiplatformpb.CustomJob) { j.Labels = map[string]string{"v": "1.2"} }), "value"},
		{"label value too long", mod(func(j *aiplatformpb.CustomJob) { j.Labels = map[string]string{"v": strings.Repeat("a", 65)} }), "64"},
		{"65 labels", mod(func(j *aiplatformpb.CustomJob) {
			for i := range 65 {
				j.Labels["l"+strings.Repeat("x", i)] = "v"
			}
		}), "at most 64"},
		{"bad parent", nil, "parent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.job == nil {
				_, err = api.createJobIn("projects/acme-ml", newJob("j", ""))
				if transport == "rest" {
					// Over REST such a parent is a path of no method.
					wantCode(t, err, codes.NotFound)
					return
				}
			} else {
				_, err = api.createJob(tc.job)
			}
			wantCode(t, err, codes.InvalidArgument)
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
	// International lowercase letters are allowed in labels.
	good := []*aiplatformpb.CustomJob{
		mod(func(j *aiplatformpb.CustomJob) {
			j.Labels = map[string]string{"équipe": "données", "チーム": "ml"}
		}),
		// Empty placeholder pools stand for unused roles.
		mod(func(j *aiplatformpb.CustomJob) {
			j.JobSpec.WorkerPoolSpecs = append(j.JobSpec.WorkerPoolSpecs, &aiplatformpb.WorkerPoolSpec{}, &aiplatformpb.WorkerPoolSpec{}, workerPool(cpuPool(), 1))
		}),
	}
	for _, j := range good {
		if _, err := api.createJob(j); err != nil {
			t.Errorf("labels %v, %d pools: %v", j.Labels, len(j.JobSpec.WorkerPoolSpecs), err)
		}
	}
	want := 19
	if transport == "rest" {
		want-- // the bad parent reached no method
	}
	if n := len(f.srv.Calls("CreateCustomJob")); n != want {
		t.Errorf("journal holds %d CreateCustomJob calls, want %d", n, want)
	}
}

func TestCreateCustomJobOnPersistentResource(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.addResource()
	a100 := a100Pool()
	otherDisk := workerPool(a100, 1)
	otherDisk.DiskSpec = &aiplatformpb.DiskSpec{BootDiskType: "pd-standard", BootDiskSizeGb: 100}
	twoGPUs := workerPool(a100, 1)
	twoGPUs.MachineSpec.AcceleratorCount = 2
	for _, tc := range []struct {
		name string
		job  *aiplatformpb.CustomJob
		code codes.Code
		msg  string
	}{
		{"missing resource", newJob("j", "no-such-pr"), codes.NotFound, "no-such-pr"},
		{"disk type differs", newJob("j", "training-pr", otherDisk), codes.InvalidArgument, "matches no resource pool"},
		{"accelerator count differs", newJob("j", "training-pr", twoGPUs), codes.InvalidArgument, "matches no resource pool"},
		{"more replicas than the pool's autoscaling max", newJob("j", "training-pr", workerPool(a100, 3)), codes.InvalidArgument, "holds at most 2"},
		{"two worker pools on one resource pool, together too many", newJob("j", "training-pr", workerPool(cpuPool(), 1), workerPool(cpuPool(), 4)), codes.InvalidArgument, "asks for 5 replicas"},
		{"other network", func() *aiplatformpb.CustomJob {
			j := newJob("j", "training-pr")
			j.JobSpec.Network = "projects/acme-ml/global/networks/other"
			return j
		}(), codes.InvalidArgument, "network"},
		{"other encryption key", func() *aiplatformpb.CustomJob {
			j := newJob("j", "training-pr")
			j.EncryptionSpec = &aiplatformpb.EncryptionSpec{KmsKeyName: "projects/acme-ml/locations/us-central1/keyRings/k/cryptoKeys/k"}
			return j
		}(), codes.InvalidArgument, "encryption key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: parent, CustomJob: tc.job})
			wantCode(t, err, tc.code)
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
	// The disk defaults (pd-ssd, 100 GB) match a pool that spells them out.
	f.createJob(newJob("defaults", "training-pr", workerPool(a100, 2)))

	// A resource that is not RUNNING takes no jobs.
	if _, err := f.resources.CreatePersistentResource(f.ctx, &aiplatformpb.CreatePersistentResourceRequest{
		Parent: parent, PersistentResourceId: "provisioning",
		PersistentResource: &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{cpuPool()}},
	}); err != nil {
		t.Fatal(err)
	}
	_, err := f.jobs.CreateCustomJob(f.ctx, &aiplatformpb.CreateCustomJobRequest{Parent: parent, CustomJob: newJob("j", "provisioning")})
	wantCode(t, err, codes.FailedPrecondition)
}

func TestJobsQueueForReplicas(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.addResource()
	a100 := a100Pool()
	first := f.createJob(newJob("first", "training-pr", workerPool(a100, 2)))
	second := f.createJob(newJob("second", "training-pr", workerPool(a100, 1)))
	cpu := f.createJob(newJob("cpu", "training-pr", workerPool(cpuPool(), 3)))
	if got := f.used(); got["a100-pool"] != 2 || got["cpu-pool"] != 3 {
		t.Errorf("used replicas %v, want a100-pool 2 and cpu-pool 3", got)
	}
	// The second job waits for the first; the CPU job, on another pool,
	// does not wait.
	f.clock.Advance(lifecycle.Queued + lifecycle.Pending)
	for name, want := range map[string]aiplatformpb.JobState{
		first.Name:  aiplatformpb.JobState_JOB_STATE_RUNNING,
		second.Name: aiplatformpb.JobState_JOB_STATE_QUEUED,
		cpu.Name:    aiplatformpb.JobState_JOB_STATE_RUNNING,
	} {
		if got := f.getJob(name).State; got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	// When the first ends, its replicas go to the second, whose lifecycle
	// starts then.
	f.clock.Advance(lifecycle.Running)
	if got := f.used()["a100-pool"]; got != 1 {
		t.Errorf("a100-pool used %d after the first job, want 1", got)
	}
	f.clock.Advance(lifecycle.Queued)
	if got := f.getJob(second.Name).State; got != aiplatformpb.JobState_JOB_STATE_PENDING {
		t.Errorf("second: %s, want PENDING", got)
	}
	// Cancelling a job gives its replicas back too.
	if err := f.jobs.CancelCustomJob(f.ctx, &aiplatformpb.CancelCustomJobRequest{Name: second.Name}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(lifecycle.Cancelling)
	if got := f.used()["a100-pool"]; got != 0 {
		t.Errorf("a100-pool used %d after cancelling, want 0", got)
	}
}

func TestCancelCustomJob(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	j := f.createJob(newJob("j", ""))
	f.clock.Advance(lifecycle.Queued + lifecycle.Pending)
	if err := f.jobs.CancelCustomJob(f.ctx, &aiplatformpb.CancelCustomJobRequest{Name: j.Name}); err != nil {
		t.Fatal(err)
	}
	if got := f.getJob(j.Name).State; got != aiplatformpb.JobState_JOB_STATE_CANCELLING {
		t.Errorf("just after cancel: %s", got)
	}
	// Asking again while it cancels is no error.
	if err := f.jobs.CancelCustomJob(f.ctx, &aiplatformpb.CancelCustomJobRequest{Name: j.Name}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(lifecycle.Cancelling)
	got := f.getJob(j.Name)
	if got.State != aiplatformpb.JobState_JOB_STATE_CANCELLED || got.Error.GetCode() != int32(codes.Canceled) || got.EndTime == nil {
		t.Errorf("after cancelling: %s %v", got.State, got.Error)
	}
	err := f.jobs.CancelCustomJob(f.ctx, &aiplatformpb.CancelCustomJobRequest{Name: j.Name})
	wantCode(t, err, codes.FailedPrecondition)
	err = f.jobs.CancelCustomJob(f.ctx, &aiplatformpb.CancelCustomJobRequest{Name: parent + "/customJobs/1"})
	wantCode(t, err, codes.NotFound)
}

func TestDeleteCustomJob(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	j := f.createJob(newJob("j", ""))
	_, err := f.jobs.DeleteCustomJob(f.ctx, &aiplatformpb.DeleteCustomJobRequest{Name: j.Name})
	wantCode(t, err, codes.FailedPrecondition) // still active

	f.clock.Advance(lifecycle.Queued + lifecycle.Pending + lifecycle.Running)
	op, err := f.jobs.DeleteCustomJob(f.ctx, &aiplatformpb.DeleteCustomJobRequest{Name: j.Name})
	if err != nil {
		t.Fatal(err)
	}
	if meta, err := op.Metadata(); err != nil || meta.GetGenericMetadata() == nil {
		t.Errorf("metadata: %v, %v", meta, err)
	}
	f.getJob(j.Name) // still there until the operation is done
	f.clock.Advance(lifecycle.Operation)
	if err := op.Wait(f.ctx); err != nil {
		t.Fatal(err)
	}
	_, err = f.jobs.GetCustomJob(f.ctx, &aiplatformpb.GetCustomJobRequest{Name: j.Name})
	wantCode(t, err, codes.NotFound)
}

func TestOutputOnlyFieldsAreTheServers(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	in := newJob("j", "")
	in.Name = "projects/x/locations/y/customJobs/42"
	in.State = aiplatformpb.JobState_JOB_STATE_SUCCEEDED
	got := f.createJob(in)
	if got.State != aiplatformpb.JobState_JOB_STATE_QUEUED || strings.HasSuffix(got.Name, "/42") {
		t.Errorf("the client's output-only fields were kept: %s %s", got.Name, got.State)
	}
	if in.State != aiplatformpb.JobState_JOB_STATE_SUCCEEDED {
		t.Error("the request was changed")
	}
}

func TestReadMask(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vertextest.Options{})
	f.createJob(newJob("j", ""))
	it := f.jobs.ListCustomJobs(f.ctx, &aiplatformpb.ListCustomJobsRequest{
		Parent: parent, ReadMask: &fieldmaskpb.FieldMask{Paths: []string{"name", "state", "labels", "job_spec.persistent_resource_id"}},
	})
	j, err := it.Next()
	if err != nil {
		t.Fatal(err)
	}
	want := &aiplatformpb.CustomJob{Name: j.Name, State: aiplatformpb.JobState_JOB_STATE_QUEUED, Labels: map[string]string{"team": "nlp"}, JobSpec: &aiplatformpb.CustomJobSpec{}}
	if !proto.Equal(j, want) {
		t.Errorf("masked job %v, want %v", j, want)
	}
	_, err = f.jobs.ListCustomJobs(f.ctx, &aiplatformpb.ListCustomJobsRequest{Parent: parent, ReadMask: &fieldmaskpb.FieldMask{Paths: []string{"no_such_field"}}}).Next()
	wantCode(t, err, codes.InvalidArgument)
}
