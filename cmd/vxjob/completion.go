package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/internal/suggest"
	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/submit"
)

// Shell completion. The scripts are thin: each hands the words of the
// command line to the hidden command "vxjob __complete WORD... CURRENT",
// which answers with one candidate a line ("value" or "value\tdescription")
// and, when files fit, a last line ":files" for the shell to complete
// them itself. What to offer is decided here, once, from the commands and
// flags themselves, so the three shells agree and none needs a
// completion framework (bash-completion, for one) that may be missing.

// completeFiles is the line that asks the shell to complete file names.
const completeFiles = ":files"

// shells are the shells "vxjob completion" writes scripts for.
var shells = []string{"bash", "zsh", "fish"}

func (a *app) completionCommand() *cli.Command {
	return &cli.Command{
		Name:         "completion",
		Usage:        "print the shell completion script for bash, zsh or fish",
		ArgsUsage:    "SHELL",
		ArgValidator: takesArgs(1, 1, "bash, zsh or fish"),
		Description: `Completes commands, flags, the values of flags that take one of a few (such as
--format), rule IDs and names for explain, and files for paths.

  source <(vxjob completion bash)                                 # in ~/.bashrc
  source <(vxjob completion zsh)                                  # in ~/.zshrc, after compinit
  vxjob completion fish > ~/.config/fish/completions/vxjob.fish   # once

The bash script needs no bash-completion package.`,
		Action: func(_ context.Context, cmd *cli.Command) error {
			shell := cmd.Args().First()
			script, ok := completionScripts[shell]
			if !ok {
				if s := suggest.Nearest(shell, shells); s != "" {
					return usagef("unknown shell %q; did you mean %q?", shell, s)
				}
				return usagef("unknown shell %q; vxjob completes %s", printable(shell), andList(shells))
			}
			_, err := fmt.Fprint(a.stdout, script)
			return err
		},
	}
}

// completeCommand answers the scripts' questions. Its arguments are the
// command line's words after "vxjob", the last the one being completed
// (empty after a space); it never fails, so a TAB never prints an error.
func (a *app) completeCommand() *cli.Command {
	return &cli.Command{
		Name:            "__complete",
		Hidden:          true,
		SkipFlagParsing: true,
		HideHelp:        true,
		Action: func(_ context.Context, cmd *cli.Command) error {
			for _, line := range complete(cmd.Root(), cmd.Args().Slice()) {
				fmt.Fprintln(a.stdout, line)
			}
			return nil
		},
	}
}

// complete lists what may come in place of the last of words, a command
// line after the program's name, as lines for the scripts.
func complete(root *cli.Command, words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	before, cur := words[:len(words)-1], words[len(words)-1]

	// Follow the words typed so far: which command they name, which flags
	// they set, how many arguments they give, and whether the last one
	// is a flag waiting for its value. bash splits "--format=json" into
	// "--format", "=", "json".
	cmd := root
	var awaiting cli.Flag
	used := map[cli.Flag]bool{}
	args, dashes := 0, false
	for _, w := range before {
		switch {
		case awaiting != nil:
			if w != "=" {
				awaiting = nil
			}
		case dashes:
			args++
		case w == "--":
			dashes = true
		case len(w) > 1 && strings.HasPrefix(w, "-"):
			name, _, inline := strings.Cut(strings.TrimLeft(w, "-"), "=")
			if f := lookupFlag(cmd, name); f != nil {
				used[f] = true
				if takesValue(f) && !inline {
					awaiting = f
				}
			}
		default:
			if sub := cmd.Command(w); args == 0 && sub != nil && !sub.Hidden {
				cmd, used = sub, map[cli.Flag]bool{}
				continue
			}
			args++
		}
	}

	// bash hands over the "=" after a flag as the word being completed.
	if cur == "=" && awaiting != nil {
		cur = ""
	}
	c := completion{root: root}
	switch {
	case awaiting != nil:
		c.flagValue(cmd, awaiting, "")
	case !dashes && strings.HasPrefix(cur, "-"):
		if name, _, ok := strings.Cut(strings.TrimLeft(cur, "-"), "="); ok {
			if f := lookupFlag(cmd, name); f != nil && takesValue(f) {
				c.flagValue(cmd, f, cur[:strings.Index(cur, "=")+1])
			}
			break
		}
		c.flags(cmd, used)
	default:
		if args == 0 && !dashes {
			c.commands(cmd)
		}
		c.arguments(cmd, args)
	}
	return c.lines(cur)
}

