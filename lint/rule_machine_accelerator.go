package lint

import (
	"fmt"
	"slices"

	"github.com/vxjob/vxjob/internal/suggest"
)

var ruleMachineAccelerator = register(&Rule{
	ID:       "VX205",
	Name:     "machine-accelerator",
	Title:    "The machine type does not take this accelerator, count or TPU topology",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `Vertex AI runs a pool on a Compute Engine machine type, and the machine type decides which
accelerators it can have. vxjob checks each machineSpec, of worker pools and of resource pools,
against its machine catalog (lint/machines.yaml, dated, with sources):

- Accelerator-optimized types (a2, a3, a4, a4x, g2) come with a fixed GPU model and count (Compute
  Engine: each machine type of these series "has a specific model and number of NVIDIA GPUs
  attached"), and the machineSpec must name exactly those: a2-highgpu-2g has 2 NVIDIA_TESLA_A100.
  (The MachineSpec reference lets acceleratorCount run "from 1 to N" on such types, but to
  co-schedule replicas of a deployed model: that is prediction, not training.)
- GPUs are attached à la carte only to N1 types (NVIDIA_TESLA_T4, P4, V100, P100), in the counts
  Compute Engine allows, and each count allows a host of at most so many vCPUs and so much memory
  ("At most 8 vCPUs can be used along with 1 accelerator cards in an instance."). Other series
  (e2, n2, c2, m1, ...) take no accelerator.
- TPU VM types (ct5lp-hightpu-*, ct6e-standard-*) are chosen by machineType and tpuTopology alone,
  without acceleratorType or acceleratorCount (gcloud: "TPUs don't have accelerator type and count,
  but they have machine type"). TPU v5 types require a tpuTopology, which must be a slice shape
  the type has (1x1 for ct5lp-hightpu-1t).
- The legacy cloud-tpu type takes acceleratorType TPU_V2 or TPU_V3 and a count of TPU cores (8,
  32, ...), and no tpuTopology. tpuTopology on any machine type that is not a TPU is an error.

The catalog grades each row by how directly Google states it for Vertex AI. Rows graded U
(unverified, such as a3-highgpu-1g) never draw this error; unknown-machine-type (VX206) warns
about them instead, as it does about machine types the catalog does not know. An acceleratorCount
without acceleratorType, or the reverse, is accelerator-without-type (VX207); NVIDIA_TESLA_K80 is
deprecated-accelerator (VX208).`,
	Sources: []Source{
		documented(gceAcceleratorOptimized, "Compute Engine: each machine type of an accelerator-optimized series has a specific model and number of NVIDIA GPUs attached."),
		documented(gceGPUs, "Compute Engine attaches GPUs only to N1 general-purpose machine types, in counts and host sizes per GPU model."),
		documented(sdkCustomTrainingJobDoc, "The SDK reference: tpu_topology \"is required for TPU v5 versions\"."),
		clientCode(gcloudModelGardenUtils, "gcloud: \"In the machine spec, TPUs don't have accelerator type and count, but they have machine type.\""),
		observed("https://github.com/google/deepvariant/issues/70", "Compute Engine refuses too large a host: \"At most 8 vCPUs can be used along with 1 accelerator cards in an instance.\""),
		judgement("The MachineSpec reference's acceleratorCount \"from 1 to N\" speaks of co-scheduling replicas of a model (prediction); vxjob holds training to the machine's own count."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: a2-highgpu-2g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: a2-highgpu-2g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 2}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Run: runMachineAccelerator,
})

func runMachineAccelerator(p *Pass) {
	cat := machines()
	for _, m := range poolMachines(p, cat) {
		switch k := m.Known; {
		case k == nil:
			// unknown-machine-type warns; a new machine type is not an error.
		case k.Kind == cpuMachine:
			// The series-wide rules hold whatever the shape's grade.
			checkCPUMachine(p, cat, m)
		case !k.Grade.verified():
			// The catalog is not sure of this row; unknown-machine-type warns.
		case k.Kind == gpuMachine:
			checkGPUMachine(p, cat, m)
		case k.Kind == tpuVMMachine:
			checkTPUVMMachine(p, m)
		case k.Kind == cloudTPUMachine:
			checkCloudTPUMachine(p, cat, m)
		}
	}
}

// checkCPUMachine: no accelerator and no topology, except N1's attached
// GPUs in the counts and host sizes Compute Engine allows.
func checkCPUMachine(p *Pass, cat *machineCatalog, m poolMachine) {
	k := m.Known
	reportTopologyOnNonTPU(p, m)
	if k.refusesAccelerators() {
		if m.AcceleratorType == "" && m.AcceleratorCount == 0 {
			return
		}
		at := m.Spec.Get("acceleratorType")
		if m.AcceleratorType == "" {
			at = m.Spec.Get("acceleratorCount")
		}
		d := p.Reportf(at, "machine type %s takes no accelerator", k.Name)
		d.Detail = "Compute Engine attaches GPUs only to N1 machine types; the accelerator-optimized types (a2, a3, a4, g2) come with theirs, and other series take none. "
		_, deprecated := cat.deprecated[m.AcceleratorType]
		where := ""
		if !deprecated {
			where = cat.whereAccelerator(m.AcceleratorType)
		}
		switch {
		case m.AcceleratorType == "":
			d.Detail += "Remove acceleratorCount."
		case where == "":
			d.Detail += "Remove acceleratorType and acceleratorCount."
		default:
			d.Detail += where + " Remove acceleratorType and acceleratorCount, or choose a machine type that has the accelerator."
		}
		return
	}
	if m.AcceleratorType == "" {
		return // no GPU, or a count alone: accelerator-without-type
	}
	if _, ok := cat.deprecated[m.AcceleratorType]; ok {
		return // deprecated-accelerator
	}
	g := cat.attachedGPU(m.AcceleratorType)
	if g == nil {
		d := p.Reportf(m.Spec.Get("acceleratorType"), "%s cannot be attached to %s", m.AcceleratorType, k.Name)
		d.Detail = fmt.Sprintf("N1 machine types take %s. %s", joinWords(cat.attachedNames(), "or"), cat.whereAccelerator(m.AcceleratorType))
		return
	}
	if m.AcceleratorCount <= 0 {
		return // accelerator-without-type
	}
	fits, maxVCPUs, maxMemory, allowed := g.fits(k, m.AcceleratorCount)
	if fits {
		return
	}
	choices := g.countsFor(k)
	countAt := m.Spec.Get("acceleratorCount")
	var d *Diagnostic
	if !allowed {
		d = p.Reportf(countAt, "%s is attached in counts of %s, not %d", g.Accelerator, joinInts(g.counts(), "or"), m.AcceleratorCount)
		d.Detail = fmt.Sprintf("Compute Engine attaches %s to N1 machine types in counts of %s.", g.Accelerator, joinInts(g.counts(), "or"))
		if len(choices) < len(g.Counts) {
			d.Detail += fmt.Sprintf(" With %s, which has %d vCPUs and %s GB, the count may be %s.", k.Name, k.VCPUs, gb(k.MemoryGB), joinInts(choices, "or"))
		}
	} else {
		d = p.Reportf(countAt, "%s is too large for %d %s", k.Name, m.AcceleratorCount, g.Accelerator)
		d.Detail = fmt.Sprintf("With %d %s, Compute Engine allows at most %d vCPUs and %s GB of memory; %s has %d vCPUs and %s GB. Set acceleratorCount to %s",
			m.AcceleratorCount, g.Accelerator, maxVCPUs, gb(maxMemory), k.Name, k.VCPUs, gb(k.MemoryGB), joinInts(choices, "or"))
		if host := largestHost(cat, k, g, m.AcceleratorCount); host != "" {
			d.Detail += ", or choose a smaller machine type such as " + host
		}
		d.Detail += "."
		if k.VCPUs > maxVCPUs {
			d.Detail += fmt.Sprintf(` Compute Engine refuses it: "At most %d vCPUs can be used along with %d accelerator cards in an instance."`, maxVCPUs, m.AcceleratorCount)
		}
	}
	if len(choices) == 1 {
		d.Suggestion = fmt.Sprint(choices[0])
	}
}

// largestHost names the largest trusted machine type of host's shape that
// count GPUs fit, or "".
func largestHost(cat *machineCatalog, host *machineType, g *attachedGPU, count int64) string {
	best := (*machineType)(nil)
	for _, m := range cat.order {
		if m.Kind != cpuMachine || !m.Grade.verified() || m.shapeName() != host.shapeName() {
			continue
		}
		if fits, _, _, _ := g.fits(m, count); fits && (best == nil || m.VCPUs > best.VCPUs) {
			best = m
		}
	}
	if best == nil {
		return ""
	}
	return best.Name
}

// checkGPUMachine: an accelerator-optimized type takes exactly its GPUs.
func checkGPUMachine(p *Pass, cat *machineCatalog, m poolMachine) {
	k := m.Known
	reportTopologyOnNonTPU(p, m)
	if m.AcceleratorType == "" && m.AcceleratorCount == 0 {
		d := p.Reportf(m.Spec.Get("machineType"), "machine type %s needs acceleratorType %s and acceleratorCount %d", k.Name, k.Accelerator, k.Count)
		d.Detail = fmt.Sprintf("Accelerator-optimized machine types come with a fixed GPU model and count, and the machineSpec names them: add acceleratorType: %s and acceleratorCount: %d.", k.Accelerator, k.Count)
		return
	}
	if m.AcceleratorType != "" && m.AcceleratorType != k.Accelerator {
		d := p.Reportf(m.Spec.Get("acceleratorType"), "machine type %s has %s GPUs, not %s", k.Name, k.Accelerator, m.AcceleratorType)
		d.Detail = fmt.Sprintf("Accelerator-optimized machine types come with a fixed GPU model and count: %s has %d %s.", k.Name, k.Count, k.Accelerator)
		if where := cat.whereAccelerator(m.AcceleratorType); where != "" {
			d.Detail += " " + where
		}
		d.Suggestion = k.Accelerator
	}
	if m.AcceleratorCount > 0 && m.AcceleratorCount != k.Count {
		d := p.Reportf(m.Spec.Get("acceleratorCount"), "machine type %s has %d %s, not %d", k.Name, k.Count, k.Accelerator, m.AcceleratorCount)
		d.Detail = fmt.Sprintf("Accelerator-optimized machine types fix the GPU model and count: set acceleratorCount: %d", k.Count)
		if others := machinesWith(cat, k.Accelerator, m.AcceleratorCount); len(others) > 0 {
			d.Detail += fmt.Sprintf(", or for %d GPUs use %s", m.AcceleratorCount, joinWords(others, "or"))
		}
		d.Detail += "."
		d.Suggestion = fmt.Sprint(k.Count)
	}
}

// machinesWith lists the trusted machine types that come with count GPUs
// of accelerator.
func machinesWith(cat *machineCatalog, accelerator string, count int64) []string {
	var out []string
	for _, m := range cat.order {
		if m.fixedGPU() && m.Accelerator == accelerator && m.Count == count {
			out = append(out, m.Name)
		}
	}
	return out
}

// checkTPUVMMachine: the machine type and tpuTopology choose the TPU.
func checkTPUVMMachine(p *Pass, m poolMachine) {
	k := m.Known
	if m.AcceleratorType != "" || m.AcceleratorCount != 0 {
		at := m.Spec.Get("acceleratorType")
		if m.AcceleratorType == "" {
			at = m.Spec.Get("acceleratorCount")
		}
		d := p.Reportf(at, "TPU machine type %s takes no acceleratorType or acceleratorCount", k.Name)
		d.Detail = `On a TPU VM machine type the machine type chooses the TPU and tpuTopology the slice; gcloud says: "In the machine spec, TPUs don't have accelerator type and count, but they have machine type." Remove acceleratorType and acceleratorCount.`
	}
	if m.TPUTopology == "" {
		if k.TopologyRequired {
			d := p.Reportf(m.Spec.Get("machineType"), "TPU machine type %s needs a tpuTopology", k.Name)
			d.Detail = `Vertex AI requires tpuTopology on TPU v5 machine types (the SDK: "This field is required for TPU v5 versions"). ` + topologyChoices(k)
		}
		return
	}
	if _, ok := k.Topologies.gradeOf(m.TPUTopology); ok {
		return // a U topology draws unknown-machine-type
	}
	d := p.Reportf(m.Spec.Get("tpuTopology"), "machine type %s does not take tpuTopology %s", k.Name, m.TPUTopology)
	d.Detail = topologyChoices(k)
	all := append(k.Topologies.list(true), k.Topologies.list(false)...)
	if len(all) == 1 {
		d.Suggestion = all[0]
	} else {
		d.Suggestion = suggest.Nearest(m.TPUTopology, all)
	}
}

// topologyChoices says which tpuTopology values k takes.
func topologyChoices(k *machineType) string {
	s := fmt.Sprintf("%s takes tpuTopology %s.", k.Name, joinWords(k.Topologies.list(true), "or"))
	if u := k.Topologies.list(false); len(u) > 0 {
		s += fmt.Sprintf(" The catalog also lists %s, which are not verified for Vertex AI training.", joinWords(u, "and"))
	}
	return s
}

// checkCloudTPUMachine: cloud-tpu takes a TPU generation and a core count.
func checkCloudTPUMachine(p *Pass, cat *machineCatalog, m poolMachine) {
	k := m.Known
	if m.TPUTopology != "" {
		d := p.Reportf(m.Spec.Get("tpuTopology"), "machine type %s takes no tpuTopology", k.Name)
		d.Detail = fmt.Sprintf("On the legacy TPU node %s, acceleratorType chooses the TPU generation and acceleratorCount the number of TPU cores. tpuTopology is for TPU VM machine types such as ct5lp-hightpu-4t; remove it.", k.Name)
	}
	var names []string
	for _, t := range k.TPUs {
		names = append(names, t.Accelerator)
	}
	if m.AcceleratorType == "" {
		if m.AcceleratorCount == 0 {
			d := p.Reportf(m.Spec.Get("machineType"), "machine type %s needs acceleratorType %s and an acceleratorCount", k.Name, joinWords(names, "or"))
			d.Detail = fmt.Sprintf("%s is the legacy TPU node: acceleratorType chooses the TPU generation and acceleratorCount the number of TPU cores, such as %s and 8.", k.Name, names[len(names)-1])
		}
		return // a count alone is accelerator-without-type
	}
	i := slices.IndexFunc(k.TPUs, func(t *cloudTPUAccelerator) bool { return t.Accelerator == m.AcceleratorType })
	if i < 0 {
		d := p.Reportf(m.Spec.Get("acceleratorType"), "machine type %s takes %s, not %s", k.Name, joinWords(names, "or"), m.AcceleratorType)
		d.Detail = fmt.Sprintf("%s is the legacy TPU node, with TPU v2 or v3.", k.Name)
		if where := cat.whereAccelerator(m.AcceleratorType); where != "" {
			d.Detail += " " + where
		}
		return
	}
	t := k.TPUs[i]
	if m.AcceleratorCount <= 0 {
		return // accelerator-without-type
	}
	if _, ok := t.Counts.gradeOf(m.AcceleratorCount); ok {
		return // a U count draws unknown-machine-type
	}
	verified := t.Counts.list(true)
	d := p.Reportf(m.Spec.Get("acceleratorCount"), "%s on %s comes in %s cores, not %d", t.Accelerator, k.Name, joinInts(verified, "or"), m.AcceleratorCount)
	d.Detail = "acceleratorCount is the number of TPU cores of the TPU or pod slice."
	if u := t.Counts.list(false); len(u) > 0 {
		d.Detail += fmt.Sprintf(" The catalog also lists %s, which are not verified for Vertex AI training.", joinInts(u, "and"))
	}
	if all := append(verified, t.Counts.list(false)...); len(all) == 1 {
		d.Suggestion = fmt.Sprint(all[0])
	}
}

// reportTopologyOnNonTPU: tpuTopology is only for TPU VM types (R10).
func reportTopologyOnNonTPU(p *Pass, m poolMachine) {
	if m.TPUTopology == "" {
		return
	}
	d := p.Reportf(m.Spec.Get("tpuTopology"), "tpuTopology is only for TPU machine types, and %s is not one", m.MachineType)
	d.Detail = "tpuTopology gives the shape of the TPU slice of a TPU VM machine type, such as 2x2 on ct5lp-hightpu-4t. Remove it."
}
