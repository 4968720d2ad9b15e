package lint

import (
	"math"
	"strconv"

	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
)

// poolMachine is the machine of one pool, read once for the machine rules:
// a CustomJob's worker pool or a PersistentResource's resource pool.
type poolMachine struct {
	Spec spec.Value // the machineSpec, for positions
	Disk spec.Value // the diskSpec of the same pool
	pools.MachineSpec
	Known *machineType // nil when the catalog does not know MachineType
}

// poolMachinesKey is poolMachines' key in Pass.memo.
type poolMachinesKey struct{}

// poolMachines returns the machines of the document's pools, skipping the
// placeholders ({}) of unused worker pool roles.
func poolMachines(p *Pass, cat *machineCatalog) []poolMachine {
	return remember(p, poolMachinesKey{}, func() []poolMachine { return readPoolMachines(p, cat) })
}

func readPoolMachines(p *Pass, cat *machineCatalog) []poolMachine {
	var list []spec.Value
	switch p.Doc.Kind {
	case "CustomJob":
		list = workerPools(p)
	case "PersistentResource":
		list = p.Spec().Get("resourcePools").Items()
	}
	out := make([]poolMachine, 0, len(list))
	for _, pool := range list {
		if isEmptyPool(pool) {
			continue
		}
		m := poolMachine{Spec: pool.Get("machineSpec"), Disk: pool.Get("diskSpec")}
		m.MachineSpec = pools.Machine(m.Spec)
		m.Known = cat.lookup(m.MachineType)
		out = append(out, m)
	}
	return out
}

// refusesAccelerators reports whether machine-accelerator reports any
// accelerator on m: CPU-only series (GPUs attach only to N1, whatever the
// grade of the shape) and the TPU VM types it trusts.
func (m *machineType) refusesAccelerators() bool {
	switch m.Kind {
	case cpuMachine:
		return !m.AttachesGPUs
	case tpuVMMachine:
		return m.Grade.verified()
	}
	return false
}

// fixedGPU reports whether m is a trusted accelerator-optimized type, whose
// accelerator and count are known.
func (m *machineType) fixedGPU() bool {
	return m != nil && m.Kind == gpuMachine && m.Grade.verified()
}

// gb formats gigabytes as Compute Engine writes them: 112.5, 86.4, 60.
func gb(x float64) string {
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}
