package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/submit"
)

func (a *app) logsCommand() *cli.Command {
	flags := append(projectFlags("of the job"),
		&cli.StringFlag{Name: "config", TakesFile: true, Usage: "the configuration file", DefaultText: ".vxjob.yaml here or in the nearest parent"},
		&cli.DurationFlag{Name: "since", Usage: "only the entries of the last DURATION (such as 30m or 2h)"},
		&cli.StringFlag{Name: "replica", Usage: "only the entries of one replica, such as workerpool0-0"},
		&cli.StringFlag{Name: "format", Value: "text", Usage: "text, or json (a JSON object per line)"},
		&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour text output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never"},
	)
	return &cli.Command{
		Name:         "logs",
		Usage:        "print a job's log entries from Cloud Logging",
		ArgsUsage:    "NAME|JOB_ID",
		ArgValidator: takesArgs(1, 1, "a job document's metadata.name, a job ID or a job's resource name"),
		Description: `Prints the log entries of a custom job, oldest first, a line each: the replica,
the time (RFC 3339), the severity ("stderr" for an entry at ERROR, where a
replica's standard error is assumed to be logged) and the text. NAME is a job
document's metadata.name: its newest job that vxjob created in the project
and location. A job ID or projects/P/locations/L/customJobs/ID works too.`,
		Flags:  append(flags, endpointFlags()...),
		Action: a.logs,
	}
}

func (a *app) logs(ctx context.Context, cmd *cli.Command) error {
	format := cmd.String("format")
	if format != "text" && format != "json" {
		return usagef("--format must be text or json, not %q", format)
	}
	color, err := a.useColor(cmd.String("color"))
	if err != nil {
		return err
	}
	if cmd.Duration("since") < 0 {
		return usagef("--since must not be negative")
	}
	cfg, d, err := a.settings(cmd)
	if err != nil {
		return err
	}
	if d.Project == "" || d.Location == "" {
		return usagef("logs needs a project and a location: give --project and --location")
	}
	ep, err := a.endpoint(cmd, cfg)
	if err != nil {
		return err
	}
	c, err := a.dialer(ep)(ctx, d.Location)
	if err != nil {
		return err
	}
	defer c.Close()
	job, err := c.FindJob(ctx, d.Project, d.Location, cmd.Args().First())
	var none *submit.NoJobError
	if errors.As(err, &none) {
		fmt.Fprintf(a.stderr, "vxjob: %v\n", err)
		return exitError{1}
	}
	if err != nil {
		return err
	}
	q := submit.LogQuery{Project: d.Project, JobID: submit.JobIDOf(job.Name), Replica: cmd.String("replica"), PageSize: a.logPageSize}
	if since := cmd.Duration("since"); since > 0 {
		now := time.Now
		if a.timing.Now != nil {
			now = a.timing.Now
		}
		q.Since = now().Add(-since)
	}
	entries, err := c.JobLogs(ctx, q)
	if err != nil {
		return err
	}
	recs := make([]submit.LogRecord, len(entries))
	for i, e := range entries {
		recs[i] = submit.Record(e)
	}
	if format == "json" {
		return submit.WriteLogJSON(a.stdout, recs)
	}
	if len(recs) == 0 {
		fmt.Fprintf(a.stderr, "vxjob: job %s (%s) has no log entries yet%s\n", q.JobID, resname.JobState(job.GetState()), sinceNote(q))
		return nil
	}
	return submit.WriteLogText(a.stdout, recs, color)
}

func sinceNote(q submit.LogQuery) string {
	switch {
	case q.Replica != "" && !q.Since.IsZero():
		return fmt.Sprintf(" from %s since %s", q.Replica, q.Since.UTC().Format(time.RFC3339))
	case q.Replica != "":
		return " from " + q.Replica
	case !q.Since.IsZero():
		return " since " + q.Since.UTC().Format(time.RFC3339)
	}
	return ""
}
