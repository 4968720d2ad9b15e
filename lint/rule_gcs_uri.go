package lint

import (
	"strings"

	"github.com/vxjob/vxjob/spec"
)

// gcsPrefixRE is a Cloud Storage location: gs://bucket, with a path or not.
var gcsPrefixRE = lazyRegexp(`^gs://[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](/.*)?$`)

var ruleGCSURI = register(&Rule{
	ID:       "VX227",
	Name:     "gcs-uri",
	Title:    "An output directory that is not a Cloud Storage gs:// URI",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `jobSpec.baseOutputDirectory.outputUriPrefix is a GcsDestination: "Google Cloud Storage URI to
output directory", gs://bucket/path. Vertex AI hands the job AIP_MODEL_DIR, AIP_CHECKPOINT_DIR and
AIP_TENSORBOARD_LOG_DIR below it. A local path, an HTTPS address of the bucket or a bucket name
without gs:// is not a Cloud Storage URI. (Python package URIs are python-package, VX204.)`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
spec:
  jobSpec:
    baseOutputDirectory: {outputUriPrefix: https://storage.googleapis.com/my-bucket/bert/}
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
    baseOutputDirectory: {outputUriPrefix: gs://my-bucket/bert/}
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Sources: []Source{
		{URL: aiplatformpbDoc + "#GcsDestination", Grade: Documented,
			Fact: `output_uri_prefix: "Required. Google Cloud Storage URI to output directory. If the uri doesn't end with '/', a '/' will be automatically appended. The directory is created if it doesn't exist."`},
		{URL: aiplatformpbDoc + "#CustomJobSpec", Grade: Documented,
			Fact: "base_output_directory is \"The Cloud Storage location to store the output of this CustomJob\"; AIP_MODEL_DIR, AIP_CHECKPOINT_DIR and AIP_TENSORBOARD_LOG_DIR are set below it."},
	},
	Run: runGCSURI,
})

func runGCSURI(p *Pass) {
	if p.Doc.Kind != "CustomJob" {
		return
	}
	checkGCSPrefix(p, p.Spec().Get("jobSpec").Get("baseOutputDirectory").Get("outputUriPrefix"))
}

func checkGCSPrefix(p *Pass, v spec.Value) {
	s, ok := knownText(p, v)
	if !ok || s == "" || gcsPrefixRE().MatchString(s) {
		return
	}
	d := p.Reportf(v, "%s is not a Cloud Storage URI (gs://bucket/path)", s)
	d.Detail = "The output directory is a Cloud Storage location, such as gs://my-bucket/runs/bert/."
	switch m := gcsHTTPSRE().FindStringSubmatch(s); {
	case m != nil:
		d.Detail = "Vertex AI takes a gs:// URI, not the bucket's HTTPS address."
		d.Suggestion = "gs://" + m[1] + "/" + m[2]
	case strings.HasPrefix(s, "gs:"):
		if fixed := "gs://" + strings.TrimLeft(strings.TrimPrefix(s, "gs:"), "/"); gcsPrefixRE().MatchString(fixed) {
			d.Suggestion = fixed
		}
	}
}
