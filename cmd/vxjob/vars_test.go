package main

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/spec"

	"github.com/vxjob/vxjob/submit/vertextest"
)

const varJob = `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: etl}
spec:
  jobSpec:
    persistentResourceId: training-pr
    workerPoolSpecs:
    - machineSpec: {machineType: "${MACHINE:-n1-standard-8}"}
      replicaCount: ${REPLICAS}
      containerSpec: {imageUri: "us-docker.pkg.dev/acme-ml/etl/etl:${IMAGE_TAG}"}
`

func TestLintVariables(t *testing.T) {
	t.Parallel()
	cfg := applyConfig + "variables:\n  env: [IMAGE_TAG]\n"
	dir := repo(t, map[string]string{".vxjob.yaml": cfg, "pr.yaml": applyPR, "jobs/etl.yaml": varJob})
	config := filepath.Join(dir, ".vxjob.yaml")
	lintDir := func(env map[string]string, args ...string) result {
		return vxjob(t, env, false, "", append(append([]string{"lint", "--config", config}, args...), dir)...)
	}

	// Unknown values draw no findings: not the integer REPLICAS, nor the
	// pool the job needs.
	if r := lintDir(nil); r.code != 0 || !strings.Contains(r.stdout, "no problems found") {
		t.Errorf("unknown values: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Asked, lint names each undefined variable where it is used.
	r := lintDir(nil, "--require-vars")
	if r.code != 1 || strings.Count(r.stdout, "[VX108]") != 2 || !strings.Contains(r.stdout, "variable REPLICAS is not defined") || !strings.Contains(r.stdout, "etl.yaml:9:21") {
		t.Errorf("--require-vars: exit %d\n%s", r.code, r.stdout)
	}
	// Resolved, the values are checked as if written: five replicas do
	// not fit a pool of four.
	r = lintDir(nil, "--require-vars", "--var", "REPLICAS=5", "--var", "IMAGE_TAG=2.1")
	if r.code != 1 || !strings.Contains(r.stdout, "[VX305]") || !strings.Contains(r.stdout, "for 5 replicas") {
		t.Errorf("REPLICAS=5: exit %d\n%s", r.code, r.stdout)
	}
	// A value that is not a number, once resolved, is the wrong type.
	r = lintDir(nil, "--var", "REPLICAS=many", "--var", "IMAGE_TAG=2.1")
	if r.code != 1 || !strings.Contains(r.stdout, "[VX104]") {
		t.Errorf("REPLICAS=many: exit %d\n%s", r.code, r.stdout)
	}
	// IMAGE_TAG may come from the environment (the configuration allows
	// it); REPLICAS may not.
	varFile := filepath.Join(dir, "ci.env")
	os.WriteFile(varFile, []byte("# from CI\nexport REPLICAS=2\nIMAGE_TAG='from-file'\n"), 0o644)
	env := map[string]string{"IMAGE_TAG": "from-env", "REPLICAS": "9"}
	if r := lintDir(env, "--require-vars", "--var-file", varFile); r.code != 0 {
		t.Errorf("--var-file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := lintDir(env, "--require-vars"); r.code != 1 || !strings.Contains(r.stdout, "variable REPLICAS is not defined") || strings.Contains(r.stdout, "IMAGE_TAG") {
		t.Errorf("environment: exit %d\n%s", r.code, r.stdout)
	}
	// Bad --var and --var-file lines are usage errors.
	if r := lintDir(nil, "--var", "1X=2"); r.code != 2 || !strings.Contains(r.stderr, "NAME=VALUE") {
		t.Errorf("--var 1X=2: exit %d: %s", r.code, r.stderr)
	}
	os.WriteFile(varFile, []byte("OK=1\nnot a line\n"), 0o644)
	if r := lintDir(nil, "--var-file", varFile); r.code != 2 || !strings.Contains(r.stderr, "ci.env:2:") {
		t.Errorf("bad --var-file: exit %d: %s", r.code, r.stderr)
	}
	yamlFile := filepath.Join(dir, "ci.yaml")
	os.WriteFile(yamlFile, []byte("REPLICAS: [1, 2]\n"), 0o644)
	if r := lintDir(nil, "--var-file", yamlFile); r.code != 2 || !strings.Contains(r.stderr, "ci.yaml:1:11: the value of REPLICAS must be a plain value") {
		t.Errorf("bad YAML --var-file: exit %d: %s", r.code, r.stderr)
	}
}

func TestPlanNeedsEveryVariable(t *testing.T) {
	t.Parallel()
	noCredentials(t)
	srv, endpoint := serveEmulatorWith(t, vertextest.Options{}, true)
	dir := repo(t, map[string]string{".vxjob.yaml": applyConfig, "jobs/etl.yaml": varJob})
	r := inRepo(t, dir, endpoint, "plan", "--var", "REPLICAS=2")
	if r.code != 1 || !strings.Contains(r.stderr, "variable IMAGE_TAG is not defined") || !strings.Contains(r.stderr, "lint found errors") {
		t.Fatalf("plan with IMAGE_TAG undefined: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// With every value, apply; a new image tag is a new spec, an unused
	// variable is not.
	if r := inRepo(t, dir, endpoint, "apply", "--var", "REPLICAS=2", "--var", "IMAGE_TAG=2.1"); r.code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := inRepo(t, dir, endpoint, "plan", "--var", "REPLICAS=2", "--var", "IMAGE_TAG=2.1", "--var", "UNUSED=x", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("an unused variable changed the plan: exit %d\n%s", r.code, r.stdout)
	}
	r = inRepo(t, dir, endpoint, "plan", "--var", "REPLICAS=2", "--var", "IMAGE_TAG=2.2")
	if !strings.Contains(r.stdout, "-/+ custom job etl") || !strings.Contains(r.stdout, `etl:2.1" → "us-docker.pkg.dev/acme-ml/etl/etl:2.2"`) {
		t.Errorf("a new image tag: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(srv.Calls("CreateCustomJob")); n != 1 {
		t.Errorf("%d creates", n)
	}
}

// TestVarsOrder: --var wins over --var-file, a later file over an earlier
// one, a file over the environment; only the names the configuration
// allows are read from the environment.
func TestVarsOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, second := filepath.Join(dir, "a.env"), filepath.Join(dir, "b.env")
	os.WriteFile(first, []byte("B=file-a\nC=file-a\n"), 0o644)
	os.WriteFile(second, []byte("C=\"file-b\"\n"), 0o644)
	env := map[string]string{"A": "env", "B": "env", "C": "env", "D": "env", "E": "env"}
	a := &app{getenv: func(k string) string { return env[k] }}
	cfg := &lint.Config{Env: []string{"A", "B", "C", "D"}}
	var got spec.Vars
	cmd := &cli.Command{Name: "t", Flags: varFlags(), DisableSliceFlagSeparator: true, Action: func(_ context.Context, c *cli.Command) (err error) {
		got, err = a.vars(c, cfg)
		return err
	}}
	third := filepath.Join(dir, "c.yaml")
	os.WriteFile(third, []byte("# YAML, as CI tools write it\nG: 4\nH: \"1.4.2\"\n"), 0o644)
	err := cmd.Run(context.Background(), []string{"t", "--var-file", first, "--var-file", second, "--var-file", third, "--var", "D=flag", "--var", "F=a,b=c"})
	if err != nil {
		t.Fatal(err)
	}
	want := spec.Vars{"A": "env", "B": "file-a", "C": "file-b", "D": "flag", "F": "a,b=c", "G": "4", "H": "1.4.2"}
	if !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
