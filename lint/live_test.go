package lint

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

const liveJob = `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl, project: acme-ml, location: us-central1}
spec:
  jobSpec:
    persistentResourceId: training-pr
    serviceAccount: etl@acme.iam.gserviceaccount.com
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/etl/etl:2.1}
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme/etl/etl:2.1}
`

// snapshotText is a snapshot of training-pr with used replicas in use.
func snapshotText(used int) string {
	return `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr, project: acme-ml, location: us-central1}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 4
status:
  state: RUNNING
  observedAt: "2026-11-28T10:00:00Z"
  resourcePools:
  - {id: cpu-pool, replicaCount: 4, usedReplicaCount: ` + string(rune('0'+used)) + `}
`
}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLiveRequestAndView(t *testing.T) {
	t.Parallel()
	job := writeTemp(t, "job.yaml", liveJob)
	old := writeTemp(t, "old-snapshot.yaml", snapshotText(0))
	var asked LiveRequest
	live := func(req LiveRequest) (*LiveView, error) {
		asked = req
		return &LiveView{Snapshots: []*spec.File{spec.Parse("live:projects/acme-ml/locations/us-central1", []byte(snapshotText(3)))}}, nil
	}
	res := mustRun(t, []string{job}, Options{Pools: []string{old}, Live: live})

	want := LiveRequest{
		Places:          []spec.Where{{Project: "acme-ml", Location: "us-central1"}},
		Projects:        []string{"acme-ml"},
		ServiceAccounts: []string{"etl@acme.iam.gserviceaccount.com"},
	}
	if !slices.Equal(asked.Places, want.Places) || !slices.Equal(asked.Projects, want.Projects) || !slices.Equal(asked.ServiceAccounts, want.ServiceAccounts) {
		t.Errorf("asked %+v, want %+v", asked, want)
	}
	// The old snapshot saw the pool free; Vertex AI says 3 of 4 are in use
	// now, and it wins.
	if !hasRule(res, rulePoolBusy) {
		t.Fatalf("no %s; got %v", rulePoolBusy.ID, messages(res.Diagnostics))
	}
	for _, d := range res.Diagnostics {
		if d.Rule == rulePoolBusy && !strings.Contains(d.Detail, "Vertex AI reports 3 replicas in use now") {
			t.Errorf("detail: %s", d.Detail)
		}
	}
	// Without --live, the old snapshot is all there is.
	if res := mustRun(t, []string{job}, Options{Pools: []string{old}}); hasRule(res, rulePoolBusy) {
		t.Errorf("busy without the live view: %v", messages(res.Diagnostics))
	}
}

func TestLiveErrorEndsTheRun(t *testing.T) {
	t.Parallel()
	job := writeTemp(t, "job.yaml", liveJob)
	boom := errors.New("listing the persistent resources: Unavailable")
	_, err := Run([]string{job}, Options{Live: func(LiveRequest) (*LiveView, error) { return nil, boom }})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
}

func TestEmptySnapshotIsAPoolsFile(t *testing.T) {
	t.Parallel()
	job := writeTemp(t, "job.yaml", liveJob)
	empty := writeTemp(t, "none.yaml", "# Persistent resources of project acme-ml, location us-central1, as Vertex AI described them.\n# There are none.\n")
	res := mustRun(t, []string{job}, Options{Pools: []string{empty}})
	if len(res.Diagnostics) > 0 {
		t.Errorf("a snapshot with no resources is not a clean pools file: %v", messages(res.Diagnostics))
	}
}
