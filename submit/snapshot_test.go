package submit

import (
	"bytes"
	"cmp"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/spec/message"
)

var updateSnapshot = flag.Bool("update-snapshot", false, "rewrite testdata/snapshot/*.yaml from what WriteSnapshot writes now")

const (
	testProject  = "acme-ml-prod"
	testLocation = "us-central1"
)

// testObservedAt is not UTC and has a fraction of a second, both of which
// the snapshot drops: it says 2026-11-28T10:00:00Z.
var testObservedAt = time.Date(2026, 11, 28, 11, 0, 0, 250_000_000, time.FixedZone("CET", 3600))

// fixture is a persistent resource twice: as vxjob would send it, which is
// what its snapshot's spec must convert back to, and as Vertex AI returns
// it, with its name and the fields Vertex AI sets.
type fixture struct {
	sent, returned *aiplatformpb.PersistentResource
}

// described is sent as Vertex AI describes it: named by project number, and
// with observed, which sets the output-only fields, applied.
func described(id string, sent *aiplatformpb.PersistentResource, observed func(*aiplatformpb.PersistentResource)) fixture {
	r := proto.CloneOf(sent)
	r.Name = "projects/123456789012/locations/us-central1/persistentResources/" + id
	observed(r)
	return fixture{sent: sent, returned: r}
}

func at(s string) *timestamppb.Timestamp {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return timestamppb.New(t)
}

// trainingPR has two pools, one autoscaled, and every setting that the pool
// rules compare jobs with.
func trainingPR() fixture {
	sent := &aiplatformpb.PersistentResource{
		DisplayName: "Shared training capacity",
		ResourcePools: []*aiplatformpb.ResourcePool{
			{
				Id: "a100-pool",
				MachineSpec: &aiplatformpb.MachineSpec{
					MachineType:      "a2-highgpu-1g",
					AcceleratorType:  aiplatformpb.AcceleratorType_NVIDIA_TESLA_A100,
					AcceleratorCount: 1,
				},
				ReplicaCount: proto.Int64(1),
				DiskSpec:     &aiplatformpb.DiskSpec{BootDiskType: "pd-ssd", BootDiskSizeGb: 200},
				AutoscalingSpec: &aiplatformpb.ResourcePool_AutoscalingSpec{
					MinReplicaCount: proto.Int64(1),
					MaxReplicaCount: proto.Int64(2),
				},
			},
			{
				Id: "t4-pool",
				MachineSpec: &aiplatformpb.MachineSpec{
					MachineType:      "n1-standard-16",
					AcceleratorType:  aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4,
					AcceleratorCount: 2,
				},
				ReplicaCount: proto.Int64(4),
				DiskSpec:     &aiplatformpb.DiskSpec{BootDiskType: "pd-ssd", BootDiskSizeGb: 100},
			},
		},
		Labels: map[string]string{
			"team":        "ml-platform",
			"cost-center": "research",
			"env":         "prod",
			"owner":       "ada",
			"tier":        "gold",
		},
		Network: "projects/123456789012/global/networks/ml-vpc",
		EncryptionSpec: &aiplatformpb.EncryptionSpec{
			KmsKeyName: "projects/acme-ml-prod/locations/us-central1/keyRings/ml/cryptoKeys/training",
		},
		ResourceRuntimeSpec: &aiplatformpb.ResourceRuntimeSpec{
			ServiceAccountSpec: &aiplatformpb.ServiceAccountSpec{EnableCustomServiceAccount: true},
		},
		ReservedIpRanges: []string{"vertex-ai-training"},
	}
	return described("training-pr", sent, func(r *aiplatformpb.PersistentResource) {
		r.State = aiplatformpb.PersistentResource_RUNNING
		r.CreateTime = at("2026-11-02T09:30:00Z")
		r.StartTime = at("2026-11-02T09:41:07Z")
		r.UpdateTime = at("2026-11-27T18:02:44Z")
		r.ResourcePools[0].UsedReplicaCount = 1
		r.ResourceRuntime = &aiplatformpb.ResourceRuntime{
			AccessUris: map[string]string{"RAY_DASHBOARD_URI": "https://example.aiplatform-training.googleusercontent.com"},
		}
	})
}

