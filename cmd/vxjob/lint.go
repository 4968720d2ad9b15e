package main

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
)

func (a *app) lintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check job and persistent-resource files against the Vertex AI API",
		ArgsUsage: "[PATH...]",
		Description: `PATH is a file, a directory (its *.yaml and *.yml files, at any depth, skipping
names that start with "."), a glob pattern such as 'jobs/**/*.yaml', or - for
standard input. Without PATH, the current directory is linted.

Jobs are checked against the persistent resources the run knows: the
PersistentResource documents among the files linted, and the pools files given
with --pools or pools: in .vxjob.yaml (vxjob snapshot writes them).

Settings come from .vxjob.yaml in the current directory or the nearest parent
(up to the repository root), or from --config.

Exit status: 0 when nothing at or above --fail-on was found, 1 when something
was, 2 when a file or the configuration could not be read, or vxjob was called
wrongly.`,
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:        "format",
				Aliases:     []string{"f"},
				Usage:       "output format: text, json, sarif or github",
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
				Usage: "colour text output: auto (on a terminal, unless NO_COLOR is set), always or never",
			},
			&cli.StringSliceFlag{
				Name:  "pools",
				Usage: "a pools file or directory of PersistentResource documents to check jobs against (repeatable)",
			},
			&cli.StringFlag{
				Name:        "config",
				Usage:       "the configuration file",
				DefaultText: ".vxjob.yaml here or in the nearest parent",
			},
			&cli.StringFlag{
				Name:  "project",
				Usage: "project of documents that name none (else VXJOB_PROJECT, else .vxjob.yaml)",
			},
			&cli.StringFlag{
				Name:  "location",
				Usage: "location of documents that name none (else VXJOB_LOCATION, else .vxjob.yaml)",
			},
			&cli.IntFlag{
				Name:        "jobs",
				Usage:       "files to check at once",
				DefaultText: "two per CPU",
			},
		},
		Action: a.lint,
	}
}

func (a *app) lint(_ context.Context, cmd *cli.Command) error {
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

	out := lint.OutputOptions{Tool: tool(), Color: color}

	cfg, problems, err := a.loadConfig(cmd.String("config"))
	if err != nil {
		return err
	}
	if problems != nil {
		if err := lint.Write(a.stdout, format, problems, out); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
		return exitError{2}
	}

	paths := cmd.Args().Slice()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files, err := spec.Expand(paths)
	if err != nil {
		return usageError{err}
	}
	files = slices.DeleteFunc(files, cfg.Skips)
	poolFiles, err := spec.Expand(append(slices.Clone(cfg.Pools), cmd.StringSlice("pools")...))
	if err != nil {
		return usagef("--pools: %v", err)
	}

	res := lint.Run(files, lint.Options{
		Stdin:     a.stdin,
		StdinName: cmd.String("stdin-filename"),
		Jobs:      int(cmd.Int("jobs")),
		Defaults: pools.Defaults{
			Project:  firstSet(cmd.String("project"), a.getenv("VXJOB_PROJECT"), cfg.Defaults.Project),
			Location: firstSet(cmd.String("location"), a.getenv("VXJOB_LOCATION"), cfg.Defaults.Location),
		},
		Pools: poolFiles,
		Rules: cfg.Rules,
	})
	if err := lint.Write(a.stdout, format, res, out); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	if code := res.ExitCode(failOn); code != 0 {
		return exitError{code}
	}
	return nil
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

// firstSet returns the first non-empty value.
func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
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
// terminal and NO_COLOR (https://no-color.org) is unset or empty.
func (a *app) useColor(mode string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return a.getenv("NO_COLOR") == "" && a.isTerminal(a.stdout), nil
	}
	return false, usagef("--color must be auto, always or never, not %q", mode)
}
