//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// gcloudDriver runs gcloud commands one after another in one Python
// process, each read from standard input as a JSON list of arguments,
// through the same calliope CLI that gcloud's lib/gcloud.py builds: Python
// and gcloud's imports cost about a second of CPU per process, and the
// test's dozen commands each paid it. Every command's output (standard
// output and error, as they came) is followed by a line with its exit
// status. It is handed to Python through gcloud's own script
// (CLOUDSDK_PYTHON_ARGS), so gcloud still picks its interpreter and finds
// its installation; that script passes lib/gcloud.py's path as the first
// argument. -S comes first so that the script neither appends it after the
// code nor needs to.
const gcloudDriver = `
import json, os, sys, types
if len(sys.argv) < 2 or os.path.basename(sys.argv[1]) != 'gcloud.py':
    sys.exit('the gcloud script did not pass lib/gcloud.py: %r' % sys.argv)
sys.path.insert(0, os.path.dirname(sys.argv[1]))
sys.argv = sys.argv[1:2]
import gcloud
sys.path = gcloud.reorder_sys_path(sys.path)
gcloud._fix_google_module()
from googlecloudsdk import gcloud_main
cli = gcloud_main.CreateCLI([])
for line in sys.stdin:
    code = 0
    try:
        result = cli.Execute(json.loads(line), call_arg_complete=False)
        if isinstance(result, types.GeneratorType):
            for _ in result:
                pass
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException as e:
        sys.stderr.write('gcloud crashed: %r\n' % (e,))
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout.write('\n` + gcloudDone + ` %d\n' % code)
    sys.stdout.flush()
`

const gcloudDone = "vxjob-test-gcloud-done"

type gcloudSession struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	output *bufio.Reader
}

func startGcloud(t *testing.T, gcloud, dir string, env []string) *gcloudSession {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gcloud)
	cmd.Dir = dir
	cmd.Env = append(env, "CLOUDSDK_PYTHON_ARGS=-S -c exec(__import__('os').environ['VXJOB_TEST_GCLOUD_DRIVER'])", "VXJOB_TEST_GCLOUD_DRIVER="+gcloudDriver)
	cmd.Stdout, cmd.Stderr = w, w
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
		r.Close()
	})
	return &gcloudSession{t: t, cmd: cmd, stdin: stdin, output: bufio.NewReader(r)}
}

// run runs one gcloud command and returns whether it succeeded and what it
// printed.
func (g *gcloudSession) run(t *testing.T, args ...string) (bool, string) {
	t.Helper()
	line, _ := json.Marshal(args)
	if _, err := g.stdin.Write(append(line, '\n')); err != nil {
		t.Fatalf("gcloud %s: %v", strings.Join(args, " "), err)
	}
	var out strings.Builder
	for {
		s, err := g.output.ReadString('\n')
		if code, ok := strings.CutPrefix(s, gcloudDone+" "); ok {
			n, err := strconv.Atoi(strings.TrimSpace(code))
			if err != nil {
				t.Fatalf("gcloud %s: %q", strings.Join(args, " "), s)
			}
			// The driver starts its status line on a line of its own.
			return n == 0, strings.TrimSuffix(out.String(), "\n")
		}
		out.WriteString(s)
		if err != nil {
			t.Fatalf("gcloud %s: ended (%v) before it said how the command ended:\n%s", strings.Join(args, " "), err, out.String())
		}
	}
}