// rayPR runs Ray with its defaults (an empty raySpec, which must survive),
// on reserved machines, through a PSC interface.
func rayPR() fixture {
	sent := &aiplatformpb.PersistentResource{
		DisplayName: "Ray cluster",
		ResourcePools: []*aiplatformpb.ResourcePool{{
			Id: "head",
			MachineSpec: &aiplatformpb.MachineSpec{
				MachineType:      "g2-standard-8",
				AcceleratorType:  aiplatformpb.AcceleratorType_NVIDIA_L4,
				AcceleratorCount: 1,
				ReservationAffinity: &aiplatformpb.ReservationAffinity{
					ReservationAffinityType: aiplatformpb.ReservationAffinity_SPECIFIC_RESERVATION,
					Key:                     "compute.googleapis.com/reservation-name",
					Values:                  []string{"projects/acme-ml-prod/zones/us-central1-a/reservations/l4"},
				},
			},
			ReplicaCount: proto.Int64(1),
		}},
		PscInterfaceConfig: &aiplatformpb.PscInterfaceConfig{
			NetworkAttachment: "projects/acme-ml-prod/regions/us-central1/networkAttachments/ml",
		},
		ResourceRuntimeSpec: &aiplatformpb.ResourceRuntimeSpec{RaySpec: &aiplatformpb.RaySpec{}},
	}
	return described("alpha-pr", sent, func(r *aiplatformpb.PersistentResource) {
		r.State = aiplatformpb.PersistentResource_PROVISIONING
		r.CreateTime = at("2026-11-28T09:58:00Z")
	})
}

// failedPR failed to start: Vertex AI says why in error, with details.
func failedPR() fixture {
	sent := &aiplatformpb.PersistentResource{
		ResourcePools: []*aiplatformpb.ResourcePool{{
			Id:           "cpu",
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"},
			ReplicaCount: proto.Int64(2),
		}},
	}
	return described("zeta-pr", sent, func(r *aiplatformpb.PersistentResource) {
		detail, err := anypb.New(&aiplatformpb.ResourcePool{Id: "cpu", UsedReplicaCount: 1})
		if err != nil {
			panic(err)
		}
		r.State = aiplatformpb.PersistentResource_ERROR
		r.Error = &status.Status{Code: 8, Message: "quota exceeded", Details: []*anypb.Any{detail}}
		r.CreateTime = at("2026-11-20T12:00:00Z")
	})
}

// awkwardPR holds strings that YAML would read as something else unless
// quoted, and an int64 that a float64 cannot hold exactly.
func awkwardPR() fixture {
	sent := &aiplatformpb.PersistentResource{
		DisplayName: "yes: no # maybe",
		ResourcePools: []*aiplatformpb.ResourcePool{{
			Id:           "pool-1",
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"},
			ReplicaCount: proto.Int64(math.MaxInt64),
		}},
		Labels: map[string]string{"version": "2", "enabled": "true", "empty": "", "when": "2026-11-28", "none": "null"},
	}
	return described("awkward-pr", sent, func(r *aiplatformpb.PersistentResource) {
		r.State = aiplatformpb.PersistentResource_UPDATING
		r.ResourcePools[0].UsedReplicaCount = math.MaxInt64 - 1
	})
}

// snapshotCases each write testdata/snapshot/NAME.yaml.
var snapshotCases = []struct {
	name      string
	resources []fixture
}{
	{"training-pr", []fixture{trainingPR()}},
	{"sorted", []fixture{failedPR(), trainingPR(), rayPR()}}, // out of order on purpose
	{"awkward", []fixture{awkwardPR()}},
	{"none", nil},
}

