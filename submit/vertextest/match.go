package vertextest

import (
	"fmt"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/lint/pools"
)

// effectiveDisk is d with the API's defaults for machineType filled in
// (pd-ssd of 100 GB, hyperdisk-balanced on A3 Ultra).
func effectiveDisk(d *aiplatformpb.DiskSpec, machineType string) *aiplatformpb.DiskSpec {
	out := &aiplatformpb.DiskSpec{}
	out.BootDiskType, out.BootDiskSizeGb = pools.BootDisk(d.GetBootDiskType(), d.GetBootDiskSizeGb(), machineType)
	return out
}

// matches reports whether a worker pool runs on a resource pool: the
// machine spec and the effective disk spec are the same.
func matches(w *aiplatformpb.WorkerPoolSpec, p *aiplatformpb.ResourcePool) bool {
	wm, pm := w.GetMachineSpec(), p.GetMachineSpec()
	return wm.GetMachineType() == pm.GetMachineType() &&
		wm.GetAcceleratorType() == pm.GetAcceleratorType() &&
		wm.GetAcceleratorCount() == pm.GetAcceleratorCount() &&
		wm.GetTpuTopology() == pm.GetTpuTopology() &&
		wm.GetGpuPartitionSize() == pm.GetGpuPartitionSize() &&
		proto.Equal(wm.GetReservationAffinity(), pm.GetReservationAffinity()) &&
		proto.Equal(effectiveDisk(w.GetDiskSpec(), wm.GetMachineType()), effectiveDisk(p.GetDiskSpec(), pm.GetMachineType()))
}

// describePool says what a worker pool asks for, for error messages.
func describePool(w *aiplatformpb.WorkerPoolSpec) string {
	m := w.GetMachineSpec()
	s := m.GetMachineType()
	if m.GetAcceleratorCount() > 0 {
		s += fmt.Sprintf(" with %d x %s", m.GetAcceleratorCount(), m.GetAcceleratorType())
	}
	d := effectiveDisk(w.GetDiskSpec(), m.GetMachineType())
	return fmt.Sprintf("%s, %s %d GB", s, d.BootDiskType, d.BootDiskSizeGb)
}

// demandOn maps each non-empty worker pool of spec to the first resource
// pool of r it matches, and sums the replicas per resource pool. It fails,
// as Vertex AI does, when a worker pool matches none or a pool would hold
// more replicas than its limit.
func demandOn(spec *aiplatformpb.CustomJobSpec, r *aiplatformpb.PersistentResource, rid string) (map[string]int64, error) {
	demand := map[string]int64{}
	for i, w := range spec.WorkerPoolSpecs {
		if isEmptyPool(w) {
			continue
		}
		var pool *aiplatformpb.ResourcePool
		for _, p := range r.ResourcePools {
			if matches(w, p) {
				pool = p
				break
			}
		}
		if pool == nil {
			return nil, invalid("worker_pool_specs[%d] (%s) matches no resource pool of persistent resource %q: the machine spec and disk spec must match a pool exactly", i, describePool(w), rid)
		}
		demand[pool.Id] += w.ReplicaCount
	}
	for _, p := range r.ResourcePools {
		if n := demand[p.Id]; n > poolLimit(p) {
			return nil, invalid("the job asks for %d replicas of resource pool %q of persistent resource %q, which holds at most %d", n, p.Id, rid, poolLimit(p))
		}
	}
	return demand, nil
}
