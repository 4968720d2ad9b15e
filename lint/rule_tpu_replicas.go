package lint

import "fmt"

var ruleTPUReplicas = register(&Rule{
	ID:       "VX222",
	Name:     "tpu-replicas",
	Title:    "A TPU worker pool of several replicas, whose meaning Vertex AI does not document",
	Severity: Info,
	Tier:     TierSemantic,
	Doc: `On a TPU VM machine type (ct5lp-hightpu-*, ct6e-standard-*, ...) the machine type and tpuTopology
choose the TPU slice, and on cloud-tpu acceleratorCount chooses the number of cores. Vertex AI's
page on training with TPUs names the TPU generations it offers, and the API reference the fields,
but neither says what a replicaCount above 1 does on a TPU pool: several slices, the hosts of one
multi-host slice, or a refusal. vxjob says so, and checks nothing more; run one replica per TPU
pool unless you know what Vertex AI makes of more.`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: gemma-tune
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: ct5lp-hightpu-4t, tpuTopology: 2x2}
      replicaCount: 4
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/gemma:0.3}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: gemma-tune
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: ct5lp-hightpu-4t, tpuTopology: 2x2}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/gemma:0.3}
`,
	Sources: []Source{
		{URL: "https://cloud.google.com/vertex-ai/docs/training/training-with-tpu-vm", Grade: Documented,
			Fact: `"When configuring compute resources, you can specify TPU v2, TPU v3, or TPU v5e VMs"; the page says nothing of replica counts on TPU pools.`},
		{URL: "https://pkg.go.dev/cloud.google.com/go/aiplatform/apiv1/aiplatformpb#WorkerPoolSpec", Grade: Documented,
			Fact: `replica_count is "The number of worker replicas to use for this worker pool", with no word on TPUs.`},
	},
	Run: runTPUReplicas,
})

func runTPUReplicas(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	cat := machines()
	for _, pool := range workerPools(p) {
		k := cat.lookup(pool.Get("machineSpec").Get("machineType").Str())
		if k == nil || (k.Kind != tpuVMMachine && k.Kind != cloudTPUMachine) {
			continue
		}
		rc := pool.Get("replicaCount")
		if n, ok := rc.Int(); ok && n > 1 {
			d := p.Reportf(rc, "a TPU pool (%s) of %d replicas: Vertex AI does not document what several replicas of a TPU pool do", k.Name, n)
			d.Detail = fmt.Sprintf("Neither the TPU training page nor the API reference says whether %d replicas of %s are %[1]d slices, the hosts of one slice, or refused. One replica per TPU pool is what the documentation shows.", n, k.Name)
		}
	}
}
