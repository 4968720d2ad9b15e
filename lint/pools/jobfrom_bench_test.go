package pools

import (
	"os"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// BenchmarkJobFrom is the pool tier's view of one job of the benchmark
// corpus's shape (two worker pools sharing a machine through an alias):
// parsing and the view, against parsing alone.
func BenchmarkJobFrom(b *testing.B) {
	src, err := os.ReadFile("../../examples/jobs/resnet-distributed.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			spec.Parse("job.yaml", src)
		}
	})
	b.Run("parse+view", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if JobFrom(spec.Parse("job.yaml", src).Docs[0], Defaults{}) == nil {
				b.Fatal("no job")
			}
		}
	})
}
