package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".vxjob.yaml": `project: acme-ml
location: us-central1
pools: [snapshots/prod.yaml, resources]
rules:
  unpinned-image: off
  VX311: warning
ignore: ["experiments/**"]
variables: {env: [IMAGE_TAG, CI_COMMIT_SHA]}
`,
		"snapshots/prod.yaml": "",
		"resources/pr.yaml":   "",
	})
	cfg, problems := LoadConfig(filepath.Join(dir, ".vxjob.yaml"))
	if problems != nil {
		t.Fatal(messages(problems.Diagnostics))
	}
	if strings.Join(cfg.Env, " ") != "IMAGE_TAG CI_COMMIT_SHA" {
		t.Errorf("env %v", cfg.Env)
	}
	if cfg.Defaults.Project != "acme-ml" || cfg.Defaults.Location != "us-central1" {
		t.Errorf("defaults %+v", cfg.Defaults)
	}
	if len(cfg.Pools) != 2 || cfg.Pools[0] != filepath.Join(dir, "snapshots/prod.yaml") {
		t.Errorf("pools %v", cfg.Pools)
	}
	unpinned, _ := LookupRule("VX214")
	queue, _ := LookupRule("jobs-queue")
	if cfg.Rules[unpinned] != Off || cfg.Rules[queue] != Warning {
		t.Errorf("rules %v", cfg.Rules)
	}
	for path, skip := range map[string]bool{
		filepath.Join(dir, "experiments/a/job.yaml"): true,
		filepath.Join(dir, "jobs/job.yaml"):          false,
		"-":                                          false,
	} {
		if cfg.Skips(path) != skip {
			t.Errorf("Skips(%s) = %v", path, !skip)
		}
	}
}

func TestConfigProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		config string
		want   []string // "line:col message"
	}{
		{"projct: acme-ml\n", []string{`1:1 unknown field "projct"; did you mean "project"?`}},
		{"rules:\n  unpined-image: off\n  VX001: off\n  VX214: loud\n", []string{
			`4:10 invalid VX214 "loud"`,
		}},
		{"rules:\n  unpined-image: off\n  VX001: off\n", []string{
			`2:3 unknown rule "unpined-image"; did you mean "unpinned-image"?`,
			`3:3 rule VX001 (yaml-syntax) cannot be changed`,
		}},
		{"pools: [missing.yaml]\nignore: ['a/[b']\n", []string{
			`1:9 no pools file or directory missing.yaml`,
			`2:10 invalid glob pattern "a/[b"`,
		}},
		{"project: acme-ml\n---\nlocation: us-east1\n", []string{`3:1 the configuration is one YAML document; this is a second`}},
		{"pools: [a\n", []string{`1:8 sequence end token ']' not found`}},
		{"variables:\n  env: [IMAGE_TAG, CI-SHA]\n  envs: []\n", []string{
			`2:20 invalid env[1] "CI-SHA"`,
			`3:3 unknown field "envs"; did you mean "env"?`,
		}},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, ".vxjob.yaml")
		writeFiles(t, dir, map[string]string{".vxjob.yaml": tt.config})
		_, problems := LoadConfig(path)
		if problems == nil {
			t.Errorf("%q: no problems", tt.config)
			continue
		}
		var got []string
		for _, d := range problems.Diagnostics {
			got = append(got, d.Range.Start.String()+" "+d.Message())
			if d.Rule.Tier != TierInput || problems.ExitCode(Error) != 2 {
				t.Errorf("%q: rule %s does not make vxjob exit 2", tt.config, d.Rule.ID)
			}
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%q:\n got %q\nwant %q", tt.config, got, tt.want)
		}
	}
	// An empty configuration is fine.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".vxjob.yml": "# nothing set yet\n"})
	if _, problems := LoadConfig(filepath.Join(dir, ".vxjob.yml")); problems != nil {
		t.Errorf("empty configuration: %v", messages(problems.Diagnostics))
	}
}

func TestFindConfig(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"repo/.git/HEAD":              "",
		"repo/.vxjob.yaml":            "",
		"repo/jobs/team/job.yaml":     "",
		"other/.git/HEAD":             "",
		"other/jobs/job.yaml":         "",
		".vxjob.yaml":                 "", // above the repository root: not used
		"repo/sub/.vxjob.yml":         "",
		"repo/sub/deeper/x/file.yaml": "",
	})
	for dir, want := range map[string]string{
		"repo/jobs/team":    "repo/.vxjob.yaml",
		"repo/sub/deeper/x": "repo/sub/.vxjob.yml",
		"other/jobs":        "",
	} {
		got, err := FindConfig(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		if want != "" {
			want = filepath.Join(root, want)
		}
		if got != want {
			t.Errorf("FindConfig(%s) = %q, want %q", dir, got, want)
		}
	}
}

// TestPoolsFileAlsoLinted: a pools file that is linted as well (named
// another way: relative on the command line, absolute from the
// configuration) is read once, so its findings appear once.
func TestPoolsFileAlsoLinted(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"pr.yaml": `apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replica_count: 2
`})
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, []string{"pr.yaml"}, Options{Pools: []string{filepath.Join(dir, "pr.yaml")}})
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].File != "pr.yaml" {
		t.Errorf("findings %v", messagesWithFiles(res.Diagnostics))
	}
}
