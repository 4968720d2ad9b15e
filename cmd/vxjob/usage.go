package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/internal/suggest"
)

// This file words the mistakes of a command line: unknown commands and
// flags (with the name most likely meant), flag values, and arguments a
// command does not take. Each is a usageError: exit status 2.

// unknownCommand is a name that is none of parent's commands.
func unknownCommand(parent *cli.Command, name string) error {
	names := []string{"help"}
	for _, c := range parent.VisibleCommands() {
		names = append(names, c.Names()...)
	}
	what := "command"
	if parent.Root() != parent {
		what = strings.TrimPrefix(parent.FullName(), parent.Root().Name+" ") + " command"
	}
	if s := suggest.Nearest(name, names); s != "" {
		return usagef("unknown %s %q; did you mean %q?", what, name, s)
	}
	return usagef("unknown %s %q; run '%s --help' for the list", what, name, parent.FullName())
}

// The errors urfave/cli returns for flags, which carry what they are about
// only in their text.
const (
	notDefinedPrefix   = "flag provided but not defined: -"
	needsValuePrefix   = "flag needs an argument: "
	invalidValuePrefix = "invalid value "
)

// flagError rewords urfave/cli's error for a flag of cmd in plain words;
// typed is the command line, to show an unknown flag as it was written.
// Any other error is passed on as a usage error.
func flagError(cmd *cli.Command, err error, typed []string) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, notDefinedPrefix):
		return unknownFlag(cmd, strings.TrimPrefix(msg, notDefinedPrefix), typed)
	case strings.HasPrefix(msg, needsValuePrefix):
		flag := strings.TrimPrefix(msg, needsValuePrefix)
		if !strings.HasPrefix(flag, "-") {
			flag = dashed(flag)
		}
		return usagef("%s needs a value", printable(flag))
	case strings.HasPrefix(msg, invalidValuePrefix):
		// invalid value "VALUE" for flag -NAME: REASON
		quoted, err := strconv.QuotedPrefix(strings.TrimPrefix(msg, invalidValuePrefix))
		if err != nil {
			break
		}
		value, _ := strconv.Unquote(quoted)
		rest, ok := strings.CutPrefix(msg, invalidValuePrefix+quoted+" for flag -")
		name, _, found := strings.Cut(rest, ": ")
		if !ok || !found {
			break
		}
		return usagef("invalid value %q for %s: %s", value, dashed(name), whyInvalid(lookupFlag(cmd, name), value))
	}
	return usageError{err}
}

// whyInvalid says, for each type of flag vxjob has, why value is not one.
func whyInvalid(f cli.Flag, value string) string {
	switch f.(type) {
	case *cli.IntFlag:
		_, err := strconv.ParseInt(value, 0, 64) // as urfave/cli parses it
		if errors.Is(err, strconv.ErrRange) {
			return tooLargeOrSmall(value)
		}
		return "not a whole number"
	case *cli.FloatFlag:
		_, err := strconv.ParseFloat(value, 64)
		if errors.Is(err, strconv.ErrRange) {
			return tooLargeOrSmall(value)
		}
		return "not a number"
	case *cli.DurationFlag:
		if _, err := strconv.ParseFloat(value, 64); err == nil {
			return fmt.Sprintf("a duration needs a unit, as in %ss or %sm", value, value)
		}
		return "not a duration (such as 90s, 5m or 1h30m)"
	case *cli.BoolFlag:
		return "not true or false"
	}
	return "not a valid value"
}

func tooLargeOrSmall(value string) string {
	if strings.HasPrefix(value, "-") {
		return "too small"
	}
	return "too large"
}

// unknownFlag is a flag cmd does not have: the one most likely meant, or
// the commands that have it, or where the list is.
func unknownFlag(cmd *cli.Command, name string, typed []string) error {
	written := dashed(name)
	for _, arg := range typed {
		if n, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "="); strings.HasPrefix(arg, "-") && n == name {
			written, _, _ = strings.Cut(arg, "=")
			break
		}
	}
	var names []string
	for _, f := range cmd.VisibleFlags() {
		names = append(names, f.Names()...)
	}
	// One letter is one edit from every other: no guess for -x.
	written = printable(written)
	if s := suggest.Nearest(name, names); s != "" && len([]rune(name)) > 1 {
		return usagef("unknown flag %s; did you mean %s?", written, dashed(s))
	}
	var others []string
	cmd.Root().Walk(func(c *cli.Command) error {
		if c != cmd && c != c.Root() && !c.Hidden && lookupFlag(c, name) != nil {
			others = append(others, c.FullName())
		}
		return nil
	})
	if len(others) > 0 {
		return usagef("unknown flag %s for %s; it is a flag of %s", written, cmd.FullName(), andList(others))
	}
	return usagef("unknown flag %s; run '%s --help' for the flags", written, cmd.FullName())
}

// printable is s, or s quoted when it holds what a terminal would act on.
func printable(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return strconv.Quote(s)
	}
	return s
}

// lookupFlag finds cmd's flag of that name (or alias), or nil.
func lookupFlag(cmd *cli.Command, name string) cli.Flag {
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// dashed writes a flag name as it is given: -h, --jobs.
func dashed(name string) string {
	if len([]rune(name)) == 1 {
		return "-" + name
	}
	return "--" + name
}

// takesArgs refuses, before the command runs, fewer than lo or more than
// hi arguments, naming the command's usage; hint, when not "", says what
// to do instead.
func takesArgs(lo, hi int, hint string) cli.ArgValidatorFunc {
	return func(_ context.Context, cmd *cli.Command) error {
		n := cmd.Args().Len()
		if n >= lo && n <= hi {
			return nil
		}
		var takes string
		switch {
		case hi == 0:
			takes = "no arguments"
		case lo == hi:
			takes = countArgs(lo)
		case lo == 0:
			takes = "at most " + countArgs(hi)
		default:
			takes = fmt.Sprintf("%d to %d arguments", lo, hi)
		}
		// got none; got "extra"; got 4: "a", "b", "c", ...
		got := "none"
		if n > 0 {
			quoted := make([]string, 0, min(n, 3))
			for _, a := range cmd.Args().Slice()[:min(n, 3)] {
				quoted = append(quoted, strconv.Quote(a))
			}
			got = strings.Join(quoted, ", ")
			if n > 3 {
				got += ", ..."
			}
			if n > 1 {
				got = fmt.Sprintf("%d: %s", n, got)
			}
		}
		if hint != "" {
			takes += " (" + hint + ")"
		}
		name := strings.TrimPrefix(cmd.FullName(), cmd.Root().Name+" ")
		usage := strings.TrimSpace(cmd.FullName() + " [options] " + cmd.ArgsUsage)
		return usagef("%s takes %s, got %s; usage: %s", name, takes, got, usage)
	}
}

func countArgs(n int) string {
	if n == 1 {
		return "one argument"
	}
	return fmt.Sprintf("%d arguments", n)
}

// andList joins "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
