package lint

var ruleResourceNotRunning = register(&Rule{
	ID:       "VX302",
	Name:     "resource-not-running",
	Title:    "The job's persistent resource is failing or being deleted",
	Severity: Error,
	Tier:     TierPools,
	Doc: `The API calls a persistent resource RUNNING when it "is healthy and fully usable". In ERROR it
"may be unusable", and in STOPPING it "is being deleted" (deleting a resource cancels the jobs on
it): a job sent to it now cannot be counted on to run, and what Vertex AI does with it is not
documented. The state comes from the status section of a pools file, as vxjob snapshot writes it.`,
	Sources: []Source{
		documented(protoPersistentResource, "States: RUNNING \"is healthy and fully usable\"; ERROR \"may be unusable\"; STOPPING \"is being deleted\"."),
		documented("https://cloud.google.com/vertex-ai/docs/training/persistent-resource-delete", "Custom jobs running on a persistent resource being deleted \"are automatically cancelled before the persistent resource is deleted\"."),
		judgement("What Vertex AI does with a job sent to an ERROR or STOPPING resource is not documented; it cannot be counted on to run."),
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
  state: ERROR
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
		reportState(p, map[string]string{"ERROR": "may be unusable", "STOPPING": "is being deleted"})
	},
})
