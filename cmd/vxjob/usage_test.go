package main

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/urfave/cli/v3"
)

// urfaveWords are what urfave/cli and strconv say, which no message of
// vxjob shows a user.
var urfaveWords = []string{"strconv", "flag provided", "parse error", "time: ", "flag needs", "for flag -", "No help topic"}

// TestUsageMessages: each mistake on a command line exits 2 with one line
// on stderr that says what was wrong, with the name most likely meant.
func TestUsageMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		code   int
		stderr string // substring; "" for none at all
	}{
		// Commands.
		{[]string{"lnit"}, 2, `unknown command "lnit"; did you mean "lint"?`},
		{[]string{"aply", "jobs/"}, 2, `unknown command "aply"; did you mean "apply"?`},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"; run 'vxjob --help' for the list`},
		{[]string{"help", "lnit"}, 2, `unknown command "lnit"; did you mean "lint"?`},
		{[]string{"pr", "descibe", "training-pr"}, 2, `unknown pr command "descibe"; did you mean "describe"?`},
		{[]string{"pr", "frobnicate"}, 2, `unknown pr command "frobnicate"; run 'vxjob pr --help' for the list`},

		// Flags, as typed, with the one meant.
		{[]string{"lint", "--nope", examples}, 2, `unknown flag --nope; run 'vxjob lint --help' for the flags`},
		{[]string{"lint", "-nope", examples}, 2, `unknown flag -nope;`},
		{[]string{"lint", "--formt=json", examples}, 2, `unknown flag --formt; did you mean --format?`},
		{[]string{"lint", "--jbos", "2", examples}, 2, `unknown flag --jbos; did you mean --jobs?`},
		{[]string{"lint", "-x", examples}, 2, `unknown flag -x; run 'vxjob lint --help' for the flags`},
		{[]string{"plan", "--live", examples}, 2, `unknown flag --live for vxjob plan; it is a flag of vxjob lint and vxjob pools`},
		{[]string{"pr", "describe", "training-pr", "--yse"}, 2, `unknown flag --yse; run 'vxjob pr describe --help' for the flags`},
		{[]string{"pr", "delete", "training-pr", "--yse"}, 2, `unknown flag --yse; did you mean --yes?`},
		{[]string{"--verison"}, 2, `unknown flag --verison; did you mean --version?`},
		{[]string{"lint", "--\x1b[31m", examples}, 2, `unknown flag "--\x1b[31m"`},

		// Flag values, in plain words, for each type of flag.
		{[]string{"lint", "--jobs", "abc", examples}, 2, `invalid value "abc" for --jobs: not a whole number`},
		{[]string{"lint", "--jobs=", examples}, 2, `invalid value "" for --jobs: not a whole number`},
		{[]string{"lint", "--jobs", "99999999999999999999", examples}, 2, `invalid value "99999999999999999999" for --jobs: too large`},
		{[]string{"lint", examples, "--jobs"}, 2, `--jobs needs a value`},
		{[]string{"lint", examples, "-f"}, 2, `-f needs a value`},
		{[]string{"lint", "--live=maybe", examples}, 2, `invalid value "maybe" for --live: not true or false`},
		{[]string{"apply", "--poll-interval", "3", examples}, 2, `invalid value "3" for --poll-interval: a duration needs a unit, as in 3s or 3m`},
		{[]string{"plan", "--timeout", "soon", examples}, 2, `invalid value "soon" for --timeout: not a duration (such as 90s, 5m or 1h30m)`},
		{[]string{"emulator", "--fault-rate", "often"}, 2, `invalid value "often" for --fault-rate: not a number`},
		{[]string{"emulator", "--fault-rate", "1e999"}, 2, `invalid value "1e999" for --fault-rate: too large`},

		// Arguments a command does not take, with its usage.
		{[]string{"version", "extra"}, 2, `version takes no arguments, got "extra"; usage: vxjob version [options]`},
		{[]string{"rules", "x"}, 2, `rules takes no arguments, got "x"; usage: vxjob rules [options]`},
		{[]string{"explain", "A", "B"}, 2, `explain takes one argument (a rule ID or name), got 2: "A", "B"; usage: vxjob explain [options] RULE`},
		{[]string{"explain"}, 2, `explain takes one argument (a rule ID or name), got none; usage: vxjob explain [options] RULE`},
		{[]string{"schema", "CustomJob", "config"}, 2, `schema takes at most one argument, got 2: "CustomJob", "config"; usage: vxjob schema [options] [CustomJob|PersistentResource|config]`},
		{[]string{"snapshot", "training-pr"}, 2, `snapshot takes no arguments (give --project and --location), got "training-pr"; usage: vxjob snapshot [options]`},
		{[]string{"emulator", "examples/"}, 2, `emulator takes no arguments (seed it with --seed), got "examples/"`},
		{[]string{"pr", "reboot", "a", "b", "c", "d"}, 2, `pr reboot takes one argument (the persistent resource ID), got 4: "a", "b", "c", ...; usage: vxjob pr reboot [options] NAME`},
		{[]string{"version", "\x1b[2J"}, 2, `got "\x1b[2J"`},

		// Rules.
		{[]string{"explain", "unpined-image"}, 2, `unknown rule "unpined-image"; did you mean "unpinned-image"?`},
		{[]string{"explain", "VX999"}, 2, `unknown rule "VX999"; vxjob rules lists them`},

		// What is right still runs.
		{[]string{"version"}, 0, ""},
		{[]string{"rules"}, 0, ""},
		{[]string{"explain", "vx214"}, 0, ""},
		{[]string{"schema", "config"}, 0, ""},
	}
	for _, tt := range tests {
		r := vxjob(t, nil, false, "", tt.args...)
		if r.code != tt.code {
			t.Errorf("%q: exit %d, want %d\nstderr: %s", tt.args, r.code, tt.code, r.stderr)
			continue
		}
		if tt.stderr == "" {
			if r.stderr != "" {
				t.Errorf("%q: stderr %q, want none", tt.args, r.stderr)
			}
			continue
		}
		if !strings.Contains(r.stderr, tt.stderr) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("%q: stderr %q, want one line with %q, and no stdout (got %d bytes)", tt.args, r.stderr, tt.stderr, len(r.stdout))
		}
		for _, w := range urfaveWords {
			if strings.Contains(r.stderr, w) {
				t.Errorf("%q: stderr %q shows urfave/cli's words %q", tt.args, r.stderr, w)
			}
		}
	}
}

