package lint

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/spec/message"
)

// FuzzLint feeds arbitrary bytes through the loader, the schema tier and
// every output format. Whatever the input, nothing may panic; every
// diagnostic must have a rule, a message and a position inside the file;
// and a document the schema tier accepts must convert to the API message,
// so that what lint passes is something vxjob can send. Run it with
// `make fuzz`; it is seeded with the examples and the golden inputs.
func FuzzLint(f *testing.F) {
	for _, pattern := range []string{"../examples/*/*.yaml", "testdata/schema/*.yaml", "testdata/rules/*.yaml"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file := spec.Parse("fuzz.yaml", data)
		diags := CheckFile(file)
		lines := file.NumLines()
		for _, d := range diags {
			switch {
			case d.Rule == nil || d.Summary == "":
				t.Fatalf("diagnostic without rule or summary: %+v", d)
			case !d.Range.Start.IsValid():
				t.Fatalf("diagnostic without position: %s", d.Message())
			case d.Range.Start.Line > lines || d.Range.Start.Column < 1:
				t.Fatalf("position %v outside the file (%d lines): %s", d.Range.Start, lines, d.Message())
			case d.Range.End.Before(d.Range.Start):
				t.Fatalf("range %v ends before it starts: %s", d.Range, d.Message())
			}
		}
		checkConversions(t, file, diags)
		checkFastPath(t, file)
		res := &Result{Files: 1, Documents: len(file.Docs), Diagnostics: diags, sources: map[string]*spec.File{file.Name: file}}
		for _, format := range Formats() {
			if err := Write(io.Discard, format, res, OutputOptions{Tool: testTool, Color: true}); err != nil {
				t.Fatalf("%s output: %v", format, err)
			}
		}
	})
}

// checkConversions converts every document that drew no diagnostic.
func checkConversions(t *testing.T, file *spec.File, diags []*Diagnostic) {
	t.Helper()
	flagged := map[int]bool{}
	for _, d := range diags {
		flagged[d.Document] = true
	}
	for _, doc := range file.Docs {
		if flagged[doc.Index] || flagged[-1] || len(doc.Unresolved()) > 0 {
			// A value with an unknown variable draws no finding, and is
			// not sent until the variable has a value (plan refuses it).
			continue
		}
		var err error
		switch doc.Kind {
		case schemas.KindCustomJob:
			_, err = message.CustomJob(doc)
		case schemas.KindPersistentResource:
			_, err = message.PersistentResource(doc)
		default:
			t.Fatalf("document %d of kind %q passed the schema tier", doc.Index, doc.Kind)
		}
		if err != nil {
			t.Fatalf("document %d passed the schema tier but does not convert: %v", doc.Index, err)
		}
	}
}

// checkFastPath checks the schema tier's fast path against jsonschema/v6:
// it may accept only what the library accepts.
func checkFastPath(t *testing.T, file *spec.File) {
	t.Helper()
	for _, doc := range file.Docs {
		s, err := schemas.Compiled(doc.Kind)
		if err != nil || doc.Truncated {
			continue
		}
		if schemas.Accepts(doc.Kind, doc.Value) {
			if err := s.Validate(doc.Value); err != nil {
				t.Fatalf("document %d: the fast path accepts what the schema rejects: %v", doc.Index, err)
			}
		}
	}
}

// TestFastPath runs the fast path's property on the examples and golden
// inputs, and checks that it does its job: it accepts the valid ones, and
// understands every schema (a keyword it does not know would turn it off).
func TestFastPath(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("testdata/*/*.yaml")
	more, _ := filepath.Glob("../examples/*/*.yaml")
	accepted := 0
	for _, p := range append(paths, more...) {
		f := spec.ReadFile(p, nil, "")
		checkFastPath(t, f)
		for _, doc := range f.Docs {
			if schemas.Accepts(doc.Kind, doc.Value) {
				accepted++
			}
		}
	}
	for _, p := range more {
		for _, doc := range spec.ReadFile(p, nil, "").Docs {
			if !schemas.Accepts(doc.Kind, doc.Value) {
				t.Errorf("%s: the fast path does not accept a valid example", p)
			}
		}
	}
	if accepted < 50 {
		t.Errorf("the fast path accepted only %d documents", accepted)
	}
	if !schemas.Accepts(schemas.ConfigName, map[string]any{"project": "acme-ml-prod", "pools": []any{"a"}}) {
		t.Error("the fast path does not accept a valid configuration")
	}
}

// TestSchemaValidDocumentsConvert runs the conversion property of FuzzLint
// on the examples and golden inputs in every `go test`.
func TestSchemaValidDocumentsConvert(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("testdata/schema/*.yaml")
	more, _ := filepath.Glob("../examples/*/*.yaml")
	converted := 0
	for _, p := range append(paths, more...) {
		f := spec.ReadFile(p, nil, "")
		checkConversions(t, f, CheckFile(f))
		converted += len(f.Docs)
	}
	if converted < 10 {
		t.Errorf("only %d documents looked at", converted)
	}
}
