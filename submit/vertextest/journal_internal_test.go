package vertextest

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
)

// 1,000 calls with names of 3 MiB once made the journal hold 3 GB (4.5 GB
// of heap): it keeps every call, but their requests only up to 64 MiB.
// 100 such calls, 300 MiB, more than four times the bound, show it as
// well, for a tenth of the allocation.
func TestJournalIsBoundedInBytes(t *testing.T) {
	const calls, size = 100, 3 << 20
	var jr journal
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range calls {
		// Each name is new memory, as each request the server reads is.
		req := &aiplatformpb.GetCustomJobRequest{Name: strings.Repeat(string(rune('a'+i%26)), size)}
		jr.record(withRequest(Call{Method: "GetCustomJob", At: time.Now()}, req))
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	kept, keptBytes := 0, 0
	for _, c := range jr.calls {
		if c.Request != nil {
			kept++
			keptBytes += c.RequestSize
		}
	}
	t.Logf("%d calls of %d MiB: %d requests kept (%d MiB); heap grew by %d MiB", len(jr.calls), size>>20, kept, keptBytes>>20, grew>>20)
	if len(jr.calls) != calls {
		t.Errorf("the journal has %d calls, want all %d", len(jr.calls), calls)
	}
	if keptBytes != jr.bytes || keptBytes > journalRequestBytes || kept == 0 {
		t.Errorf("the journal keeps %d requests of %d bytes (counted %d), want some, within %d", kept, keptBytes, jr.bytes, journalRequestBytes)
	}
	if jr.calls[len(jr.calls)-1].Request == nil || jr.calls[0].Request != nil {
		t.Errorf("newest kept: %v, oldest kept: %v; want the newest only", jr.calls[len(jr.calls)-1].Request != nil, jr.calls[0].Request != nil)
	}
	if grew > journalRequestBytes+16<<20 {
		t.Errorf("the heap grew by %d MiB, want at most %d", grew>>20, (journalRequestBytes+16<<20)>>20)
	}
	// A request larger than the whole bound is not copied at all.
	huge := &aiplatformpb.GetCustomJobRequest{Name: strings.Repeat("x", journalRequestBytes+1)}
	if c := withRequest(Call{}, huge); c.Request != nil || c.RequestSize <= journalRequestBytes {
		t.Errorf("a request of %d bytes was kept", c.RequestSize)
	}
}

// When the journal reaches its count, the oldest half goes, and the byte
// count follows.
func TestJournalDropsTheOldestHalf(t *testing.T) {
	t.Parallel()
	var jr journal
	req := &aiplatformpb.GetCustomJobRequest{Name: "n"}
	for range journalLimit + 1 {
		jr.record(withRequest(Call{Method: "GetCustomJob"}, req))
	}
	if len(jr.calls) != journalLimit/2+1 {
		t.Errorf("%d calls kept, want %d", len(jr.calls), journalLimit/2+1)
	}
	if jr.bytes != len(jr.calls)*proto3Size(req) {
		t.Errorf("counted %d bytes, want %d", jr.bytes, len(jr.calls)*proto3Size(req))
	}
}

func proto3Size(m *aiplatformpb.GetCustomJobRequest) int { return withRequest(Call{}, m).RequestSize }
