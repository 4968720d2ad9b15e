package lint

var ruleGPUPartition = register(&Rule{
	ID:       "VX209",
	Name:     "gpu-partition",
	Title:    "gpuPartitionSize asks for GPU partitions (MIG), which custom training may not honour",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `gpuPartitionSize (such as 1g.10gb) splits each GPU into NVIDIA Multi-Instance GPU partitions.
The API reference says of it: "If set, the accelerator_count should be set to 1", yet the same
comment's example uses 8 NVIDIA_TESLA_A100 to get "56 partitioned MIG instances". No source shows
that Vertex AI custom training honours the field, so a job that sets it may get whole GPUs, or
be refused. Check that the job sees the partitions it expects, with acceleratorCount 1, or remove
gpuPartitionSize.`,
	Sources: []Source{
		documented(refMachineSpec, "gpuPartitionSize: \"If set, the acceleratorCount should be set to 1\", while the same text's example asks for 8 A100s."),
		judgement("No source shows custom training honouring GPU partitions, so vxjob warns rather than refuse."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1, gpuPartitionSize: 1g.5gb}
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
    - machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Run: runGPUPartition,
})

// partitionDoc is the API reference's word on gpuPartitionSize.
const partitionDoc = `The API reference says: "If set, the accelerator_count should be set to 1." No source shows that Vertex AI custom training honours GPU partitions (NVIDIA MIG); check that the job sees the partitions it expects, or remove gpuPartitionSize.`

func runGPUPartition(p *Pass) {
	for _, m := range poolMachines(p, machines()) {
		if m.GPUPartitionSize == "" {
			continue
		}
		at := m.Spec.Get("gpuPartitionSize")
		switch {
		case m.AcceleratorType == "":
			d := p.Reportf(at, "gpuPartitionSize %s is set on a machine spec without a GPU", m.GPUPartitionSize)
			d.Detail = "gpuPartitionSize splits the GPUs of the machine spec into NVIDIA MIG partitions, and this one names no acceleratorType. Remove gpuPartitionSize."
		case m.AcceleratorCount != 1:
			d := p.Reportf(at, "gpuPartitionSize %s is set with acceleratorCount %d; the API says the count should then be 1", m.GPUPartitionSize, m.AcceleratorCount)
			d.Detail = partitionDoc
		default:
			d := p.Reportf(at, "gpuPartitionSize %s asks for GPU partitions, which custom training may not honour", m.GPUPartitionSize)
			d.Detail = partitionDoc
		}
	}
}
