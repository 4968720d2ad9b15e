// Package startfloor holds programs that do nothing but link a part of
// what vxjob links, so that BenchmarkCLIOneFile (cmd/vxjob) can measure,
// run for run beside vxjob lint on one file, the start-up cost that lint
// cannot go below: empty links nothing; schemalibrary links only
// github.com/santhosh-tekuri/jsonschema/v6, whose init compiles the
// meta-schemas of five drafts in every program that imports it;
// lintpackage links the lint package and what it imports, the most a
// binary without plan and apply would hold.
package startfloor
