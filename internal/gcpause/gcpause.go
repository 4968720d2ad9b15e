// Package gcpause holds the garbage collector off while vxjob's packages
// initialise. Their init functions allocate about 5 MB
// (santhosh-tekuri/jsonschema/v6 compiles the meta-schemas of five drafts,
// the API's protobuf descriptors are built), of which about 2 MB stays
// live, so Go's default (a first collection at 4 MB) collects during init,
// for a process that often ends 20 ms later: a lint of one file, run by
// pre-commit on every commit.
//
// Go initialises packages in the order of their import paths, each once
// all it imports is initialised (the Go spec, "Package initialization");
// this package imports only os and runtime/debug, so its init runs before
// those of the large packages. main calls End, or EndAt, first thing.
package gcpause

import (
	"os"
	"runtime/debug"
)

// percent is the collector's setting before init turned it off: GOGC's,
// or 100.
var percent = debug.SetGCPercent(-1)

// End gives the collector back its setting.
func End() { debug.SetGCPercent(percent) }

// EndAt ends the pause with the collector at p percent (as GOGC=p), unless
// GOGC is set: the user's setting wins.
func EndAt(p int) {
	if _, set := os.LookupEnv("GOGC"); set {
		End()
		return
	}
	debug.SetGCPercent(p)
}
