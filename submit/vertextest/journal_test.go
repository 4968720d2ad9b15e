package vertextest_test

import (
	"runtime"
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// Through gRPC, the server's journal lets go of old requests past 64 MiB
// and keeps the record of every call (journal_internal_test.go has the
// heap figure of the journal alone).
func TestServerJournalLetsGoOfLargeRequests(t *testing.T) {
	f := newFixture(t, vertextest.Options{})
	// The generated stub, not the aiplatform client, which would copy
	// a name into a routing header as well.
	jobs := aiplatformpb.NewJobServiceClient(f.srv.Conn())
	const calls, size = 40, 3 << 20
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range calls {
		// Each filter is new memory on the server, as each request is.
		// A filter that long is refused without being read or quoted, so
		// the calls cost what their requests do, not an error quoting 3 MiB
		// (that one call is below).
		filter := strings.Repeat(string(rune('a'+i%26)), size)
		_, err := jobs.ListCustomJobs(f.ctx, &aiplatformpb.ListCustomJobsRequest{Parent: parent, Filter: filter})
		wantCode(t, err, codes.InvalidArgument)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	got := f.srv.Calls("ListCustomJobs")
	kept, keptBytes := 0, 0
	for _, c := range got {
		if c.RequestSize < size {
			t.Fatalf("a call's RequestSize is %d, want at least %d", c.RequestSize, size)
		}
		if c.Request != nil {
			kept++
			keptBytes += c.RequestSize
		}
	}
	t.Logf("%d calls of %d MiB: %d requests kept (%d MiB); heap grew by %d MiB (%d MiB total alloc)", len(got), size>>20, kept, keptBytes>>20, grew>>20, (after.TotalAlloc-before.TotalAlloc)>>20)
	if len(got) != calls {
		t.Errorf("the journal has %d calls, want all %d", len(got), calls)
	}
	if keptBytes > 64<<20 || kept == 0 {
		t.Errorf("the journal keeps %d requests of %d bytes, want some, within 64 MiB", kept, keptBytes)
	}
	// The newest requests are the ones kept.
	if got[len(got)-1].Request == nil || got[0].Request != nil {
		t.Errorf("newest kept: %v, oldest kept: %v; want the newest only", got[len(got)-1].Request != nil, got[0].Request != nil)
	}
	if grew > 100<<20 {
		t.Errorf("the heap grew by %d MiB, want at most 100", grew>>20)
	}
	// Errors quote the name, clipped.
	_, err := jobs.GetCustomJob(f.ctx, &aiplatformpb.GetCustomJobRequest{Name: parent + "/customJobs/" + strings.Repeat("x", size)})
	if msg := status.Convert(err).Message(); len(msg) > 1100 || !strings.Contains(msg, "more bytes)") {
		t.Errorf("an error quoting a 3 MiB name is %d bytes: %.80q", len(msg), msg)
	}
}
