package main

import (
	"os"
	"runtime/debug"
)

// lintGCPercent is the garbage collector's target for lint. Linting
// allocates about 57 KB per file and keeps about 2 KB of it, so at Go's
// default (100) the collector runs every few hundred files; at 200, on
// 10,000 files (BENCHMARKS.md), lint takes about 13% less CPU and peaks at
// 114 MB instead of 90 MB. 300 and 400 saved little more and peaked at
// 134 and 154 MB.
const lintGCPercent = 200

// tuneGCForLint sets lintGCPercent, unless the user has set GOGC: theirs
// wins.
func tuneGCForLint() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(lintGCPercent)
	}
}
