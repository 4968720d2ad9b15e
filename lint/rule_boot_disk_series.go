package lint

import (
	"fmt"
	"slices"
	"strings"
)

// bootDiskSeries are the machine series whose boot disk types Compute
// Engine restricts, as far as the rule's sources say: series that take
// only Hyperdisk, and series that take no Hyperdisk.
var (
	hyperdiskOnlySeries = []string{"c4", "c4a", "c4d", "n4", "n4a", "n4d"}
	noHyperdiskSeries   = []string{"n1", "n2", "n2d", "e2"}
)

var ruleBootDiskSeries = register(&Rule{
	ID:       "VX224",
	Name:     "boot-disk-series",
	Title:    "A boot disk type that the pool's machine series does not take on Compute Engine",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `A pool's replicas are Compute Engine VMs, and Compute Engine takes a boot disk type only where it is
"compatible with the instance's machine series". Some series take Hyperdisk only: C4, C4A, C4D, N4,
N4A and N4D do not take Persistent Disk (pd-ssd, pd-standard). Others take no Hyperdisk: N1, N2,
N2D and E2 do not take hyperdisk-balanced. These facts are Compute Engine's, reported by users who
met them; no Vertex AI page says that a training job on such a pool is refused, so vxjob warns.
Series not listed (A3 Ultra, A4 and A4X among them) are not checked: no source seen says which
boot disks Vertex AI gives them beyond DiskSpec's defaults (hyperdisk-balanced on A3 Ultra,
pd-ssd elsewhere).`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: etl
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      diskSpec: {bootDiskType: hyperdisk-balanced}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/etl/etl:2.1}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: etl
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      diskSpec: {bootDiskType: pd-ssd}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/etl/etl:2.1}
`,
	Sources: []Source{
		{URL: "https://pub.dev/documentation/googleapis/17.0.0/compute_v1/AttachedDiskInitializeParams/diskType.html", Grade: Documented,
			Fact: `Compute Engine's API: "The disk type you specify must be compatible with the instance's machine series"; the default is pd-standard on N1, N2, T2 and M1, and Hyperdisk Balanced on C4, N4 and newer series.`},
		{URL: "https://docs.cloud.google.com/vertex-ai/docs/reference/rest/v1/DiskSpec", Grade: Documented,
			Fact: `bootDiskType: "For non-A3U machines, the default value is "pd-ssd", for A3U machines, the default value is "hyperdisk-balanced"."`},
		{URL: "https://github.com/nextflow-io/nextflow/pull/6841", Grade: Observed,
			Fact: `"The new C4, C4A, C4D, N4, N4A, and N4D families do not support pd-balanced disks"; "N1, N2, and N2D do not support Hyperdisk types"; E2 supports neither Hyperdisk nor local SSD.`},
		{URL: "https://github.com/hashicorp/terraform-provider-google/issues/20247", Grade: Observed,
			Fact: "The machine family c4a doesn't support persistent disks."},
		{URL: "https://github.com/GoogleCloudPlatform/compute-image-tools/pull/2692", Grade: Observed,
			Fact: "Google's image tools moved c4a machines to hyperdisk-balanced, as pd-ssd is incompatible with them."},
	},
	Run: runBootDiskSeries,
})

func runBootDiskSeries(p *Pass) {
	for _, m := range poolMachines(p, machines()) {
		at := m.Disk.Get("bootDiskType")
		t := at.Str()
		if t == "" || p.Doc.UnknownUnder(m.Spec) {
			continue // the default is Vertex AI's choice
		}
		series, _, _ := strings.Cut(m.MachineType, "-")
		hyperdisk := strings.HasPrefix(t, "hyperdisk-")
		switch {
		case slices.Contains(hyperdiskOnlySeries, series) && strings.HasPrefix(t, "pd-"):
			d := p.Reportf(at, "%s machines take Hyperdisk boot disks, not %s", strings.ToUpper(series), t)
			d.Detail = fmt.Sprintf("Compute Engine's %s series does not take Persistent Disk; a boot disk there is hyperdisk-balanced. No Vertex AI page says how a training pool with %s is answered.", strings.ToUpper(series), t)
			d.Suggestion = "hyperdisk-balanced"
		case slices.Contains(noHyperdiskSeries, series) && hyperdisk:
			d := p.Reportf(at, "%s machines take no Hyperdisk boot disk", strings.ToUpper(series))
			d.Detail = fmt.Sprintf("Compute Engine's %s series does not take Hyperdisk; boot it from pd-ssd (Vertex AI's default) or pd-standard. No Vertex AI page says how a training pool with %s is answered.", strings.ToUpper(series), t)
			d.Suggestion = "pd-ssd"
		}
	}
}
