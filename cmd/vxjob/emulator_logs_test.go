//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/submit"
)

// vxjob emulator --job-logs PATTERN=FILE: the jobs whose display name
// matches log the file's lines when they start running; the others do not.
func TestEmulatorJobLogs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	train, eval := filepath.Join(dir, "train.log"), filepath.Join(dir, "eval.log")
	os.WriteFile(train, []byte("epoch 1 loss 0.91\r\nepoch 2 loss 0.52\n\nsaved model\n"), 0o644)
	os.WriteFile(eval, []byte("accuracy 0.87"), 0o644)
	emu := startEmulator(t, "--queued", "0s", "--pending", "0s", "--running", "1h",
		"--job-logs", "bert-*="+train, "--job-logs", "*-eval="+eval)

	ctx := context.Background()
	c, err := submit.Dial(ctx, "us-central1", submit.Endpoint{Address: emu.endpoint, Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ids := map[string]string{}
	for _, name := range []string{"bert-finetune", "bert-eval", "etl"} {
		j, err := c.Jobs.CreateCustomJob(ctx, &aiplatformpb.CreateCustomJobRequest{
			Parent: "projects/acme-ml-prod/locations/us-central1",
			CustomJob: &aiplatformpb.CustomJob{DisplayName: name, JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
				MachineSpec: &aiplatformpb.MachineSpec{MachineType: "n1-standard-4"}, ReplicaCount: 1,
				Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-docker.pkg.dev/acme/x/y:1"}}}}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = resname.ID(j.Name)
		// The emulator's clock is the wall's: wait (bounded) until it runs.
		for range 500 {
			got, err := c.Jobs.GetCustomJob(ctx, &aiplatformpb.GetCustomJobRequest{Name: j.Name})
			if err != nil {
				t.Fatal(err)
			}
			if got.State == aiplatformpb.JobState_JOB_STATE_RUNNING {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	texts := func(name string) string {
		t.Helper()
		code, stdout, stderr := runVxjob(t, examples, "logs", ids[name], "--project", "acme-ml-prod", "--location", "us-central1", "--endpoint", emu.endpoint, "--format", "json")
		if code != 0 {
			t.Fatalf("logs of %s: exit %d\n%s%s", name, code, stdout, stderr)
		}
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
			_, text, _ := strings.Cut(l, `"text":`)
			out = append(out, strings.TrimSuffix(text, "}"))
		}
		return strings.Join(out, "\n")
	}
	states := `"Job state: JOB_STATE_QUEUED"` + "\n" + `"Job state: JOB_STATE_PENDING"` + "\n" + `"Job state: JOB_STATE_RUNNING"`
	for name, want := range map[string]string{
		// Both patterns match bert-eval: its log has both files, in the
		// order of the flags.
		"bert-finetune": states + "\n" + `"epoch 1 loss 0.91"` + "\n" + `"epoch 2 loss 0.52"` + "\n" + `"saved model"`,
		"bert-eval":     states + "\n" + `"epoch 1 loss 0.91"` + "\n" + `"epoch 2 loss 0.52"` + "\n" + `"saved model"` + "\n" + `"accuracy 0.87"`,
		"etl":           states,
	} {
		if got := texts(name); got != want {
			t.Errorf("the log of %s:\n%s\nwant:\n%s", name, got, want)
		}
	}
	emu.stop(t)
}

func TestEmulatorJobLogsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	log := filepath.Join(dir, "train.log")
	os.WriteFile(log, []byte("epoch 1\n"), 0o644)
	for _, tc := range []struct{ value, want string }{
		{"[bert=" + log, `vxjob: --job-logs "[bert=` + log + `": the pattern "[bert": syntax error in pattern` + "\n"},
		{"bert-*=" + filepath.Join(dir, "gone.log"), `vxjob: --job-logs "bert-*=` + filepath.Join(dir, "gone.log") + `": stat ` + filepath.Join(dir, "gone.log") + ": no such file or directory\n"},
		{"bert-*=" + dir, `vxjob: --job-logs "bert-*=` + dir + `": ` + dir + " is not a regular file\n"},
		{log, `vxjob: --job-logs "` + log + `": give PATTERN=FILE, such as 'bert-*=train.log'` + "\n"},
	} {
		r := vxjob(t, nil, false, "", "emulator", "--listen", "127.0.0.1:0", "--job-logs", tc.value)
		if r.code != 2 || r.stderr != tc.want || r.stdout != "" {
			t.Errorf("--job-logs %s: exit %d\n%s%s\nwant:\n%s", tc.value, r.code, r.stdout, r.stderr, tc.want)
		}
	}
}
