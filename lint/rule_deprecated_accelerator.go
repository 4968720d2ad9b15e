package lint

import "fmt"

var ruleDeprecatedAccelerator = register(&Rule{
	ID:       "VX208",
	Name:     "deprecated-accelerator",
	Title:    "An accelerator Vertex AI no longer offers",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `NVIDIA_TESLA_K80 is still in the API's AcceleratorType enum, marked deprecated: it "has reached
end of support" (https://cloud.google.com/compute/docs/eol/k80-eol), and Vertex AI refuses it:
"Accelerator "NVIDIA_TESLA_K80" is not supported for machine type "n1-standard-4"". Choose another
GPU: on N1 machine types NVIDIA_TESLA_T4, NVIDIA_TESLA_P4, NVIDIA_TESLA_V100 or NVIDIA_TESLA_P100,
or an accelerator-optimized machine type such as g2-standard-4 with NVIDIA_L4. The list of
deprecated accelerators is part of the machine catalog, lint/machines.yaml.`,
	Sources: []Source{
		documented(protoAcceleratorType, "NVIDIA_TESLA_K80 is marked deprecated: it \"has reached end of support\"."),
		documented(gceK80EOL, "Compute Engine's end-of-life notice for the K80."),
		observed("https://github.com/GoogleCloudPlatform/vertex-ai-samples/issues/213", "A training job refused: \"400 Accelerator \\\"NVIDIA_TESLA_K80\\\" is not supported for machine type \\\"n1-standard-4\\\"\"."),
		observed("https://github.com/GoogleCloudPlatform/python-docs-samples/issues/13233", "The same refusal in 2025, in Google's own samples, after the K80's end of support."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4, acceleratorType: NVIDIA_TESLA_K80, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Run: runDeprecatedAccelerator,
})

func runDeprecatedAccelerator(p *Pass) {
	cat := machines()
	for _, m := range poolMachines(p, cat) {
		why, ok := cat.deprecated[m.AcceleratorType]
		if !ok {
			continue
		}
		d := p.Reportf(m.Spec.Get("acceleratorType"), "accelerator %s is no longer offered", m.AcceleratorType)
		d.Detail = fmt.Sprintf(`%s Vertex AI refuses it: "Accelerator "%s" is not supported for machine type "%s"". Choose another GPU: on N1 machine types %s, or an accelerator-optimized machine type such as g2-standard-4 with NVIDIA_L4.`,
			why, m.AcceleratorType, m.MachineType, joinWords(cat.attachedNames(), "or"))
	}
}
