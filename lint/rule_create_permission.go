package lint

var ruleCreatePermission = register(&Rule{
	ID:       "VX401",
	Name:     "create-permission",
	Title:    "The caller may not create custom jobs in the job's project",
	Severity: Error,
	Tier:     TierLive,
	Doc: `Submitting a custom job needs the permission aiplatform.customJobs.create on its project (it
is in roles/aiplatform.user). With --live, vxjob asks Resource Manager's testIamPermissions
whether the credentials it runs with hold it, so that a deploy fails here rather than halfway
through. Grant the role to whoever runs vxjob apply (a CI service account, say), or lint with the
credentials that will apply. (In this example, the project no-access stands for one where the
permission is missing.)`,
	Sources: []Source{
		documented(guidePersistentTrain, "The Vertex AI User role (roles/aiplatform.user) contains aiplatform.customJobs.create, the permission required to run training jobs on a persistent resource."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune, project: no-access, location: us-central1}
spec:
  jobSpec:
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
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
	Run: func(p *Pass) {
		for _, j := range p.Live.Jobs {
			if j.Project != "" && !p.Live.View.Holds(ProjectResource(j.Project), PermissionCreateJob) {
				d := p.ReportAtf(j.Place, "the caller may not create custom jobs in project %s: it lacks %s", j.Project, PermissionCreateJob)
				d.Detail = "Grant roles/aiplatform.user (or a role with " + PermissionCreateJob + ") on the project to the account that applies the job."
			}
		}
	},
})
