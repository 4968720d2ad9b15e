package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// "vxjob completion SHELL" is listed in the help, prints a script for
// bash, zsh and fish, and refuses another shell as a usage error.
func TestCompletionCommand(t *testing.T) {
	t.Parallel()
	if r := vxjob(t, nil, false, "", "--help"); !strings.Contains(r.stdout, "completion") {
		t.Errorf("vxjob --help does not list completion:\n%s", r.stdout)
	}
	for _, shell := range shells {
		if r := vxjob(t, nil, false, "", "completion", shell); r.code != 0 || !strings.Contains(r.stdout, "__complete") {
			t.Errorf("completion %s: exit %d, stderr %q\n%s", shell, r.code, r.stderr, r.stdout)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"completion", "nope"}, `vxjob: unknown shell "nope"; vxjob completes bash, zsh and fish`},
		{[]string{"completion", "bsh"}, `did you mean "bash"?`},
		{[]string{"completion"}, "completion takes one argument (bash, zsh or fish), got none"},
	} {
		if r := vxjob(t, nil, false, "", c.args...); r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, c.want) {
			t.Errorf("vxjob %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), r.code, r.stdout, r.stderr, c.want)
		}
	}
}

// Every value completion offers for a flag is one the command takes: a
// value it refuses would fail with the flag's name in the message.
func TestCompletionValuesAreAccepted(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	for _, c := range []struct{ command, flag string }{
		{"lint", "format"}, {"lint", "fail-on"}, {"lint", "color"},
		{"plan", "format"}, {"plan", "color"},
		{"apply", "format"}, {"apply", "wait"},
		{"pools", "format"}, {"pools", "color"},
	} {
		values := strings.Fields(strings.ReplaceAll(vxjob(t, nil, false, "", "__complete", c.command, "--"+c.flag, "").stdout, "\n", " "))
		if len(values) < 2 {
			t.Errorf("%s --%s: completes %q", c.command, c.flag, values)
		}
		for _, v := range append(values, "nope") {
			r := vxjob(t, map[string]string{"VXJOB_ENDPOINT": "127.0.0.1:1"}, false, "", c.command, "--"+c.flag, v, "--config", missing, missing)
			refused := strings.Contains(r.stderr, c.flag) && strings.Contains(r.stderr, fmt.Sprintf("%q", v))
			if refused != (v == "nope") {
				t.Errorf("%s --%s %s: exit %d, %s", c.command, c.flag, v, r.code, r.stderr)
			}
		}
	}
}

// completionCase is a command line being completed, the cursor at its
// end, and what the shells must offer.
type completionCase struct {
	line string
	// want are offered (with files: the directory's job.yaml and jobs/);
	// with exact, nothing else is.
	want  []string
	files bool
	exact bool
	// never are not offered.
	never []string
}

var completionCases = []completionCase{
	{line: "vxjob ", want: []string{"lint", "plan", "apply", "explain", "completion"}, never: []string{"__complete", "job.yaml"}},
	{line: "vxjob li", want: []string{"lint"}, exact: true},
	{line: "vxjob help li", want: []string{"lint"}, exact: true},
	{line: "vxjob lint ", files: true, never: []string{"help", "lint"}},
	{line: "vxjob lint jo", files: true, never: []string{"other.yml"}},
	{line: "vxjob lint --fo", want: []string{"--format"}, exact: true},
	{line: "vxjob lint --format ", want: []string{"text", "json", "sarif", "github", "codeclimate"}, exact: true},
	{line: "vxjob lint --format json --fail-on ", want: []string{"error", "warning", "info"}, exact: true},
	{line: "vxjob lint --color ", want: []string{"auto", "always", "never"}, exact: true},
	{line: "vxjob apply --wait ", want: []string{"none", "created", "running", "terminal"}, exact: true},
	{line: "vxjob snapshot --transport ", want: []string{"grpc", "rest"}, exact: true},
	{line: "vxjob apply --format ", want: []string{"text", "json"}, exact: true},
	{line: "vxjob lint --config ", files: true},
	{line: "vxjob explain VX21", want: []string{"VX214", "VX215"}, never: []string{"VX101"}},
	{line: "vxjob explain unpinned", want: []string{"unpinned-image"}, exact: true},
	{line: "vxjob explain VX214 ", exact: true},
	{line: "vxjob pr ", want: []string{"describe", "reboot", "delete"}, exact: true},
	{line: "vxjob completion ", want: []string{"bash", "zsh", "fish"}, exact: true},
	{line: "vxjob plan --project ", exact: true},
}

