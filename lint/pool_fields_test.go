package lint

import (
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/internal/prototest"
	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
)

// TestEveryFieldIsCompared: a worker pool runs on a resource pool only
// when their machine and disk specs match in every field, so a field of
// aiplatformpb.MachineSpec or DiskSpec that pools.Machine, Disk, Same and
// Compare do not see (one a new API version adds) fails here, named. It is
// lint's test, not lint/pools': only packages that already link
// aiplatformpb test against it.
func TestEveryFieldIsCompared(t *testing.T) {
	for _, m := range []proto.Message{&aiplatformpb.MachineSpec{}, &aiplatformpb.DiskSpec{}} {
		_, isDisk := m.(*aiplatformpb.DiskSpec)
		read := func(t *testing.T, msg proto.Message) (pools.MachineSpec, pools.DiskSpec) {
			data, err := protojson.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			f := spec.Parse("spec.json", data)
			if len(f.Errors) > 0 || len(f.Docs) != 1 {
				t.Fatalf("%s: %v", data, f.Errors)
			}
			v := f.Docs[0].Root()
			if isDisk {
				return pools.MachineSpec{}, pools.Disk(v, "n1-standard-8")
			}
			return pools.Machine(v), pools.DiskSpec{}
		}
		bm, bd := read(t, prototest.Filled(m, 1))
		if !pools.Same(bm, bd, bm, bd) {
			t.Fatalf("a spec does not match itself: %+v %+v", bm, bd)
		}
		prefix := "machineSpec."
		if isDisk {
			prefix = "diskSpec."
		}
		for _, v := range prototest.Variants(m) {
			t.Run(prefix+v.Path, func(t *testing.T) {
				vm, vd := read(t, v.Msg)
				if pools.Same(bm, bd, vm, vd) {
					t.Errorf("specs that differ in %s%s match: pool matching does not compare it", prefix, v.Path)
				}
				field := prefix + v.Path
				if strings.HasPrefix(v.Path, "reservationAffinity.") {
					field = prefix + "reservationAffinity" // Compare names the reservation as one field
				}
				if !slices.Contains(pools.DiffFields(pools.Compare(bm, bd, vm, vd)), field) {
					t.Errorf("Compare does not name %s: %v", field, pools.Compare(bm, bd, vm, vd))
				}
			})
		}
	}
}
