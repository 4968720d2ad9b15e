package main

import (
	"context"
	"fmt"
	"net"
	"path"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/submit"
	"github.com/vxjob/vxjob/submit/vertextest"
)

func (a *app) emulatorCommand() *cli.Command {
	life := vertextest.DefaultLifecycle
	return &cli.Command{
		Name:         "emulator",
		Usage:        "serve an in-memory Vertex AI on loopback, for demos and tests",
		ArgValidator: takesArgs(0, 0, "seed it with --seed"),
		Description: `Serves the Vertex AI services vxjob uses (custom jobs, persistent resources,
long-running operations, and the permission checks of lint --live) from memory,
on a loopback address, until interrupted: gRPC and REST (HTTP/1.1 with JSON, as
curl and Google's REST clients speak it) on the same address. Point vxjob at it
with --endpoint or VXJOB_ENDPOINT; it needs no credentials.

It behaves like Vertex AI where vxjob depends on it: jobs whose worker pools do
not match their persistent resource are rejected; jobs queue while the pools
they need are busy, then go QUEUED, PENDING, RUNNING and SUCCEEDED. --seed puts
the PersistentResource documents of files or directories in place, RUNNING at
once; documents that name no project or location take --project and --location
(or their defaults). Cloud Logging's ListLogEntries (and TailLogEntries, over
gRPC) give each job's log: a line per replica at each state, and with
--job-logs PATTERN=FILE the lines of FILE, logged by workerpool0-0 of the jobs
whose display name matches PATTERN when they start RUNNING.`,
		Flags: append(projectFlags("of seed documents that name none"),
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:0", Usage: "loopback HOST:PORT to serve on; port 0 picks a free one"},
			&cli.StringSliceFlag{Name: "seed", TakesFile: true, Usage: "file or directory of PersistentResource documents to start with (repeatable)"},
			&cli.StringFlag{Name: "config", TakesFile: true, Usage: "the configuration file", DefaultText: ".vxjob.yaml here or in the nearest parent"},
			&cli.DurationFlag{Name: "queued", Value: life.Queued, Usage: "how long a job that fits stays QUEUED"},
			&cli.DurationFlag{Name: "pending", Value: life.Pending, Usage: "how long a job stays PENDING"},
			&cli.DurationFlag{Name: "running", Value: life.Running, Usage: "how long a job stays RUNNING"},
			&cli.DurationFlag{Name: "provisioning", Value: life.Provisioning, Usage: "how long creating a persistent resource takes"},
			&cli.DurationFlag{Name: "operation", Value: life.Operation, Usage: "how long other long-running operations take"},
			&cli.StringSliceFlag{Name: "fail-jobs", Usage: "jobs whose display name matches this pattern (path.Match syntax) end FAILED (repeatable)"},
			&cli.StringSliceFlag{Name: "job-logs", Usage: "PATTERN=FILE: jobs whose display name matches PATTERN (path.Match syntax) log FILE's lines when they start RUNNING (repeatable)"},
			&cli.DurationFlag{Name: "latency", Usage: "added to every call"},
			&cli.FloatFlag{Name: "fault-rate", Usage: "chance (0 to 1) that a call fails with UNAVAILABLE or DEADLINE_EXCEEDED, before or after it takes effect"},
			&cli.StringSliceFlag{Name: "fault-methods", Usage: "methods --fault-rate applies to", DefaultText: "every JobService and PersistentResourceService method"},
			&cli.IntFlag{Name: "seed-random", Usage: "seed of job IDs and random faults"},
			&cli.StringSliceFlag{Name: "deny", Usage: "PERMISSION or PERMISSION=RESOURCE the caller does not hold, for lint --live (repeatable)"},
			&cli.BoolFlag{Name: "verbose", Usage: "log every call to standard error"},
		),
		Action: a.emulator,
	}
}

// jobAndResourceMethods are what --fault-rate breaks unless told which.
var jobAndResourceMethods = []string{
	"CreateCustomJob", "GetCustomJob", "ListCustomJobs", "CancelCustomJob", "DeleteCustomJob",
	"CreatePersistentResource", "GetPersistentResource", "ListPersistentResources",
	"UpdatePersistentResource", "DeletePersistentResource", "RebootPersistentResource",
}

