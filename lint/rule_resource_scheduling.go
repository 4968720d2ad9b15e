package lint

import "slices"

// spotStrategies are the scheduling strategies that ask for capacity other
// than on-demand machines: Spot (and its deprecated name) and Flex-start.
var spotStrategies = []string{"SPOT", "LOW_COST", "FLEX_START"}

var ruleResourceScheduling = register(&Rule{
	ID:       "VX223",
	Name:     "resource-scheduling",
	Title:    "A job on a persistent resource that also asks for Spot or Flex-start capacity",
	Severity: Info,
	Tier:     TierSemantic,
	Doc: `A job with a persistentResourceId runs "on existing machines held by the PersistentResource
instead of on-demand short-live machines". scheduling.strategy SPOT or FLEX_START asks for other
machines: Spot VMs, or capacity that Dynamic Workload Scheduler finds. No Vertex AI page says what
a job that asks for both gets (the resource's machines, Spot or Flex-start ones, or a refusal),
so vxjob says so. Drop the strategy to run on the resource, or the persistentResourceId to run on
Spot or Flex-start capacity.`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    persistentResourceId: training-pr
    scheduling: {strategy: SPOT}
    workerPoolSpecs:
    - machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Sources: []Source{
		{URL: "https://pkg.go.dev/cloud.google.com/go/aiplatform/apiv1/aiplatformpb#CustomJobSpec", Grade: Documented,
			Fact: `With persistent_resource_id, "the job will be run on existing machines held by the PersistentResource instead of on-demand short-live machines."`},
		{URL: "https://cloud.google.com/vertex-ai/docs/training/persistent-resource-train", Grade: Documented,
			Fact: "The steps it gives for a job on a persistent resource are the resource's ID, worker pools whose machine and disk match a resource pool exactly, and replica counts within the pool's."},
		{URL: flexStartPage, Grade: Documented,
			Fact: "The requirements it lists for a Flex-start job are the GPUs, a timeout of at most 7 days and the same machine configuration in every worker pool."},
	},
	Run: runResourceScheduling,
})

func runResourceScheduling(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	js := p.Spec().Get("jobSpec")
	strategy := js.Get("scheduling").Get("strategy")
	if js.Get("persistentResourceId").Str() == "" || !slices.Contains(spotStrategies, strategy.Str()) {
		return
	}
	d := p.Reportf(strategy, "the job runs on persistent resource %s and asks for strategy %s: Vertex AI does not document what it does with both", js.Get("persistentResourceId").Str(), strategy.Str())
	d.Detail = "A job on a persistent resource runs on the resource's machines; Spot and Flex-start ask for other capacity. Remove the strategy to run on the resource, or persistentResourceId to run on " + strategy.Str() + " capacity."
}
