package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/submit"
)

func (a *app) lintCommand() *cli.Command {
	cmd := &cli.Command{
		Name:      "lint",
		Usage:     "check job and persistent-resource files against the Vertex AI API",
		ArgsUsage: "[PATH...]",
		Description: `PATH is a file, a directory (its *.yaml and *.yml files, at any depth, skipping
names that start with "."), a glob pattern such as 'jobs/**/*.yaml', or - for
standard input. Without PATH, the current directory is linted.

Jobs are checked against the persistent resources the run knows: the
PersistentResource documents among the files linted, and the pools files given
with --pools or pools: in .vxjob.yaml (vxjob snapshot writes them). With --live,
vxjob also asks Vertex AI for the persistent resources of every project and
location the files name, and whether the caller may create the jobs; that needs
credentials (or --endpoint for the emulator). Without --live, lint needs no
network and no credentials.

Settings come from .vxjob.yaml in the current directory or the nearest parent
(up to the repository root), or from --config.

Files that are not vxjob's are skipped and counted: a file is vxjob's when a
document in it has apiVersion vxjob/... or kind CustomJob or PersistentResource.
Other tools' YAML (Kubernetes, conda, Hydra, workflows, .pre-commit-config.yaml)
is not, nor are its syntax errors; a job body written for gcloud or the SDK
draws a warning to run vxjob import. --strict checks every file as vxjob's.

Exit status: 0 when nothing at or above --fail-on was found, 1 when something
was (a file that does not parse as YAML included), 2 when a file or the
configuration could not be read, or vxjob was called wrongly.`,
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:        "format",
				Aliases:     []string{"f"},
				Usage:       "output format: " + formatList(),
				DefaultText: "github when GITHUB_ACTIONS=true, else text",
			},
			&cli.StringFlag{
				Name:  "fail-on",
				Value: "error",
				Usage: "lowest severity that makes the exit status 1: error, warning or info",
			},
			&cli.StringFlag{
				Name:  "stdin-filename",
				Value: spec.StdinName,
				Usage: "file name to report for standard input (-)",
			},
			&cli.StringFlag{
				Name:  "color",
				Value: "auto",
				Usage: "colour text output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never",
			},
			&cli.StringSliceFlag{
				Name:      "pools",
				TakesFile: true,
				Usage:     "a pools file or directory of PersistentResource documents to check jobs against (repeatable)",
			},
			&cli.StringFlag{
				Name:        "config",
				TakesFile:   true,
				Usage:       "the configuration file",
				DefaultText: ".vxjob.yaml here or in the nearest parent",
			},
			&cli.BoolFlag{
				Name:  "live",
				Usage: "also ask Vertex AI: its persistent resources (state, replicas in use) and whether the caller may create the jobs",
			},
			&cli.IntFlag{
				Name:        "jobs",
				Usage:       "files to check at once",
				DefaultText: "two per CPU",
			},
		},
		Action: a.lint,
	}
	cmd.Flags = append(cmd.Flags, &cli.BoolFlag{
		Name:  "strict",
		Usage: "check every file as a vxjob document: another tool's YAML is an error instead of being skipped (strict: true in .vxjob.yaml does the same)",
	})
	cmd.Flags = append(cmd.Flags, &cli.BoolFlag{
		Name:  "require-vars",
		Usage: "report what plan would refuse for want of a value: each ${NAME} that no --var, --var-file or allowed environment variable defines (otherwise such values are unknown, and draw no findings), and a document that names no project or location",
	})
	cmd.Flags = append(cmd.Flags, varFlags()...)
	cmd.Flags = append(cmd.Flags, endpointFlags()...)
	cmd.Flags = append(cmd.Flags, projectFlags("of documents that name none")...)
	return cmd
}

func (a *app) lint(ctx context.Context, cmd *cli.Command) error {
	format, err := a.outputFormat(cmd.String("format"))
	if err != nil {
		return usageError{err}
	}
	failOn, err := lint.ParseSeverity(cmd.String("fail-on"))
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	color, err := a.useColor(cmd.String("color"))
	if err != nil {
		return err
	}
	if cmd.Int("jobs") < 0 {
		return usagef("--jobs must not be negative")
	}

	out := lint.OutputOptions{Tool: tool(), Color: color, Root: lint.WorkTreeRoot(".")}

	cfg, problems, err := a.loadConfig(cmd.String("config"))
	if err != nil {
		return err
	}
	if problems != nil {
		return a.writeConfigProblems(format, problems, out)
	}
	defaults, err := a.defaults(cmd, cfg)
	if err != nil {
		return err
	}
	vars, err := a.vars(cmd, cfg)
	if err != nil {
		return err
	}
	live, err := a.liveView(ctx, cmd, cfg)
	if err != nil {
		return err
	}
	files, findPools, err := lintInputs(ctx, cmd, cfg)
	if err != nil {
		return err
	}

	a.tuneGCForLint(len(files))
	res, err := lint.Run(files, lint.Options{
		Context:     ctx,
		Stdin:       a.stdin,
		StdinName:   cmd.String("stdin-filename"),
		Jobs:        int(cmd.Int("jobs")),
		Defaults:    defaults,
		FindPools:   findPools,
		Rules:       cfg.Rules,
		Live:        live,
		Vars:        vars,
		RequireVars: cmd.Bool("require-vars"),
		Strict:      cmd.Bool("strict") || cfg.Strict,
	})
	if err != nil {
		return interrupted(err)
	}
	if err := lint.Write(a.stdout, format, res, out); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	if code := res.ExitCode(failOn); code != 0 {
		return exitError{code}
	}
	return nil
}

