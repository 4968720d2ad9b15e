package vertextest

import (
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/internal/prototest"
)

// TestMatchesComparesEveryField: the emulator runs a worker pool on a
// resource pool only when their machine and disk specs are the same in
// every field, as Vertex AI does; a field of aiplatformpb.MachineSpec or
// DiskSpec that matches does not compare (one a new API version adds)
// fails here, named.
func TestMatchesComparesEveryField(t *testing.T) {
	t.Parallel()
	machine := prototest.Filled(&aiplatformpb.MachineSpec{}, 1).(*aiplatformpb.MachineSpec)
	disk := prototest.Filled(&aiplatformpb.DiskSpec{}, 1).(*aiplatformpb.DiskSpec)
	pool := &aiplatformpb.ResourcePool{MachineSpec: machine, DiskSpec: disk}
	if !matches(&aiplatformpb.WorkerPoolSpec{MachineSpec: machine, DiskSpec: disk}, pool) {
		t.Fatal("a worker pool does not match a resource pool of its own specs")
	}
	for _, v := range prototest.Variants(&aiplatformpb.MachineSpec{}) {
		if matches(&aiplatformpb.WorkerPoolSpec{MachineSpec: v.Msg.(*aiplatformpb.MachineSpec), DiskSpec: disk}, pool) {
			t.Errorf("machine specs that differ in %s match", v.Path)
		}
	}
	for _, v := range prototest.Variants(&aiplatformpb.DiskSpec{}) {
		if matches(&aiplatformpb.WorkerPoolSpec{MachineSpec: machine, DiskSpec: v.Msg.(*aiplatformpb.DiskSpec)}, pool) {
			t.Errorf("disk specs that differ in %s match", v.Path)
		}
	}
}
