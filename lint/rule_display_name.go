package lint

import (
	"fmt"
	"unicode/utf8"
)

var ruleDisplayName = register(&Rule{
	ID:       "VX212",
	Name:     "display-name",
	Title:    "A display name that is empty or longer than 128 characters",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `Vertex AI takes a displayName of 1 to 128 characters, any UTF-8, on a CustomJob and on a
PersistentResource; characters are counted, not bytes. A CustomJob needs one, and vxjob sends
metadata.name when spec.displayName is not written, which always fits. An empty displayName is
sent as no name at all, so write a name or leave the field out.`,
	Sources: []Source{
		documented(refCustomJob, "displayName: \"Required. The display name of the CustomJob. The name can be up to 128 characters long and can consist of any UTF-8 characters.\""),
		documented(protoPersistentResource, "A PersistentResource's displayName is optional, \"up to 128 characters long\"."),
		clientCode(sdkUtils, "The Python SDK raises \"Display name needs to be less than 128 characters.\" for a longer one."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  displayName: "MNIST baseline: a convolutional network trained for ten epochs on the full training set, with the learning rate halved every three epochs"
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  displayName: "MNIST baseline: CNN, 10 epochs, step decay"
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Run: runDisplayName,
})

const maxDisplayNameLen = 128

func runDisplayName(p *Pass) {
	v := p.Spec().Get("displayName")
	if !v.Exists() {
		return
	}
	// Variables may hold anything, so only the text around them counts:
	// it can be too long, but not known to be empty.
	lit, vars := replaceVars(v.Str(), "")
	switch n := utf8.RuneCountInString(lit); {
	case n == 0 && !vars:
		d := p.Reportf(v, "displayName is empty")
		if p.Doc.Kind == "CustomJob" {
			d.Detail = fmt.Sprintf("Vertex AI takes 1 to %d characters; an empty name is sent as none, and vxjob then uses metadata.name (%s). Write a name, or leave displayName out.",
				maxDisplayNameLen, p.Doc.Name)
		} else {
			d.Detail = fmt.Sprintf("Vertex AI takes 1 to %d characters; an empty name is sent as none. Write a name, or leave displayName out.", maxDisplayNameLen)
		}
	case n > maxDisplayNameLen:
		at := ""
		if vars {
			at = "at least "
		}
		d := p.Reportf(v, "displayName is %s%d characters long; at most %d are allowed", at, n, maxDisplayNameLen)
		d.Detail = "The API reference allows up to 128 characters, and the Python SDK refuses a longer display name. Keep the name short, and the details in comments in the file."
	}
}
