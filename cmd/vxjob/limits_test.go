package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/internal/israce"
)

// endless is standard input that never ends, as `yes | vxjob import -`.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "y\n"[i%2]
	}
	return len(p), nil
}

// vxjobReading runs one command line in-process with stdin as standard
// input, and returns how many bytes it allocated.
func vxjobReading(t *testing.T, env map[string]string, stdin io.Reader, args ...string) (result, uint64) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{
		stdin:      stdin,
		stdout:     &stdout,
		stderr:     &stderr,
		getenv:     func(k string) string { return env[k] },
		isTerminal: func(io.Writer) bool { return false },
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	code := a.run(context.Background(), append([]string{"vxjob"}, args...))
	runtime.ReadMemStats(&after)
	return result{code, stdout.String(), stderr.String()}, after.TotalAlloc - before.TotalAlloc
}

// Inputs that never end are read up to 16 MiB and refused with a clear
// error: import of /dev/zero, import of an endless standard input, and
// --var-file /dev/zero.
func TestEndlessInputsAreRefused(t *testing.T) {
	// Alone, as it measures what the process allocates, but under the race
	// detector, which leaves that unchecked.
	if israce.Enabled {
		t.Parallel()
	}
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	job := filepath.Join(examples, "jobs", firstExample(t))
	for _, c := range []struct {
		name  string
		stdin io.Reader
		args  []string
	}{
		{"import /dev/zero", nil, []string{"import", "/dev/zero"}},
		{"import - of an endless stream", endless{}, []string{"import", "-"}},
		{"--var-file /dev/zero", nil, []string{"lint", "--var-file", "/dev/zero", job}},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdin := c.stdin
			if stdin == nil {
				stdin = strings.NewReader("")
			}
			r, alloc := vxjobReading(t, nil, stdin, c.args...)
			t.Logf("exit %d, %d MiB allocated: %s", r.code, alloc>>20, strings.TrimSpace(r.stderr))
			if r.code != 2 || !strings.Contains(r.stderr, "larger than 16 MiB") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line saying it is larger than 16 MiB", r.code, r.stderr)
			}
			// 16 MiB read into a buffer that doubles as it grows.
			if alloc > 96<<20 && !israce.Enabled {
				t.Errorf("reading it allocated %d MiB, want at most 96", alloc>>20)
			}
		})
	}
}

func firstExample(t *testing.T) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(examples, "jobs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			return e.Name()
		}
	}
	t.Fatal("no example job")
	return ""
}

// A script nested 100,000 levels deep is refused in one line with its
// position, exit 2, as other scripts that cannot be read; it once crashed
// the process with a stack overflow.
func TestImportDeeplyNestedScript(t *testing.T) {
	line := "gcloud ai custom-jobs create --region=us-central1 --display-name=" + strings.Repeat("$(", 100_000) + "x" + strings.Repeat(")", 100_000)
	r, alloc := vxjobReading(t, nil, strings.NewReader(""), "import", "--gcloud", line)
	t.Logf("exit %d, %d KiB allocated: %s", r.code, alloc>>10, strings.TrimSpace(r.stderr))
	if r.code != 2 || !strings.HasPrefix(r.stderr, "vxjob: <gcloud>:1:") || !strings.Contains(r.stderr, "nest more than 100 levels deep") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %.300q", r.code, r.stderr)
	}
	if alloc > 64<<20 {
		t.Errorf("refusing it allocated %d MiB", alloc>>20)
	}
}

// An unreadable gcloud configuration directory (here a file where the
// directory should be) does not stop an offline lint: gcloud's defaults
// are optional, and a note says they were not read.
func TestLintWithUnreadableGcloudConfig(t *testing.T) {
	t.Parallel()
	notDir := filepath.Join(t.TempDir(), "gcloud")
	if err := os.WriteFile(notDir, []byte("a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	job := filepath.Join(examples, "jobs", firstExample(t))
	env := map[string]string{"CLOUDSDK_CONFIG": notDir}
	// No --config, so that no .vxjob.yaml gives the defaults and gcloud's
	// are looked for.
	withConfig := vxjob(t, env, false, "", "lint", job)
	plain := vxjob(t, nil, false, "", "lint", job)
	if withConfig.code != plain.code || withConfig.stdout != plain.stdout {
		t.Errorf("with an unreadable gcloud directory: exit %d, stdout %q; without one: exit %d, stdout %q\nstderr: %s", withConfig.code, withConfig.stdout, plain.code, plain.stdout, withConfig.stderr)
	}
	if !strings.Contains(withConfig.stderr, "note: gcloud's configuration was not read") || !strings.Contains(withConfig.stderr, "not a directory") {
		t.Errorf("stderr %q, want a note that the gcloud configuration was not read", withConfig.stderr)
	}
}
