package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestCollectorPausedBeforeLargeInits checks that gcpause's init runs
// before the init functions that allocate most at start (GODEBUG=inittrace
// lists each package's, in the order they run): were it later, the pause
// would cover nothing.
func TestCollectorPausedBeforeLargeInits(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary(t), "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("vxjob version: %v\n%s", err, out)
	}
	var order []string
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order = append(order, f[1])
		}
	}
	pause := slices.Index(order, "github.com/vxjob/vxjob/internal/gcpause")
	if pause < 0 {
		t.Fatalf("no init of gcpause in the trace:\n%s", out)
	}
	for _, large := range []string{
		"github.com/santhosh-tekuri/jsonschema/v6",
		"cloud.google.com/go/aiplatform/apiv1/aiplatformpb",
	} {
		if i := slices.Index(order, large); i < 0 {
			t.Errorf("no init of %s in the trace", large)
		} else if i < pause {
			t.Errorf("%s is initialised before gcpause (%d, %d)", large, i, pause)
		}
	}
}

// TestOneFileLintCollectsNothing runs the pre-commit case with the
// collector's trace on: lint sets its collector before it allocates, so
// the heap of the init functions starts no collection (Go's default would
// start one at once) and a file's lint needs none.
func TestOneFileLintCollectsNothing(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary(t), "lint", "--config", "../../examples/.vxjob.yaml", "../../examples/jobs/resnet-distributed.yaml")
	cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1")
	cmd.Env = slices.DeleteFunc(cmd.Env, func(kv string) bool { return strings.HasPrefix(kv, "GOGC=") })
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("vxjob lint: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(line, "gc ") {
			t.Errorf("a collection ran:\n%s", out)
			break
		}
	}
}
