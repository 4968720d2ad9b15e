package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/internal/resname"
	"github.com/vxjob/vxjob/submit"

	"github.com/vxjob/vxjob/spec"
)

func (a *app) prCommand() *cli.Command {
	pr := &cli.Command{
		Name:     "pr",
		Usage:    "describe, reboot or delete a persistent resource",
		Commands: []*cli.Command{a.prDescribeCommand(), a.prRebootCommand(), a.prDeleteCommand()},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Present() {
				return unknownCommand(cmd, cmd.Args().First())
			}
			return cli.ShowSubcommandHelp(cmd)
		},
	}
	return pr
}

// prFlags are the flags that every pr command takes, then more.
func prFlags(more ...cli.Flag) []cli.Flag {
	flags := append(projectFlags("of the persistent resource"),
		&cli.StringFlag{Name: "config", TakesFile: true, Usage: "the configuration file", DefaultText: ".vxjob.yaml here or in the nearest parent"},
	)
	flags = append(flags, endpointFlags()...)
	return append(flags, more...)
}

// prWaitFlags are the flags of the pr commands that start an operation.
func prWaitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "no-wait", Usage: "print the operation's name and return as soon as it has started"},
		&cli.DurationFlag{Name: "poll-interval", Value: 2 * time.Second, Usage: "how often to ask Vertex AI how the operation is going"},
	}
}

func (a *app) prDescribeCommand() *cli.Command {
	return &cli.Command{
		Name:         "describe",
		Usage:        "print a persistent resource as a snapshot document, and the jobs active on it",
		ArgsUsage:    "NAME",
		ArgValidator: takesArgs(1, 1, "the persistent resource ID"),
		Description: `Prints the persistent resource NAME (its ID) as vxjob snapshot writes it, then
lists the jobs on it that are queued, pending, running, cancelling, paused or
updating, as YAML comments, so that the output is still a pools file.`,
		Flags:  prFlags(),
		Action: a.prDescribe,
	}
}

func (a *app) prRebootCommand() *cli.Command {
	return &cli.Command{
		Name:         "reboot",
		Usage:        "reboot a persistent resource and wait until it is RUNNING again",
		ArgsUsage:    "NAME",
		ArgValidator: takesArgs(1, 1, "the persistent resource ID"),
		Description: `Reboots every node of the persistent resource NAME (its ID). Vertex AI reboots
only a RUNNING or ERROR resource; autoscaled pools come back at their minimum
replica count, and capacity that is scarce may be lost. Stop the jobs on it
first.`,
		Flags:  prFlags(prWaitFlags()...),
		Action: a.prReboot,
	}
}

func (a *app) prDeleteCommand() *cli.Command {
	return &cli.Command{
		Name:         "delete",
		Usage:        "delete a persistent resource, cancelling the jobs on it",
		ArgsUsage:    "NAME",
		ArgValidator: takesArgs(1, 1, "the persistent resource ID"),
		Description: `Deletes the persistent resource NAME (its ID). Vertex AI cancels the jobs on
it first, so without --yes vxjob only says which active jobs that would cancel,
and exits with status 2.`,
		Flags: prFlags(append(prWaitFlags(),
			&cli.BoolFlag{Name: "yes", Usage: "delete it even though that cancels the jobs on it"},
		)...),
		Action: a.prDelete,
	}
}

// prTarget is the persistent resource a pr command acts on.
type prTarget struct {
	project, location, id string
}

func (t prTarget) String() string {
	return fmt.Sprintf("%s (project %s, location %s)", t.id, t.project, t.location)
}

// prConnect reads the command line of a pr command and connects to the
// location of the resource it names.
func (a *app) prConnect(ctx context.Context, cmd *cli.Command) (*submit.Client, prTarget, error) {
	var t prTarget
	t.id = cmd.Args().First()
	if !spec.ResourceID.MatchString(t.id) {
		return nil, t, usagef("%q is not a persistent resource ID: give the ID alone (lowercase letters, digits and hyphens), with --project and --location", t.id)
	}
	cfg, d, err := a.settings(cmd)
	if err != nil {
		return nil, t, err
	}
	if d.Project == "" || d.Location == "" {
		return nil, t, usagef("pr %s needs a project and a location: give --project and --location", cmd.Name)
	}
	t.project, t.location = d.Project, d.Location
	ep, err := a.endpoint(cmd, cfg)
	if err != nil {
		return nil, t, err
	}
	c, err := a.dialer(ep)(ctx, t.location)
	if err != nil {
		return nil, t, err
	}
	return c, t, nil
}

// prRefused reports an error from Vertex AI, which ends the command with
// exit status 1 rather than the 2 of a usage mistake.
func (a *app) prRefused(err error) error {
	fmt.Fprintf(a.stderr, "vxjob: %v\n", err)
	return exitError{1}
}

func (a *app) prDescribe(ctx context.Context, cmd *cli.Command) error {
	c, t, err := a.prConnect(ctx, cmd)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := c.Resource(ctx, t.project, t.location, t.id)
	if err != nil {
		return a.prRefused(err)
	}
	jobs, err := c.JobsOn(ctx, t.project, t.location, t.id)
	if err != nil {
		return a.prRefused(err)
	}
	var buf bytes.Buffer
	if err := submit.WriteSnapshot(&buf, t.project, t.location, []*aiplatformpb.PersistentResource{r}, time.Now()); err != nil {
		return err
	}
	prWriteActiveJobs(&buf, t.id, jobs)
	_, err = a.stdout.Write(buf.Bytes())
	return err
}

