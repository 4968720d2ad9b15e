package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

const importCorpus = "../../importer/testdata/corpus"

const importConfig = `# Nightly churn model.
workerPoolSpecs:
  machineSpec:
    machineType: n1-standard-4
  replicaCount: 1
  containerSpec:
    imageUri: us-central1-docker.pkg.dev/acme-ml/training/churn:1.2.0
`

func TestImportStdin(t *testing.T) {
	t.Parallel()
	r := vxjob(t, nil, false, importConfig, "import", "-", "--name", "churn", "--project", "acme-ml", "--location", "us-central1")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"# churn.yaml\n", "# Nightly churn model.\n", "  name: churn\n  project: acme-ml\n  location: us-central1\n", "    workerPoolSpecs:\n    - machineSpec:\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestImportGcloudLine(t *testing.T) {
	t.Parallel()
	line := `gcloud ai custom-jobs create --region=us-central1 --display-name="Churn v2" \
  --worker-pool-spec=machine-type=n1-standard-4,container-image-uri=us-central1-docker.pkg.dev/acme-ml/training/churn:1.2.0`
	r := vxjob(t, nil, false, "", "import", "--gcloud", line)
	if r.code != 0 || !strings.Contains(r.stdout, "# churn-v2.yaml\n") || !strings.Contains(r.stdout, "  displayName: Churn v2\n") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}

// Several documents on standard output are one YAML stream that lints.
func TestImportScriptToStdout(t *testing.T) {
	t.Parallel()
	r := vxjob(t, nil, false, "", "import", filepath.Join(importCorpus, "41-gcloud-pr-and-job.sh"))
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr: %s", r.code, r.stderr)
	}
	f := spec.Parse("stdout", []byte(r.stdout))
	if len(f.Errors) > 0 || len(f.Docs) != 2 || f.Docs[0].Kind != "PersistentResource" || f.Docs[1].Kind != "CustomJob" {
		t.Errorf("stdout is not the two documents: %d docs, errors %v\n%s", len(f.Docs), f.Errors, r.stdout)
	}
	if !strings.Contains(r.stderr, `41-gcloud-pr-and-job.sh:11:1: note: skipped "gcloud ai persistent-resources describe t4-pr"`) {
		t.Errorf("the skipped command is not noted: %s", r.stderr)
	}
	lint := vxjob(t, nil, false, r.stdout, "lint", "-")
	if lint.code != 0 {
		t.Errorf("the imported stream does not lint clean: exit %d\n%s", lint.code, lint.stdout)
	}
}

func TestImportIntoDirectory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "jobs")
	// The script's --config is read relative to the script.
	script := filepath.Join(importCorpus, "38-gcloud-config-overrides.sh")
	r := vxjob(t, nil, false, "", "import", script, "-o", dir)
	path := filepath.Join(dir, "forecast-weekly.yaml")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "vxjob: wrote "+path+" (CustomJob)") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	written, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(written), "bootDiskSizeGb: 300") {
		t.Fatalf("%s: %v\n%s", path, err, written)
	}
	if lint := vxjob(t, nil, false, "", "lint", dir); lint.code != 0 {
		t.Errorf("the written file does not lint clean: exit %d\n%s", lint.code, lint.stdout)
	}

	// Again: the file is there, and stays as it is.
	if err := os.WriteFile(path, []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = vxjob(t, nil, false, "", "import", script, "-o", dir)
	if r.code != 2 || !strings.Contains(r.stderr, path+" already exists; nothing written (--force overwrites it)") {
		t.Errorf("overwriting without --force: exit %d\nstderr: %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != "edited\n" {
		t.Errorf("the file was overwritten without --force: %q", b)
	}
	r = vxjob(t, nil, false, "", "import", script, "-o", dir, "--force")
	if b, _ := os.ReadFile(path); r.code != 0 || string(b) != string(written) {
		t.Errorf("--force: exit %d, file %q\nstderr: %s", r.code, b, r.stderr)
	}
}

// What cannot be translated is reported at its place, exit status 1, and
// the rest is still written.
func TestImportProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := vxjob(t, nil, false, "", "import", filepath.Join(importCorpus, "43-gcloud-top-level-python-module.sh"), "-o", dir)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstderr: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		importCorpus + "/43-gcloud-top-level-python-module.sh:3:3: --python-module is a flag of gcloud ai custom-jobs local-run",
		importCorpus + "/43-gcloud-top-level-python-module.sh:4:3: gcloud ai custom-jobs create has no flag --staging-bucket; left out",
		"vxjob: 3 things not translated; the files hold the rest",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "mnist.yaml")); err != nil {
		t.Errorf("the translated part was not written: %v", err)
	}
}

func TestImportUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("workerPoolSpecs: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no input", []string{"import"}, "import needs a FILE, - for standard input, or --gcloud 'COMMAND LINE'"},
		{"two inputs", []string{"import", "a.yaml", "b.yaml"}, `import takes at most one argument, got 2: "a.yaml", "b.yaml"; usage: vxjob import [options] [FILE | -]`},
		{"file and --gcloud", []string{"import", "a.yaml", "--gcloud", "gcloud ai custom-jobs create"}, "give FILE or --gcloud, not both"},
		{"missing file", []string{"import", filepath.Join(dir, "nope.yaml")}, "nope.yaml: no such file or directory"},
		{"not YAML", []string{"import", bad}, "bad.yaml: "},
		{"bad name", []string{"import", filepath.Join(importCorpus, "02-config-list.yaml"), "--name", "Bad_Name"}, `name "Bad_Name" is not a valid metadata.name`},
		{"unknown flag", []string{"import", "--frobnicate", "x.yaml"}, "frobnicate"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := vxjob(t, nil, false, "", c.args...)
			if r.code != 2 || !strings.Contains(r.stderr, c.stderr) || r.stdout != "" {
				t.Errorf("exit %d, want 2\nstdout: %s\nstderr: %s\nwant stderr with %q", r.code, r.stdout, r.stderr, c.stderr)
			}
		})
	}
}
