package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedSchemasAreCurrent fails when the committed schema files differ
// from what the generator writes for the aiplatform version in go.mod.
func TestCommittedSchemasAreCurrent(t *testing.T) {
	files, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("generate wrote %d files, want 3", len(files))
	}
	for _, f := range files {
		committed, err := os.ReadFile(filepath.Join("..", f.Name))
		if err != nil {
			t.Fatalf("%s: %v (run `make schemas`)", f.Name, err)
		}
		if !bytes.Equal(committed, f.Data) {
			t.Errorf("schemas/%s is not what the generator writes; run `make schemas` and commit the result", f.Name)
		}
	}
}
