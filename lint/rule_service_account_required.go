package lint

var ruleServiceAccountRequired = register(&Rule{
	ID:       "VX308",
	Name:     "service-account-required",
	Title:    "The persistent resource enforces custom service accounts; the job names none",
	Severity: Error,
	Tier:     TierPools,
	Doc: `A persistent resource with resourceRuntimeSpec.serviceAccountSpec.enableCustomServiceAccount set
enforces "custom user-managed service account ... to run any workloads (for example, Vertex Jobs) on
the resource". A job sent to it must name the account in jobSpec.serviceAccount (and the sender
needs iam.serviceAccounts.actAs on it).`,
	Sources: []Source{
		documented(protoPersistentResource, "enableCustomServiceAccount: \"If true, custom user-managed service account is enforced to run any workloads (for example, Vertex Jobs) on the resource.\""),
		documented(protoPersistentResource, "ServiceAccountSpec.serviceAccount: to submit jobs with a custom service account, \"only specify the service_account inside the job\"."),
	},
	Bad: `apiVersion: vxjob/v1
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
			if r := j.Resource; r != nil && r.CustomServiceAccount && j.ServiceAccount == "" {
				d := p.ReportAtf(j.ServiceAccountPlace, "persistent resource %q runs workloads only as a custom service account; set jobSpec.serviceAccount", r.ID)
				d.Detail = "The resource has enableCustomServiceAccount: true, which enforces a custom service account for every workload on it; name one in jobSpec.serviceAccount."
			}
		}
	},
})
