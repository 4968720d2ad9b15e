//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/submit"
)

// emulatorProcess is `vxjob emulator` running as a process of its own.
type emulatorProcess struct {
	cmd      *exec.Cmd
	endpoint string
	stderr   *bytes.Buffer
}

// startEmulator starts the emulator on a free loopback port and returns
// once it says where it serves.
func startEmulator(t *testing.T, args ...string) *emulatorProcess {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"emulator", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Dir = examples
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	e := &emulatorProcess{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = e.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if v, ok := strings.CutPrefix(lines.Text(), "export VXJOB_ENDPOINT="); ok {
			e.endpoint = v
			break
		}
	}
	if e.endpoint == "" {
		cmd.Wait()
		t.Fatalf("the emulator never said where it serves; stderr:\n%s", e.stderr)
	}
	return e
}

// stop interrupts the emulator, as Ctrl-C does, and checks it ends well.
func (e *emulatorProcess) stop(t *testing.T) {
	t.Helper()
	if err := e.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := e.cmd.Wait(); err != nil {
		t.Fatalf("the emulator ended with %v; stderr:\n%s", err, e.stderr)
	}
	if !strings.Contains(e.stderr.String(), "stopped") {
		t.Errorf("stderr: %s", e.stderr)
	}
}

// runVxjob runs the binary in dir and returns its exit status and output.
func runVxjob(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Dir = dir
	// No credentials and no gcloud configuration: the emulator needs none.
	cmd.Env = append(os.Environ(), "GOOGLE_APPLICATION_CREDENTIALS=/nonexistent/credentials.json", "CLOUDSDK_CONFIG="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// TestEmulatorSnapshotAndLiveLint drives the whole CLI against the
// emulator: seeded from examples/, it is snapshotted, and the examples
// lint clean live until another job holds the replicas one of them needs.
func TestEmulatorSnapshotAndLiveLint(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, "--seed", "persistent-resources", "--queued", "1h")

	snap := filepath.Join(t.TempDir(), "training.yaml")
	code, _, stderr := runVxjob(t, examples, "snapshot", "--project", "acme-ml-prod", "--location", "us-central1", "--endpoint", emu.endpoint, "-o", snap)
	if code != 0 {
		t.Fatalf("snapshot: exit %d: %s", code, stderr)
	}
	text, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: training-pr", "project: acme-ml-prod", "state: RUNNING", "{id: a100-pool, replicaCount: 1, usedReplicaCount: 0}"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the snapshot lacks %q:\n%s", want, text)
		}
	}
	// The snapshot is a pools file that lints clean.
	if code, stdout, _ := runVxjob(t, examples, "lint", "--fail-on", "info", snap); code != 0 {
		t.Errorf("the snapshot does not lint clean:\n%s", stdout)
	}

	code, stdout, stderr := runVxjob(t, examples, "lint", "--live", "--endpoint", emu.endpoint)
	if code != 0 || !strings.Contains(stdout, "no problems found") {
		t.Fatalf("lint --live on the examples: exit %d\n%s%s", code, stdout, stderr)
	}

	// Another job takes both replicas the A100 pool can hold; the example
	// job that needs one of them is then told it will wait.
	ctx := context.Background()
	c, err := submit.Dial(ctx, "us-central1", submit.Endpoint{Address: emu.endpoint, Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Jobs.CreateCustomJob(ctx, &aiplatformpb.CreateCustomJobRequest{
		Parent: "projects/acme-ml-prod/locations/us-central1",
		CustomJob: &aiplatformpb.CustomJob{
			DisplayName: "someone-elses-job",
			JobSpec: &aiplatformpb.CustomJobSpec{
				PersistentResourceId: "training-pr",
				WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
					MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "a2-highgpu-1g", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_A100, AcceleratorCount: 1},
					DiskSpec:     &aiplatformpb.DiskSpec{BootDiskType: "pd-ssd", BootDiskSizeGb: 200},
					ReplicaCount: 2,
					Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-docker.pkg.dev/acme/x/y:1"}},
				}},
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runVxjob(t, examples, "lint", "--live", "--endpoint", emu.endpoint)
	if code != 0 || !strings.Contains(stdout, "[VX306]") || !strings.Contains(stdout, "jobs/bert-finetune.yaml") {
		t.Fatalf("lint --live with the A100 pool in use: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, _ := runVxjob(t, examples, "lint", "--live", "--endpoint", emu.endpoint, "--fail-on", "warning"); code != 1 {
		t.Errorf("with --fail-on warning, the warning exits %d, want 1", code)
	}
	emu.stop(t)
}

func TestEmulatorRefusesToServeOffLoopback(t *testing.T) {
	t.Parallel()
	code, _, stderr := runVxjob(t, examples, "emulator", "--listen", "0.0.0.0:0")
	if code != 2 || !strings.Contains(stderr, "loopback") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestEmulatorFaultFlags(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, "--seed", "persistent-resources", "--fault-rate", "1", "--fault-methods", "ListPersistentResources", "--latency", "10ms")
	start := time.Now()
	// In-process, so that the retries of the failing list are quick.
	r := vxjob(t, nil, false, "", "snapshot", "--project", "acme-ml-prod", "--location", "us-central1", "--endpoint", emu.endpoint)
	if r.code != 1 || !(strings.Contains(r.stderr, "(UNAVAILABLE)") || strings.Contains(r.stderr, "(DEADLINE_EXCEEDED)")) {
		t.Errorf("snapshot with every List failing: exit %d: %s", r.code, r.stderr)
	}
	if time.Since(start) < 10*time.Millisecond {
		t.Error("the latency flag added no latency")
	}
	emu.stop(t)
}
