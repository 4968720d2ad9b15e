package lint

var ruleResourceNotReady = register(&Rule{
	ID:       "VX303",
	Name:     "resource-not-ready",
	Title:    "The job's persistent resource is not ready yet",
	Severity: Warning,
	Tier:     TierPools,
	Doc: `A persistent resource that is PROVISIONING, REBOOTING or UPDATING "is not available right now but
is expected to be ready again later". Whether a job sent now waits or fails is not documented;
apply after it is RUNNING.
The state comes from the status section of a pools file.`,
	Sources: []Source{
		documented(protoPersistentResource, "REBOOTING: \"PR is not available right now but is expected to be ready again later\"; PROVISIONING: being created; UPDATING: being updated."),
		judgement("Whether a job sent now waits or fails is not documented, so it is a warning."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
status:
  state: REBOOTING
  observedAt: "2026-11-28T10:00:00Z"
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
status:
  state: RUNNING
  observedAt: "2026-11-28T10:00:00Z"
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Run: func(p *Pass) {
		reportState(p, map[string]string{"PROVISIONING": "is being created", "REBOOTING": "is rebooting", "UPDATING": "is being updated"})
	},
})