// lintInputs expands the PATH arguments (the current directory when there
// are none) less what the configuration ignores, and starts finding the
// pools files of the configuration and --pools: findPools, for
// lint.Options.FindPools, waits for them. Pools directories are walked
// while the files are checked: the walk asks git what it ignores, which
// takes as long as checking a file or two.
func lintInputs(ctx context.Context, cmd *cli.Command, cfg *lint.Config) (files []string, findPools func() ([]string, error), err error) {
	expandPools := spec.ExpandLater(ctx, append(slices.Clone(cfg.Pools), cmd.StringSlice("pools")...))
	findPools = func() ([]string, error) {
		poolFiles, err := expandPools()
		if err != nil {
			if ctx.Err() != nil {
				return nil, interrupted(err)
			}
			return nil, usagef("--pools: %v", err)
		}
		return poolFiles, nil
	}
	paths := cmd.Args().Slice()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if files, err = spec.ExpandContext(ctx, paths); err != nil {
		if ctx.Err() != nil {
			return nil, nil, interrupted(err)
		}
		return nil, nil, usageError{err}
	}
	return slices.DeleteFunc(files, cfg.Skips), findPools, nil
}

// errInterrupted ends a run that Ctrl-C (or SIGTERM) stopped before it had
// read every file: exit status 2, as for input that could not be read.
var errInterrupted = errors.New("interrupted; nothing was reported")

// interrupted is errInterrupted for a cancelled run's error, and err
// itself for any other.
func interrupted(err error) error {
	if errors.Is(err, context.Canceled) {
		return errInterrupted
	}
	return err
}

// liveView is lint.Options.Live for a command with --live: what Vertex AI
// says, read through --endpoint or the regional endpoints; nil without
// --live.
func (a *app) liveView(ctx context.Context, cmd *cli.Command, cfg *lint.Config) (func(lint.LiveRequest) (*lint.LiveView, error), error) {
	if !cmd.Bool("live") {
		return nil, nil
	}
	ep, err := a.endpoint(cmd, cfg)
	if err != nil {
		return nil, err
	}
	return func(req lint.LiveRequest) (*lint.LiveView, error) {
		view, err := submit.LiveView(ctx, a.dialer(ep), req, time.Now())
		if err != nil {
			return nil, fmt.Errorf("--live: %w", err)
		}
		return view, nil
	}, nil
}

// loadConfig reads --config, or the configuration file found from the
// current directory up; without one, it returns an empty configuration.
func (a *app) loadConfig(flag string) (*lint.Config, *lint.Result, error) {
	path := flag
	if path == "" {
		found, err := lint.FindConfig(".")
		if err != nil {
			return nil, nil, err
		}
		path = found
	} else if _, err := os.Stat(path); err != nil {
		return nil, nil, usagef("--config: %v", err)
	}
	if path == "" {
		return &lint.Config{Dir: "."}, nil, nil
	}
	cfg, problems := lint.LoadConfig(path)
	return cfg, problems, nil
}

// writeConfigProblems reports what is wrong with the configuration file,
// which stops a command with exit status 2.
func (a *app) writeConfigProblems(format lint.Format, problems *lint.Result, out lint.OutputOptions) error {
	if err := lint.Write(a.stdout, format, problems, out); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return exitError{2}
}

// configProblems is writeConfigProblems for commands without --format:
// text, on standard error.
func (a *app) configProblems(problems *lint.Result) error {
	if err := lint.Write(a.stderr, lint.FormatText, problems, lint.OutputOptions{Tool: tool()}); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return exitError{2}
}

// outputFormat is --format, or the default for where vxjob runs.
func (a *app) outputFormat(flag string) (lint.Format, error) {
	if flag != "" {
		return lint.ParseFormat(flag)
	}
	if a.getenv("GITHUB_ACTIONS") == "true" {
		return lint.FormatGitHub, nil
	}
	return lint.FormatText, nil
}

// useColor decides on ANSI colours: "auto" means standard output is a
// terminal that is not TERM=dumb, and NO_COLOR (https://no-color.org) is
// unset or empty.
func (a *app) useColor(mode string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb" && a.isTerminal(a.stdout), nil
	}
	return false, usagef("--color must be auto, always or never, not %q", mode)
}

// formatList names lint's output formats for the help: "text, json, ... or X".
func formatList() string {
	var names []string
	for _, f := range lint.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
