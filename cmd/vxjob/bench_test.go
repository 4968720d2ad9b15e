//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vxjob/vxjob/internal/corpus"
)

// These benchmarks run the vxjob binary as pre-commit and CI do, so they
// measure process start-up and peak memory (the child's maximum resident
// set size, which Linux reports in KiB) along with the work.

// counter counts what a child writes, and keeps none of it.
type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// run is one run of a program: wall time, CPU time (user and system),
// peak resident set, and the size of what it wrote to standard output.
type run struct {
	wall   time.Duration
	cpu    time.Duration
	rssMB  float64
	output int64
}

// timeProgram is GNU time, which reports a child's peak resident set. A
// child of this process cannot: Go starts children with CLONE_VM, so until
// it execs the child shares this process's memory, and Linux counts this
// process's high-water mark as the child's (a run of /bin/true "peaks" at
// the size of the benchmark). GNU time forks its child the ordinary way.
const timeProgram = "/usr/bin/time"

// runProgram runs argv once under GNU time (when it is installed, else
// directly, with a peak resident set that may be this process's); an exit
// status other than 0 or 1 (findings) fails the benchmark.
func runProgram(b *testing.B, env []string, argv ...string) run {
	var rssFile string
	if _, err := os.Stat(timeProgram); err == nil {
		rssFile = filepath.Join(b.TempDir(), "rss")
		argv = append([]string{timeProgram, "-f", "%M %U %S", "-o", rssFile}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var out counter
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &stderr
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start), output: out.n}
	if code := cmd.ProcessState.ExitCode(); err != nil && code != 1 {
		b.Fatalf("%v: %v\n%s", argv, err, stderr.String())
	}
	// The child's rusage counts the children it waited for: with GNU time
	// between, the program's CPU time as well.
	r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	kb := float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
	if rssFile != "" {
		data, err := os.ReadFile(rssFile)
		var user, system float64
		if _, err2 := fmt.Sscan(string(data), &kb, &user, &system); err != nil || err2 != nil {
			b.Fatalf("%s: %q: %v %v", timeProgram, data, err, err2)
		}
		r.cpu = time.Duration((user + system) * float64(time.Second))
	}
	r.rssMB = kb / 1024
	return r
}

// BenchmarkCLIOneFile is the pre-commit case: one job file, one process,
// with the examples' configuration, which has it checked against the pools
// of the repository and a snapshot. Target: under 20 ms wall per run. The
// timed runs (ns/op) start vxjob directly; one more, under GNU time, gives
// the peak resident set.
//
// Most of such a run is start-up, which depends on the host as much as on
// vxjob, so each iteration also runs, in turns with it, the floors under
// it (lint-ms/op is the run itself, the others are from the same
// iterations): vxjob version (start-up of this binary, with no work), and
// the programs of internal/startfloor, which do nothing but link the lint
// package (lint-package-ms/op), the JSON Schema library alone
// (schema-library-ms/op), or nothing (empty-ms/op).
func BenchmarkCLIOneFile(b *testing.B) {
	bin := builtBinary(b)
	lint := []string{bin, "lint", "--config", "../../examples/.vxjob.yaml", "../../examples/jobs/resnet-distributed.yaml"}
	floors := []side{
		{"version", nil, []string{bin, "version"}},
		{"lint-package", nil, []string{helperProgram(b, "internal/startfloor/lintpackage")}},
		{"schema-library", nil, []string{helperProgram(b, "internal/startfloor/schemalibrary")}},
		{"empty", nil, []string{helperProgram(b, "internal/startfloor/empty")}},
	}
	start := func(argv []string) time.Duration {
		t := time.Now()
		if err := exec.Command(argv[0], argv[1:]...).Run(); err != nil {
			b.Fatalf("%v: %v", argv, err)
		}
		return time.Since(t)
	}
	start(lint) // the page cache
	for _, s := range floors {
		start(s.argv)
	}
	wall := map[string]time.Duration{}
	for b.Loop() {
		wall["lint"] += start(lint)
		b.StopTimer()
		for _, s := range floors {
			wall[s.name] += start(s.argv)
		}
		b.StartTimer()
	}
	for name, total := range wall {
		b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), name+"-ms/op")
	}
	b.ReportMetric(runProgram(b, nil, lint...).rssMB, "peak-RSS-MB")
}

var (
	helpersMu sync.Mutex
	helpers   = map[string]string{} // package directory: built program
)

