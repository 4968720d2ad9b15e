package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// FuzzImport: whatever the input, Import neither panics nor writes a file
// that vxjob cannot read as YAML, and every problem has a position.
func FuzzImport(f *testing.F) {
	paths, _ := filepath.Glob("testdata/corpus/*")
	for _, p := range paths {
		if filepath.Ext(p) == ".out" {
			continue
		}
		data, err := os.ReadFile(p)
		if err == nil {
			f.Add(filepath.Base(p), data)
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if filepath.Base(name) != name || name == "" {
			return
		}
		res, err := Import(name, data, Options{Dir: t.TempDir()})
		if err != nil {
			return
		}
		for _, file := range res.Files {
			parsed := spec.Parse(file.Name, file.Text)
			for _, e := range parsed.Errors {
				if e.Kind == spec.SyntaxError || e.Kind == spec.EncodingError {
					t.Fatalf("%s does not read back: %s\n%s", file.Name, e.Msg, file.Text)
				}
			}
		}
		for _, p := range append(res.Problems, res.Notes...) {
			if p.Pos.Line < 1 || p.Pos.Col < 1 {
				t.Fatalf("problem without a position: %+v", p)
			}
		}
	})
}
