package submit

import (
	"context"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/submit/vertextest"
)

func TestLiveView(t *testing.T) { transports(t, testLiveView) }

func testLiveView(t *testing.T, tr Transport) {
	ctx := context.Background()
	srv := vertextest.New(vertextest.Options{Clock: vertextest.NewFakeClock(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))})
	defer srv.Close()
	pool := &aiplatformpb.ResourcePool{Id: "cpu-pool", MachineSpec: &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"}, ReplicaCount: proto.Int64(4)}
	if err := srv.AddResource("acme", "us-central1", "training-pr", &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{pool}}); err != nil {
		t.Fatal(err)
	}
	srv.Deny(lint.PermissionCreateJob, "projects/locked")
	srv.Deny(lint.PermissionActAs, "projects/-/serviceAccounts/robot@acme.iam.gserviceaccount.com")

	var rest Endpoint
	if tr == REST {
		rest = serveREST(t, srv)
	}
	var dialed []string
	dial := func(ctx context.Context, location string) (*Client, error) {
		dialed = append(dialed, location)
		if tr == REST {
			return Dial(ctx, location, rest)
		}
		return NewClient(ctx, srv.Conn())
	}
	c, _ := dial(ctx, "us-central1")
	defer c.Close()
	if _, err := c.Jobs.CreateCustomJob(ctx, &aiplatformpb.CreateCustomJobRequest{Parent: "projects/acme/locations/us-central1", CustomJob: &aiplatformpb.CustomJob{
		DisplayName: "busy",
		JobSpec: &aiplatformpb.CustomJobSpec{PersistentResourceId: "training-pr", WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec: pool.MachineSpec, ReplicaCount: 3,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "x/y:1"}},
		}}},
	}}); err != nil {
		t.Fatal(err)
	}
	dialed = nil

	req := lint.LiveRequest{
		Places:          []spec.Where{{Project: "acme", Location: "us-central1"}, {Project: "acme", Location: "europe-west4"}},
		Projects:        []string{"acme", "locked"},
		ServiceAccounts: []string{"robot@acme.iam.gserviceaccount.com", "trainer@acme.iam.gserviceaccount.com"},
	}
	view, err := LiveView(ctx, dial, req, time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	// One connection per location; the empty location makes no snapshot.
	if strings.Join(dialed, " ") != "us-central1 europe-west4" {
		t.Errorf("dialed %v", dialed)
	}
	if len(view.Snapshots) != 1 {
		t.Fatalf("%d snapshots, want 1", len(view.Snapshots))
	}
	f := view.Snapshots[0]
	if f.Name != "live:projects/acme/locations/us-central1" || len(f.Errors) > 0 || len(f.Docs) != 1 {
		t.Fatalf("snapshot %s: %d documents, errors %v", f.Name, len(f.Docs), f.Errors)
	}
	r := pools.ResourceFrom(f.Docs[0], spec.Where{}, true)
	if f.Docs[0].Kind != schemas.KindPersistentResource || r.ID != "training-pr" || r.State != "RUNNING" || r.Pool("cpu-pool").Used != 3 {
		t.Errorf("live resource %+v, pool %+v", r, r.Pool("cpu-pool"))
	}
	for _, c := range []struct {
		resource, permission string
		want                 bool
	}{
		{"projects/acme", lint.PermissionCreateJob, true},
		{"projects/locked", lint.PermissionCreateJob, false},
		{"projects/-/serviceAccounts/robot@acme.iam.gserviceaccount.com", lint.PermissionActAs, false},
		{"projects/-/serviceAccounts/trainer@acme.iam.gserviceaccount.com", lint.PermissionActAs, true},
	} {
		if got := view.Holds(c.resource, c.permission); got != c.want {
			t.Errorf("Holds(%s, %s) = %v, want %v", c.resource, c.permission, got, c.want)
		}
	}
	calls := srv.Calls("TestIamPermissions")
	if len(calls) != 4 {
		t.Errorf("%d permission checks, want one per project and service account", len(calls))
	}
}

func TestLiveViewFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := vertextest.New(vertextest.Options{})
	defer srv.Close()
	srv.Inject(vertextest.Fault{Methods: []string{"ListPersistentResources"}, Mode: vertextest.Reject, Code: codes.PermissionDenied, Message: "caller lacks aiplatform.persistentResources.list"})
	dial := func(ctx context.Context, _ string) (*Client, error) { return NewClient(ctx, srv.Conn()) }
	_, err := LiveView(ctx, dial, lint.LiveRequest{Places: []spec.Where{{Project: "acme", Location: "us-central1"}}}, time.Now())
	if err == nil || !strings.Contains(err.Error(), "persistentResources.list") || !strings.Contains(err.Error(), "projects/acme/locations/us-central1") {
		t.Fatalf("got %v", err)
	}
}
