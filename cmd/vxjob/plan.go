package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/submit"
)

// submitFlags are the flags plan and apply share.
func submitFlags() []cli.Flag {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "config", TakesFile: true, Usage: "the configuration file", DefaultText: ".vxjob.yaml here or in the nearest parent"},
		&cli.StringSliceFlag{Name: "pools", TakesFile: true, Usage: "a pools file or directory for the lint that runs first (repeatable)"},
		&cli.BoolFlag{Name: "rerun-failed", Usage: "run again a job whose spec already ran and failed, was cancelled or expired"},
		&cli.BoolFlag{Name: "allow-replace", Usage: "cancel the active job of an older spec to create the job of the new one (plan: plan as apply with it would)"},
	}
	flags = append(flags, varFlags()...)
	flags = append(flags, endpointFlags()...)
	return append(flags, projectFlags("of documents that name none")...)
}

func (a *app) planCommand() *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "show what apply would change on Vertex AI, changing nothing",
		ArgsUsage: "[PATH...]",
		Description: `Lints the files first (errors stop it), then reads, for each project and location,
the jobs vxjob manages (one list) and each persistent resource (one get), and
says for each document what apply would do:

  +    create            no job has run this spec, or no resource has this ID
  ~    update            a resource's replica counts or display name change in place
  -/+  replace           the spec changed while the old job is still active; apply
                         refuses it, and the summary counts it as needing
                         attention, unless --allow-replace is given
  =    no change         the job of this spec is active or succeeded; the resource is as written
  !    needs attention   the job of this spec failed (apply --rerun-failed runs it again);
                         a resource changed in a way only a new one can take;
                         several active jobs run one spec
  ?    no file           an active job vxjob labelled that no file of the run
                         declares (apply --prune cancels it)

Under a document whose job FAILED earlier, the last lines that job logged
(--log-lines, 5 by default; 0 reads none), from Cloud Logging in one call; a
log that cannot be read is one line there, and changes nothing else.

Exit status: 0, or with --detailed-exitcode 0 for no changes, 2 for changes, 1
for errors (as terraform's).`,
		Flags: append(submitFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text or json"},
			logLinesFlag("the job of a document that FAILED earlier shows under it"),
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour the markers: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never"},
			&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 0 for no changes, 2 for changes, 1 for errors"},
			timeoutFlag(10*time.Minute, "stop a plan that takes longer"),
		),
		Action: a.plan,
	}
}

func (a *app) plan(ctx context.Context, cmd *cli.Command) error {
	detailed := cmd.Bool("detailed-exitcode")
	format, err := textOrJSON(cmd)
	if err != nil {
		return a.planError(detailed, err)
	}
	color, err := a.useColor(cmd.String("color"))
	if err != nil {
		return a.planError(detailed, err)
	}
	if err := checkLogLines(cmd); err != nil {
		return a.planError(detailed, err)
	}
	docs, dial, err := a.prepare(ctx, cmd)
	if err != nil {
		return a.planError(detailed, err)
	}
	planner := &submit.Planner{Dial: dial, RerunFailed: cmd.Bool("rerun-failed"), AllowReplace: cmd.Bool("allow-replace"), Timing: a.runTiming(0, cmd.Duration("timeout")),
		LogLines: int(cmd.Int("log-lines"))}
	plan, err := planner.Plan(ctx, docs)
	if err != nil {
		return a.planError(detailed, failure{err})
	}
	if format == "json" {
		err = plan.WriteJSON(a.stdout)
	} else {
		err = plan.WriteTextColor(a.stdout, color)
	}
	if err != nil {
		return err
	}
	if err := a.stepSummary(func(f *os.File) error { return plan.WriteMarkdown(f, "vxjob plan") }); err != nil {
		return a.planError(detailed, err)
	}
	if detailed && plan.HasChanges() {
		return exitError{2}
	}
	return nil
}

// timeoutFlag is --timeout, which bounds a whole run against Vertex AI
// (each call has its own bound too), so that a server that never answers
// cannot hold a CI job for hours.
func timeoutFlag(value time.Duration, usage string) cli.Flag {
	return &cli.DurationFlag{Name: "timeout", Value: value, Usage: usage + " (0: no limit)"}
}

// planError is err as plan reports it: with --detailed-exitcode, every
// error exits 1, since 2 means "changes".
func (a *app) planError(detailed bool, err error) error {
	if !detailed {
		return err
	}
	var ee exitError
	if errors.As(err, &ee) {
		return exitError{1}
	}
	fmt.Fprintf(a.stderr, "vxjob: %v\n", err)
	return exitError{1}
}

// failure is an error of Vertex AI, or of applying: exit status 1, where
// usage and input errors exit 2.
type failure struct{ err error }

func (f failure) Error() string { return f.err.Error() }
func (f failure) Unwrap() error { return f.err }

// stepSummary appends to $GITHUB_STEP_SUMMARY when it is set.
func (a *app) stepSummary(write func(*os.File) error) error {
	path := a.getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	return f.Close()
}

// prepare is what plan and apply do first: read the configuration, lint
// the files (errors stop them, as in review), and read their documents.
func (a *app) prepare(ctx context.Context, cmd *cli.Command) ([]*submit.Document, submit.Dialer, error) {
	cfg, defaults, err := a.settings(cmd)
	if err != nil {
		return nil, nil, err
	}
	vars, err := a.vars(cmd, cfg)
	if err != nil {
		return nil, nil, err
	}
	ep, err := a.endpoint(cmd, cfg)
	if err != nil {
		return nil, nil, err
	}
	if slices.Contains(cmd.Args().Slice(), "-") {
		return nil, nil, usagef("%s reads files, not standard input", cmd.Name)
	}
	files, findPools, err := lintInputs(ctx, cmd, cfg)
	if err != nil {
		return nil, nil, err
	}
	// What is sent must be known: every variable is required. Lint decides
	// every refusal that needs no Vertex AI, and the configuration cannot
	// turn those off here.
	res, err := lint.Run(files, lint.Options{Context: ctx, Defaults: defaults, FindPools: findPools, Rules: lint.WithRefusals(cfg.Rules), Vars: vars, RequireVars: true, Strict: cfg.Strict})
	if err != nil {
		return nil, nil, interrupted(err)
	}
	if res.ExitCode(lint.Error) != 0 {
		if err := lint.Write(a.stderr, lint.FormatText, res, lint.OutputOptions{Tool: tool()}); err != nil {
			return nil, nil, err
		}
		return nil, nil, failure{fmt.Errorf("lint found errors; %s changes nothing until they are fixed", cmd.Name)}
	}
	var parsed []*spec.File
	for _, f := range files {
		if !lint.IsConfigName(f) {
			parsed = append(parsed, spec.ReadFileVars(f, nil, "", vars))
		}
	}
	docs, err := submit.Documents(parsed, defaults)
	if err != nil {
		return nil, nil, failure{err}
	}
	if len(docs) == 0 {
		return nil, nil, usagef("no CustomJob or PersistentResource documents in the %s read", countOf(len(files), "file"))
	}
	return docs, a.dialer(ep), nil
}