func (a *app) emulator(ctx context.Context, cmd *cli.Command) error {
	host, _, err := net.SplitHostPort(cmd.String("listen"))
	if err != nil {
		return usagef("--listen: %v", err)
	}
	if ep, err := submit.ParseEndpoint("grpc://" + cmd.String("listen")); err != nil || !ep.Plaintext {
		return usagef("--listen %s: the emulator serves only on a loopback address, such as 127.0.0.1", host)
	}
	if rate := cmd.Float("fault-rate"); rate < 0 || rate > 1 {
		return usagef("--fault-rate must be between 0 and 1")
	}
	for _, p := range cmd.StringSlice("fail-jobs") {
		if _, err := path.Match(p, ""); err != nil {
			return usagef("--fail-jobs %q: %v", p, err)
		}
	}
	logs, err := parseJobLogs(cmd.StringSlice("job-logs"))
	if err != nil {
		return err
	}
	_, d, err := a.settings(cmd)
	if err != nil {
		return err
	}

	opts := vertextest.Options{
		Lifecycle: vertextest.Lifecycle{
			Queued: orZero(cmd.Duration("queued")), Pending: orZero(cmd.Duration("pending")), Running: orZero(cmd.Duration("running")),
			Provisioning: orZero(cmd.Duration("provisioning")), Operation: orZero(cmd.Duration("operation")),
			Cancelling: vertextest.DefaultLifecycle.Cancelling,
		},
		Latency: cmd.Duration("latency"),
		Seed:    int64(cmd.Int("seed-random")),
	}
	if cmd.Bool("verbose") {
		opts.Logf = func(format string, args ...any) { fmt.Fprintf(a.stderr, "vxjob emulator: "+format+"\n", args...) }
	}
	srv := vertextest.New(opts)
	defer srv.Close()
	if err := a.seedEmulator(srv, cmd.StringSlice("seed"), d.Project, d.Location); err != nil {
		return err
	}
	for _, p := range cmd.StringSlice("fail-jobs") {
		srv.FailJobs(func(j *aiplatformpb.CustomJob) bool { ok, _ := path.Match(p, j.DisplayName); return ok },
			"The replica workerpool0-0 exited with a non-zero status of 1.")
	}
	for _, l := range logs {
		l.give(srv)
	}
	for _, d := range cmd.StringSlice("deny") {
		perm, resource, _ := strings.Cut(d, "=")
		srv.Deny(perm, resource)
	}
	if rate := cmd.Float("fault-rate"); rate > 0 {
		methods := cmd.StringSlice("fault-methods")
		if len(methods) == 0 {
			methods = jobAndResourceMethods
		}
		srv.Inject(vertextest.Fault{Methods: methods, Mode: vertextest.Random, Rate: rate})
	}

	lis, err := net.Listen("tcp", cmd.String("listen"))
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	addr := lis.Addr().String()
	fmt.Fprintf(a.stdout, "vxjob emulator: serving Vertex AI (gRPC and REST) on %s until interrupted\n", addr)
	fmt.Fprintf(a.stdout, "export %s=%s\n", submit.EndpointEnv, addr)
	select {
	case <-ctx.Done():
		srv.Close()
		<-served
		fmt.Fprintln(a.stderr, "vxjob emulator: stopped")
		return nil
	case err := <-served:
		return err
	}
}

// orZero turns a zero duration asked for on the command line into the
// Lifecycle's way of saying zero.
func orZero(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// seedEmulator reads the seed paths and adds their persistent resources.
func (a *app) seedEmulator(srv *vertextest.Server, paths []string, project, location string) error {
	if len(paths) == 0 {
		return nil
	}
	names, err := spec.Expand(paths)
	if err != nil {
		return usagef("--seed: %v", err)
	}
	var files []*spec.File
	for _, n := range names {
		files = append(files, spec.ReadFile(n, nil, ""))
	}
	n, err := srv.Seed(files, project, location)
	if err != nil {
		return fmt.Errorf("--seed: %w", err)
	}
	fmt.Fprintf(a.stderr, "vxjob emulator: seeded %s from %s\n", countOf(n, "persistent resource"), strings.Join(paths, ", "))
	return nil
}
