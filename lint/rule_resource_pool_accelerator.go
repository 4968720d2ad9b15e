package lint

import "strings"

var ruleResourcePoolAccelerator = register(&Rule{
	ID:       "VX230",
	Name:     "resource-pool-accelerator",
	Title:    "A resource pool with an accelerator that is not an NVIDIA GPU",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `The persistent resource overview says persistent resources "support all VMs and GPUs that are
supported by serverless training jobs", and gcloud's persistent-resources create takes only the
NVIDIA accelerator types in a resource pool, from --resource-pool-spec and from --config alike
("Found invalid value of [acceleratorType]"). Neither names TPUs (TPU_V2, TPU_V3, TPU_V4_POD,
TPU_V5_LITEPOD); what the API does with a TPU resource pool is not documented, so vxjob warns. Run TPU jobs without a persistent resource.`,
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: tpu-pr
spec:
  resourcePools:
  - id: tpu-pool
    machineSpec: {machineType: cloud-tpu, acceleratorType: TPU_V3, acceleratorCount: 8}
    replicaCount: 1
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata:
  name: gpu-pr
spec:
  resourcePools:
  - id: gpu-pool
    machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
    replicaCount: 1
`,
	Sources: []Source{
		{URL: "https://docs.cloud.google.com/vertex-ai/docs/training/persistent-resource-overview", Grade: Documented,
			Fact: `"Persistent resources support all VMs and GPUs that are supported by serverless training jobs."`},
		{URL: "https://github.com/google-cloud-sdk-unofficial/google-cloud-sdk/blob/01f043c2289dbd5b8de55d1d271ead804f9448f0/lib/googlecloudsdk/command_lib/ai/persistent_resources/validation.py", Grade: ClientCode,
			Fact: "gcloud ai persistent-resources create accepts only accelerator types whose names start with NVIDIA, from --resource-pool-spec and from --config."},
	},
	Run: runResourcePoolAccelerator,
})

func runResourcePoolAccelerator(p *Pass) {
	if p.Doc.Kind != "PersistentResource" {
		return
	}
	for _, m := range poolMachines(p, machines()) {
		a := m.AcceleratorType
		if a == "" || strings.HasPrefix(a, "NVIDIA") {
			continue
		}
		d := p.Reportf(m.Spec.Get("acceleratorType"), "resource pool accelerator %s is not an NVIDIA GPU; persistent resources are documented for VMs and GPUs", a)
		d.Detail = "The persistent resource overview names VMs and GPUs, and gcloud refuses a resource pool whose acceleratorType is not an NVIDIA type; what the API does with a TPU pool is not documented. Run TPU jobs without a persistent resource."
	}
}