func returned(fs []fixture) []*aiplatformpb.PersistentResource {
	var rs []*aiplatformpb.PersistentResource
	for _, f := range fs {
		rs = append(rs, f.returned)
	}
	return rs
}

func writeSnapshot(t *testing.T, resources []*aiplatformpb.PersistentResource) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, testProject, testLocation, resources, testObservedAt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteSnapshotGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range snapshotCases {
		t.Run(tc.name, func(t *testing.T) {
			got := writeSnapshot(t, returned(tc.resources))
			checkSnapshotGolden(t, filepath.Join("testdata", "snapshot", tc.name+".yaml"), got)
		})
	}
}

func checkSnapshotGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *updateSnapshot {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./submit -run Snapshot -update-snapshot` to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run `go test ./submit -run Snapshot -update-snapshot` and review the diff)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

// TestWriteSnapshotRoundTrip reads each snapshot back as vxjob reads pools
// files: it parses, lints clean, its specs convert to what vxjob would send,
// in order of ID, and the pool rules see what its status says.
func TestWriteSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range snapshotCases {
		if len(tc.resources) == 0 {
			continue // see TestWriteSnapshotNone
		}
		t.Run(tc.name, func(t *testing.T) {
			f := spec.Parse(tc.name+".yaml", writeSnapshot(t, returned(tc.resources)))
			for _, e := range f.Errors {
				t.Errorf("parse: %v", e)
			}
			for _, d := range lint.CheckFile(f) {
				t.Errorf("lint: %s:%s: %s [%s]", d.File, d.Range.Start, d.Message(), d.Rule.Name)
			}

			want := slices.Clone(tc.resources)
			slices.SortFunc(want, func(a, b fixture) int { return cmp.Compare(resourceID(a.returned), resourceID(b.returned)) })
			if len(f.Docs) != len(want) {
				t.Fatalf("%d documents, want %d", len(f.Docs), len(want))
			}
			for i, doc := range f.Docs {
				checkSnapshotDocument(t, doc, want[i])
			}
		})
	}
}

func checkSnapshotDocument(t *testing.T, doc *spec.Document, want fixture) {
	t.Helper()
	id := resourceID(want.returned)
	if doc.Kind != "PersistentResource" || doc.Name != id || doc.Project != testProject || doc.Location != testLocation {
		t.Errorf("document %d is %s %s in %s/%s, want PersistentResource %s in %s/%s",
			doc.Index, doc.Kind, doc.Name, doc.Project, doc.Location, id, testProject, testLocation)
	}
	got, err := message.PersistentResource(doc)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	if !proto.Equal(got, want.sent) {
		t.Errorf("%s: spec converts to\n%v\nwant\n%v", id, got, want.sent)
	}

	r := pools.ResourceFrom(doc, spec.Where{}, true)
	if r.State != want.returned.GetState().String() || r.ObservedAt != "2026-11-28T10:00:00Z" {
		t.Errorf("%s: status says %s at %s, want %s at 2026-11-28T10:00:00Z", id, r.State, r.ObservedAt, want.returned.GetState())
	}
	for _, p := range want.returned.GetResourcePools() {
		got := r.Pool(p.GetId())
		if got == nil || !got.Observed || got.Used != p.GetUsedReplicaCount() || got.Replicas != p.GetReplicaCount() {
			t.Errorf("%s: pool %s read as %+v, want %d replicas, %d used", id, p.GetId(), got, p.GetReplicaCount(), p.GetUsedReplicaCount())
		}
	}
}

// TestWriteSnapshotNone: a project without persistent resources gets a
// file of comments only, which vxjob's loader reads as having no documents
// and reports as empty (a warning from lint), and nothing worse.
func TestWriteSnapshotNone(t *testing.T) {
	t.Parallel()
	f := spec.Parse("none.yaml", writeSnapshot(t, nil))
	if len(f.Docs) != 0 {
		t.Errorf("%d documents, want none", len(f.Docs))
	}
	for _, e := range f.Errors {
		if e.Kind != spec.EmptyDocument {
			t.Errorf("parse: %v", e)
		}
	}
}

// TestWriteSnapshotDeterministic: neither the order the resources come in
// nor the order maps are visited in changes a byte. (Proto JSON's whitespace,
// which varies between builds, not within one, is gone once the JSON is
// decoded.)
func TestWriteSnapshotDeterministic(t *testing.T) {
	t.Parallel()
	for _, tc := range snapshotCases {
		t.Run(tc.name, func(t *testing.T) {
			rs := returned(tc.resources)
			first := writeSnapshot(t, rs)
			for range 20 {
				reversed := slices.Clone(rs)
				slices.Reverse(reversed)
				if got := writeSnapshot(t, reversed); !bytes.Equal(got, first) {
					t.Fatalf("output changed between runs:\n%s\n---- and:\n%s", first, got)
				}
			}
		})
	}
}

func TestWriteSnapshotLeavesInputAlone(t *testing.T) {
	t.Parallel()
	for _, tc := range snapshotCases {
		t.Run(tc.name, func(t *testing.T) {
			rs := returned(tc.resources)
			before := make([]*aiplatformpb.PersistentResource, len(rs))
			for i, r := range rs {
				before[i] = proto.CloneOf(r)
			}
			writeSnapshot(t, rs)
			for i := range rs {
				if !proto.Equal(rs[i], before[i]) {
					t.Errorf("resource %d changed:\n%v\nwas\n%v", i, rs[i], before[i])
				}
			}
		})
	}
}

func TestWriteSnapshotUnnamed(t *testing.T) {
	t.Parallel()
	r := proto.CloneOf(trainingPR().sent)
	if err := WriteSnapshot(&bytes.Buffer{}, testProject, testLocation, []*aiplatformpb.PersistentResource{r}, testObservedAt); err == nil {
		t.Error("a resource without a name was written")
	}
}

// TestSnapshotClearOutputOnly covers what PersistentResource does not
// have: a message that only carries output-only fields.
func TestSnapshotClearOutputOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		in, out proto.Message
	}{{
		name: "message emptied by clearing is dropped",
		in: &aiplatformpb.UpdatePersistentResourceOperationMetadata{
			GenericMetadata: &aiplatformpb.GenericOperationMetadata{CreateTime: at("2026-11-28T10:00:00Z")},
			ProgressMessage: "resizing",
		},
		out: &aiplatformpb.UpdatePersistentResourceOperationMetadata{ProgressMessage: "resizing"},
	}, {
		name: "message empty already is kept",
		in: &aiplatformpb.PersistentResource{
			State:               aiplatformpb.PersistentResource_RUNNING,
			ResourceRuntimeSpec: &aiplatformpb.ResourceRuntimeSpec{RaySpec: &aiplatformpb.RaySpec{}},
		},
		out: &aiplatformpb.PersistentResource{
			ResourceRuntimeSpec: &aiplatformpb.ResourceRuntimeSpec{RaySpec: &aiplatformpb.RaySpec{}},
		},
	}, {
		name: "list items emptied by clearing are kept",
		in: &aiplatformpb.PersistentResource{
			ResourcePools: []*aiplatformpb.ResourcePool{{UsedReplicaCount: 3}, {Id: "b", UsedReplicaCount: 1}},
		},
		out: &aiplatformpb.PersistentResource{
			ResourcePools: []*aiplatformpb.ResourcePool{{}, {Id: "b"}},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			m := proto.Clone(tc.in)
			clearOutputOnly(m.ProtoReflect())
			if !proto.Equal(m, tc.out) {
				t.Errorf("got %v, want %v", m, tc.out)
			}
		})
	}
}
