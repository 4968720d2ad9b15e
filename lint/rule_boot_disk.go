package lint

import (
	"fmt"
	"slices"

	"github.com/vxjob/vxjob/internal/suggest"
)

var ruleBootDisk = register(&Rule{
	ID:       "VX210",
	Name:     "boot-disk",
	Title:    "A boot disk type or size Vertex AI does not take",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `Each replica boots from a disk that diskSpec describes. The API reference (DiskSpec) lists the
types: "pd-ssd" (the default), "pd-standard", and "hyperdisk-balanced", which is the default on
A3 Ultra machines (a3-ultragpu-8g). pd-balanced and pd-extreme are types of another message,
PersistentDiskSpec, not of a boot disk. bootDiskSizeGb defaults to 100; the API reference states
no range, but the Vertex AI SDK documents that the "boot disk size must be within the range of
[100, 64000]". A size of 0 is the default. The types and the range are part of the machine catalog, lint/machines.yaml.`,
	Sources: []Source{
		documented(refDiskSpec, "DiskSpec: bootDiskType's valid values are \"pd-ssd\", \"pd-standard\" or \"hyperdisk-balanced\" (the default on A3U machines); bootDiskSizeGb defaults to 100."),
		clientCode(sdkWorkerSpecUtils, "The Python SDK documents \"boot disk size must be within the range of [100, 64000]\"; the API reference states no range."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      diskSpec: {bootDiskType: pd-balanced, bootDiskSizeGb: 50}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 100}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Run: runBootDisk,
})

func runBootDisk(p *Pass) {
	cat := machines()
	disk := cat.BootDisk
	for _, m := range poolMachines(p, cat) {
		if typeAt := m.Disk.Get("bootDiskType"); typeAt.Str() != "" && !slices.Contains(disk.Types, typeAt.Str()) {
			t := typeAt.Str()
			d := p.Reportf(typeAt, "bootDiskType %s is not a boot disk type", t)
			d.Detail = fmt.Sprintf("A pool boots from %s; the API reference lists no other.", joinWords(disk.Types, "or"))
			if slices.Contains(disk.OtherTypes, t) {
				d.Detail += fmt.Sprintf(" %s is a type of another message, PersistentDiskSpec, not of a boot disk.", t)
			}
			d.Suggestion = suggest.Nearest(t, disk.Types)
		}
		sizeAt := m.Disk.Get("bootDiskSizeGb")
		size, ok := sizeAt.Int()
		if !ok || size == 0 || (size >= disk.MinSizeGB && size <= disk.MaxSizeGB) {
			continue // 0 is the default, 100 GB
		}
		d := p.Reportf(sizeAt, "bootDiskSizeGb %d is outside %d..%d", size, disk.MinSizeGB, disk.MaxSizeGB)
		d.Detail = fmt.Sprintf(`The Vertex AI SDK documents boot disks of %d GB to %d GB: "boot disk size must be within the range of [%[1]d, %[2]d]"; the API reference states no range. Leave it out for the default, %[1]d GB.`, disk.MinSizeGB, disk.MaxSizeGB)
		d.Suggestion = fmt.Sprint(min(max(size, disk.MinSizeGB), disk.MaxSizeGB))
	}
}