// completion gathers the candidates for one word.
type completion struct {
	// root is the command line's first command: cmd.Root() would need
	// urfave/cli to have set the commands up.
	root   *cli.Command
	values []candidate
	files  bool
}

type candidate struct{ value, about string }

func (c *completion) add(value, about string) {
	c.values = append(c.values, candidate{value, about})
}

// lines are the candidates that start with cur, each once, then ":files"
// when asked.
func (c *completion) lines(cur string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range c.values {
		if !strings.HasPrefix(v.value, cur) || seen[v.value] {
			continue
		}
		seen[v.value] = true
		line := v.value
		if about := oneLine(v.about); about != "" {
			line += "\t" + about
		}
		out = append(out, line)
	}
	if c.files {
		out = append(out, completeFiles)
	}
	return out
}

// oneLine is a description cut to its first line and a width a menu can
// show beside the value.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > 70 {
		s = strings.TrimSpace(string(r[:69])) + "…"
	}
	return s
}

// commands offers cmd's subcommands; "help" only at the top, where
// "vxjob help lint" is what a user may want, and never after a command
// that runs (vxjob lint <TAB> is for paths).
func (c *completion) commands(cmd *cli.Command) {
	for _, sub := range cmd.Commands {
		if sub.Hidden || (sub.Name == "help" && cmd != c.root) {
			continue
		}
		c.add(sub.Name, sub.Usage)
	}
	if cmd == c.root && cmd.Command("help") == nil {
		c.add("help", "show the commands, or one command's help")
	}
}

// flags offers cmd's flags, each by its long name (a one-letter alias as
// well), leaving out those given already that cannot repeat.
func (c *completion) flags(cmd *cli.Command, used map[cli.Flag]bool) {
	for _, f := range cmd.Flags {
		if used[f] && !repeatable(f) {
			continue
		}
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		about := ""
		if d, ok := f.(cli.DocGenerationFlag); ok {
			about = d.GetUsage()
		}
		for _, n := range f.Names() {
			c.add(dashed(n), about)
		}
	}
	c.add("--help", "show help")
}

// arguments offers what the (n+1)th argument of cmd may be.
func (c *completion) arguments(cmd *cli.Command, n int) {
	switch {
	case cmd == c.root:
	case cmd.Name == "help" && c.root.Command("help") == cmd:
		if n == 0 {
			c.commands(c.root)
		}
	case cmd.Name == "explain":
		if n == 0 {
			for _, r := range lint.Rules() {
				c.add(r.ID, r.Name+": "+r.Title)
				c.add(r.Name, r.ID+": "+r.Title)
			}
		}
	case cmd.Name == "schema":
		if n == 0 {
			for _, k := range schemas.Kinds() {
				c.add(k, "the schema of a "+k+" document")
			}
			c.add("config", "the schema of .vxjob.yaml")
		}
	case cmd.Name == "completion":
		if n == 0 {
			for _, s := range shells {
				c.add(s, "")
			}
		}
	case strings.Contains(cmd.ArgsUsage, "PATH") || strings.Contains(cmd.ArgsUsage, "FILE"):
		c.files = true
	}
}

// flagValue offers the values of flag f of cmd, each after prefix (the
// "--flag=" of a value written in the same word).
func (c *completion) flagValue(cmd *cli.Command, f cli.Flag, prefix string) {
	for _, v := range flagValues(cmd, f.Names()[0]) {
		c.add(prefix+v, "")
	}
	c.files = c.files || takesFile(f)
}

// takesFile: vxjob's flags that name a file or directory say so with
// urfave/cli's TakesFile.
func takesFile(f cli.Flag) bool {
	switch f := f.(type) {
	case *cli.StringFlag:
		return f.TakesFile
	case *cli.StringSliceFlag:
		return f.TakesFile
	}
	return false
}

