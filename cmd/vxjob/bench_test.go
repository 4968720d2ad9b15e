//go:build linux

package main

import (
	"os/exec"
	"syscall"
	"testing"

	"github.com/vxjob/vxjob/internal/corpus"
)

// These benchmarks run the vxjob binary as pre-commit and CI do, so they
// measure process start-up and peak memory (the child's maximum resident
// set size, which Linux reports in KiB) along with the work.

// runBinary runs vxjob once and returns its peak resident set in MB.
func runBinary(b *testing.B, args ...string) float64 {
	cmd := exec.Command(binary(b), args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("vxjob %v: %v\n%s", args, err, out)
	}
	return float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
}

// BenchmarkCLIOneFile is the pre-commit case: one job file, one process,
// with the examples' configuration, which has it checked against the pools
// of the repository and a snapshot. Target: under 20 ms wall per run.
func BenchmarkCLIOneFile(b *testing.B) {
	binary(b)
	peak := 0.0
	for b.Loop() {
		peak = max(peak, runBinary(b, "lint", "--config", "../../examples/.vxjob.yaml", "../../examples/jobs/resnet-distributed.yaml"))
	}
	b.ReportMetric(peak, "peak-RSS-MB")
}

// BenchmarkCLI10k lints a 10,000-file repository in one process.
// Target: peak memory under 150 MB.
func BenchmarkCLI10k(b *testing.B) {
	binary(b)
	dir := b.TempDir()
	if err := corpus.Write("../..", dir, 10000); err != nil {
		b.Fatal(err)
	}
	peak := 0.0
	for b.Loop() {
		peak = max(peak, runBinary(b, "lint", dir))
	}
	b.ReportMetric(peak, "peak-RSS-MB")
}
