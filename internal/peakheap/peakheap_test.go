package peakheap

import (
	"runtime"
	"testing"
)

var sink [][]byte

// TestOfSeesWhatIsHeld holds 64 MiB until the sampler has looked, then
// drops and collects it: the peak must count it; a function that holds
// nothing must not count it.
func TestOfSeesWhatIsHeld(t *testing.T) {
	const mib = 1 << 20
	held := Of(func() {
		for range 64 {
			sink = append(sink, make([]byte, mib))
		}
		for seen := taken.Load(); taken.Load() < seen+2; {
			runtime.Gosched()
		}
		sink = nil
		runtime.GC()
	})
	if held < 63*mib || held > 80*mib {
		t.Errorf("holding 64 MiB: peak %.1f MiB", float64(held)/mib)
	}
	if idle := Of(func() {}); idle > mib {
		t.Errorf("holding nothing: peak %.1f MiB", float64(idle)/mib)
	}
}