// prWriteActiveJobs lists jobs, a line each, as YAML comments, so that what
// describe prints can be saved as a pools file.
func prWriteActiveJobs(buf *bytes.Buffer, id string, jobs []*aiplatformpb.CustomJob) {
	if len(jobs) == 0 {
		fmt.Fprintf(buf, "# %s has no active jobs.\n", id)
		return
	}
	fmt.Fprintf(buf, "# Active jobs on %s:\n", id)
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	for _, j := range jobs {
		created := j.GetCreateTime().AsTime().UTC().Format(time.RFC3339)
		fmt.Fprintf(tw, "#   %s\t%s\t%s\tcreated %s\n", prJobID(j), j.GetDisplayName(), prJobState(j), created)
	}
	tw.Flush()
}

func (a *app) prReboot(ctx context.Context, cmd *cli.Command) error {
	poll, err := a.prPollOptions(cmd, "rebooting")
	if err != nil {
		return err
	}
	c, t, err := a.prConnect(ctx, cmd)
	if err != nil {
		return err
	}
	defer c.Close()
	if cmd.Bool("no-wait") {
		op, err := c.StartReboot(ctx, t.project, t.location, t.id)
		if err != nil {
			return a.prRefused(err)
		}
		a.prStarted("rebooting", t, op)
		return nil
	}
	r, err := c.Reboot(ctx, t.project, t.location, t.id, poll)
	if err != nil {
		return a.prRefused(err)
	}
	// Vertex AI's documentation says to check the state once a reboot is
	// done: it need not have left the resource RUNNING.
	if r.GetState() != aiplatformpb.PersistentResource_RUNNING {
		msg := fmt.Sprintf("%s is %s after the reboot", t.id, r.GetState())
		if e := r.GetError().GetMessage(); e != "" {
			msg += ": " + e
		}
		return a.prRefused(errors.New(msg))
	}
	fmt.Fprintf(a.stderr, "vxjob: %s is %s\n", t.id, r.GetState())
	return nil
}

func (a *app) prDelete(ctx context.Context, cmd *cli.Command) error {
	poll, err := a.prPollOptions(cmd, "deleting")
	if err != nil {
		return err
	}
	c, t, err := a.prConnect(ctx, cmd)
	if err != nil {
		return err
	}
	defer c.Close()
	// Look the resource up first: a wrong ID should say "not found", not
	// that deleting it would cancel no jobs.
	if _, err := c.Resource(ctx, t.project, t.location, t.id); err != nil {
		return a.prRefused(err)
	}
	jobs, err := c.JobsOn(ctx, t.project, t.location, t.id)
	if err != nil {
		return a.prRefused(err)
	}
	switch {
	case !cmd.Bool("yes") && len(jobs) == 0:
		return usagef("persistent resource %s has no active jobs; run again with --yes to delete it", t)
	case !cmd.Bool("yes"):
		return usagef("deleting persistent resource %s would cancel %s; run again with --yes to delete it", t, prJobList(jobs))
	case len(jobs) == 0:
		fmt.Fprintf(a.stderr, "vxjob: deleting %s, which has no active jobs\n", t.id)
	default:
		fmt.Fprintf(a.stderr, "vxjob: deleting %s cancels %s\n", t.id, prJobList(jobs))
	}
	if cmd.Bool("no-wait") {
		op, err := c.StartDelete(ctx, t.project, t.location, t.id)
		if err != nil {
			return a.prRefused(err)
		}
		a.prStarted("deleting", t, op)
		return nil
	}
	if err := c.Delete(ctx, t.project, t.location, t.id, poll); err != nil {
		return a.prRefused(err)
	}
	fmt.Fprintf(a.stderr, "vxjob: deleted %s\n", t.id)
	return nil
}

// prPollOptions are --poll-interval, and progress reported on stderr as
// "vxjob: DOING ID: MESSAGE".
func (a *app) prPollOptions(cmd *cli.Command, doing string) (submit.PollOptions, error) {
	interval := cmd.Duration("poll-interval")
	if interval <= 0 {
		return submit.PollOptions{}, usagef("--poll-interval must be positive, not %s", interval)
	}
	id := cmd.Args().First()
	return submit.PollOptions{
		Interval: interval,
		Progress: func(msg string) { fmt.Fprintf(a.stderr, "vxjob: %s %s: %s\n", doing, id, msg) },
	}, nil
}

// prStarted reports an operation that --no-wait leaves running: its name
// alone on stdout, for scripts, and what it is on stderr.
func (a *app) prStarted(doing string, t prTarget, op string) {
	fmt.Fprintf(a.stderr, "vxjob: %s %s: started operation %s; not waiting for it\n", doing, t.id, op)
	fmt.Fprintln(a.stdout, op)
}

// prMaxNamedJobs is how many jobs prJobList names before it only counts.
const prMaxNamedJobs = 5

// prJobList counts jobs and names the first few: "2 active jobs: a, b".
func prJobList(jobs []*aiplatformpb.CustomJob) string {
	var names []string
	for _, j := range jobs[:min(len(jobs), prMaxNamedJobs)] {
		names = append(names, cmp.Or(j.GetDisplayName(), prJobID(j)))
	}
	if more := len(jobs) - len(names); more > 0 {
		names = append(names, fmt.Sprintf("and %d more", more))
	}
	return fmt.Sprintf("%s: %s", countOf(len(jobs), "active job"), strings.Join(names, ", "))
}

// prJobID is a job's ID, what gcloud ai custom-jobs takes.
func prJobID(j *aiplatformpb.CustomJob) string { return resname.ID(j.GetName()) }

// prJobState is a job's state without the JOB_STATE_ prefix.
func prJobState(j *aiplatformpb.CustomJob) string { return resname.JobState(j.GetState()) }
