package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
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
// would (runStep), failing the test if the step fails. It returns the
// step's stdout and what it wrote to GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
func runActionStep(t *testing.T, name, workspace string, exprs map[string]string) (stdout, outputs, summary string) {
	t.Helper()
	r := runStep(t, name, workspace, exprs, nil)
	if r.err != nil {
		t.Fatalf("step %q: %v\n%s%s", name, r.err, r.stdout, r.stderr)
	}
	return r.stdout, r.outputs, r.summary
}

// stepRun is what a step of action.yml did: its output, what it wrote to
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_PATH, and how it ended.
type stepRun struct {
	stdout, stderr, outputs, summary, path string
	err                                    error
}

// runStep runs the step of action.yml named name as the runner would:
// its script in bash, in its working directory under workspace, with its
// env (the ${{ }} expressions filled in from exprs), the Actions
// variables and env set, and vxjob on PATH.
func runStep(t *testing.T, name, workspace string, exprs map[string]string, env []string) stepRun {
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
	out, sum, path := filepath.Join(temp, "output"), filepath.Join(temp, "summary.md"), filepath.Join(temp, "path")
	cmd := exec.Command("bash", "-e", "-c", step.Run) // the runner's shell: bash -e {0}
	cmd.Dir = filepath.Join(workspace, fill(step.WorkingDirectory))
	cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=true", "GITHUB_WORKSPACE="+workspace, "RUNNER_TEMP="+temp,
		"GITHUB_OUTPUT="+out, "GITHUB_STEP_SUMMARY="+sum, "GITHUB_PATH="+path,
		"PATH="+filepath.Dir(binary(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
	cmd.Env = append(cmd.Env, env...)
	for k, v := range step.Env {
		cmd.Env = append(cmd.Env, k+"="+fill(v))
	}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	o, _ := os.ReadFile(out)
	s, _ := os.ReadFile(sum)
	p, _ := os.ReadFile(path)
	return stepRun{stdout: stdout.String(), stderr: stderr.String(), outputs: string(o), summary: string(s), path: string(p), err: err}
}

// The Action's lint step, run as a runner runs it on a repository with a
// bad job in a subdirectory: annotations with paths from the repository's
// root, the findings in the summary, no SARIF unless asked, and SARIF
// through %SRCROOT% when asked.
func TestActionLintStep(t *testing.T) {
	t.Parallel()
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

// The install steps: a released tag (vX.Y.Z) is installed from its
// release, anything else with go install.
func TestActionChoosesInstall(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	for version, release := range map[string]bool{
		"v0.1.0": true, "v12.3.45": true,
		"latest": false, "main": false, "v0.1": false, "v0.1.0-rc.1": false, "0.1.0": false, "3f0f2cb": false,
	} {
		r := runStep(t, "Choose how to install vxjob", t.TempDir(), map[string]string{"inputs.version": version}, nil)
		if want := fmt.Sprintf("release=%t\n", release); r.err != nil || r.outputs != want {
			t.Errorf("version %s: %v, outputs %q, want %q", version, r.err, r.outputs, want)
		}
	}
}

// The release install, against a release laid out as GitHub serves it
// (<tag>/<binary>, <tag>/SHA256SUMS) in a local directory: a binary that
// matches its sum is put on PATH; a tampered one, or one the sums do not
// name, fails the step and is not installed.
func TestActionInstallsRelease(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl, which the install step uses")
	}
	const tag = "v0.1.0"
	runnerOS := map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
	runnerArch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	if runnerOS == "" || runnerArch == "" {
		t.Skipf("no release is built for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	ext := ""
	if runtime.GOOS == "windows" {
		ext = ".exe"
	}
	assetName := "vxjob-" + tag + "-" + runtime.GOOS + "-" + runtime.GOARCH + ext
	sum := fileSum(t, binary(t))

	// release lays out a release of asset (nil: the vxjob binary, linked
	// rather than copied, as it is 45 MB) and sums.
	release := func(t *testing.T, asset []byte, sums string) string {
		t.Helper()
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, tag), 0o755); err != nil {
			t.Fatal(err)
		}
		if asset == nil {
			// binary(t) is a symbolic link, which a hard link would copy.
			exe, err := filepath.EvalSymlinks(binary(t))
			if err == nil {
				err = os.Link(exe, filepath.Join(dir, tag, assetName))
			}
			if err != nil { // another file system, say: a copy, then
				if asset, err = os.ReadFile(binary(t)); err != nil {
					t.Fatal(err)
				}
			}
		}
		files := map[string][]byte{"SHA256SUMS": []byte(sums)}
		if asset != nil {
			files[assetName] = asset
		}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, tag, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return "file://" + filepath.ToSlash(dir)
	}
	install := func(t *testing.T, url string) stepRun {
		t.Helper()
		return runStep(t, "Install vxjob ${{ inputs.version }} from its release", t.TempDir(),
			map[string]string{"inputs.version": tag},
			[]string{"RUNNER_OS=" + runnerOS, "RUNNER_ARCH=" + runnerArch, "VXJOB_RELEASE_URL=" + url})
	}
	// sha256sum's lines, another platform's among them.
	sums := fmt.Sprintf("%x  vxjob-%s-plan9-amd64\n%x  %s\n", sha256.Sum256(nil), tag, sum, assetName)

	t.Run("good", func(t *testing.T) {
		r := install(t, release(t, nil, sums))
		if r.err != nil {
			t.Fatalf("%v\n%s%s", r.err, r.stdout, r.stderr)
		}
		bin := filepath.Join(strings.TrimSpace(r.path), "vxjob"+ext)
		if installed := fileSum(t, bin); installed != sum {
			t.Fatalf("GITHUB_PATH %q: %s is not the release's binary", r.path, bin)
		}
		if out, err := exec.Command(bin, "version").Output(); err != nil || !strings.HasPrefix(string(out), "vxjob ") || !strings.Contains(r.stdout, string(out)) {
			t.Errorf("the installed vxjob: %v %q; the step printed %q", err, out, r.stdout)
		}
	})
	// A mismatch and a missing line are found before the binary runs, so
	// those releases carry a stand-in of a few KiB, which the sums list as
	// they list the binary, rather than 45 MB copied, downloaded and
	// hashed again for each.
	standIn := bytes.Repeat([]byte("not vxjob\n"), 1000)
	standInSums := fmt.Sprintf("%x  vxjob-%s-plan9-amd64\n%x  %s\n", sha256.Sum256(nil), tag, sha256.Sum256(standIn), assetName)
	t.Run("tampered", func(t *testing.T) {
		bad := append([]byte(nil), standIn...)
		bad[len(bad)/2] ^= 1
		r := install(t, release(t, bad, standInSums))
		if r.err == nil || r.path != "" || !strings.Contains(r.stdout, "::error title=vxjob::"+assetName+" does not match the release's SHA256SUMS") {
			t.Errorf("a tampered binary: %v, GITHUB_PATH %q\n%s%s", r.err, r.path, r.stdout, r.stderr)
		}
	})
	t.Run("not in the sums", func(t *testing.T) {
		r := install(t, release(t, standIn, fmt.Sprintf("%x  vxjob-%s-plan9-amd64\n", sha256.Sum256(nil), tag)))
		if r.err == nil || r.path != "" || !strings.Contains(r.stdout, "has no line for "+assetName) {
			t.Errorf("a binary the sums do not name: %v, GITHUB_PATH %q\n%s%s", r.err, r.path, r.stdout, r.stderr)
		}
	})
	t.Run("no such release", func(t *testing.T) {
		r := install(t, "file://"+filepath.ToSlash(t.TempDir()))
		if r.err == nil || r.path != "" || !strings.Contains(r.stdout, "::error title=vxjob::could not download file://") {
			t.Errorf("a missing release: %v, GITHUB_PATH %q\n%s%s", r.err, r.path, r.stdout, r.stderr)
		}
	})
}

// fileSum is the SHA-256 of the file at path, read as a stream.
func fileSum(t *testing.T, path string) [sha256.Size]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// TestActionScriptsPassShellcheck runs shellcheck on every step script of
// action.yml, as bash runs it: actionlint checks workflow files, not an
// action's own metadata. ${{ }} expressions are replaced by a plain word
// first, as GitHub substitutes them before the shell sees the script.
func TestActionScriptsPassShellcheck(t *testing.T) {
	t.Parallel()
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed")
	}
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
	expr := regexp.MustCompile(`\$\{\{[^}]*\}\}`)
	checked := 0
	for _, step := range action.Runs.Steps {
		if step.Run == "" {
			continue
		}
		checked++
		// The step's env: GitHub sets these before the script runs.
		var b strings.Builder
		b.WriteString("#!/usr/bin/env bash\n")
		for _, name := range slices.Sorted(maps.Keys(step.Env)) {
			fmt.Fprintf(&b, "export %s=EXPR\n", name)
		}
		b.WriteString(step.Run)
		script := expr.ReplaceAllString(b.String(), "EXPR")
		cmd := exec.Command(shellcheck, "--shell=bash", "-")
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("step %q: shellcheck: %v\n%s", step.Name, err, out)
		}
	}
	if checked == 0 {
		t.Fatal("action.yml has no run steps")
	}
}
