package spec

import (
	"os"
	"testing"
)

// BenchmarkCheckDepth is the check every file gets before it is parsed,
// on an example job: withinBounds lets it by.
func BenchmarkCheckDepth(b *testing.B) { benchDepth(b, checkDepth) }

// BenchmarkScanDepth is the scan the example would get without
// withinBounds.
func BenchmarkScanDepth(b *testing.B) { benchDepth(b, scanDepth) }

func benchDepth(b *testing.B, check func([]byte) *Error) {
	src, err := os.ReadFile("../examples/jobs/resnet-distributed.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if err := check(src); err != nil {
			b.Fatal(err.Msg)
		}
	}
}
