package main

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// TestVertexAIErrorsExit1: whatever command calls Vertex AI, a call it
// refuses (or never answers) ends the run with exit status 1, saying what
// vxjob was doing and the server's code; 2 is for usage and input.
func TestVertexAIErrorsExit1(t *testing.T) {
	noCredentials(t)
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{}, true)
	srv.Inject(vertextest.Fault{
		Methods: []string{"ListPersistentResources", "GetPersistentResource", "ListCustomJobs"},
		Mode:    vertextest.Reject, Code: codes.PermissionDenied, Message: "the caller lacks a permission",
	})
	env := map[string]string{"VXJOB_ENDPOINT": endpoint}
	for _, args := range [][]string{
		{"snapshot", "--project", "acme-ml-prod", "--location", "us-central1"},
		{"pr", "describe", "training-pr", "--project", "acme-ml-prod", "--location", "us-central1"},
		{"plan", "--config", examplesConfig, examples},
		{"lint", "--live", "--config", examplesConfig, examples},
	} {
		r := vxjob(t, env, false, "", args...)
		if r.code != 1 || !strings.Contains(r.stderr, "the caller lacks a permission (PERMISSION_DENIED)") || strings.Contains(r.stderr, "rpc error") {
			t.Errorf("vxjob %s: exit %d, want 1\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}