// check compares what a shell offered for c with what c wants; the files
// of a case are the directory's names that start with the word completed.
func (c completionCase) check(t *testing.T, shell string, got []string, filesMark string) {
	t.Helper()
	want := slices.Clone(c.want)
	if c.files {
		if filesMark != "" {
			want = append(want, filesMark)
		} else {
			want = append(want, "job.yaml", "jobs/")
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s, %q: %q not offered; got %q", shell, c.line, w, got)
		}
	}
	for _, n := range c.never {
		if slices.Contains(got, n) {
			t.Errorf("%s, %q: %q offered; got %q", shell, c.line, n, got)
		}
	}
	if c.exact && len(got) != len(want) {
		t.Errorf("%s, %q: got %q, want only %q", shell, c.line, got, want)
	}
}

// completionDir is a directory to complete in, with a job file, a
// directory and a file of another name, and the vxjob binary on PATH.
func completionDir(t *testing.T) (dir string, env []string) {
	t.Helper()
	dir = t.TempDir()
	for _, name := range []string{"job.yaml", "other.yml", "jobs/a.yaml"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env = append(os.Environ(), "PATH="+filepath.Dir(binary(t))+string(os.PathListSeparator)+os.Getenv("PATH"), "HOME="+t.TempDir())
	return dir, env
}

func script(t *testing.T, shell string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vxjob."+shell)
	if err := os.WriteFile(path, []byte(vxjob(t, nil, false, "", "completion", shell).stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runShell(t *testing.T, dir string, env []string, name string, args ...string) []string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("%s: %v\n%s%s", name, err, out, stderr.String())
	}
	var lines []string
	for l := range strings.SplitSeq(string(out), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

func lookShell(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed, so its completion is not tested (.ci/run installs it)", name)
	}
	return path
}

// bashWords splits a command line as bash hands it to a completion
// function: at spaces, and around "=" (in COMP_WORDBREAKS), so that
// "--format=js" is "--format", "=", "js" and "--format=" ends in "=".
func bashWords(line string) []string {
	var words []string
	for w := range strings.SplitSeq(line, " ") {
		for {
			i := strings.Index(w, "=")
			if i < 0 {
				break
			}
			words = append(words, w[:i], "=")
			w = w[i+1:]
		}
		if w != "" || !strings.HasSuffix(line, "=") {
			words = append(words, w)
		}
	}
	return words
}

// In bash with no bash-completion package loaded: the script registers
// its function, and the function, called as bash calls it, fills
// COMPREPLY without a word on stderr.
func TestCompletionBash(t *testing.T) {
	t.Parallel()
	bash := lookShell(t, "bash")
	dir, env := completionDir(t)
	file := script(t, "bash")
	registered := runShell(t, dir, env, bash, "--norc", "--noprofile", "-c",
		"source "+file+"; declare -F _get_comp_words_by_ref >/dev/null && echo bash-completion is loaded; complete -p vxjob")
	if !slices.Equal(registered, []string{"complete -F _vxjob_complete vxjob"}) {
		t.Fatalf("registration: %q", registered)
	}
	cases := append(slices.Clone(completionCases),
		completionCase{line: "vxjob lint --format=js", want: []string{"json"}, exact: true},
		completionCase{line: "vxjob lint --format=", want: []string{"text", "json", "sarif", "github", "codeclimate"}, exact: true},
		completionCase{line: "vxjob lint --config=jo", files: true},
	)
	for _, c := range cases {
		words := bashWords(c.line)
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + w + "'"
		}
		got := runShell(t, dir, env, bash, "--norc", "--noprofile", "-c", fmt.Sprintf(
			`source %s; COMP_WORDS=(%s); COMP_CWORD=%d; COMP_LINE=%q; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9; _vxjob_complete; printf '%%s\n' "${COMPREPLY[@]}"`,
			file, strings.Join(quoted, " "), len(words)-1, c.line))
		// compgen -f names a directory without its slash; bash adds it
		// (-o filenames).
		for i, g := range got {
			if g == "jobs" {
				got[i] = "jobs/"
			}
		}
		c.check(t, "bash", got, "")
	}
}

// In zsh, after compinit: the script registers _vxjob for vxjob, and
// _vxjob, called with the words and CURRENT that zsh sets, offers the
// candidates through _describe and files through _files. Those two work
// only inside a completion widget, which needs a terminal; here they are
// stand-ins that print what they are given.
func TestCompletionZsh(t *testing.T) {
	t.Parallel()
	zsh := lookShell(t, "zsh")
	dir, env := completionDir(t)
	file := script(t, "zsh")
	const standIns = `
_describe() { local name=${@[-1]} v; for v in ${(P)name}; do v=${v//\\:/$'\0'}; v=${v%%:*}; print -r -- ${v//$'\0'/:}; done }
_files() { print -r -- :files }
compset() { : }
`
	registered := runShell(t, dir, env, zsh, "-f", "-c", "autoload -Uz compinit && compinit -u -D && source "+file+" && print -r -- $_comps[vxjob]")
	if !slices.Equal(registered, []string{"_vxjob"}) {
		t.Fatalf("registration: %q", registered)
	}
	cases := append(slices.Clone(completionCases),
		completionCase{line: "vxjob lint --format=js", want: []string{"--format=json"}, exact: true},
		completionCase{line: "vxjob lint --config=jo", files: true},
	)
	// One zsh for every case, as compinit takes a while: each case's
	// candidates end with a line of their own.
	const end = "--end of case--"
	var b strings.Builder
	fmt.Fprintf(&b, "autoload -Uz compinit && compinit -u -D && source %s\n%s\n", file, standIns)
	for _, c := range cases {
		words := strings.Split(c.line, " ")
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + w + "'"
		}
		fmt.Fprintf(&b, "words=(%s); CURRENT=%d; PREFIX=%s; SUFFIX=''; _vxjob; print -r -- %q\n", strings.Join(quoted, " "), len(words), quoted[len(quoted)-1], end)
	}
	lines := runShell(t, dir, env, zsh, "-f", "-c", b.String())
	for _, c := range cases {
		i := slices.Index(lines, end)
		if i < 0 {
			t.Fatalf("zsh stopped before %q", c.line)
		}
		c.check(t, "zsh", lines[:i], ":files")
		lines = lines[i+1:]
	}
}

// On a terminal, bash's readline and zsh's completion system complete
// each line as a user's TAB would: zsh/zpty runs the shell interactively,
// types the line and a TAB, then has the line printed. Only lines with
// one completion, or one common prefix, are typed: a list of several
// would be drawn on the screen.
func TestCompletionTerminal(t *testing.T) {
	t.Parallel()
	zsh := lookShell(t, "zsh") // zsh/zpty is the terminal, for bash too
	cases := []struct{ typed, want string }{
		{"vxjob ex", "vxjob explain"},
		{"vxjob explain unpinned", "vxjob explain unpinned-image"},
		{"vxjob lint --fo", "vxjob lint --format"},
		{"vxjob lint --format js", "vxjob lint --format json"},
		{"vxjob lint --format=js", "vxjob lint --format=json"},
		{"vxjob apply --wait te", "vxjob apply --wait terminal"},
		{"vxjob lint jo", "vxjob lint job"},
		{"vxjob lint --config=ot", "vxjob lint --config=other.yml"},
		{"vxjob pr d", "vxjob pr de"},
	}
	for _, sh := range []struct{ name, command, setup, echo string }{
		{"bash", "bash --norc --noprofile -i", "PS1='> '; source %s", "echo"},
		{"zsh", "zsh -f -i", "PS1='> '; autoload -Uz compinit && compinit -u -D && source %s", "print -r --"},
	} {
		t.Run(sh.name, func(t *testing.T) {
			lookShell(t, sh.name)
			dir, env := completionDir(t)
			typed := make([]string, len(cases))
			for i, c := range cases {
				typed[i] = c.typed
			}
			got := typeAndTab(t, zsh, dir, env, sh.command, fmt.Sprintf(sh.setup, script(t, sh.name)), sh.echo, typed)
			for i, c := range cases {
				if got[i] != c.want {
					t.Errorf("%s, %q and TAB: %q, want %q", sh.name, c.typed, got[i], c.want)
				}
			}
		})
	}
}

// typeAndTab runs command (a shell) on a terminal that zsh's zpty makes,
// runs setup in it, then types each of typed and a TAB, and has echo
// print the line as completed. It returns the lines printed.
func typeAndTab(t *testing.T, zsh, dir string, env []string, command, setup, echo string, typed []string) []string {
	t.Helper()
	const drive = `zmodload zsh/zpty || exit 3
zpty z ${(z)1}
zpty -w z "$2; $3 SET''UP"
zpty -r z line '*SETUP*'
for typed in "${@[4,-1]}"; do
  # the line and TAB; then to its start (^A) and end (^E) to echo it
  zpty -w -n z "$typed"$'\t'
  zpty -w z $'\x01'"$3 '"$'\x05'"'; $3 E''ND"
  zpty -r z out '*END*'
  print -r -- "$out"
done
zpty -d z
`
	driver := filepath.Join(t.TempDir(), "drive.zsh")
	if err := os.WriteFile(driver, []byte(drive), 0o644); err != nil {
		t.Fatal(err)
	}
	// A guard, not a measure: a shell that never answers fails the test
	// instead of hanging it.
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, zsh, append([]string{"-f", driver, command, setup, echo}, typed...)...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s on zpty: %v (a line typed that never came back ends so); printed:\n%q", command, err, out)
	}
	// The line echoed is the one before each END.
	var got []string
	lines := strings.Split(strings.ReplaceAll(string(out), "\r", ""), "\n")
	for i, l := range lines {
		if l == "END" && i > 0 {
			got = append(got, strings.TrimSpace(lines[i-1]))
		}
	}
	if len(got) != len(typed) {
		t.Fatalf("%s printed %d lines for %d typed: %q", command, len(got), len(typed), out)
	}
	return got
}

