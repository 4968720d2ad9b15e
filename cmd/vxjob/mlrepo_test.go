package main

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// mlRepo is testdata/ml-repo: a machine-learning repository as vxjob
// meets it, one vxjob job among other tools' YAML.
const mlRepo = "../../testdata/ml-repo"

// brokenJob is a vxjob job with a typo at line 9, column 7.
const brokenJob = `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: broken
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replica_count: 1
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/train/bert:1.4.2}
`

// copyMLRepo copies testdata/ml-repo to a git work tree of its own, with
// the git-ignored node_modules/ and venv/ holding broken vxjob files (git
// would not keep them in testdata), every other file added to git's
// index, as in a clone.
func copyMLRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	err := filepath.WalkDir(mlRepo, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(mlRepo, path)
		return writeFile(filepath.Join(dir, rel), mustRead(t, path))
	})
	if err != nil {
		t.Fatal(err)
	}
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	for _, p := range []string{"node_modules/@acme/config/job.yaml", "venv/lib/python3.11/site-packages/vxjob_demo/job.yaml"} {
		if err := writeFile(filepath.Join(dir, p), brokenJob); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func writeFile(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// yamlFiles lists the YAML files git knows of in dir (what pre-commit
// passes), hidden ones included, relative to dir.
func yamlFiles(t *testing.T, dir string) []string {
	t.Helper()
	out, err := exec.Command("git", "-C", dir, "ls-files", "--cached", "--others", "--exclude-standard", "*.yaml", "*.yml").Output()
	if err != nil {
		t.Fatal(err)
	}
	files := strings.Fields(string(out))
	slices.Sort(files)
	return files
}

// TestLintFitsAnMLRepository: the first `vxjob lint .` of a real
// repository passes, skipping other tools' YAML and what git ignores, and
// says how many files it skipped; so does naming every YAML file, as
// pre-commit does; a broken job fails at its line; --strict makes the
// foreign files errors.
func TestLintFitsAnMLRepository(t *testing.T) {
	dir := copyMLRepo(t)

	code, stdout, stderr := runVxjob(t, dir, "lint", ".")
	if code != 0 || !strings.Contains(stdout, "no problems found (1 file, 1 document checked; 6 files skipped: not vxjob documents)") {
		t.Fatalf("lint .: exit %d\n%s%s", code, stdout, stderr)
	}

	files := yamlFiles(t, dir)
	if !slices.Contains(files, ".pre-commit-config.yaml") || !slices.Contains(files, ".github/workflows/ci.yml") || slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, "node_modules/") }) {
		t.Fatalf("git lists %v", files)
	}
	code, stdout, stderr = runVxjob(t, dir, append([]string{"lint"}, files...)...)
	if code != 0 || !strings.Contains(stdout, "8 files skipped: not vxjob documents") {
		t.Fatalf("lint of every YAML file: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runVxjob(t, dir, append([]string{"lint", "--format", "json"}, files...)...)
	if code != 0 || !strings.Contains(stdout, `"file": "k8s/deployment.yaml",`) || !strings.Contains(stdout, `"reason": "apiVersion apps/v1 is another tool's"`) {
		t.Errorf("lint --format json lists no skipped files:\n%s", stdout)
	}

	if err := writeFile(filepath.Join(dir, "jobs", "broken.yaml"), brokenJob); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runVxjob(t, dir, "lint", ".")
	if code != 1 || !strings.Contains(stdout, "jobs/broken.yaml:9:7: error: field \"replica_count\" is written in snake_case") || strings.Contains(stdout, "node_modules") || strings.Contains(stdout, "venv") {
		t.Fatalf("lint with a broken job: exit %d\n%s%s", code, stdout, stderr)
	}

	code, stdout, stderr = runVxjob(t, dir, "lint", "--strict", "conf", "k8s/deployment.yaml", "jobs/bert-finetune.yaml")
	if code != 1 || !strings.Contains(stdout, "k8s/deployment.yaml:1:13: error: unsupported apiVersion \"apps/v1\"") || !strings.Contains(stdout, "conf/config.yaml:1:1: error: missing apiVersion [VX101]") {
		t.Fatalf("lint --strict: exit %d\n%s%s", code, stdout, stderr)
	}
	if err := writeFile(filepath.Join(dir, ".vxjob.yaml"), mustRead(t, filepath.Join(dir, ".vxjob.yaml"))+"strict: true\n"); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ = runVxjob(t, dir, "lint", "conf"); code != 1 || !strings.Contains(stdout, "[VX101]") {
		t.Errorf("strict: true: exit %d\n%s", code, stdout)
	}
}

// TestPreCommitHook runs the real pre-commit on the repository with this
// repository's vxjob-lint-system hook (`pre-commit try-repo`), with the
// vxjob just built on PATH: it passes clean, with pre-commit's default of
// every YAML file, and fails on a broken job, naming it. (The vxjob-lint
// hook is the same command that pre-commit builds with Go, which needs the
// module proxy; its definition is checked against this one.)
func TestPreCommitHook(t *testing.T) {
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit is not installed (.ci/run installs it)")
	}
	// The hooks' repository as pre-commit reads it: this repository's
	// .pre-commit-hooks.yaml, committed alone, since try-repo clones the
	// repository it is given, and this one's history took seconds.
	hooksRepo := t.TempDir()
	if err := writeFile(filepath.Join(hooksRepo, ".pre-commit-hooks.yaml"), mustRead(t, "../../.pre-commit-hooks.yaml")); err != nil {
		t.Fatal(err)
	}
	git(t, hooksRepo, "init", "-q")
	git(t, hooksRepo, "add", ".")
	git(t, hooksRepo, "commit", "-q", "-m", "hooks")
	dir := copyMLRepo(t)
	env := append(os.Environ(),
		"PATH="+filepath.Dir(binary(t))+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PRE_COMMIT_HOME="+t.TempDir(),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"CLOUDSDK_CONFIG="+t.TempDir(),
	)
	run := func() (int, string) {
		cmd := exec.Command(preCommit, "try-repo", hooksRepo, "vxjob-lint-system", "--all-files")
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		switch {
		case err == nil:
			return 0, string(out)
		case errors.As(err, &exit):
			return exit.ExitCode(), string(out)
		}
		t.Fatalf("pre-commit: %v\n%s", err, out)
		return 0, ""
	}
	code, out := run()
	t.Log(out)
	if code != 0 || !strings.Contains(out, "vxjob lint (installed vxjob)") || !strings.Contains(out, "Passed") {
		t.Fatalf("pre-commit on a clean repository: exit %d\n%s", code, out)
	}
	if err := writeFile(filepath.Join(dir, "jobs", "broken.yaml"), brokenJob); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", "jobs/broken.yaml")
	code, out = run()
	if code != 1 || !strings.Contains(out, "Failed") || !strings.Contains(out, "jobs/broken.yaml:9:7") {
		t.Fatalf("pre-commit with a broken job: exit %d\n%s", code, out)
	}
}

// TestPreCommitHooksAgree: the two hooks run the same command on the same
// files; they differ only in how vxjob is installed.
func TestPreCommitHooksAgree(t *testing.T) {
	t.Parallel()
	var hooks []map[string]any
	if err := yaml.Unmarshal([]byte(mustRead(t, "../../.pre-commit-hooks.yaml")), &hooks); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, h := range hooks {
		byID[h["id"].(string)] = h
	}
	golang, system := byID["vxjob-lint"], byID["vxjob-lint-system"]
	if golang == nil || system == nil || golang["language"] != "golang" || system["language"] != "system" {
		t.Fatalf("hooks: %v", hooks)
	}
	for _, k := range []string{"entry", "files", "pass_filenames", "require_serial"} {
		if golang[k] != system[k] {
			t.Errorf("%s: %v in vxjob-lint, %v in vxjob-lint-system", k, golang[k], system[k])
		}
	}
}
