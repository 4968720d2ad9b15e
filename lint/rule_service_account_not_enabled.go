package lint

var ruleServiceAccountNotEnabled = register(&Rule{
	ID:       "VX309",
	Name:     "service-account-not-enabled",
	Title:    "The job names a service account its persistent resource does not enable",
	Severity: Warning,
	Tier:     TierPools,
	Doc: `Without enableCustomServiceAccount, a persistent resource runs every workload as the Vertex AI
Custom Code Service Agent, so a jobSpec.serviceAccount on a job sent to it is not honoured and the
job is likely rejected (the API says the resource "otherwise uses the Vertex AI Custom Code Service
Agent"; what it does with such a job is not documented, hence a warning).`,
	Sources: []Source{
		documented(protoPersistentResource, "Without enableCustomServiceAccount the resource \"uses the Vertex AI Custom Code Service Agent\"."),
		judgement("What Vertex AI does with a job that names another account there is not documented, so it is a warning."),
	},
	Bad: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    serviceAccount: etl-runner@acme-ml.iam.gserviceaccount.com
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Good: `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourceRuntimeSpec:
    serviceAccountSpec: {enableCustomServiceAccount: true}
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
---
apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    serviceAccount: etl-runner@acme-ml.iam.gserviceaccount.com
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl:2.1}
`,
	Run: func(p *Pass) {
		for _, j := range p.Pools.Jobs {
			if r := j.Resource; r != nil && !r.CustomServiceAccount && j.ServiceAccount != "" {
				d := p.ReportAtf(j.ServiceAccountPlace, "persistent resource %q does not enable custom service accounts; this one is likely refused", r.ID)
				d.Detail = "Set resourceRuntimeSpec.serviceAccountSpec.enableCustomServiceAccount: true on the resource, or remove jobSpec.serviceAccount to run as the Vertex AI Custom Code Service Agent."
			}
		}
	},
})
