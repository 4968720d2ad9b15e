package importer

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/spec"
)

var updateImport = flag.Bool("update-import", false, "rewrite the importer's golden .out files from what it imports now")

// The corpus: inputs in the shapes public repositories write them, each
// with a golden .out of what import makes of it.
const corpusDir = "testdata/corpus"

func corpusInputs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".yaml", ".json", ".sh":
			if !e.IsDir() {
				names = append(names, e.Name())
			}
		}
	}
	if len(names) < 40 {
		t.Fatalf("the corpus has %d inputs; it should have at least 40", len(names))
	}
	return names
}

// importCorpus imports one input as vxjob import would from the corpus
// directory, naming it by its base name so that goldens do not depend on
// where the tests run.
func importCorpus(t *testing.T, name string) *Result {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(name, src, Options{Dir: corpusDir})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

// render is the golden form of a result: each file, then the problems and
// the notes.
func render(res *Result) []byte {
	var b bytes.Buffer
	for _, f := range res.Files {
		fmt.Fprintf(&b, "=== %s (%s)\n%s", f.Name, f.Kind, f.Text)
	}
	if len(res.Problems) > 0 {
		b.WriteString("=== problems\n")
		for _, p := range res.Problems {
			fmt.Fprintln(&b, p)
		}
	}
	if len(res.Notes) > 0 {
		b.WriteString("=== notes\n")
		for _, n := range res.Notes {
			fmt.Fprintln(&b, n)
		}
	}
	return b.Bytes()
}

func TestCorpusGolden(t *testing.T) {
	t.Parallel()
	for _, name := range corpusInputs(t) {
		t.Run(name, func(t *testing.T) {
			got := render(importCorpus(t, name))
			golden := filepath.Join(corpusDir, strings.TrimSuffix(name, filepath.Ext(name))+".out")
			if *updateImport {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./importer -update-import to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("import of %s differs from %s (go test ./importer -update-import rewrites it):\n%s", name, golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

// corpusVars are the values CI would give the placeholders of an input.
var corpusVars = map[string]map[string]string{
	"16-config-placeholders.yaml":       {"MACHINE_TYPE": "n1-standard-8", "IMAGE_TAG": "4.0.2", "BUCKET": "acme-ml-runs", "WORKERS": "2"},
	"39-gcloud-script-variables.sh":     {"IMAGE_TAG": "2.2.0", "JOB_NAME": "ranker_20261128_101500"},
	"48-gcloud-placeholder-replicas.sh": {"IMAGE_TAG": "0.3.0", "GPUS": "1", "WORKERS": "4"},
}

// corpusFindings are the rules whose findings each input's import
// deserves when linted, one entry per finding: what the input itself gets
// wrong, and nothing that the import added.
var corpusFindings = map[string][]string{
	"01-config-single-mapping.yaml":         {"VX214"}, // unpinned-image: no tag
	"13-config-plaintext-secret.yaml":       {"VX215"}, // plaintext-secret: WANDB_API_KEY
	"14-config-deprecated-k80.yaml":         {"VX208"}, // deprecated-accelerator
	"15-config-accelerator-count-zero.yaml": {"VX207"}, // accelerator-without-type: count 0
	"19-config-unknown-keys.yaml":           {"VX203"}, // pool-task: replicaCnt is no replicaCount
	"30-sdk-single-pool-unpinned.yaml":      {"VX214"}, // unpinned-image: latest
	"31-gcloud-reference-example.sh":        {"VX214"}, // unpinned-image: gcloud's example has no tag
	// python-package: no python-module (it was a top-level flag) and no
	// --python-package-uris.
	"43-gcloud-top-level-python-module.sh": {"VX103", "VX103"},
	"44-gcloud-deprecated-k80.sh":          {"VX208"},
	"45-gcloud-accelerator-count-zero.sh":  {"VX207"},
	// ambiguous-resource-pools: the pool of --config and the last
	// --resource-pool-spec (whose disk-size gcloud drops) are alike.
	"49-gcloud-pr-config.sh":    {"VX218"},
	"50-gcloud-unknown-keys.sh": {"VX203"}, // pool-task: machine_type is no machine-type
}

func TestCorpusLints(t *testing.T) {
	t.Parallel()
	inputs := corpusInputs(t)
	for _, name := range inputs {
		t.Run(name, func(t *testing.T) {
			res := importCorpus(t, name)
			if len(res.Files) == 0 {
				t.Fatal("no file imported")
			}
			dir := t.TempDir()
			var paths []string
			for _, f := range res.Files {
				parsed := spec.ParseVars(f.Name, f.Text, corpusVars[name])
				for _, e := range parsed.Errors {
					t.Errorf("%s does not parse: %v", f.Name, e)
				}
				path := filepath.Join(dir, f.Name)
				if err := os.WriteFile(path, f.Text, 0o644); err != nil {
					t.Fatal(err)
				}
				paths = append(paths, path)
			}
			lr, err := lint.Run(paths, lint.Options{Jobs: 1, Vars: corpusVars[name]})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range lr.Diagnostics {
				got = append(got, d.Rule.ID)
			}
			slices.Sort(got)
			want := slices.Clone(corpusFindings[name])
			slices.Sort(want)
			if !slices.Equal(got, want) {
				var all strings.Builder
				for _, d := range lr.Diagnostics {
					fmt.Fprintf(&all, "\n  %s:%d:%d: %s [%s]", filepath.Base(d.File), d.Range.Start.Line, d.Range.Start.Column, d.Message(), d.Rule.ID)
				}
				t.Errorf("lint found %q, want %q:%s", got, want, all.String())
			}
		})
	}
	for name := range corpusFindings {
		if !slices.Contains(inputs, name) {
			t.Errorf("corpusFindings names %s, which the corpus does not have", name)
		}
	}
}

// lineDiff shows the lines of want and got that differ, with their
// numbers.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "%4d - %s\n%4d + %s\n", i+1, wl, i+1, gl)
		}
	}
	return b.String()
}
