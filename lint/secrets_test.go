package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// ghToken is a GitHub-shaped token, put together at run time so that no
// secret scanner takes this file for a leak.
var ghToken = "ghp" + "_" + strings.Repeat("aB3dE5gH7j", 4)[:36]

// No output of lint shows a secret, whichever tiers ran on its document:
// one with a schema error draws no VX215, but its lines are still shown
// for other findings and its values quoted in their messages.
func TestNoOutputShowsASecret(t *testing.T) {
	t.Parallel()
	const plain = "plain-s3cret-value"
	job := func(env, extra string) string {
		return `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: x
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec:
        imageUri: us-docker.pkg.dev/p/r/img:1.0
        env:
        ` + env + `
` + extra
	}
	cases := map[string]string{
		// An unknown field on the secret's line: the schema tier fails,
		// and its finding shows the line.
		"typo on the line": job(`- {name: HF_TOKEN, value: `+plain+`, valu: x}`, ""),
		// The schema error elsewhere in the document.
		"typo elsewhere": job(`- {name: HF_TOKEN, value: `+plain+`}`, "  tpyo: 1\n"),
		// A wrong type quotes the value in its message.
		"value quoted": job(`- {name: HF_TOKEN, value: `+plain+`}`, "") + "---\napiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: y}\nspec:\n  jobSpec:\n    workerPoolSpecs:\n    - machineSpec: {machineType: n1-standard-4}\n      replicaCount: " + ghToken + "\n",
		// A file that does not parse: the credential's shape is masked.
		"syntax error": "apiVersion: vxjob/v1\nkind: CustomJob\nspec: {token: " + ghToken + ", [\n",
		// The secret in an argument, and a schema error on its line.
		"argument": job(`- {name: A, value: b}`, "") + "      args: [--db-password=" + plain + ", 1]\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "job.yaml")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Run([]string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Diagnostics) == 0 {
				t.Fatal("no findings: the case shows nothing")
			}
			for _, f := range Formats() {
				var out bytes.Buffer
				if err := Write(&out, f, res, OutputOptions{}); err != nil {
					t.Fatal(err)
				}
				for _, s := range []string{plain, ghToken} {
					if strings.Contains(out.String(), s) {
						t.Errorf("%s output shows the secret %.12q…:\n%s", f, s, out.String())
					}
				}
			}
			var text bytes.Buffer
			_ = Write(&text, FormatText, res, OutputOptions{})
			if !strings.Contains(text.String(), "****") {
				t.Errorf("text output shows no masked line:\n%s", text.String())
			}
		})
	}
}

// A finding in a file whose text was dropped (a pool-tier finding in a
// file without others) shows its line from the file read again, but only
// while the file holds the bytes that were linted.
func TestExcerptIsOfTheLintedBytes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "job.yaml")
	linted := []byte("apiVersion: vxjob/v1\nkind: CustomJob\n")
	for _, c := range []struct {
		now  string
		want bool
	}{
		{string(linted), true},
		{"apiVersion: vxjob/v1\nkind: CustomJob # changed since\n", false},
	} {
		if err := os.WriteFile(path, []byte(c.now), 0o644); err != nil {
			t.Fatal(err)
		}
		res := &Result{
			Diagnostics: []*Diagnostic{{Rule: ruleResourceNotFound, File: path}},
			sources:     map[string]*spec.File{},
			digests:     map[string]digest{path: digestOf(linted)},
		}
		res.keepSources()
		if got := res.Source(path) != nil; got != c.want {
			t.Errorf("file now %q: source kept = %v, want %v", c.now, got, c.want)
		}
	}
}

// A file that only a pool-tier finding brings back is read again, and its
// secrets are masked then (the run collects none for files it drops).
func TestSecretsOfAFileReadAgainAreMasked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pr := "apiVersion: vxjob/v1\nkind: PersistentResource\nmetadata: {name: known, project: my-project, location: us-central1}\nspec:\n  resourcePools:\n  - {id: a, machineSpec: {machineType: n1-standard-4}, replicaCount: 1}\n"
	// The secret's value is on the finding's line too, in a comment.
	job := "apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: x, project: my-project, location: us-central1}\nspec:\n  jobSpec:\n    workerPoolSpecs: [{machineSpec: {machineType: n1-standard-4}, replicaCount: 1, containerSpec: {imageUri: a/b:1.0, env: [{name: HF_TOKEN, value: pl41n-pw}]}}]\n    persistentResourceId: missing # was HF_TOKEN=pl41n-pw\n"
	for name, text := range map[string]string{"pr.yaml": pr, "job.yaml": job} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run([]string{filepath.Join(dir, "pr.yaml"), filepath.Join(dir, "job.yaml")}, Options{Rules: map[*Rule]Severity{rulePlaintextSecret: Off}})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Write(&out, FormatText, res, OutputOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "[VX301]") || !strings.Contains(out.String(), "persistentResourceId") {
		t.Fatalf("no VX301 with its line:\n%s", out.String())
	}
	if strings.Contains(out.String(), "pl41n-pw") {
		t.Errorf("the secret is shown:\n%s", out.String())
	}
}
