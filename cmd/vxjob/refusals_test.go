package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/submit/vertextest"
)

// TestLintHoldsEveryOfflineRefusal walks each refusal that plan and apply
// make without asking Vertex AI: `vxjob lint --require-vars` reports it
// (exit 1, with the rule), and plan and apply stop at their lint stage
// with the same finding, before any call to Vertex AI, even with the rule
// turned off in .vxjob.yaml.
func TestLintHoldsEveryOfflineRefusal(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	manyLabels := func(n int) string {
		var l []string
		for i := range n {
			l = append(l, fmt.Sprintf("l%02d: x", i))
		}
		return "{" + strings.Join(l, ", ") + "}"
	}
	job := func(name, labels string) string {
		return fmt.Sprintf(`apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: %s}
spec:
  labels: %s
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-8}
      replicaCount: 1
      containerSpec: {imageUri: "us-docker.pkg.dev/acme-ml/etl/etl:1.0"}
`, name, labels)
	}
	pr := func(replicas int) string {
		return fmt.Sprintf(`apiVersion: vxjob/v1
kind: PersistentResource
metadata: {name: training-pr}
spec:
  resourcePools:
  - id: cpu-pool
    machineSpec: {machineType: n1-standard-8}
    replicaCount: %d
`, replicas)
	}
	for _, tc := range []struct {
		name   string
		config string // .vxjob.yaml without rules:
		files  map[string]string
		rule   string
		where  string // FILE:LINE:COL of the finding
	}{
		{"one job in two files", applyConfig, map[string]string{"a.yaml": job("bert", "{}"), "b.yaml": job("bert", "{}")}, "VX312", "b.yaml:3:18"},
		{"one job twice in a file", applyConfig, map[string]string{"a.yaml": job("bert", "{}") + "---\n" + job("bert", "{team: ml}")}, "VX312", "a.yaml:14:18"},
		{"one resource, two specs", applyConfig, map[string]string{"a.yaml": pr(4), "b.yaml": pr(2)}, "VX312", "b.yaml:3:18"},
		{"62 labels of a job's own", applyConfig, map[string]string{"a.yaml": job("bert", manyLabels(62))}, "VX211", "a.yaml:5:3"},
		{"the reserved prefix", applyConfig, map[string]string{"a.yaml": job("bert", "{vxjob-key: mine}")}, "VX211", "a.yaml:5:12"},
		{"an undefined variable", applyConfig, map[string]string{"a.yaml": strings.Replace(job("bert", "{}"), "etl:1.0", "etl:${TAG}", 1)}, "VX108", "a.yaml:10:"},
		{"no project", "location: us-central1\n", map[string]string{"a.yaml": job("bert", "{}")}, "VX109", "a.yaml:3:18"},
		{"an ambiguous number", applyConfig, map[string]string{"a.yaml": strings.Replace(job("bert", "{}"), "replicaCount: 1", "replicaCount: 01", 1)}, "VX010", "a.yaml:9:21"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, endpoint := serveEmulatorWith(t, vertextest.Options{}, false)
			files := map[string]string{".vxjob.yaml": tc.config}
			for name, text := range tc.files {
				files[name] = text
			}
			dir := repo(t, files)
			finding := "[" + tc.rule + "]"

			r := vxjob(t, nil, false, "", "lint", "--require-vars", "--config", dir+"/.vxjob.yaml", dir)
			if r.code == 0 || !strings.Contains(r.stdout, finding) || !strings.Contains(r.stdout, tc.where) {
				t.Fatalf("lint --require-vars: exit %d, want a %s finding at %s\n%s%s", r.code, tc.rule, tc.where, r.stdout, r.stderr)
			}

			// The rule turned off: plan and apply hold it all the same.
			// (An input rule, VX010, cannot be turned off at all.)
			if tc.rule != "VX010" {
				offConfig := tc.config + "rules:\n  " + tc.rule + ": off\n"
				dir = repo(t, mergeFiles(files, ".vxjob.yaml", offConfig))
			}
			for _, cmd := range []string{"plan", "apply"} {
				r := inRepo(t, dir, endpoint, cmd)
				if r.code == 0 || !strings.Contains(r.stderr, finding) || !strings.Contains(r.stderr, tc.where) || !strings.Contains(r.stderr, "lint found errors") {
					t.Errorf("%s: exit %d, want its lint stage to stop at %s %s\n%s%s", cmd, r.code, tc.rule, tc.where, r.stdout, r.stderr)
				}
			}
			if calls := srv.Calls(); len(calls) > 0 {
				t.Errorf("plan and apply called Vertex AI %d times (first %s)", len(calls), calls[0].Method)
			}
		})
	}
}

// mergeFiles is files with name's text replaced.
func mergeFiles(files map[string]string, name, text string) map[string]string {
	out := map[string]string{name: text}
	for n, t := range files {
		if n != name {
			out[n] = t
		}
	}
	return out
}
