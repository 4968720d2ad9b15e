//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestLintStopsOnFirstInterrupt runs the binary on a stream that never
// ends (lint <(command) of a command that hangs) and interrupts it once,
// as Ctrl-C does: it must stop at once, exit 2 and say it was interrupted.
func TestLintStopsOnFirstInterrupt(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/fd"); err != nil {
		t.Skip("no /dev/fd here")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cmd := exec.Command(binary(t), "lint", "/dev/fd/3")
	cmd.Dir = t.TempDir()
	cmd.ExtraFiles = []*os.File{r}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	t.Cleanup(func() { cmd.Process.Kill() })
	// A pipe holds 64 KiB: once 256 KiB are written, vxjob is reading, and
	// so has set up its signal handling long before.
	if _, err := w.WriteString("a: |\n" + strings.Repeat("  x\n", 64<<10)); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("vxjob lint: %v; want exit status 2\n%s", err, stderr.String())
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("killed by the signal instead of stopping")
	}
	if got := stderr.String(); got != "vxjob: interrupted; nothing was reported\n" {
		t.Errorf("stderr: %q", got)
	}
}
