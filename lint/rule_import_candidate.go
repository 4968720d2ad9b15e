package lint

var ruleImportCandidate = register(&Rule{
	ID:       "VX110",
	Name:     "import-candidate",
	Title:    "A job or resource body written for gcloud or the SDK, not as a vxjob document",
	Severity: Warning,
	Tier:     TierSchema,
	Doc: `Files that are not vxjob documents are skipped, but one whose top level holds workerPoolSpecs,
jobSpec or resourcePools (or their snake_case forms) is a Vertex AI body written for gcloud
(--config) or the Python SDK: likely a job that is meant to be checked. vxjob import turns it into
a vxjob CustomJob or PersistentResource document, which lint then checks in full.`,
	Sources: []Source{
		clientCode(gcloudJobsFlags, "gcloud's --config file is \"a YAML document containing a CustomJobSpec\": workerPoolSpecs at its top, no envelope."),
		judgement("Such a body is a job meant to be checked, so vxjob points at vxjob import instead of skipping it silently."),
	},
	Bad: `workerPoolSpecs:
- machineSpec: {machineType: n1-standard-8}
  replicaCount: 1
  containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: bert-finetune}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`,
})
