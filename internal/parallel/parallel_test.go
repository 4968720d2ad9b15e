package parallel

import (
	"sync/atomic"
	"testing"
)

func TestDo(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 4}, {1, 4}, {10, 1}, {100, 8}, {5, 0}} {
		var calls [100]atomic.Int32
		var running, most atomic.Int32
		Do(tc.n, tc.workers, func(i int) {
			now := running.Add(1)
			for {
				m := most.Load()
				if now <= m || most.CompareAndSwap(m, now) {
					break
				}
			}
			calls[i].Add(1)
			running.Add(-1)
		})
		for i := range tc.n {
			if calls[i].Load() != 1 {
				t.Errorf("n=%d workers=%d: fn(%d) called %d times", tc.n, tc.workers, i, calls[i].Load())
			}
		}
		if limit := int32(max(tc.workers, 1)); most.Load() > limit {
			t.Errorf("n=%d workers=%d: %d ran at once", tc.n, tc.workers, most.Load())
		}
	}
}
