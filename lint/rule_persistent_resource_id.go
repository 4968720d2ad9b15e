package lint

import (
	"regexp"
	"strings"

	"github.com/vxjob/vxjob/spec"
)

// notIDChars are the runs of characters an ID cannot have.
var notIDChars = regexp.MustCompile(`[^a-z0-9-]+`)

var rulePersistentResourceID = register(&Rule{
	ID:       "VX229",
	Name:     "persistent-resource-id",
	Title:    "A persistentResourceId that no persistent resource can have",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `jobSpec.persistentResourceId is the ID of a persistent resource, the last part of its name, and
Vertex AI creates persistent resources only with IDs of at most 63 characters matching
^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$: a lowercase letter first, then lowercase letters, digits and
dashes, not ending in a dash. An ID outside that names no resource. vxjob checks this whether or
not the run knows the resource (resource-not-found, VX301, looks it up). Give the ID alone, not
the resource's full name (projects/.../persistentResources/ID).`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    persistentResourceId: Training_PR
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
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Sources: []Source{
		{URL: aiplatformpbDoc + "#CreatePersistentResourceRequest", Grade: Documented,
			Fact: `persistent_resource_id: "The maximum length is 63 characters, and valid characters are /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/."`},
		{URL: aiplatformpbDoc + "#CustomJobSpec", Grade: Documented,
			Fact: `persistent_resource_id is "The ID of the PersistentResource in the same Project and Location which to run".`},
	},
	Run: runPersistentResourceID,
})

func runPersistentResourceID(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	v := p.Spec().Get("jobSpec").Get("persistentResourceId")
	s, ok := knownText(p, v)
	if !ok || s == "" || spec.IsResourceID(s) {
		return
	}
	d := p.Reportf(v, "persistentResourceId %s is not a persistent resource ID", s)
	d.Detail = "An ID has at most 63 characters: a lowercase letter, then lowercase letters, digits and dashes, not ending in a dash."
	if i := strings.LastIndex(s, "/persistentResources/"); i >= 0 {
		d.Detail = "Give the ID alone, the last part of the resource's name; the resource must be in the job's project and location."
		s = s[i+len("/persistentResources/"):]
	}
	if fixed := strings.Trim(notIDChars.ReplaceAllString(strings.ToLower(s), "-"), "-"); spec.IsResourceID(fixed) {
		d.Suggestion = fixed
	}
}