// In fish, "complete -C LINE" completes LINE as a TAB at its end would.
func TestCompletionFish(t *testing.T) {
	t.Parallel()
	fish := lookShell(t, "fish")
	dir, env := completionDir(t)
	file := script(t, "fish")
	cases := append(slices.Clone(completionCases),
		completionCase{line: "vxjob lint --format=js", want: []string{"--format=json"}, exact: true},
	)
	for _, c := range cases {
		lines := runShell(t, dir, env, fish, "--no-config", "-c", fmt.Sprintf("source %s; complete -C %s", file, "'"+c.line+"'"))
		var got []string
		for _, l := range lines {
			v, _, _ := strings.Cut(l, "\t") // fish prints the description after a tab
			got = append(got, v)
		}
		c.check(t, "fish", got, "")
	}
	// A path in the flag's own word keeps the flag.
	got := runShell(t, dir, env, fish, "--no-config", "-c", "source "+file+"; complete -C 'vxjob lint --config=jo'")
	if !slices.Equal(got, []string{"--config=job.yaml", "--config=jobs/"}) {
		t.Errorf("fish, --config=jo: %q", got)
	}
}

// A TAB waits for vxjob to start and answer: what the answer itself
// costs, for a few command lines (explain lists every rule).
func BenchmarkComplete(b *testing.B) {
	root := (&app{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}).rootCommand()
	for _, line := range []string{"vxjob ", "vxjob lint --f", "vxjob lint --format ", "vxjob explain "} {
		words := strings.Split(line, " ")[1:]
		b.Run(line, func(b *testing.B) {
			for b.Loop() {
				if len(complete(root, words)) == 0 {
					b.Fatal("no candidates")
				}
			}
		})
	}
}

// The whole TAB as a shell makes it: the vxjob binary started, asked and
// ended.
func BenchmarkCompleteProcess(b *testing.B) {
	bin := binary(b)
	for b.Loop() {
		if out, err := exec.Command(bin, "__complete", "lint", "--format", "").Output(); err != nil || len(out) == 0 {
			b.Fatal(err)
		}
	}
}
