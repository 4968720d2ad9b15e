package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/googleapis/gax-go/v2"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/submit"
)

type result struct {
	code           int
	stdout, stderr string
}

// vxjob runs one command line in-process, with env as the environment and
// stdout a terminal when tty is set.
func vxjob(t *testing.T, env map[string]string, tty bool, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{
		stdin:      strings.NewReader(stdin),
		stdout:     &stdout,
		stderr:     &stderr,
		getenv:     func(k string) string { return env[k] },
		isTerminal: func(io.Writer) bool { return tty },
		timing:     testTiming,
	}
	code := a.run(context.Background(), append([]string{"vxjob"}, args...))
	return result{code, stdout.String(), stderr.String()}
}

// testTiming keeps the pauses between retries of in-process runs short:
// a test of a failing call waits milliseconds for the tries, not seconds.
var testTiming = submit.Timing{Backoff: gax.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond, Multiplier: 2}}

const (
	examples       = "../../examples"
	examplesConfig = "../../examples/.vxjob.yaml"
	badFile        = "../../lint/testdata/schema/multiple-errors.yaml"
	syntaxFile     = "../../lint/testdata/schema/yaml-syntax.yaml"
	emptyDoc       = "../../lint/testdata/schema/empty-document.yaml"
)

// TestLintUnreadableFileExits2: a file that cannot be read at all (a
// broken link) stops vxjob from doing its job: exit 2, where findings
// (a syntax error too) exit 1.
func TestLintUnreadableFileExits2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(dir, "gone.yaml"), filepath.Join(dir, "job.yaml")); err != nil {
		t.Skip(err)
	}
	r := vxjob(t, nil, false, "", "lint", badFile, dir)
	if r.code != 2 || !strings.Contains(r.stdout, "[VX000]") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestLintExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}{
		{"clean", []string{"lint", "--config", examplesConfig, examples}, 0, "no problems found (3 files, 3 documents checked)", ""},
		{"findings", []string{"lint", badFile}, 1, "7 errors in 1 file", ""},
		{"findings with a clean file", []string{"lint", "--config", examplesConfig, examples, badFile}, 1, "7 errors in 1 file (4 files, 4 documents checked; 1 document has schema errors: the rest of its checks run once those are fixed)", ""},
		{"a syntax error is a finding", []string{"lint", badFile, syntaxFile}, 1, "[VX001]", ""},
		{"warning below --fail-on", []string{"lint", emptyDoc}, 0, "2 warnings", ""},
		{"warning at --fail-on", []string{"lint", "--fail-on", "warning", emptyDoc}, 1, "2 warnings", ""},
		{"missing file", []string{"lint", "nope.yaml"}, 2, "", "vxjob: nope.yaml: no such file or directory"},
		{"unknown flag", []string{"lint", "--nope", examples}, 2, "", "nope"},
		{"bad format", []string{"lint", "--format", "xml", examples}, 2, "", `unknown format "xml"`},
		{"bad fail-on", []string{"lint", "--fail-on", "fatal", examples}, 2, "", `--fail-on: unknown severity "fatal"`},
		{"bad color", []string{"lint", "--color", "sometimes", examples}, 2, "", "--color must be auto, always or never"},
		{"negative jobs", []string{"lint", "--jobs", "-1", examples}, 2, "", "--jobs must not be negative"},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := vxjob(t, nil, false, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			// Usage errors say one line on stderr and leave stdout alone.
			if tt.stdout == "" && r.stdout != "" {
				t.Errorf("stdout should be empty, is %q", r.stdout)
			}
		})
	}
}

func TestLintFormats(t *testing.T) {
	t.Parallel()
	r := vxjob(t, map[string]string{"GITHUB_ACTIONS": "true"}, false, "", "lint", badFile)
	want := "::error file=../../lint/testdata/schema/multiple-errors.yaml,line=7,col=3,"
	if lint.WorkTreeRoot(".") != "" { // a checkout: paths from its root, as GitHub reads them
		want = "::error file=lint/testdata/schema/multiple-errors.yaml,line=7,col=3,"
	}
	if r.code != 1 || !strings.HasPrefix(r.stdout, want) {
		t.Errorf("in GitHub Actions the default format is github; got %q", r.stdout)
	}
	r = vxjob(t, map[string]string{"GITHUB_ACTIONS": "true"}, false, "", "lint", "--format", "text", badFile)
	if !strings.HasPrefix(r.stdout, "../../lint/testdata/schema/multiple-errors.yaml:7:3: error:") {
		t.Errorf("--format text did not win over GITHUB_ACTIONS: %q", r.stdout)
	}
	r = vxjob(t, nil, false, "", "lint", "-f", "sarif", badFile)
	if r.code != 1 || !strings.Contains(r.stdout, `"version": "2.1.0"`) {
		t.Errorf("sarif: %q", r.stdout)
	}
	r = vxjob(t, nil, false, "", "lint", "-f", "json", "--config", examplesConfig, examples)
	if r.code != 0 || !strings.Contains(r.stdout, `"diagnostics": []`) {
		t.Errorf("json: %q", r.stdout)
	}
}

