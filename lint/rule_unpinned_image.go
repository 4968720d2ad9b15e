package lint

import (
	"regexp"
	"strings"

	"github.com/vxjob/vxjob/spec"
)

var ruleUnpinnedImage = register(&Rule{
	ID:         "VX214",
	Name:       "unpinned-image",
	Title:      "A container image without a tag or digest, or with the tag latest",
	Severity:   Warning,
	Tier:       TierSemantic,
	ValueLevel: true,
	Doc: `An image reference without a tag means the tag latest, and latest moves: a job re-run next
month, or a replica that restarts, may get another image than the one you tested, and nothing
in the job says which one ran. Pin a version tag (trainer:1.4.2) or, better, a digest
(trainer@sha256:…), which can never change. The reference is parsed as Docker parses it: in
localhost:5000/trainer the :5000 is the registry's port, not a tag.

Checked: containerSpec.imageUri and pythonPackageSpec.executorImageUri of every worker pool, and
the Ray images of a PersistentResource (raySpec.imageUri and resourcePoolImages). Not reported:
Google's prebuilt training containers (us-docker.pkg.dev/vertex-ai/training/…, and the older
gcr.io/cloud-aiplatform/training/…). Their name carries the framework and Python version
(tf-cpu.2-14.py310), Google's own documentation and gcloud's examples name them with the tag
latest, and executorImageUri must be one of them. An image built on them is yours to pin.`,
	Sources: []Source{
		documented(refPythonPackageSpec, "executorImageUri must be one of Google's pre-built training containers: \"You must use an image from this list.\""),
		documented(guideDistributedTraining, "The guide names Google's Reduction Server image with the tag latest: us-docker.pkg.dev/vertex-ai-restricted/training/reductionserver:latest."),
		clientCode(gcloudJobsFlags, "gcloud's --worker-pool-spec examples use executor-image-uri=us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-4:latest."),
		judgement("An image without a tag means latest, which moves: a re-run or a restarted replica may get another image than the one tested."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:latest}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Run: runUnpinnedImage,
})

// digestRE is the digest grammar of the OCI image spec: algorithm:encoded.
var digestRE = regexp.MustCompile(`^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`)

// sha256Hex: a sha256 digest is 64 lowercase hex digits.
var sha256Hex = regexp.MustCompile(`^[a-f0-9]{64}$`)

const pinDetail = "latest moves to each new image pushed, so a re-run or a restarted replica may run another image than the one tested. Pin a version tag (:1.4.2) or a digest (@sha256:…)."

func runUnpinnedImage(p *Pass) {
	for _, v := range taskValues(p, "imageUri", "executorImageUri") {
		checkImage(p, v)
	}
	ray := p.Spec().Get("resourceRuntimeSpec").Get("raySpec")
	if img := ray.Get("imageUri"); img.Exists() {
		checkImage(p, img)
	}
	images := ray.Get("resourcePoolImages")
	for _, k := range images.Keys() {
		checkImage(p, images.Get(k))
	}
}

func checkImage(p *Pass, v spec.Value) {
	uri := v.Str()
	if uri == "" {
		return
	}
	// A variable stands for text lint cannot see: mark it with a byte no
	// reference has, and judge only what the written text decides.
	const unknown = "\x00"
	ref, _ := replaceVars(uri, unknown)
	ref = strings.TrimSpace(ref)
	name, tag, digest, hasDigest := splitImageRef(ref)
	if prebuiltTrainingImage(name) {
		return
	}
	switch {
	case hasDigest:
		if strings.Contains(digest, unknown) {
			return
		}
		alg, hex, _ := strings.Cut(digest, ":")
		if !digestRE.MatchString(digest) || alg == "sha256" && !sha256Hex.MatchString(hex) {
			d := p.Reportf(v, "image %s has a malformed digest", uri)
			d.Detail = "A digest is written @sha256: and 64 lowercase hex digits; this one pins nothing."
		}
	case tag == "latest":
		d := p.Reportf(v, "image %s uses the tag latest", uri)
		d.Detail = "The tag " + pinDetail
	case tag == "":
		// A variable in the last path component may carry the tag.
		if strings.Contains(name[strings.LastIndex(name, "/")+1:], unknown) {
			return
		}
		d := p.Reportf(v, "image %s has no tag or digest", uri)
		d.Detail = "Without a tag the registry serves the tag latest: " + pinDetail
	}
}

// splitImageRef splits an image reference, name[:tag][@digest]. The tag is
// after the last colon of the last path component, so a registry's port
// (localhost:5000/trainer) is not taken for a tag.
func splitImageRef(ref string) (name, tag, digest string, hasDigest bool) {
	name, digest, hasDigest = strings.Cut(ref, "@")
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name, tag = name[:i], name[i+1:]
	}
	return name, tag, digest, hasDigest
}

// prebuiltTrainingImage reports whether name (without tag) is one of
// Google's prebuilt training containers, which Google publishes only under
// the tag latest, with the version in the name.
func prebuiltTrainingImage(name string) bool {
	host, path, ok := strings.Cut(name, "/")
	if !ok {
		return false
	}
	switch {
	case strings.HasSuffix(host, "-docker.pkg.dev"):
		return strings.HasPrefix(path, "vertex-ai/training/") || strings.HasPrefix(path, "vertex-ai-restricted/training/")
	case host == "gcr.io" || strings.HasSuffix(host, ".gcr.io"):
		return strings.HasPrefix(path, "cloud-aiplatform/training/")
	}
	return false
}
