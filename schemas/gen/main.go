// Command gen derives the JSON Schemas of vxjob documents from the
// aiplatformpb message descriptors of the client library vxjob is built
// against, so the schemas follow the API version in go.mod.
//
// Run it with `go generate ./schemas` (or `make schemas`); it writes
// customjob.json, persistentresource.json and vxjob.json into the directory
// given by -o. A test in this package fails when the committed files differ
// from what it would write.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("o", ".", "directory to write the schema files into")
	flag.Parse()
	files, err := generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.Name), f.Data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}
