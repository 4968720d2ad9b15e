package spec

import (
	"os"
	"testing"
)

// BenchmarkCheckDepth is the scan every file gets before it is parsed, on
// an example job.
func BenchmarkCheckDepth(b *testing.B) {
	src, err := os.ReadFile("../examples/jobs/resnet-distributed.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if err := checkDepth(src); err != nil {
			b.Fatal(err.Msg)
		}
	}
}