// TestGcloudAgainstTheEmulator drives `vxjob emulator` with gcloud, which
// speaks only REST: the calls the README says gcloud makes work, with no
// credentials, through api_endpoint_overrides/aiplatform. It needs gcloud
// installed, and skips without it.
func TestGcloudAgainstTheEmulator(t *testing.T) {
	gcloud, err := exec.LookPath("gcloud")
	if err != nil {
		t.Skip("gcloud is not installed")
	}
	t.Parallel()
	e := startEmulator(t, "--seed", "persistent-resources", "--provisioning", "0s", "--operation", "0s", "--queued", "1h")
	dir := t.TempDir()
	job := filepath.Join(dir, "job.yaml")
	if err := os.WriteFile(job, []byte(`persistentResourceId: training-pr
workerPoolSpecs:
- machineSpec: {machineType: n1-standard-16, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 2}
  replicaCount: 1
  containerSpec: {imageUri: us-docker.pkg.dev/acme-ml-prod/train/bert:1.4.2}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	// Properties from the environment, in a configuration of the test's
	// own: no credentials, no prompts, no update checks, no usage reports.
	g := startGcloud(t, gcloud, dir, append(os.Environ(),
		"CLOUDSDK_CONFIG="+filepath.Join(dir, "gcloud"),
		"CLOUDSDK_CORE_PROJECT=acme-ml-prod",
		"CLOUDSDK_AUTH_DISABLE_CREDENTIALS=true",
		"CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM=http://"+e.endpoint+"/",
		"CLOUDSDK_CORE_DISABLE_PROMPTS=1",
		"CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK=true",
		"CLOUDSDK_CORE_DISABLE_USAGE_REPORTING=true",
	))
	run := func(t *testing.T, args ...string) (bool, string) {
		t.Helper()
		return g.run(t, append([]string{"ai"}, append(args, "--region", "us-central1")...)...)
	}
	want := func(t *testing.T, ok bool, out string, wantOK bool, wants ...string) {
		t.Helper()
		if ok != wantOK {
			t.Errorf("succeeded %v, want %v:\n%s", ok, wantOK, out)
		}
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q:\n%s", w, out)
			}
		}
	}

	// Three independent walks, one after another in one gcloud session.
	t.Cleanup(func() { e.stop(t) })
	t.Run("custom jobs", func(t *testing.T) {
		ok, out := run(t, "persistent-resources", "list", "--format", "value(name,state)")
		want(t, ok, out, true, "persistentResources/training-pr\tRUNNING")
		ok, out = run(t, "custom-jobs", "create", "--display-name", "gcloud-job", "--config", job)
		name := regexp.MustCompile(`projects/[0-9]+/locations/us-central1/customJobs/[0-9]+`).FindString(out)
		if !ok || name == "" {
			t.Fatalf("create: %s", out)
		}
		ok, out = run(t, "custom-jobs", "describe", name, "--format", "value(displayName,state)")
		want(t, ok, out, true, "gcloud-job\tJOB_STATE_QUEUED")
		ok, out = run(t, "custom-jobs", "list", "--filter", "displayName=gcloud-job", "--format", "value(name)")
		want(t, ok, out, true, name)
		ok, out = run(t, "custom-jobs", "cancel", name)
		want(t, ok, out, true)
	})
	t.Run("errors", func(t *testing.T) {
		ok, out := run(t, "custom-jobs", "create", "--display-name", "mismatch", "--persistent-resource-id", "training-pr",
			"--worker-pool-spec", "machine-type=n1-standard-4,replica-count=1,container-image-uri=us-docker.pkg.dev/acme-ml-prod/train/bert:1.4.2")
		want(t, ok, out, false, "INVALID_ARGUMENT: worker_pool_specs[0]")
		ok, out = run(t, "custom-jobs", "describe", "projects/acme-ml-prod/locations/us-central1/customJobs/123")
		want(t, ok, out, false, "NOT_FOUND: custom job")
	})
	t.Run("persistent resources", func(t *testing.T) {
		ok, out := run(t, "persistent-resources", "create", "--persistent-resource-id", "gcloud-pr", "--display-name", "gcloud",
			"--resource-pool-spec", "machine-type=n1-standard-8,replica-count=2")
		op := regexp.MustCompile(`gcloud ai operations describe (\S+)`).FindStringSubmatch(out)
		if !ok || op == nil {
			t.Fatalf("create a resource: %s", out)
		}
		ok, out = run(t, "operations", "describe", op[1], "--format", "value(done,response.state)")
		want(t, ok, out, true, "True\tRUNNING")
		ok, out = run(t, "persistent-resources", "reboot", "gcloud-pr")
		want(t, ok, out, true)
		ok, out = run(t, "persistent-resources", "delete", "gcloud-pr")
		want(t, ok, out, true)
		ok, out = run(t, "persistent-resources", "describe", "gcloud-pr")
		want(t, ok, out, false, "NOT_FOUND")
	})
}
