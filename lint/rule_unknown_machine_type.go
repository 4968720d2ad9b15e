package lint

import (
	"fmt"
	"regexp"

	"github.com/vxjob/vxjob/internal/suggest"
)

var ruleUnknownMachineType = register(&Rule{
	ID:       "VX206",
	Name:     "unknown-machine-type",
	Title:    "A machine type, TPU topology or TPU size the catalog does not know or has not verified",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `vxjob's machine catalog (lint/machines.yaml) lists the machine types Vertex AI training
offers, as of the date it carries. This warning has two causes:

- The machine type is not in the catalog at all: a typo (n1-standrd-8; the warning suggests the
  nearest name), a size the series does not have (a2-highgpu-3g; the warning lists the sizes), or
  a machine type newer than the catalog, which Vertex AI may well accept. vxjob cannot check the
  accelerators of a machine type it does not know, so machine-accelerator (VX205) stays silent.
- The catalog has the machine type, TPU topology or cloud-tpu core count, but grades it U:
  Compute Engine, GKE or Cloud TPU offer it, yet no source shows Vertex AI custom training
  accepting it. These are the a3-highgpu-1g, -2g and -4g, a3-edgegpu-8g, the g4-standard-* and
  -nolssd variants, n1-standard-1 and -2 (a Google maintainer: "n1-standard-4 is currently the
  lowest common denominator"), small e2 and n1-highcpu shapes, the n2d, c2d, c3, m1, m2, m3, n4
  and c4 series, TPU v4 (ct4p-hightpu-4t), v5p and Ironwood, multi-host TPU slices such as 4x4 on
  ct5lp-hightpu-4t, and cloud-tpu pod slices beyond the sizes Google's code uses. The warning says
  what the catalog knows of the row; machine-accelerator reports no error against it.

If Vertex AI accepts the machine, ignore the warning for that line; the catalog is updated when a
source confirms it.`,
	Sources: []Source{
		observed("https://github.com/googleapis/python-aiplatform/pull/66", "A Google maintainer: \"n1-standard-2 is supported in Deploy but not for Training. n1-standard-4 is currently the lowest common denominator.\""),
		judgement("The catalog is dated and graded: a machine type it does not know, or has not verified for training, may still be one Vertex AI takes, so it is a warning."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standrd-8}
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
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Run: runUnknownMachineType,
})

func runUnknownMachineType(p *Pass) {
	cat := machines()
	for _, m := range poolMachines(p, cat) {
		switch k := m.Known; {
		case m.MachineType == "":
			// Nothing to look up.
		case k == nil:
			reportUnknownMachine(p, cat, m)
		case !k.Grade.verified():
			d := p.Reportf(m.Spec.Get("machineType"), "machine type %s is not verified for Vertex AI training", k.Name)
			d.Detail = k.Note + " " + machineFacts(k) + fmt.Sprintf(`The catalog (as of %s) grades it U. If Vertex AI accepts it, put "# vxjob:ignore VX206 -- accepted by Vertex AI" on the line.`, cat.Date)
		case k.Kind == tpuVMMachine && m.TPUTopology != "":
			if g, ok := k.Topologies.gradeOf(m.TPUTopology); ok && !g.verified() {
				d := p.Reportf(m.Spec.Get("tpuTopology"), "tpuTopology %s on %s is not verified for Vertex AI training", m.TPUTopology, k.Name)
				d.Detail = k.TopologyNote + " " + topologyChoices(k)
			}
		case k.Kind == cloudTPUMachine && m.AcceleratorCount > 0:
			for _, t := range k.TPUs {
				if g, ok := t.Counts.gradeOf(m.AcceleratorCount); ok && !g.verified() && t.Accelerator == m.AcceleratorType {
					d := p.Reportf(m.Spec.Get("acceleratorCount"), "%d %s cores on %s are not verified for Vertex AI training", m.AcceleratorCount, t.Accelerator, k.Name)
					d.Detail = fmt.Sprintf("%s The verified sizes are %s.", t.CountNote, joinInts(t.Counts.list(true), "and"))
				}
			}
		}
	}
}

// reportUnknownMachine warns of a machine type the catalog lacks, with the
// name meant when it looks like a typo, or the sizes of its shape when
// only the size differs.
func reportUnknownMachine(p *Pass, cat *machineCatalog, m poolMachine) {
	d := p.Reportf(m.Spec.Get("machineType"), "unknown machine type %s", m.MachineType)
	d.Detail = fmt.Sprintf("vxjob's machine catalog (as of %s) does not list it, so its accelerators cannot be checked.", cat.Date)
	if sizes := cat.sizes(m.MachineType); len(sizes) > 0 {
		d.Detail += fmt.Sprintf(" It lists %s.", joinWords(sizes, "and"))
	} else if s := suggest.Nearest(m.MachineType, cat.names()); s != "" && digits.ReplaceAllString(s, "#") != digits.ReplaceAllString(m.MachineType, "#") {
		// A name that differs only in numbers (c5-standard-8 and
		// c2-standard-8) is more likely a new series than a typo.
		d.Suggestion = s
	}
	d.Detail += ` If it is newer than the catalog, Vertex AI may accept it; then put "# vxjob:ignore VX206 -- newer than the catalog" on the line.`
}

// digits matches runs of digits, which differ between sizes and series.
var digits = regexp.MustCompile(`[0-9]+`)

// machineFacts says what the catalog knows of an unverified machine
// type's hardware, as a sentence ending in a space, or "".
func machineFacts(k *machineType) string {
	switch k.Kind {
	case gpuMachine:
		return fmt.Sprintf("Compute Engine's %s has %d %s. ", k.Name, k.Count, k.Accelerator)
	case tpuVMMachine:
		if ts := k.Topologies.list(false); len(ts) > 0 {
			return fmt.Sprintf("Its topologies are %s. ", joinWords(ts, "and"))
		}
	}
	return ""
}