func TestLintColor(t *testing.T) {
	t.Parallel()
	const escape = "\x1b["
	for _, tt := range []struct {
		env   map[string]string
		tty   bool
		flag  string
		color bool
	}{
		{nil, true, "auto", true},
		{nil, false, "auto", false},
		{map[string]string{"NO_COLOR": "1"}, true, "auto", false},
		{map[string]string{"NO_COLOR": ""}, true, "auto", true},
		{map[string]string{"NO_COLOR": "1"}, false, "always", true},
		{nil, true, "never", false},
	} {
		r := vxjob(t, tt.env, tt.tty, "", "lint", "--color", tt.flag, badFile)
		if got := strings.Contains(r.stdout, escape); got != tt.color {
			t.Errorf("env %v, terminal %v, --color %s: colour %v, want %v", tt.env, tt.tty, tt.flag, got, tt.color)
		}
	}
}

func TestLintStdin(t *testing.T) {
	t.Parallel()
	job := "apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: x}\nspec:\n  jobSpec:\n    workerPoolSpecs:\n    - replica_count: 1\n"
	r := vxjob(t, nil, false, job, "lint", "--stdin-filename", "jobs/x.yaml", "-")
	if r.code != 1 || !strings.HasPrefix(r.stdout, `jobs/x.yaml:7:7: error: field "replica_count" is written in snake_case; did you mean "replicaCount"? [VX102]`) {
		t.Errorf("exit %d: %s", r.code, r.stdout)
	}
}

func TestSchemaCommand(t *testing.T) {
	t.Parallel()
	combined, _ := schemas.JSON("")
	job, _ := schemas.JSON(schemas.KindCustomJob)
	config, _ := schemas.JSON(schemas.ConfigName)
	for _, tt := range []struct {
		args []string
		want []byte
	}{
		{[]string{"schema"}, combined},
		{[]string{"schema", "CustomJob"}, job},
		{[]string{"schema", "customjob"}, job},
		{[]string{"schema", "config"}, config},
	} {
		r := vxjob(t, nil, false, "", tt.args...)
		if r.code != 0 || r.stdout != string(tt.want) {
			t.Errorf("%v: exit %d, %d bytes; want the %d bytes of the schema", tt.args, r.code, len(r.stdout), len(tt.want))
		}
	}
	if r := vxjob(t, nil, false, "", "schema", "TrainingJob"); r.code != 2 || !strings.Contains(r.stderr, "kinds are CustomJob and PersistentResource") {
		t.Errorf("unknown kind: exit %d, %s", r.code, r.stderr)
	}
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	r := vxjob(t, nil, false, "", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "vxjob ") || !strings.Contains(r.stdout, "google.cloud.aiplatform.v1") {
		t.Errorf("version: exit %d, %q", r.code, r.stdout)
	}
	r = vxjob(t, nil, false, "", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "lint") || !strings.Contains(r.stdout, "schema") {
		t.Errorf("help: exit %d, %q", r.code, r.stdout)
	}
	r = vxjob(t, nil, false, "", "lint", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "--fail-on") {
		t.Errorf("lint help: exit %d, %q", r.code, r.stdout)
	}
}

