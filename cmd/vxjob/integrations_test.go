package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/urfave/cli/v3"
	"go.yaml.in/yaml/v3"
)

// TestIntegrationCommandLines checks the vxjob command lines that the
// integrations (workflows, Makefile, pre-commit hook), the demo and the
// README give users: each names a command vxjob has, with flags it has.
// Documentation that goes stale fails here, not in a user's CI.
func TestIntegrationCommandLines(t *testing.T) {
	t.Parallel()
	sources := []string{
		"../../integrations/github/pull-request.yml",
		"../../integrations/github/main.yml",
		"../../integrations/gitlab/.gitlab-ci.yml",
		"../../integrations/Makefile",
		"../../action.yml",
		"../../.pre-commit-hooks.yaml",
		"../../scripts/demo.sh",
		"../../README.md",
	}
	root := (&app{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}).rootCommand()
	// urfave/cli adds the help command when it runs; run it once.
	if err := root.Run(context.Background(), []string{"vxjob", "--help"}); err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, src := range sources {
		text, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(src, ".yml") || strings.HasSuffix(src, ".yaml") {
			var v any
			if err := yaml.Unmarshal(text, &v); err != nil {
				t.Errorf("%s: %v", src, err)
			}
		}
		for i, line := range commandText(src, string(text)) {
			for _, args := range vxjobCalls(line) {
				lines++
				if err := checkCall(root, args); err != nil {
					t.Errorf("%s:%d: %q: %v", filepath.Base(src), i+1, strings.Join(args, " "), err)
				}
			}
		}
	}
	if lines < 20 {
		t.Errorf("found only %d vxjob command lines; the extraction is broken", lines)
	}
}

// commandText returns, line by line, the text of src that holds commands:
// in Markdown, code blocks and inline code; elsewhere, all but comments.
// Other lines come back empty, so line numbers stay right.
func commandText(src, text string) []string {
	lines := strings.Split(text, "\n")
	out := make([]string, len(lines))
	markdown := strings.HasSuffix(src, ".md")
	fenced := false
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		switch {
		case markdown && strings.HasPrefix(trimmed, "```"):
			fenced = !fenced
		case strings.HasPrefix(trimmed, "#"):
			// a comment, or in Markdown a heading or example output
		case markdown && !fenced:
			for _, m := range inlineCode.FindAllStringSubmatch(line, -1) {
				out[i] += " " + m[1] + " ;"
			}
		default:
			// A shell comment after the command is not part of it.
			out[i], _, _ = strings.Cut(line, " #")
		}
	}
	return out
}

var inlineCode = regexp.MustCompile("`([^`]+)`")

// vxjobCall finds "vxjob COMMAND ..." (or "$(VXJOB) ...", "$VXJOB" ...)
// up to the end of the shell command.
var vxjobCall = regexp.MustCompile(`(?:^|[\s"'(` + "`" + `])(?:vxjob|\$\(VXJOB\)|"\$VXJOB"|\.\./bin/vxjob|bin/vxjob)\s+([a-z][^|;&><\n` + "`" + `)]*)`)

func vxjobCalls(line string) [][]string {
	var out [][]string
	for _, m := range vxjobCall.FindAllStringSubmatch(line, -1) {
		fields := shellFields(m[1])
		if len(fields) == 0 {
			continue
		}
		out = append(out, fields)
	}
	return out
}

// checkCall checks that args name a command (and subcommand) and that
// each --flag is one of its flags.
func checkCall(root *cli.Command, args []string) error {
	cmd := root
	for len(args) > 0 {
		sub := findCommand(cmd, args[0])
		if sub == nil {
			break
		}
		cmd, args = sub, args[1:]
	}
	if cmd == root {
		return errUnknown("command " + args[0])
	}
	for _, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name := strings.TrimLeft(strings.SplitN(a, "=", 2)[0], "-")
		if name == "help" || name == "h" || strings.ContainsAny(name, "$[{") {
			continue
		}
		if !hasFlag(cmd, name) {
			return errUnknown("flag --" + name + " of " + cmd.Name)
		}
	}
	return nil
}

func findCommand(cmd *cli.Command, name string) *cli.Command {
	for _, c := range cmd.Commands {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func hasFlag(cmd *cli.Command, name string) bool {
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

type errUnknown string

func (e errUnknown) Error() string { return "unknown " + string(e) }

// shellFields splits s into words as a shell does with quotes: a quoted
// part, spaces and all, belongs to the word it is in.
func shellFields(s string) []string {
	var out []string
	var word strings.Builder
	inWord, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			word.WriteByte(c)
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t':
			if inWord {
				out = append(out, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, word.String())
	}
	return out
}

// TestActionlint checks the workflows, the project's own and those it
// gives users, with actionlint (.ci/run installs it; without it the test
// is skipped).
func TestActionlint(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		if home, herr := os.UserHomeDir(); herr == nil {
			bin, err = exec.LookPath(filepath.Join(home, "go", "bin", "actionlint"))
		}
	}
	if err != nil {
		t.Skip("actionlint is not installed (go install github.com/rhysd/actionlint/cmd/actionlint)")
	}
	files, _ := filepath.Glob("../../.github/workflows/*.yml")
	more, _ := filepath.Glob("../../integrations/github/*.yml")
	files = append(files, more...)
	if len(files) < 3 {
		t.Fatalf("only %d workflow files found", len(files))
	}
	out, err := exec.Command(bin, append([]string{"-no-color"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}
