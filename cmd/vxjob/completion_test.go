package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCompletion: "vxjob completion SHELL" prints a script that completes
// vxjob, and the script's questions (the command line so far, then
// --generate-shell-completion) are answered with vxjob's commands and flags.
func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "-F __vxjob_bash_autocomplete vxjob",
		"zsh":  "#compdef vxjob",
		"fish": "complete -c vxjob",
	} {
		r := vxjob(t, nil, false, "", "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("completion %s: exit %d, stderr %q; the script does not contain %q:\n%s", shell, r.code, r.stderr, want, r.stdout)
		}
	}

	if bash, err := exec.LookPath("bash"); err == nil {
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(vxjob(t, nil, false, "", "completion", "bash").stdout)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bash -n: %v\n%s", err, out)
		}
	}

	// The questions go to the binary: at the top level urfave/cli reads
	// the command line from os.Args, which in-process is the test's.
	ask := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(binary(t), append(args, "--generate-shell-completion")...).Output()
		if err != nil {
			t.Fatalf("vxjob %s --generate-shell-completion: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	if out := ask(); !strings.Contains(out, "lint:") || !strings.Contains(out, "schema:") {
		t.Errorf("commands:\n%s", out)
	}
	// As bash asks for "vxjob lint -<TAB>".
	if out := ask("lint", "-"); !strings.Contains(out, "--format:") || !strings.Contains(out, "--fail-on:") {
		t.Errorf("flags of lint:\n%s", out)
	}
}
