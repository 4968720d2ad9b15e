package lint

import (
	"strings"

	"github.com/vxjob/vxjob/spec"
)

var (
	// networkNameRE is a network as the API takes it:
	// projects/{project}/global/networks/{network}.
	networkNameRE = lazyRegexp(`^projects/([^/]+)/global/networks/([^/]+)$`)
	// projectNumberRE is a project number.
	projectNumberRE = lazyRegexp(`^[0-9]+$`)
)

const aiplatformpbDoc = "https://pkg.go.dev/cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

var ruleNetworkName = register(&Rule{
	ID:       "VX225",
	Name:     "network-name",
	Title:    "A network that is not projects/{project-number}/global/networks/{network}",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `jobSpec.network (and a PersistentResource's network) is the full name of the Compute Engine
network the job is peered with. The API reference gives its form, "projects/{project}/global/
networks/{network}. Where {project} is a project number, as in 12345, and {network} is a network
name": projects/12345/global/networks/myVPC. A network's name alone, a URL
(https://www.googleapis.com/compute/v1/...) or a project ID in place of the number is not that
form. The number is on the project's dashboard, or from gcloud projects describe PROJECT.`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    network: projects/my-project/global/networks/training-vpc
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
    network: projects/123456789012/global/networks/training-vpc
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Sources: []Source{
		{URL: aiplatformpbDoc + "#CustomJobSpec", Grade: Documented,
			Fact: `network: "For example, projects/12345/global/networks/myVPC. Format is of the form projects/{project}/global/networks/{network}. Where {project} is a project number, as in 12345, and {network} is a network name."`},
		{URL: aiplatformpbDoc + "#PersistentResource", Grade: Documented,
			Fact: "A PersistentResource's network has the same form, with a project number."},
	},
	Run: runNetworkName,
})

func runNetworkName(p *Pass) {
	switch p.Doc.Kind {
	case "CustomJob":
		checkNetworkName(p, p.Spec().Get("jobSpec").Get("network"))
	case "PersistentResource":
		checkNetworkName(p, p.Spec().Get("network"))
	}
}

func checkNetworkName(p *Pass, v spec.Value) {
	s, ok := knownText(p, v)
	if !ok || s == "" {
		return
	}
	if m := networkNameRE().FindStringSubmatch(s); m != nil {
		if !projectNumberRE().MatchString(m[1]) {
			d := p.Reportf(v, "network %s names project %s by its ID; the API takes the project number", s, m[1])
			d.Detail = "The API reference: {project} is a project number, as in projects/12345/global/networks/myVPC. gcloud projects describe " + m[1] + " prints it (projectNumber)."
		}
		return
	}
	d := p.Reportf(v, "network %s is not projects/{project-number}/global/networks/{network}", s)
	d.Detail = "A network is written by its full name, such as projects/12345/global/networks/myVPC, with the project's number."
	if i := strings.Index(s, "projects/"); i > 0 && networkNameRE().MatchString(s[i:]) {
		d.Suggestion = s[i:] // a URL of the network
	}
}

// knownText returns a string value as lint knows it; ok is false when the
// value uses a variable that no source defines, of which nothing can be
// said (ARCHITECTURE.md §1).
func knownText(p *Pass, v spec.Value) (string, bool) {
	if p.Doc.UnknownAt(v) {
		return "", false
	}
	return v.Str(), true
}
