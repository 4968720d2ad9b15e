package lint

import (
	"strings"

	"github.com/vxjob/vxjob/spec"
)

// emailRE is an email address, loosely: something@domain.tld, no spaces.
var emailRE = lazyRegexp(`^[^@\s/]+@[^@\s/]+\.[^@\s/]+$`)

var ruleServiceAccountEmail = register(&Rule{
	ID:       "VX226",
	Name:     "service-account-email",
	Title:    "A service account that is not written as its email address",
	Severity: Warning,
	Tier:     TierSemantic,
	Doc: `jobSpec.serviceAccount names the service account the job's code runs as, and the caller needs
act-as permission on it. Google names a service account by its email address
(trainer@my-project.iam.gserviceaccount.com): the SDK asks for "the email address of the service
account", and IAM addresses it as projects/-/serviceAccounts/EMAIL. A name alone (trainer), a
resource name (projects/my-project/serviceAccounts/...) or a unique ID is not an address. The API
reference does not spell out the field's form, so vxjob warns. The same holds for a persistent
resource's resourceRuntimeSpec.serviceAccountSpec.serviceAccount.`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    serviceAccount: trainer
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    serviceAccount: trainer@acme-ml.iam.gserviceaccount.com
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Sources: []Source{
		{URL: aiplatformpbDoc + "#CustomJobSpec", Grade: Documented,
			Fact: `service_account "Specifies the service account for workload run-as account. Users submitting jobs must have act-as permission on this run-as account."`},
		{URL: "https://docs.cloud.google.com/vertex-ai/docs/general/custom-service-account", Grade: Documented,
			Fact: "A CustomJob runs as the Vertex AI Custom Code Service Agent unless it names a user-managed service account."},
		{URL: "https://github.com/googleapis/python-aiplatform/commit/423c7646185b4df19985fb41f5776557d572dd9f", Grade: ClientCode,
			Fact: `The SDK documents its service_account argument: "Specify the email address of the service account."`},
	},
	Run: runServiceAccountEmail,
})

func runServiceAccountEmail(p *Pass) {
	switch p.Doc.Kind {
	case "CustomJob":
		checkServiceAccountEmail(p, p.Spec().Get("jobSpec").Get("serviceAccount"))
	case "PersistentResource":
		checkServiceAccountEmail(p, p.Spec().Get("resourceRuntimeSpec").Get("serviceAccountSpec").Get("serviceAccount"))
	}
}

func checkServiceAccountEmail(p *Pass, v spec.Value) {
	s, ok := knownText(p, v)
	if !ok || s == "" || emailRE().MatchString(s) {
		return
	}
	d := p.Reportf(v, "service account %s is not an email address", s)
	d.Detail = "Name the service account by its email address, such as trainer@my-project.iam.gserviceaccount.com."
	if i := strings.LastIndexByte(s, '/'); i >= 0 && emailRE().MatchString(s[i+1:]) {
		d.Suggestion = s[i+1:] // projects/-/serviceAccounts/EMAIL
	}
}
