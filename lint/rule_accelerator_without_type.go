package lint

import "fmt"

var ruleAcceleratorWithoutType = register(&Rule{
	ID:       "VX207",
	Name:     "accelerator-without-type",
	Title:    "acceleratorCount without acceleratorType, or acceleratorType without a count",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `A machineSpec names its accelerators with two fields that go together: acceleratorType (the
model, such as NVIDIA_TESLA_T4) and acceleratorCount (how many). Vertex AI refuses a spec that has
one without the other: "Both ` + "`accelerator_type` and `accelerator_count`" + ` should be specified or none."
A count of 0 is no count (proto3 does not tell 0 from unset), and ACCELERATOR_TYPE_UNSPECIFIED is
no type. gcloud checks the same before it sends the request.

Where the machine type takes no accelerator at all (e2, n2 and the other CPU-only series, and TPU
VM types such as ct5lp-hightpu-4t), the fix is to remove both fields, and machine-accelerator
(VX205) reports it instead.`,
	Sources: []Source{
		clientCode(gcloudJobsValidation, "gcloud: \"Key [accelerator-type] required as [accelerator-count] is specified.\""),
		clientCode(gcloudPRValidation, "gcloud, for resource pools: \"Key [accelerator-type] and [accelerator-count] are required to use accelerators.\""),
		observed("https://github.com/prefect-archive/prefect-gcp/issues/175", "A custom job refused with \"Both `accelerator_type` and `accelerator_count` should be specified or none.\""),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: resnet
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8, acceleratorCount: 1}
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
    - machineSpec: {machineType: n1-standard-8, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/resnet:1.0}
`,
	Run: runAcceleratorWithoutType,
})

// bothOrNone is Vertex AI's error for half an accelerator.
const bothOrNone = "Vertex AI refuses it: \"Both `accelerator_type` and `accelerator_count` should be specified or none.\""

func runAcceleratorWithoutType(p *Pass) {
	cat := machines()
	for _, m := range poolMachines(p, cat) {
		if m.Known != nil && m.Known.refusesAccelerators() {
			continue // machine-accelerator: remove both
		}
		typeAt, countAt := m.Spec.Get("acceleratorType"), m.Spec.Get("acceleratorCount")
		switch {
		case m.AcceleratorType == "" && m.AcceleratorCount != 0:
			// A written ACCELERATOR_TYPE_UNSPECIFIED is where the type goes.
			at := countAt
			if typeAt.Exists() {
				at = typeAt
			}
			d := p.Reportf(at, "acceleratorCount %d is set without an acceleratorType", m.AcceleratorCount)
			d.Detail = bothOrNone + " " + acceleratorHint(cat, m, "")
			if typeAt.Exists() && m.Known.fixedGPU() {
				d.Suggestion = m.Known.Accelerator
			}
		case m.AcceleratorType != "" && m.AcceleratorCount <= 0:
			at := typeAt
			d := (*Diagnostic)(nil)
			if countAt.Exists() {
				at = countAt
				d = p.Reportf(at, "acceleratorType %s is set with acceleratorCount %d", m.AcceleratorType, m.AcceleratorCount)
			} else {
				d = p.Reportf(at, "acceleratorType %s is set without an acceleratorCount", m.AcceleratorType)
			}
			d.Detail = bothOrNone + " " + acceleratorHint(cat, m, m.AcceleratorType)
			if countAt.Exists() {
				d.Suggestion = onlyCount(cat, m)
			}
		}
	}
}

// acceleratorHint says what the machine type takes, so the user can
// complete the pair, or how to remove it.
func acceleratorHint(cat *machineCatalog, m poolMachine, accelerator string) string {
	k := m.Known
	switch {
	case k.fixedGPU() && accelerator == "":
		return fmt.Sprintf("%s has %d %s: set acceleratorType: %s.", k.Name, k.Count, k.Accelerator, k.Accelerator)
	case k.fixedGPU():
		return fmt.Sprintf("%s has %d %s: set acceleratorCount: %d.", k.Name, k.Count, k.Accelerator, k.Count)
	case k != nil && k.AttachesGPUs:
		if g := cat.attachedGPU(accelerator); g != nil {
			return fmt.Sprintf("On %s, %s takes acceleratorCount %s.", k.Name, g.Accelerator, joinInts(g.countsFor(k), "or"))
		}
		if accelerator == "" {
			return fmt.Sprintf("Set acceleratorType to one of the GPUs %s takes, %s, or remove acceleratorCount.", k.Name, joinWords(cat.attachedNames(), "or"))
		}
	case k != nil && k.Kind == cloudTPUMachine:
		return fmt.Sprintf("%s takes TPU_V2 or TPU_V3 with a count of TPU cores, such as 8.", k.Name)
	}
	if accelerator == "" {
		return "Set acceleratorType, or remove acceleratorCount."
	}
	return "Set acceleratorCount, or remove acceleratorType."
}

// onlyCount is the count to write when exactly one fits, or "".
func onlyCount(cat *machineCatalog, m poolMachine) string {
	k := m.Known
	switch {
	case k.fixedGPU() && k.Accelerator == m.AcceleratorType:
		return fmt.Sprint(k.Count)
	case k != nil && k.AttachesGPUs:
		if g := cat.attachedGPU(m.AcceleratorType); g != nil {
			if counts := g.countsFor(k); len(counts) == 1 {
				return fmt.Sprint(counts[0])
			}
		}
	}
	return ""
}