// TestEveryFlagValueError: every flag of every command that parses its
// value says in plain words why a bad one is not one; a flag of a type
// whyInvalid does not know fails here until it does.
func TestEveryFlagValueError(t *testing.T) {
	t.Parallel()
	root := (&app{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}).rootCommand()
	var walk func(path []string, c *cli.Command)
	checked := 0
	walk = func(path []string, c *cli.Command) {
		for _, f := range c.Flags {
			name := f.Names()[0]
			var want string
			switch f.(type) {
			case *cli.StringFlag, *cli.StringSliceFlag:
				continue // any text is a value
			case *cli.IntFlag:
				want = "not a whole number"
			case *cli.FloatFlag:
				want = "not a number"
			case *cli.DurationFlag:
				want = "not a duration"
			case *cli.BoolFlag:
				want = "not true or false"
			default:
				t.Errorf("%s --%s is a %T, which whyInvalid does not word", strings.Join(path, " "), name, f)
				continue
			}
			args := append(append([]string(nil), path...), "--"+name+"=abc")
			r := vxjob(t, nil, false, "", args...)
			wantLine := fmt.Sprintf("vxjob: invalid value \"abc\" for --%s: %s", name, want)
			if r.code != 2 || !strings.HasPrefix(r.stderr, wantLine) {
				t.Errorf("%q: exit %d, stderr %q; want 2 and %q", args, r.code, r.stderr, wantLine)
			}
			checked++
		}
		for _, sub := range c.Commands {
			walk(append(append([]string(nil), path...), sub.Name), sub)
		}
	}
	for _, c := range root.Commands {
		walk([]string{c.Name}, c)
	}
	if checked < 10 {
		t.Errorf("checked only %d flags; the walk lost the commands", checked)
	}
}

// TestMissingPoolsPathExits2: a pools path that does not exist is a usage
// error for every command that reads pools, found while the files are
// checked: exit 2, the path named, and none of the files' findings.
func TestMissingPoolsPathExits2(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"lint", "--pools", "missing.yaml", badFile},
		{"pools", "--pools", "missing.yaml", examples},
		{"plan", "--pools", "missing.yaml", "--endpoint", "127.0.0.1:1", examples},
	} {
		r := vxjob(t, nil, false, "", args...)
		if r.code != 2 || r.stdout != "" || r.stderr != "vxjob: --pools: missing.yaml: no such file or directory\n" {
			t.Errorf("vxjob %s: exit %d\nstdout: %q\nstderr: %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
}
