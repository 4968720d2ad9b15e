package pools

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// TestPackRoundTrip: every job of the examples, and one with every field
// the view reads set, comes back from Pack and Unpack as JobFrom made it.
func TestPackRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../../examples/jobs/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example jobs: %v", err)
	}
	var jobs []*Job
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range spec.Parse(name, src).Docs {
			if j := JobFrom(doc, Defaults{Project: "p", Location: "us-central1"}); j != nil {
				jobs = append(jobs, j)
			}
		}
	}
	full := spec.Parse("full.yaml", []byte(`apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: full, project: proj, location: europe-west4}
spec:
  encryptionSpec: {kmsKeyName: projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k}
  jobSpec:
    persistentResourceId: training-pr
    network: projects/1/global/networks/n
    serviceAccount: sa@proj.iam.gserviceaccount.com
    workerPoolSpecs:
    - machineSpec: {machineType: ct5lp-hightpu-4t, acceleratorType: TPU_V5_LITE_PODSLICE, acceleratorCount: 4, tpuTopology: 2x2}
      diskSpec: {bootDiskType: pd-ssd, bootDiskSizeGb: 200}
      replicaCount: 1
    - {}
    - machineSpec:
        machineType: a2-highgpu-1g
        gpuPartitionSize: 1g.5gb
        reservationAffinity: {reservationAffinityType: SPECIFIC_RESERVATION, key: compute.googleapis.com/reservation-name, values: [r1]}
      replicaCount: 3
`))
	if j := JobFrom(full.Docs[0], Defaults{}); j != nil {
		jobs = append(jobs, j)
	} else {
		t.Fatal("the full job has no view")
	}
	for _, j := range jobs {
		if got := Pack(j).Unpack(); !reflect.DeepEqual(got, j) {
			t.Errorf("%s: unpacked\n%+v\nwant\n%+v", j.Name, got, j)
		}
	}
}

// assigned are the fields Assign sets, which Pack leaves out.
var assigned = map[string]bool{"Resource": true, "Elsewhere": true, "Match": true, "Ambiguous": true, "Nearest": true, "Diffs": true}

// TestPackKeepsEveryField: a Job with every field (of it, its worker pools,
// their machines, disks and places) set to a value of its own, the places
// in other files too, comes back whole: a field added to the view but not
// to Pack fails here.
func TestPackKeepsEveryField(t *testing.T) {
	n := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			n++
			v.SetString(fmt.Sprintf("value %d", n))
		case reflect.Int, reflect.Int64:
			n++
			v.SetInt(int64(n))
		case reflect.Struct:
			for i := range v.NumField() {
				if !assigned[v.Type().Field(i).Name] {
					fill(v.Field(i))
				}
			}
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem())
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			for i := range v.Len() {
				fill(v.Index(i))
			}
		default:
			t.Fatalf("a field of kind %s: teach Pack and this test about it", v.Kind())
		}
	}
	j := &Job{}
	fill(reflect.ValueOf(j).Elem())
	if got := Pack(j).Unpack(); !reflect.DeepEqual(got, j) {
		t.Errorf("unpacked\n%+v\nwant\n%+v", got, j)
	}
	// The places in the job's own file and document, as JobFrom makes them.
	for _, p := range []*Place{&j.NetworkPlace, &j.KMSPlace, &j.ServiceAccountPlace, &j.Pools[0].Place, &j.Pools[1].ReplicasPlace} {
		p.File, p.Document = j.Place.File, j.Place.Document
	}
	if got := Pack(j).Unpack(); !reflect.DeepEqual(got, j) {
		t.Errorf("places in the job's file: unpacked\n%+v\nwant\n%+v", got, j)
	}
}

// TestPackedSize: a job of two worker pools packs in under 256 bytes,
// its places' paths left out as JobFrom writes them (jobFields, poolField).
func TestPackedSize(t *testing.T) {
	src, err := os.ReadFile("../../examples/jobs/resnet-distributed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	j := JobFrom(spec.Parse("examples/jobs/resnet-distributed.yaml", src).Docs[0], Defaults{})
	if j == nil || len(j.Pools) != 2 {
		t.Fatalf("the example has no job of two pools: %+v", j)
	}
	if n := len(Pack(j)); n >= 256 {
		t.Errorf("packed in %d bytes, want fewer than 256", n)
	}
}
