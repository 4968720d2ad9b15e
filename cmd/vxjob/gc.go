package main

import (
	"os"
	"runtime/debug"

	"github.com/vxjob/vxjob/internal/gcpause"
)

// Lint allocates about 54 KB per file and keeps under 1 KB of it (the
// pool tier's view of its job, packed, and what finds duplicates), so
// what the garbage collector costs is how often it runs. lintGCPercent
// lets the heap grow to five times what is kept before a collection, and
// the memory limit stops it short of lintMemoryFloor, or of
// lintMemoryPerFile for each file, whichever is more, which a run of
// files of one job each does not reach. On 10,000 files, 15 rounds: CPU
// 2.29 s at GOGC 100, 2.10 s at 200, 2.02 s at 400 with the limit, peak
// RSS 85, 108 and 125 MB; at 400 without the limit 2.03 s and 145 MB.
// Since jobs are kept packed, GOGC 200, 300 and 400 cost the same CPU
// (1.50, 1.49 and 1.49 s) at 67, 79 and 90 MB.
const (
	lintGCPercent     = 400
	lintMemoryFloor   = 100 << 20
	lintMemoryPerFile = 8 << 10
)

// startCollector ends the collector's pause of the init functions
// (internal/gcpause) with the setting of the command in args: lint's for
// lint, before lint allocates anything. The init functions leave about
// 5 MB of heap, above the first goal of Go's default (4 MB), so the
// default would start a collection at once: on a one-file lint, which then
// runs none, 2 to 10 ms of the run's wall time. Other commands get the
// default, or GOGC.
func startCollector(args []string) {
	if len(args) > 1 && args[1] == "lint" {
		gcpause.EndAt(lintGCPercent)
		return
	}
	gcpause.End()
}

// tuneGCForLint sets the collector's memory limit for linting files,
// unless the user has set GOMEMLIMIT: theirs wins. Only in vxjob's own
// process: in-process tests share the collector with others.
func (a *app) tuneGCForLint(files int) {
	if !a.getenvIsOS {
		return
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(max(lintMemoryFloor, int64(files)*lintMemoryPerFile))
	}
}
