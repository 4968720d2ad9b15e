package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/submit"
)

func (a *app) logsCommand() *cli.Command {
	flags := append(projectFlags("of the job"),
		&cli.StringFlag{Name: "config", TakesFile: true, Usage: "the configuration file", DefaultText: ".vxjob.yaml here or in the nearest parent"},
		&cli.DurationFlag{Name: "since", Usage: "only the entries of the last DURATION (such as 30m or 2h)"},
		&cli.StringFlag{Name: "replica", Usage: "only the entries of one replica, such as workerpool0-0"},
		&cli.BoolFlag{Name: "follow", Aliases: []string{"f"}, Usage: "go on printing entries as they come until the job ends; the exit status is then the job's"},
		&cli.DurationFlag{Name: "poll-interval", Value: 2 * time.Second, Usage: "with --follow, the pause between looks for new entries"},
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
and location. A job ID or projects/P/locations/L/customJobs/ID works too.

With --follow it goes on, printing new entries as Cloud Logging has them,
until the job has ended and what it logged is printed; exit status 0 if it
SUCCEEDED, 1 otherwise. A job that ended FAILED is named on standard error,
with its last lines.`,
		Flags:  append(flags, endpointFlags()...),
		Action: a.logs,
	}
}

func (a *app) logs(ctx context.Context, cmd *cli.Command) error {
	format, err := textOrJSON(cmd)
	if err != nil {
		return err
	}
	color, err := a.useColor(cmd.String("color"))
	if err != nil {
		return err
	}
	if cmd.Duration("since") < 0 {
		return usagef("--since must not be negative")
	}
	if cmd.Duration("poll-interval") <= 0 {
		return usagef("--poll-interval must be above 0")
	}
	c, d, err := a.dialWhere(ctx, cmd)
	if err != nil {
		return err
	}
	defer c.Close()
	c.Timing.Poll = cmd.Duration("poll-interval")
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
	write := func(recs []submit.LogRecord) error {
		if format == "json" {
			return submit.WriteLogJSON(a.stdout, recs)
		}
		return submit.WriteLogText(a.stdout, recs, color)
	}
	var tail []submit.LogRecord // the last few, for a failure's summary
	keep := func(entries []*loggingpb.LogEntry) []submit.LogRecord {
		recs := make([]submit.LogRecord, len(entries))
		for i, e := range entries {
			recs[i] = submit.Record(e)
		}
		tail = append(tail, recs...)
		if len(tail) > lastLines {
			tail = tail[len(tail)-lastLines:]
		}
		return recs
	}
	if cmd.Bool("follow") {
		got, said := false, false
		end, err := c.FollowLogs(ctx, q, job.Name, func(j *aiplatformpb.CustomJob, entries []*loggingpb.LogEntry) error {
			got = got || len(entries) > 0
			if !got && !said {
				// Say why nothing comes rather than wait in silence.
				fmt.Fprintf(a.stderr, "vxjob: job %s (%s) has no log entries yet%s; waiting for them\n", q.JobID, resname.JobState(j.GetState()), sinceNote(q))
				said = true
			}
			return write(keep(entries))
		})
		if err != nil {
			return err
		}
		if end.GetState() == aiplatformpb.JobState_JOB_STATE_SUCCEEDED {
			return nil
		}
		a.endedBadly(end, tail)
		return exitError{1}
	}
	got := false
	err = c.JobLogPages(ctx, q, func(entries []*loggingpb.LogEntry) error {
		got = got || len(entries) > 0
		return write(keep(entries))
	})
	if err != nil {
		return err
	}
	if !got && format == "text" {
		fmt.Fprintf(a.stderr, "vxjob: job %s (%s) has no log entries yet%s\n", q.JobID, resname.JobState(job.GetState()), sinceNote(q))
	}
	if job.GetState() == aiplatformpb.JobState_JOB_STATE_FAILED {
		a.endedBadly(job, tail)
	}
	return nil
}

// lastLines is how many lines a failed job's summary shows.
const lastLines = 5

// endedBadly says on stderr how a job ended that did not succeed, and, if
// it FAILED, the last lines it logged: with stdout sent elsewhere, CI
// output still shows the cause.
func (a *app) endedBadly(job *aiplatformpb.CustomJob, tail []submit.LogRecord) {
	msg := ""
	if m := job.GetError().GetMessage(); m != "" {
		msg = ": " + submit.ServerText(m)
	}
	fmt.Fprintf(a.stderr, "vxjob: job %s ended %s%s\n", submit.JobIDOf(job.GetName()), resname.JobState(job.GetState()), msg)
	if job.GetState() == aiplatformpb.JobState_JOB_STATE_FAILED {
		submit.WriteLastLogs(a.stderr, tail, nil)
	}
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
