// Package gcpause holds the garbage collector off while vxjob's packages
// initialise. Their init functions allocate about 5 MB that stays live
// (santhosh-tekuri/jsonschema/v6 compiles the meta-schemas of five drafts,
// the API's protobuf descriptors are built), so a collection then frees
// nothing and costs a start of every command about a tenth of its CPU.
//
// Go initialises packages in the order of their import paths, each once
// all it imports is initialised (the Go spec, "Package initialization");
// this package imports only runtime/debug, so its init runs before those
// of the large packages. main calls End first thing.
package gcpause

import "runtime/debug"

// percent is the collector's setting before init turned it off: GOGC's,
// or 100.
var percent = debug.SetGCPercent(-1)

// End gives the collector back its setting.
func End() { debug.SetGCPercent(percent) }
