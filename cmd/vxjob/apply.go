package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/submit"
)

func (a *app) applyCommand() *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "create on Vertex AI what the files describe; applying again changes nothing",
		ArgsUsage: "[PATH...]",
		Description: `Lints the files (errors stop it) and plans them again against what Vertex AI has
now (see vxjob plan), then: creates and updates persistent resources, waiting
until they are RUNNING; then creates jobs, several at once. Every job vxjob
creates carries labels (vxjob-managed, vxjob-key, vxjob-spec, vxjob-attempt) by
which it is found again, so applying the same files twice creates nothing the
second time, and a create whose answer was lost is never made twice. Jobs that
vxjob did not label are never touched, and nothing is ever deleted.

A changed spec replaces the old job only while that job has ended, or with
--allow-replace (which cancels it). A spec whose job failed is run again only
with --rerun-failed.

--wait says how long to follow the jobs: none or created (return once they are
created), running, or terminal; a live table on a terminal, a line per state
change otherwise. Interrupting stops the waiting, not the jobs.

--follow (with --wait=terminal only) prints the jobs' log entries as they
come until each job has ended, read as vxjob logs --follow reads them, each
after its document's name when there are several jobs; the progress is then a
line per change, never a redrawn table, which would garble them:

  custom job etl: PENDING → RUNNING (job 3086350304271763374)
  etl           | workerpool0-0 2026-11-28T10:00:30Z INFO    Job state: JOB_STATE_RUNNING
  bert-finetune | workerpool0-0 2026-11-28T10:00:33Z INFO    epoch 1 loss 0.91
  etl           | workerpool0-0 2026-11-28T10:00:36Z INFO    read 1200 rows

A log that cannot be read (after the retries of reads) is a line on standard
error; the wait goes on and the exit status is not changed by it. With
--format json each entry is a JSON object on a line of its own, {"job",
"replica", "time", "severity", "stderr", "text"} ("job" is the document's
name), and apply's JSON follows them.

Applies running at the same time leave one active job per document: after
creating, apply lists the document's active jobs, keeps the oldest and cancels
the others (an apply whose job of another spec was cancelled fails, naming the
job that stays). When that list keeps failing, apply says which documents may
have a second job; vxjob plan shows it and apply again cancels it.

Exit status: 0 done; 1 when a document failed (each is named, with why) or may
have a second active job; 2 for usage, configuration or input errors.`,
		Flags: append(submitFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text or json"},
			&cli.BoolFlag{Name: "prune", Usage: "cancel the active jobs vxjob labelled, in the files' projects and locations, that no file given declares"},
			&cli.IntFlag{Name: "parallelism", Value: 4, Usage: "jobs created, or followed, at once"},
			&cli.StringFlag{Name: "wait", Value: string(submit.WaitCreated), Usage: "none, created, running or terminal"},
			&cli.BoolFlag{Name: "follow", Usage: "with --wait=terminal, print the jobs' log entries as they come"},
			logLinesFlag("a job seen to end FAILED (with --wait running or terminal), or the job of a document that FAILED earlier, shows"),
			&cli.DurationFlag{Name: "poll-interval", Value: 2 * time.Second, Usage: "pause between looks at what apply waits for"},
			timeoutFlag(time.Hour, "stop an apply that takes longer, the --wait aside; persistent resources may take many minutes to provision"),
		),
		Action: a.apply,
	}
}

func (a *app) apply(ctx context.Context, cmd *cli.Command) error {
	mode, err := submit.ParseWaitMode(cmd.String("wait"))
	if err != nil {
		return usageError{err}
	}
	follow := cmd.Bool("follow")
	if follow && mode != submit.WaitTerminal {
		return usagef("--follow needs --wait=terminal (not --wait=%s): it prints the jobs' logs until they end", mode)
	}
	if cmd.Int("parallelism") < 1 {
		return usagef("--parallelism must be at least 1")
	}
	format, err := textOrJSON(cmd)
	if err != nil {
		return err
	}
	if err := checkLogLines(cmd); err != nil {
		return err
	}
	docs, dial, err := a.prepare(ctx, cmd)
	if err != nil {
		return err
	}
	// With --format json, stdout is the JSON alone: progress goes to stderr.
	progressOut := a.stdout
	if format == "json" {
		progressOut = a.stderr
	}
	// A table redrawn over the log lines would garble them: a line each.
	progress := submit.NewProgress(progressOut, !follow && a.isTerminal(progressOut) && a.getenv("TERM") != "dumb")
	applier := &submit.Applier{
		Planner: submit.Planner{Dial: dial, RerunFailed: cmd.Bool("rerun-failed"), AllowReplace: cmd.Bool("allow-replace"),
			Timing: a.runTiming(cmd.Duration("poll-interval"), cmd.Duration("timeout")), LogLines: int(cmd.Int("log-lines"))},
		Prune:       cmd.Bool("prune"),
		Parallelism: int(cmd.Int("parallelism")),
		Wait:        mode,
		Events:      progress.Event,
		LogLines:    int(cmd.Int("log-lines")),
	}
	if follow {
		color, _ := a.useColor("auto") // auto is never refused
		applier.Follow = &submit.LogPrinter{Stdout: a.stdout, Stderr: a.stderr, JSON: format == "json", Color: color && format == "text"}
	}
	res, err := applier.Apply(ctx, docs)
	progress.Done()
	if err != nil {
		return failure{err}
	}
	if format == "json" {
		if err := res.WriteJSON(a.stdout); err != nil {
			return err
		}
		res.WriteProblems(a.stderr)
	} else {
		res.WriteText(a.stdout, a.stderr)
	}
	if err := a.stepSummary(func(f *os.File) error { return res.WriteMarkdown(f) }); err != nil {
		return err
	}
	if res.Detached {
		fmt.Fprintf(a.stderr, "vxjob: interrupted: stopped waiting; the jobs go on. Follow them again with:\n  vxjob apply --wait=%s %s\n", mode, strings.Join(cmd.Args().Slice(), " "))
		return exitError{1}
	}
	if len(res.Failed()) > 0 || len(res.Unsettled()) > 0 || res.Summary().Failed > 0 {
		return exitError{1}
	}
	return nil
}
