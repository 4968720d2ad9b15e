package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/vxjob/vxjob/internal/gcpause"
)

// Some tests and benchmarks run the vxjob binary itself, as users, CI and
// pre-commit do. The test binary serves as it: TestMain links it as
// "vxjob" into a directory of its own, and the test binary started under
// that name runs main instead of the tests. That saves linking vxjob a
// second time, which took longer than most of the tests.

var (
	binPath string
	binErr  error
)

func binary(t testing.TB) string {
	t.Helper()
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "vxjob" {
		main()
		return
	}
	// main gives the collector back its setting; the tests need it too.
	gcpause.End()
	// Most of this package's tests wait, on the processes they start
	// (vxjob, its emulator, shells, gcloud) or on the emulator's jobs, so
	// more of them run at once than there are CPUs, unless -parallel
	// says how many.
	flag.Parse()
	parallelSet := false
	flag.Visit(func(f *flag.Flag) { parallelSet = parallelSet || f.Name == "test.parallel" })
	if !parallelSet {
		flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
	// No test finds Application Default Credentials (see noCredentials).
	if err := os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", noCredentialsFile); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "vxjob-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "vxjob")
	if exe, err := os.Executable(); err != nil {
		binErr = err
	} else if err := os.Symlink(exe, binPath); err != nil {
		binErr = fmt.Errorf("linking the test binary as vxjob: %w", err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	builtOnce sync.Once
	builtPath string
	builtErr  error
)

// builtBinary is vxjob as go build makes it, for the benchmarks: their
// figures (wall time, peak memory) are the release binary's, not the
// test binary's, which carries the tests.
func builtBinary(b *testing.B) string {
	b.Helper()
	builtOnce.Do(func() {
		builtPath = filepath.Join(filepath.Dir(binary(b)), "vxjob-built")
		if out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput(); err != nil {
			builtErr = fmt.Errorf("building vxjob: %v\n%s", err, out)
		}
	})
	if builtErr != nil {
		b.Fatal(builtErr)
	}
	return builtPath
}
