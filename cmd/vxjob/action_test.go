package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionStep is a step of action.yml as the runner reads it.
type actionStep struct {
	Name             string            `yaml:"name"`
	Run              string            `yaml:"run"`
	Env              map[string]string `yaml:"env"`
	WorkingDirectory string            `yaml:"working-directory"`
}

// runActionStep runs the step of action.yml named name as the runner
// would: its script in bash, in its working directory under workspace,
// with its env (the ${{ }} expressions filled in from exprs) and the
// Actions variables set, and vxjob on PATH. It returns the step's stdout
// and what it wrote to GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
func runActionStep(t *testing.T, name, workspace string, exprs map[string]string) (stdout, outputs, summary string) {
	t.Helper()
	text, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []actionStep `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(text, &action); err != nil {
		t.Fatal(err)
	}
	var step *actionStep
	for i := range action.Runs.Steps {
		if action.Runs.Steps[i].Name == name {
			step = &action.Runs.Steps[i]
		}
	}
	if step == nil {
		t.Fatalf("action.yml has no step %q", name)
	}
	expr := regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	fill := func(s string) string {
		return expr.ReplaceAllStringFunc(s, func(m string) string {
			key := expr.FindStringSubmatch(m)[1]
			v, ok := exprs[key]
			if !ok {
				t.Fatalf("step %q uses ${{ %s }}, which the test does not set", name, key)
			}
			return v
		})
	}
	temp := t.TempDir()
	exprs["runner.temp"] = temp
	out, sum := filepath.Join(temp, "output"), filepath.Join(temp, "summary.md")
	cmd := exec.Command("bash", "-e", "-c", step.Run) // the runner's shell: bash -e {0}
	cmd.Dir = filepath.Join(workspace, fill(step.WorkingDirectory))
	cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=true", "GITHUB_WORKSPACE="+workspace, "RUNNER_TEMP="+temp,
		"GITHUB_OUTPUT="+out, "GITHUB_STEP_SUMMARY="+sum,
		"PATH="+filepath.Dir(binary(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
	for k, v := range step.Env {
		cmd.Env = append(cmd.Env, k+"="+fill(v))
	}
	stdoutBytes, err := cmd.Output()
	if err != nil {
		t.Fatalf("step %q: %v\n%s", name, err, stdoutBytes)
	}
	o, _ := os.ReadFile(out)
	s, _ := os.ReadFile(sum)
	return string(stdoutBytes), string(o), string(s)
}

// The Action's lint step, run as a runner runs it on a repository with a
// bad job in a subdirectory: annotations with paths from the repository's
// root, the findings in the summary, no SARIF unless asked, and SARIF
// through %SRCROOT% when asked.
func TestActionLintStep(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	workspace := t.TempDir()
	bad, err := os.ReadFile("../../testdata/bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for path, text := range map[string][]byte{".git/HEAD": []byte("ref: refs/heads/main\n"), "ml/jobs/bad.yaml": bad} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(workspace, path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(workspace, path), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs := func(sarif string) map[string]string {
		return map[string]string{"inputs.args": "jobs", "inputs.working-directory": "ml", "inputs.sarif": sarif}
	}

	stdout, outputs, summary := runActionStep(t, "vxjob lint", workspace, inputs("false"))
	if !strings.HasPrefix(stdout, "::error file=ml/jobs/bad.yaml,line=13,col=7,") {
		t.Errorf("annotations:\n%s", stdout)
	}
	if !strings.Contains(outputs, "status=1") || strings.Contains(outputs, "sarif=") {
		t.Errorf("outputs without sarif: %q", outputs)
	}
	if !strings.Contains(summary, "### vxjob lint") || !strings.Contains(summary, `jobs/bad.yaml:13:7: error: field "replica_count" is written in snake_case`) {
		t.Errorf("summary:\n%s", summary)
	}

	_, outputs, _ = runActionStep(t, "vxjob lint", workspace, inputs("true"))
	path, ok := strings.CutPrefix(regexp.MustCompile(`(?m)^sarif=.*$`).FindString(outputs), "sarif=")
	if !ok {
		t.Fatalf("no sarif output when asked: %q", outputs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) == 0 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("SARIF: %v\n%s", err, data)
	}
	if at := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation; at.URI != "ml/jobs/bad.yaml" || at.URIBaseID != "%SRCROOT%" {
		t.Errorf("SARIF location: %+v", at)
	}
}
