package lint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
)

// flexStartGPUs are the accelerators of the GPU families the Flex-start
// page lists for custom training (L4, A100, H100, H200 and B200), by the
// API's names; the page names families, not machine types or enum values.
// GB200 and RTX PRO 6000 are other families.
var flexStartGPUs = []string{
	"NVIDIA_L4",
	"NVIDIA_TESLA_A100", "NVIDIA_A100_80GB",
	"NVIDIA_H100_80GB", "NVIDIA_H100_MEGA_80GB",
	"NVIDIA_H200_141GB",
	"NVIDIA_B200",
}

// flexStartMaxTimeout is the longest scheduling.timeout Flex-start takes:
// 7 days, in seconds.
const flexStartMaxTimeout = 7 * 24 * 60 * 60

const flexStartPage = "https://cloud.google.com/vertex-ai/docs/training/schedule-jobs-dws"

var ruleFlexStart = register(&Rule{
	ID:       "VX220",
	Name:     "flex-start",
	Title:    "A Flex-start job without the GPUs, timeout or uniform pools that Flex-start requires",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `scheduling.strategy FLEX_START queues the job with Dynamic Workload Scheduler until its GPUs
are free. Vertex AI's page on it ("Schedule training jobs based on resource availability") lists
what such a job must meet:

- it requests L4, A100, H100, H200 or B200 GPUs. The page names these families, not machine
  types (its examples run a2-highgpu-1g with one NVIDIA_TESLA_A100); in the API's names they are
  NVIDIA_L4, NVIDIA_TESLA_A100, NVIDIA_A100_80GB, NVIDIA_H100_80GB, NVIDIA_H100_MEGA_80GB,
  NVIDIA_H200_141GB and NVIDIA_B200, written as acceleratorType or fixed by the machine type
  (a3-highgpu-8g comes with H100s, a4-highgpu-8g with B200s). NVIDIA_GB200 (A4X) and
  NVIDIA_RTX_PRO_6000 (G4) are other families, and TPUs and CPU-only machines have no GPU;
- its scheduling.timeout is at most 7 days (604800s; the default, when none is written, is 7 days);
- every worker pool has the same machine configuration: the same machineSpec.

Use the same machine in every pool (a reduction server pool on n1-highcpu-16 does not qualify), or
leave Flex-start for the standard strategy.`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    scheduling: {strategy: FLEX_START, timeout: 1209600s}
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    scheduling: {strategy: FLEX_START, timeout: 86400s, maxWaitDuration: 7200s}
    workerPoolSpecs:
    - machineSpec: {machineType: a3-highgpu-8g, acceleratorType: NVIDIA_H100_80GB, acceleratorCount: 8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
    - machineSpec: {machineType: a3-highgpu-8g, acceleratorType: NVIDIA_H100_80GB, acceleratorCount: 8}
      replicaCount: 3
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Sources: []Source{
		{URL: flexStartPage, Grade: Documented,
			Fact: `A Flex-start job "requests L4, A100, H100, H200, or B200 GPUs", "has a maximum timeout of 7 days or less" and "uses the same machine configuration for all worker pools"; the page's examples run a2-highgpu-1g with one NVIDIA_TESLA_A100.`},
		{URL: "https://googleapis.dev/ruby/google-cloud-ai_platform-v1/latest/Google/Cloud/AIPlatform/V1/Scheduling/Strategy.html", Grade: Documented,
			Fact: `FLEX_START: "Flex Start strategy uses DWS to queue for resources."`},
	},
	Run: runFlexStart,
})

func runFlexStart(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	sched := p.Spec().Get("jobSpec").Get("scheduling")
	if sched.Get("strategy").Str() != "FLEX_START" {
		return
	}
	cat := machines()
	machinesOf := poolMachines(p, cat)
	for _, m := range machinesOf {
		checkFlexStartGPU(p, m)
	}
	checkFlexStartTimeout(p, sched.Get("timeout"))
	checkFlexStartSameMachine(p, machinesOf)
}

// flexGPU returns the accelerator of m, written or fixed by its machine
// type; ok is false when lint cannot know it.
func flexGPU(p *Pass, m poolMachine) (accelerator string, at spec.Value, ok bool) {
	if p.Doc.UnknownUnder(m.Spec) {
		return "", spec.Value{}, false
	}
	if m.AcceleratorType != "" {
		return m.AcceleratorType, m.Spec.Get("acceleratorType"), true
	}
	if m.Known == nil {
		return "", spec.Value{}, false // unknown-machine-type warns
	}
	at = m.Spec.Get("machineType")
	if m.Known.Kind == gpuMachine {
		return m.Known.Accelerator, at, true
	}
	return "", at, true
}

func checkFlexStartGPU(p *Pass, m poolMachine) {
	gpu, at, ok := flexGPU(p, m)
	if !ok || slices.Contains(flexStartGPUs, gpu) {
		return
	}
	var d *Diagnostic
	if gpu == "" {
		d = p.Reportf(at, "Flex-start needs L4, A100, H100, H200 or B200 GPUs; machine type %s has none", m.MachineType)
	} else {
		d = p.Reportf(at, "Flex-start needs L4, A100, H100, H200 or B200 GPUs, not %s", gpu)
	}
	d.Detail = "The Flex-start page lists the GPUs a Flex-start job may request, L4, A100, H100, H200 and B200; by the API's names, " +
		joinWords(flexStartGPUs, "or") + ". Choose a machine with one of them, or remove scheduling.strategy FLEX_START."
}

func checkFlexStartTimeout(p *Pass, timeout spec.Value) {
	secs, ok := durationSeconds(timeout.Str())
	if !ok || secs <= flexStartMaxTimeout {
		return
	}
	d := p.Reportf(timeout, "Flex-start takes a timeout of at most 7 days (604800s), not %s", timeout.Str())
	d.Detail = "A Flex-start job must have a scheduling.timeout of 7 days or less; without one, the timeout is 7 days."
	d.Suggestion = fmt.Sprintf("%ds", flexStartMaxTimeout)
}

// checkFlexStartSameMachine reports each pool whose machineSpec differs
// from the first pool's.
func checkFlexStartSameMachine(p *Pass, list []poolMachine) {
	if len(list) < 2 || p.Doc.UnknownUnder(list[0].Spec) {
		return
	}
	first := list[0]
	for _, m := range list[1:] {
		if m.MachineSpec == first.MachineSpec || p.Doc.UnknownUnder(m.Spec) {
			continue
		}
		d := p.ReportKeyf(m.Spec, "this pool runs %s, the first pool %s; Flex-start needs the same machine in every pool",
			describeMachine(m.MachineSpec), describeMachine(first.MachineSpec))
		d.Detail = "A Flex-start job must use the same machine configuration for all worker pools: give every pool the first pool's machineSpec."
		d.Related = []Related{{Place: placeOf(p, first.Spec), Message: "the first pool's machineSpec"}}
	}
}

// describeMachine says what a machineSpec asks for, in a few words.
func describeMachine(m pools.MachineSpec) string {
	s := m.MachineType
	if m.AcceleratorType != "" {
		s += fmt.Sprintf(" with %d %s", m.AcceleratorCount, m.AcceleratorType)
	}
	if m.TPUTopology != "" {
		s += " (" + m.TPUTopology + ")"
	}
	if m.GPUPartitionSize != "" {
		s += " partitioned " + m.GPUPartitionSize
	}
	if m.Reservation != "" {
		s += ", reservation " + m.Reservation
	}
	return s
}

// placeOf is where v is written, for a related place.
func placeOf(p *Pass, v spec.Value) pools.Place {
	return pools.Place{File: p.Doc.File.Name, Document: p.Doc.Index, Range: p.Doc.KeyRange(v.Path()), Path: pointer(v.Path())}
}

// durationSeconds reads a proto JSON duration ("3600s", "1.5s"); ok is
// false for anything else, such as a variable.
func durationSeconds(s string) (float64, bool) {
	n, found := strings.CutSuffix(s, "s")
	if !found {
		return 0, false
	}
	secs, err := strconv.ParseFloat(n, 64)
	return secs, err == nil
}
