package lint

var ruleWaitWithoutFlexStart = register(&Rule{
	ID:       "VX221",
	Name:     "wait-without-flex-start",
	Title:    "scheduling.maxWaitDuration on a job whose strategy is not FLEX_START",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `scheduling.maxWaitDuration is how long a Flex-start job waits for its resources (0: for as long as
it takes; by default 1 day). The API reference gives it only "if the scheduling strategy is set to"
Flex-start, so on a job with another strategy, or none, it does nothing that any source describes:
what Vertex AI does with it (ignore it or refuse the job) is not documented. Set strategy:
FLEX_START, or remove maxWaitDuration.`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    scheduling: {strategy: SPOT, maxWaitDuration: 3600s}
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
    scheduling: {strategy: FLEX_START, maxWaitDuration: 3600s}
    workerPoolSpecs:
    - machineSpec: {machineType: a2-highgpu-1g, acceleratorType: NVIDIA_TESLA_A100, acceleratorCount: 1}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Sources: []Source{
		{URL: "https://pkg.go.dev/cloud.google.com/go/aiplatform/apiv1/aiplatformpb#Scheduling", Grade: Documented,
			Fact: `max_wait_duration "is the maximum duration that a job will wait for the requested resources to be provisioned if the scheduling strategy is set to [Strategy.DWS_FLEX_START]. If set to 0, the job will wait indefinitely. The default is 24 hours."`},
		{URL: flexStartPage, Grade: Documented,
			Fact: "The Flex-start page sets scheduling.maxWaitDuration together with scheduling.strategy FLEX_START."},
	},
	Run: runWaitWithoutFlexStart,
})

func runWaitWithoutFlexStart(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	sched := p.Spec().Get("jobSpec").Get("scheduling")
	wait, strategy := sched.Get("maxWaitDuration"), sched.Get("strategy")
	if !wait.Exists() || strategy.Str() == "FLEX_START" || p.Doc.UnknownAt(strategy) {
		return
	}
	what := "no scheduling.strategy"
	if s := strategy.Str(); s != "" {
		what = "strategy " + s
	}
	d := p.ReportKeyf(wait, "maxWaitDuration applies to Flex-start jobs; this job has %s", what)
	d.Detail = "The API reference gives maxWaitDuration only for scheduling.strategy FLEX_START; what Vertex AI does with it otherwise is not documented. Set strategy: FLEX_START, or remove maxWaitDuration."
}
