// Package pools models what a job asks of a persistent resource and what
// the resource holds: machine and disk specs with the API's defaults made
// explicit, resource pools and their limits, and the matching of worker
// pools to resource pools.
package pools

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vxjob/vxjob/spec"
)

// Disk defaults of the API (DiskSpec in machine_resources.proto): pd-ssd
// and 100 GB, except that A3 Ultra machines default to hyperdisk-balanced.
const (
	DefaultDiskType      = "pd-ssd"
	DefaultA3UDiskType   = "hyperdisk-balanced"
	DefaultDiskSizeGB    = 100
	noAccelerator        = "ACCELERATOR_TYPE_UNSPECIFIED"
	a3UltraMachinePrefix = "a3-ultragpu-"
)

// MachineSpec is a machineSpec with the unset accelerator made explicit.
// A job's worker pool runs on a resource pool only when all of it matches.
type MachineSpec struct {
	MachineType      string
	AcceleratorType  string // enum name; "" when there is none
	AcceleratorCount int64
	TPUTopology      string
	GPUPartitionSize string
	Reservation      string // reservationAffinity, flattened; "" when unset
}

// DiskSpec is a diskSpec with the defaults applied.
type DiskSpec struct {
	Type   string
	SizeGB int64
}

// Machine reads a machineSpec value.
func Machine(v spec.Value) MachineSpec {
	m := MachineSpec{
		MachineType:      v.Get("machineType").Str(),
		AcceleratorType:  v.Get("acceleratorType").Str(),
		TPUTopology:      v.Get("tpuTopology").Str(),
		GPUPartitionSize: v.Get("gpuPartitionSize").Str(),
	}
	if m.AcceleratorType == noAccelerator {
		m.AcceleratorType = ""
	}
	m.AcceleratorCount, _ = v.Get("acceleratorCount").Int()
	if r := v.Get("reservationAffinity"); r.Exists() {
		values := make([]string, 0, r.Get("values").Len())
		for _, x := range r.Get("values").Items() {
			values = append(values, x.Str())
		}
		m.Reservation = strings.TrimSpace(fmt.Sprintf("%s %s=%s", r.Get("reservationAffinityType").Str(), r.Get("key").Str(), strings.Join(values, ",")))
	}
	return m
}

// DefaultDiskTypeFor is the boot disk type Vertex AI gives a machine type
// when none is asked for.
func DefaultDiskTypeFor(machineType string) string {
	if strings.HasPrefix(machineType, a3UltraMachinePrefix) {
		return DefaultA3UDiskType
	}
	return DefaultDiskType
}

// BootDisk is the boot disk Vertex AI gives a pool of machineType that
// asks for diskType and sizeGB: the API's default for what is left unset
// ("" or 0). Lint, plan and the emulator all compare disks through it;
// the API's messages hold the size as an int32, lint as an int64.
func BootDisk[N int32 | int64](diskType string, sizeGB N, machineType string) (string, N) {
	if diskType == "" {
		diskType = DefaultDiskTypeFor(machineType)
	}
	if sizeGB == 0 {
		sizeGB = DefaultDiskSizeGB
	}
	return diskType, sizeGB
}

// Disk reads a diskSpec value and applies the defaults for machineType.
func Disk(v spec.Value, machineType string) DiskSpec {
	size, _ := v.Get("bootDiskSizeGb").Int()
	var d DiskSpec
	d.Type, d.SizeGB = BootDisk(v.Get("bootDiskType").Str(), size, machineType)
	return d
}

// Diff is one field in which two specs differ.
type Diff struct {
	Field string // as written in YAML: "machineSpec.acceleratorCount"
	A, B  string // the two values, "(none)" for unset
}

func (d Diff) String() string { return fmt.Sprintf("%s %s vs %s", d.Field, d.A, d.B) }

// Compare lists the fields in which (ma, da) and (mb, db) differ, in the
// order the fields are written in a worker pool.
func Compare(ma MachineSpec, da DiskSpec, mb MachineSpec, db DiskSpec) []Diff {
	var diffs []Diff
	add := func(field, a, b string) {
		if a != b {
			diffs = append(diffs, Diff{Field: field, A: orNone(a), B: orNone(b)})
		}
	}
	add("machineSpec.machineType", ma.MachineType, mb.MachineType)
	add("machineSpec.acceleratorType", ma.AcceleratorType, mb.AcceleratorType)
	add("machineSpec.acceleratorCount", count(ma.AcceleratorCount), count(mb.AcceleratorCount))
	add("machineSpec.tpuTopology", ma.TPUTopology, mb.TPUTopology)
	add("machineSpec.gpuPartitionSize", ma.GPUPartitionSize, mb.GPUPartitionSize)
	add("machineSpec.reservationAffinity", ma.Reservation, mb.Reservation)
	add("diskSpec.bootDiskType", da.Type, db.Type)
	add("diskSpec.bootDiskSizeGb", fmt.Sprint(da.SizeGB), fmt.Sprint(db.SizeGB))
	return diffs
}

// Same reports whether two specs match exactly.
func Same(ma MachineSpec, da DiskSpec, mb MachineSpec, db DiskSpec) bool {
	return ma == mb && da == db
}

func count(n int64) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// DiffFields lists the fields of diffs, for short messages.
func DiffFields(diffs []Diff) []string {
	fields := make([]string, len(diffs))
	for i, d := range diffs {
		fields[i] = d.Field
	}
	return slices.Clip(fields)
}