func TestRulesAndExplain(t *testing.T) {
	t.Parallel()
	r := vxjob(t, nil, false, "", "rules")
	if r.code != 0 || !strings.Contains(r.stdout, "VX201  chief-pool") || !strings.Contains(r.stdout, "VX305  pool-capacity") {
		t.Errorf("rules: exit %d\n%s", r.code, r.stdout)
	}
	r = vxjob(t, nil, false, "", "explain", "pool-capacity")
	for _, want := range []string{
		"VX305 pool-capacity (pools tier, error by default)",
		"Reported:",
		"vxjob lint says:",
		`example.yaml:19:21: error: worker pools 0 and 1 ask pool "cpu-pool" of "training-pr" for 4 replicas; it holds at most 3 [VX305]`,
		"Not reported:",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := vxjob(t, nil, false, "", "explain", "VX999"); r.code != 2 || !strings.Contains(r.stderr, `unknown rule "VX999"`) {
		t.Errorf("explain VX999: exit %d, %s", r.code, r.stderr)
	}
}

// TestLintWithPoolsAndConfig: a job file linted alone, as pre-commit does,
// is checked against the pools the configuration names.
func TestLintWithPoolsAndConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := write(".vxjob.yaml", "location: us-central1\npools: [resources]\nrules: {unpinned-image: off}\nignore: [\"drafts/**\"]\n")
	write("resources/pr.yaml", `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr, project: acme-ml, location: us-central1}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: 2
`)
	job := write("jobs/etl.yaml", `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 3
      containerSpec: {imageUri: us-docker.pkg.dev/acme-ml/etl/etl}
`)
	draft := write("drafts/broken.yaml", "not: [valid\n")

	r := vxjob(t, nil, false, "", "lint", "--config", cfg, job, draft)
	if r.code != 1 || !strings.Contains(r.stdout, `etl.yaml:9:21: error: worker pool 0 asks pool "cpu-pool" of "training-pr" for 3 replicas; it holds at most 2 [VX305]`) ||
		strings.Contains(r.stdout, "VX214") || strings.Contains(r.stdout, "broken.yaml") {
		t.Errorf("with the configuration: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The location of the job comes from the flag, over the environment, over the configuration.
	r = vxjob(t, map[string]string{"VXJOB_LOCATION": "us-central1"}, false, "", "lint", "--config", cfg, "--location", "europe-west4", job)
	if !strings.Contains(r.stdout, "not in project -, location europe-west4 [VX301]") {
		t.Errorf("--location: %s", r.stdout)
	}
	r = vxjob(t, map[string]string{"VXJOB_LOCATION": "asia-east1"}, false, "", "lint", "--config", cfg, job)
	if !strings.Contains(r.stdout, "location asia-east1 [VX301]") {
		t.Errorf("VXJOB_LOCATION: %s", r.stdout)
	}
	// --pools adds to the configuration's pools files; a missing one is a usage error.
	if r := vxjob(t, nil, false, "", "lint", "--config", cfg, "--pools", filepath.Join(dir, "nope.yaml"), job); r.code != 2 || !strings.Contains(r.stderr, "--pools") {
		t.Errorf("missing --pools file: exit %d, %s", r.code, r.stderr)
	}
	// A broken configuration is reported like findings, and exits 2.
	bad := write("bad/.vxjob.yaml", "rules: {unpined-image: off}\n")
	r = vxjob(t, nil, false, "", "lint", "--config", bad, job)
	if r.code != 2 || !strings.Contains(r.stdout, `.vxjob.yaml:1:9: error: unknown rule "unpined-image"; did you mean "unpinned-image"? [VX009]`) {
		t.Errorf("bad configuration: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A configuration file named on the command line is checked as one.
	if r := vxjob(t, nil, false, "", "lint", "--config", cfg, bad); r.code != 2 || !strings.Contains(r.stdout, "[VX009]") {
		t.Errorf("linting a configuration file: exit %d\n%s", r.code, r.stdout)
	}
}

// In a subdirectory of a git work tree (a step with working-directory:
// ml), annotations and SARIF name files from the repository's root, as
// GitHub resolves them; SARIF through %SRCROOT%.
func TestPathsFromTheRepositoryRoot(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad, err := os.ReadFile("../../testdata/bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "ml/jobs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ml/jobs/bad.yaml"), bad, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(root, "ml"))

	r := vxjob(t, nil, false, "", "lint", "--format", "github", "jobs")
	if r.code != 1 || !strings.HasPrefix(r.stdout, "::error file=ml/jobs/bad.yaml,line=13,") {
		t.Errorf("github: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = vxjob(t, nil, false, "", "lint", "--format", "sarif", "jobs")
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("sarif: %v\n%s", err, r.stdout)
	}
	at := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if at.URI != "ml/jobs/bad.yaml" || at.URIBaseID != "%SRCROOT%" {
		t.Errorf("sarif location: %+v", at)
	}
	if base := log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("originalUriBaseIds: %q", base)
	}
	// Text output names files as they were given.
	if r := vxjob(t, nil, false, "", "lint", "jobs"); !strings.HasPrefix(r.stdout, "jobs/bad.yaml:13:") {
		t.Errorf("text: %s", r.stdout)
	}
}
