package submit

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// resolvesTo is a lookup that gives addrs for every name, and counts the
// calls.
func resolvesTo(calls *int, addrs ...string) lookupIP {
	return func(_ context.Context, _, _ string) ([]netip.Addr, error) {
		*calls++
		var out []netip.Addr
		for _, a := range addrs {
			out = append(out, netip.MustParseAddr(a))
		}
		return out, nil
	}
}

// TestPlaintextOnlyToResolvedLoopback: localhost is resolved before a
// plaintext connection, every address it resolves to must be loopback
// (a hosts file may send it to 10.1.2.3), and the address is dialled,
// not the name.
func TestPlaintextOnlyToResolvedLoopback(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		addr     string
		resolved []string
		want     string // the target dialled; "" for a refusal
		lookups  int
	}{
		{"localhost:8080", []string{"10.1.2.3"}, "", 1},
		{"localhost:8080", []string{"127.0.0.1", "10.1.2.3"}, "", 1},
		{"localhost:8080", nil, "", 1},
		{"localhost:8080", []string{"127.0.0.1", "::1"}, "127.0.0.1:8080", 1},
		{"localhost:8080", []string{"::1"}, "[::1]:8080", 1},
		{"LOCALHOST:8080", []string{"::ffff:127.0.0.1"}, "127.0.0.1:8080", 1},
		{"127.0.0.1:8080", []string{"10.1.2.3"}, "127.0.0.1:8080", 0},
		{"[::1]:8080", nil, "[::1]:8080", 0},
		{"10.1.2.3:8080", nil, "", 0},
		{"example.com:8080", []string{"127.0.0.1"}, "", 0}, // not resolved: it could change
	} {
		calls := 0
		got, err := loopbackTarget(ctx, tc.addr, resolvesTo(&calls, tc.resolved...))
		switch {
		case tc.want == "" && (err == nil || !strings.Contains(err.Error(), "loopback") && !strings.Contains(err.Error(), "no address")):
			t.Errorf("%s resolving to %v: got %q, %v; want a refusal", tc.addr, tc.resolved, got, err)
		case tc.want != "" && (err != nil || got != tc.want):
			t.Errorf("%s resolving to %v: got %q, %v; want %s", tc.addr, tc.resolved, got, err, tc.want)
		case calls != tc.lookups:
			t.Errorf("%s: %d lookups, want %d", tc.addr, calls, tc.lookups)
		}
		if err != nil {
			t.Logf("%s → %v: %v", tc.addr, tc.resolved, err)
		}
	}
}

// TestDialResolvedLoopback: a plaintext Dial of localhost reaches the
// emulator on the loopback address that localhost resolves to.
func TestDialResolvedLoopback(t *testing.T) {
	t.Parallel()
	srv := vertextest.New(vertextest.Options{})
	t.Cleanup(srv.Close)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	_, port, _ := net.SplitHostPort(lis.Addr().String())
	ctx := context.Background()
	calls := 0
	c, err := dial(ctx, "us-central1", Endpoint{Address: "localhost:" + port, Plaintext: true}, resolvesTo(&calls, "127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, _, err := c.Jobs.ListCustomJobs(ctx, &aiplatformpb.ListCustomJobsRequest{Parent: "projects/p/locations/us-central1"}); err != nil {
		t.Fatalf("listing over the resolved address: %v", err)
	}
	if _, err := dial(ctx, "us-central1", Endpoint{Address: "localhost:" + port, Plaintext: true}, resolvesTo(&calls, "10.1.2.3")); err == nil {
		t.Fatal("plaintext to localhost resolving to 10.1.2.3 was not refused")
	}
}
