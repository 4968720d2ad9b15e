package lint

import (
	"github.com/vxjob/vxjob/spec"
)

var (
	// kmsKeyRE is a Cloud KMS key's resource name.
	kmsKeyRE = lazyRegexp(`^projects/([^/]+)/locations/([^/]+)/keyRings/([^/]+)/cryptoKeys/([^/]+)$`)
	// regionRE is a Google Cloud region (us-central1, europe-west4), as
	// opposed to a multi-region (us, europe, nam4) or global.
	regionRE = lazyRegexp(`^[a-z]+-[a-z]+[0-9]+$`)
)

var ruleKMSKeyRegion = register(&Rule{
	ID:       "VX228",
	Name:     "kms-key-region",
	Title:    "A customer-managed encryption key that is not a Cloud KMS key of the job's region",
	Severity: Error,
	Tier:     TierSemantic,
	Doc: `spec.encryptionSpec.kmsKeyName (CMEK) is the Cloud KMS key that protects what a job or persistent
resource creates. The API reference gives its form, projects/my-project/locations/my-region/
keyRings/my-kr/cryptoKeys/my-key, and says "The key needs to be in the same region as where the
compute resource is created". vxjob checks the form, and that the key's location is the region
the document is sent to: its metadata.location, or else the run's default location (--location,
VXJOB_LOCATION, location: in .vxjob.yaml, the gcloud configuration's ai/region). A key in global
or a multi-region (us, europe) is in no job's region. When the location is not known (none is
given, or it is a variable without a value), only the form and the region-ness are checked.`,
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
  location: us-central1
spec:
  encryptionSpec: {kmsKeyName: projects/acme-ml/locations/europe-west4/keyRings/ml/cryptoKeys/training}
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: bert-finetune
  location: us-central1
spec:
  encryptionSpec: {kmsKeyName: projects/acme-ml/locations/us-central1/keyRings/ml/cryptoKeys/training}
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/bert:1.4.2}
`,
	Sources: []Source{
		{URL: aiplatformpbDoc + "#EncryptionSpec", Grade: Documented,
			Fact: `kms_key_name: "Has the form: projects/my-project/locations/my-region/keyRings/my-kr/cryptoKeys/my-key. The key needs to be in the same region as where the compute resource is created."`},
	},
	Run: runKMSKeyRegion,
})

func runKMSKeyRegion(p *Pass) {
	if p.Doc.Kind != "CustomJob" && p.Doc.Kind != "PersistentResource" {
		return
	}
	checkKMSKey(p, p.Spec().Get("encryptionSpec").Get("kmsKeyName"))
}

func checkKMSKey(p *Pass, v spec.Value) {
	s, ok := knownText(p, v)
	if !ok || s == "" {
		return
	}
	m := kmsKeyRE().FindStringSubmatch(s)
	if m == nil {
		d := p.Reportf(v, "kmsKeyName %s is not a Cloud KMS key name", s)
		d.Detail = "A key is named projects/PROJECT/locations/REGION/keyRings/KEY_RING/cryptoKeys/KEY."
		return
	}
	keyLoc := m[2]
	loc, known := p.Location()
	switch {
	case known && keyLoc != loc:
		where := loc
		if p.Doc.Location == "" {
			where += " (the run's default location)"
		}
		d := p.Reportf(v, "the key is in %s, the %s in %s; the key must be in the same region", keyLoc, kindNoun(p.Doc.Kind), where)
		d.Detail = `The API reference: "The key needs to be in the same region as where the compute resource is created." Use a key of ` + loc + "."
	case !regionRE().MatchString(keyLoc):
		d := p.Reportf(v, "the key is in %s, which is not a region; the key must be in the region the %s runs in", keyLoc, kindNoun(p.Doc.Kind))
		d.Detail = `The API reference: "The key needs to be in the same region as where the compute resource is created." A global or multi-region key is in no single region.`
	}
}

// kindNoun names a document's kind in a sentence.
func kindNoun(kind string) string {
	if kind == "PersistentResource" {
		return "persistent resource"
	}
	return "job"
}
