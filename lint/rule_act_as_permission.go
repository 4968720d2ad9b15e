package lint

var ruleActAsPermission = register(&Rule{
	ID:       "VX402",
	Name:     "act-as-permission",
	Title:    "The caller may not act as the job's service account",
	Severity: Error,
	Tier:     TierLive,
	Doc: `A job that names jobSpec.serviceAccount runs as that account, and Vertex AI lets only a caller
who holds iam.serviceAccounts.actAs on it submit such a job (roles/iam.serviceAccountUser gives
it). With --live, vxjob asks IAM's testIamPermissions on the account. Grant the role on the
service account to whoever applies the job, or name an account they may use. (In this example,
the account's project no-access stands for one where the permission is missing.)`,
	Sources: []Source{
		documented(refCustomJobSpec, "serviceAccount: \"Users submitting jobs must have act-as permission on this run-as account.\""),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune, project: acme-ml, location: us-central1}
spec:
  jobSpec:
    serviceAccount: trainer@no-access.iam.gserviceaccount.com
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune, project: acme-ml, location: us-central1}
spec:
  jobSpec:
    serviceAccount: trainer@acme-ml.iam.gserviceaccount.com
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
	Run: func(p *Pass) {
		for _, j := range p.Live.Jobs {
			if j.ServiceAccount != "" && !p.Live.View.Holds(ServiceAccountResource(j.ServiceAccount), PermissionActAs) {
				d := p.ReportAtf(j.ServiceAccountPlace, "the caller may not act as service account %s: it lacks %s", j.ServiceAccount, PermissionActAs)
				d.Detail = "Grant roles/iam.serviceAccountUser on the service account to the account that applies the job."
			}
		}
	},
})