// flagValues are the values a flag of cmd takes, for the flags that take
// one of a few; nil for the others.
func flagValues(cmd *cli.Command, flag string) []string {
	switch flag {
	case "format":
		if cmd.Name == "lint" {
			var names []string
			for _, f := range lint.Formats() {
				names = append(names, string(f))
			}
			return names
		}
		return []string{"text", "json"}
	case "fail-on":
		return []string{lint.Error.String(), lint.Warning.String(), lint.Info.String()}
	case "color":
		return []string{"auto", "always", "never"}
	case "transport":
		return submit.Transports
	case "wait":
		if cmd.Name == "apply" {
			return []string{string(submit.WaitNone), string(submit.WaitCreated), string(submit.WaitRunning), string(submit.WaitTerminal)}
		}
	}
	return nil
}

func takesValue(f cli.Flag) bool {
	d, ok := f.(cli.DocGenerationFlag)
	return ok && d.TakesValue()
}

func repeatable(f cli.Flag) bool {
	switch f.(type) {
	case *cli.StringSliceFlag, *cli.IntSliceFlag, *cli.FloatSliceFlag:
		return true
	}
	return false
}

var completionScripts = map[string]string{"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}

// bashCompletion works in bash 3.2 and later, with or without the
// bash-completion package. The command is the one typed (./bin/vxjob
// too); its answer's descriptions are dropped, as bash shows none.
const bashCompletion = `# bash completion for vxjob: source <(vxjob completion bash)
_vxjob_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}" bin="${COMP_WORDS[0]}" line files=
  [[ $bin == "~/"* ]] && bin="$HOME/${bin#"~/"}"
  COMPREPLY=()
  while IFS= read -r line; do
    case "$line" in
      :files) files=1 ;;
      "") ;;
      *) COMPREPLY+=("${line%%$'\t'*}") ;;
    esac
  done < <("$bin" __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null)
  if [[ -n $files ]]; then
    [[ $cur == "=" ]] && cur=
    compopt -o filenames 2>/dev/null
    while IFS= read -r line; do
      COMPREPLY+=("$line")
    done < <(compgen -f -- "$cur")
  fi
  return 0
}
complete -F _vxjob_complete vxjob
`

// zshCompletion is a compdef function; sourced, it registers itself.
const zshCompletion = `#compdef vxjob
# zsh completion for vxjob: source <(vxjob completion zsh), after compinit
_vxjob() {
  local -a lines described
  local line files=
  lines=("${(@f)$(${(Q)words[1]} __complete "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}${(Q)SUFFIX}" 2>/dev/null)}")
  for line in $lines; do
    case $line in
      :files) files=1 ;;
      '') ;;
      *$'\t'*) described+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}") ;;
      *) described+=("${line//:/\\:}") ;;
    esac
  done
  local ret=1
  (( $#described )) && _describe -t values vxjob described && ret=0
  if [[ -n $files ]]; then
    compset -P '*='
    _files && ret=0
  fi
  return ret
}
if [[ $funcstack[1] == _vxjob ]]; then
  _vxjob "$@"
else
  compdef _vxjob vxjob
fi
`

// fishCompletion: fish shows the descriptions after a tab as they come.
const fishCompletion = `# fish completion for vxjob: vxjob completion fish > ~/.config/fish/completions/vxjob.fish
function __vxjob_complete
    # -x in fish 4, where -o is deprecated; -o in fish 3
    set -l words (commandline -xpc 2>/dev/null); or set words (commandline -opc)
    set -l cur (commandline -ct)
    for line in ($words[1] __complete $words[2..-1] "$cur" 2>/dev/null)
        if test "$line" = :files
            set -l prefix (string match -r -- '^-[^=]*=' "$cur")
            set -l path (string replace -r -- '^-[^=]*=' '' "$cur")
            for f in (__fish_complete_path "$path")
                printf '%s%s\n' "$prefix" "$f"
            end
        else if test -n "$line"
            printf '%s\n' "$line"
        end
    end
end
complete -c vxjob -e
complete -c vxjob -f -a '(__vxjob_complete)'
`
