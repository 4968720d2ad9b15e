package spec

import "strings"

// Disk defaults of the API (DiskSpec in machine_resources.proto): pd-ssd
// and 100 GB, except that A3 Ultra machines default to hyperdisk-balanced.
const (
	DefaultDiskType      = "pd-ssd"
	DefaultA3UDiskType   = "hyperdisk-balanced"
	DefaultDiskSizeGB    = 100
	a3UltraMachinePrefix = "a3-ultragpu-"
)

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
