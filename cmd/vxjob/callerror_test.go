package main

import (
	"net"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// TestVertexAIErrorsExit1: whatever command calls Vertex AI, a call it
// refuses (or never answers) ends the run with exit status 1, saying what
// vxjob was doing and the server's code; 2 is for usage and input.
func TestVertexAIErrorsExit1(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{}, true)
	srv.Inject(vertextest.Fault{
		Methods: []string{"ListPersistentResources", "GetPersistentResource", "ListCustomJobs"},
		Mode:    vertextest.Reject, Code: codes.PermissionDenied, Message: "the caller lacks a permission",
	})
	for _, transport := range []string{"grpc", "rest"} {
		env := map[string]string{"VXJOB_ENDPOINT": endpoint, "VXJOB_TRANSPORT": transport}
		for _, args := range [][]string{
			{"snapshot", "--project", "acme-ml-prod", "--location", "us-central1"},
			{"pr", "describe", "training-pr", "--project", "acme-ml-prod", "--location", "us-central1"},
			{"plan", "--config", examplesConfig, examples},
			{"lint", "--live", "--config", examplesConfig, examples},
		} {
			r := vxjob(t, env, false, "", args...)
			if r.code != 1 || !strings.Contains(r.stderr, "the caller lacks a permission (PERMISSION_DENIED)") || strings.Contains(r.stderr, "rpc error") {
				t.Errorf("%s: vxjob %s: exit %d, want 1\n%s", transport, strings.Join(args, " "), r.code, r.stderr)
			}
		}
	}
}

// TestClosedEndpointExits1: an endpoint where nothing listens is Vertex AI
// failing to answer, not a usage error: every command that calls it says
// what it was doing, with UNAVAILABLE, after its retries, and exits 1.
func TestClosedEndpointExits1(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := lis.Addr().String()
	lis.Close()
	for _, transport := range []string{"grpc", "rest"} {
		env := map[string]string{"VXJOB_ENDPOINT": endpoint, "VXJOB_TRANSPORT": transport}
		closedEndpointExits1(t, transport, env)
	}
}

func closedEndpointExits1(t *testing.T, transport string, env map[string]string) {
	for _, tc := range []struct {
		args  []string
		doing string
	}{
		{[]string{"snapshot", "--project", "acme-ml-prod", "--location", "us-central1"}, "listing the persistent resources of projects/acme-ml-prod/locations/us-central1: "},
		{[]string{"pr", "describe", "training-pr", "--project", "acme-ml-prod", "--location", "us-central1"}, "reading persistent resource training-pr: "},
		{[]string{"plan", "--config", examplesConfig, examples}, "listing the jobs of projects/acme-ml-prod/locations/us-central1: "},
		{[]string{"apply", "--config", examplesConfig, examples}, "listing the jobs of projects/acme-ml-prod/locations/us-central1: "},
		{[]string{"lint", "--live", "--config", examplesConfig, examples}, "listing the persistent resources of projects/acme-ml-prod/locations/us-central1: "},
	} {
		r := vxjob(t, env, false, "", tc.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.doing) || !strings.Contains(r.stderr, "(UNAVAILABLE)") || strings.Contains(r.stderr, "rpc error") {
			t.Errorf("%s: vxjob %s: exit %d, want 1\n%s", transport, strings.Join(tc.args, " "), r.code, r.stderr)
		}
	}
}
