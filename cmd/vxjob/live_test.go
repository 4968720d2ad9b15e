package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// serveEmulator serves an in-process emulator on a loopback port, with
// training-pr in acme-ml-prod/us-central1, and returns its endpoint.
func serveEmulator(t *testing.T) (*vertextest.Server, string) {
	return serveEmulatorWith(t, vertextest.Options{}, true)
}

// serveEmulatorWith serves an emulator made with opts, with training-pr
// (a pool of 4 n1-standard-8) when withResource is set.
func serveEmulatorWith(t *testing.T, opts vertextest.Options, withResource bool) (*vertextest.Server, string) {
	t.Helper()
	srv := vertextest.New(opts)
	t.Cleanup(srv.Close)
	if withResource {
		pool := &aiplatformpb.ResourcePool{Id: "cpu-pool", MachineSpec: &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"}, ReplicaCount: proto.Int64(4)}
		if err := srv.AddResource("acme-ml-prod", "us-central1", "training-pr", &aiplatformpb.PersistentResource{ResourcePools: []*aiplatformpb.ResourcePool{pool}}); err != nil {
			t.Fatal(err)
		}
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	return srv, lis.Addr().String()
}

// noCredentials makes sure no Application Default Credentials can be
// found, so a test that would use them fails at once. TestMain points
// GOOGLE_APPLICATION_CREDENTIALS at a file that does not exist for the
// whole test binary (the credentials library then looks nowhere else), so
// that tests which need none can run in parallel, as t.Setenv forbids;
// this checks it is still so.
func noCredentials(t *testing.T) {
	t.Helper()
	if got := os.Getenv("GOOGLE_APPLICATION_CREDENTIALS"); got != noCredentialsFile {
		t.Fatalf("GOOGLE_APPLICATION_CREDENTIALS is %q, want %s (TestMain sets it)", got, noCredentialsFile)
	}
}

const noCredentialsFile = "/nonexistent/credentials.json"

func TestLiveNeedsCredentials(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	r := vxjob(t, nil, false, "", "lint", "--live", "--config", examplesConfig, examples)
	if r.code != 2 || !strings.Contains(r.stderr, "no Google Cloud credentials") || !strings.Contains(r.stderr, "VXJOB_ENDPOINT") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	// Without --live, lint needs no credentials.
	if r := vxjob(t, nil, false, "", "lint", "--config", examplesConfig, examples); r.code != 0 {
		t.Errorf("plain lint: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

func TestPlaintextEndpointOffLoopbackIsRefused(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"lint", "--live", "--endpoint", "grpc://10.1.2.3:8080", "--config", examplesConfig, examples}, "--endpoint"},
		{map[string]string{"VXJOB_ENDPOINT": "grpc://ml.example.com:8080"}, []string{"lint", "--live", "--config", examplesConfig, examples}, "VXJOB_ENDPOINT"},
		{nil, []string{"snapshot", "--project", "p", "--location", "us-central1", "--endpoint", "grpc://192.168.1.5:80"}, "--endpoint"},
		{nil, []string{"snapshot", "--project", "p", "--location", "us-central1", "--endpoint", "vertex.example.com:443", "--insecure"}, "--endpoint"},
		{map[string]string{"VXJOB_ENDPOINT": "10.0.0.7:8080"}, []string{"plan", "--insecure", "--config", examplesConfig, examples}, "VXJOB_ENDPOINT"},
	} {
		r := vxjob(t, tc.env, false, "", tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, "only to a loopback address") || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d: %s", tc.args, r.code, r.stderr)
		}
	}
}

func TestLiveLintPermissions(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulator(t)
	env := map[string]string{"VXJOB_ENDPOINT": endpoint}
	if r := vxjob(t, env, false, "", "lint", "--live", "--config", examplesConfig, examples); r.code != 0 {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	// --insecure says plaintext outright; to a loopback address it is allowed.
	if r := vxjob(t, nil, false, "", "lint", "--live", "--insecure", "--endpoint", endpoint, "--config", examplesConfig, examples); r.code != 0 {
		t.Fatalf("--insecure to loopback: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if r := vxjob(t, nil, false, "", "lint", "--live", "--insecure", "--config", examplesConfig, examples); r.code != 2 || !strings.Contains(r.stderr, "--insecure needs --endpoint") {
		t.Errorf("--insecure alone: exit %d: %s", r.code, r.stderr)
	}
	srv.Deny("aiplatform.customJobs.create", "projects/acme-ml-prod")
	r := vxjob(t, env, false, "", "lint", "--live", "--config", examplesConfig, examples)
	if r.code != 1 || strings.Count(r.stdout, "[VX401]") != 2 {
		t.Errorf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

func TestSnapshotCommand(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	_, endpoint := serveEmulator(t)

	// The project and location may come from the active gcloud
	// configuration.
	gcloud := t.TempDir()
	if err := os.MkdirAll(filepath.Join(gcloud, "configurations"), 0o755); err != nil {
		t.Fatal(err)
	}
	conf := "[core]\nproject = acme-ml-prod\n\n[ai]\nregion = us-central1\n"
	if err := os.WriteFile(filepath.Join(gcloud, "configurations", "config_default"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"VXJOB_ENDPOINT": endpoint, "CLOUDSDK_CONFIG": gcloud}
	r := vxjob(t, env, false, "", "snapshot")
	if r.code != 0 || !strings.Contains(r.stdout, "name: training-pr") || !strings.Contains(r.stdout, "# Written by: vxjob snapshot --project acme-ml-prod --location us-central1") {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	// Flags win over it; another project has no resources.
	r = vxjob(t, env, false, "", "snapshot", "--project", "other")
	if r.code != 0 || strings.Contains(r.stdout, "training-pr") || !strings.Contains(r.stdout, "There are none") {
		t.Errorf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}

	out := filepath.Join(t.TempDir(), "snap.yaml")
	r = vxjob(t, env, false, "", "snapshot", "-o", out)
	written, err := os.ReadFile(out)
	if r.code != 0 || err != nil || !strings.Contains(string(written), "training-pr") || !strings.Contains(r.stderr, "wrote 1 persistent resource of") {
		t.Errorf("exit %d: %s; file: %s %v", r.code, r.stderr, written, err)
	}

	// Without a project anywhere, it says what it needs.
	r = vxjob(t, map[string]string{"VXJOB_ENDPOINT": endpoint}, false, "", "snapshot", "--location", "us-central1")
	if r.code != 2 || !strings.Contains(r.stderr, "needs a project") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}
