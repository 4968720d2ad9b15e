package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Some tests and benchmarks run the vxjob binary itself, as users, CI and
// pre-commit do. It is built once per test binary, into a directory that
// TestMain removes.

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func binary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "vxjob-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "vxjob")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = err
			t.Log(string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}
