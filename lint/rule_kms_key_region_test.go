package lint

import (
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// TestKMSKeyRegionLocation checks that kms-key-region compares the key
// with the location the document is sent to: its own, else the run's
// default, and with none when that is not known.
func TestKMSKeyRegionLocation(t *testing.T) {
	t.Parallel()
	job := func(location, key string) string {
		meta := "  name: cmek\n"
		if location != "" {
			meta += "  location: " + location + "\n"
		}
		return "apiVersion: vxjob/v1\nkind: CustomJob\nmetadata:\n" + meta + `spec:
  encryptionSpec: {kmsKeyName: "projects/acme/locations/` + key + `/keyRings/ml/cryptoKeys/train"}
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/train/bert:1.4.2}
`
	}
	for _, c := range []struct {
		name, location, key, fallback string
		want                          string // "" for no finding
	}{
		{"document's location", "us-central1", "europe-west4", "", "the key is in europe-west4, the job in us-central1;"},
		{"document's location before the default", "us-central1", "europe-west4", "europe-west4", "the job in us-central1;"},
		{"document's location, matching", "europe-west4", "europe-west4", "us-central1", ""},
		{"default location", "", "europe-west4", "us-central1", "the job in us-central1 (the run's default location);"},
		{"default location, matching", "", "us-central1", "us-central1", ""},
		{"no location at all", "", "europe-west4", "", ""},
		{"location a variable without a value", "${REGION}", "europe-west4", "us-central1", ""},
		{"not a region, whatever the location", "", "global", "", "which is not a region"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := Options{Stdin: strings.NewReader(job(c.location, c.key)), StdinName: "job.yaml", Jobs: 1,
				Defaults: spec.Where{Project: "acme", Location: c.fallback}}
			res := mustRun(t, []string{"-"}, opts)
			var got []string
			for _, d := range res.Diagnostics {
				if d.Rule == ruleKMSKeyRegion {
					got = append(got, d.Summary)
				}
			}
			switch {
			case c.want == "" && len(got) > 0:
				t.Errorf("want no %s finding; got %q", ruleKMSKeyRegion.ID, got)
			case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
				t.Errorf("want one %s finding saying %q; got %q", ruleKMSKeyRegion.ID, c.want, got)
			}
		})
	}
}