// helperProgram builds the program in the package directory dir (from the
// repository's root) beside the vxjob binary, once, and returns its path.
func helperProgram(b *testing.B, dir string) string {
	helpersMu.Lock()
	defer helpersMu.Unlock()
	if path, ok := helpers[dir]; ok {
		return path
	}
	path := filepath.Join(filepath.Dir(builtBinary(b)), strings.ReplaceAll(dir, "/", "-"))
	if out, err := exec.Command("go", "build", "-o", path, "../../"+dir).CombinedOutput(); err != nil {
		b.Fatalf("building %s: %v\n%s", dir, err, out)
	}
	helpers[dir] = path
	return path
}

// side is a program BenchmarkCLI runs in each iteration, in turns with
// the others.
type side struct {
	name string
	env  []string
	argv []string
}

// BenchmarkCLI runs, on repositories of 1k, 10k and 50k job files that all
// name one persistent resource of three pools, described by a pools file
// (corpus.Shape: a monorepo on shared capacity), in turns within
// each iteration so that the machine's load touches all alike: vxjob lint
// with the pools file, vxjob lint without it, and parse-only (the same
// files read and parsed into yaml.Nodes by go.yaml.in/yaml/v3 on as many
// goroutines). It reports each one's wall seconds, peak RSS and output
// bytes, and lint's wall time as a multiple of parse-only's. Targets at
// 10k: with pools at most 1.5 times parse-only, without at most 1.3; peak
// RSS at most 150 MB, growing no faster than the files.
//
// VXJOB_BENCH_BASELINE=path/to/another/vxjob runs that build too, on the
// same files in the same iterations (as base-lint-pools and base-lint):
// before and after a change, side by side. VXJOB_BENCH_GOGC=N runs this
// build with GOGC=N as well (gc-lint-pools), which overrides the target
// lint sets itself (lintGCPercent).
func BenchmarkCLI(b *testing.B) {
	for _, files := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprintf("files=%dk", files/1000), func(b *testing.B) {
			dir := b.TempDir()
			s := corpus.Shape{Files: files, Pools: 3}
			jobs, pools := filepath.Join(dir, "jobs"), filepath.Join(dir, "pools.yaml")
			if err := corpus.WriteJobs("../..", jobs, s); err != nil {
				b.Fatal(err)
			}
			if err := corpus.WritePools(pools, s); err != nil {
				b.Fatal(err)
			}
			sides := []side{
				{"lint-pools", nil, []string{builtBinary(b), "lint", "--pools", pools, jobs}},
				{"lint", nil, []string{builtBinary(b), "lint", jobs}},
				{"parse", nil, []string{helperProgram(b, "internal/corpus/parseonly"), jobs}},
			}
			if base := os.Getenv("VXJOB_BENCH_BASELINE"); base != "" {
				sides = append(sides,
					side{"base-lint-pools", nil, []string{base, "lint", "--pools", pools, jobs}},
					side{"base-lint", nil, []string{base, "lint", jobs}})
			}
			if gc := os.Getenv("VXJOB_BENCH_GOGC"); gc != "" {
				sides = append(sides, side{"gc-lint-pools", []string{"GOGC=" + gc}, []string{builtBinary(b), "lint", "--pools", pools, jobs}})
			}
			for _, s := range sides {
				runProgram(b, s.env, s.argv...) // the page cache
			}
			total := map[string]time.Duration{}
			cpu := map[string]time.Duration{}
			peak := map[string]float64{}
			output := map[string]int64{}
			for b.Loop() {
				for _, s := range sides {
					r := runProgram(b, s.env, s.argv...)
					total[s.name] += r.wall
					cpu[s.name] += r.cpu
					peak[s.name] = max(peak[s.name], r.rssMB)
					output[s.name] = r.output
				}
			}
			names := make([]string, 0, len(total))
			for name := range total {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				b.ReportMetric(total[name].Seconds()/float64(b.N), name+"-s/op")
				b.ReportMetric(cpu[name].Seconds()/float64(b.N), name+"-cpu-s/op")
				b.ReportMetric(peak[name], name+"-RSS-MB")
				if name != "parse" {
					b.ReportMetric(float64(output[name]), name+"-out-B")
					b.ReportMetric(float64(total[name])/float64(total["parse"]), name+"/parse")
					// CPU time leaves out what a busy host's hypervisor
					// takes (steal), which the wall time counts.
					b.ReportMetric(float64(cpu[name])/float64(cpu["parse"]), name+"-cpu/parse")
				}
			}
		})
	}
}
