// Command vxjob keeps Vertex AI custom training jobs, and the persistent
// resources they run on, as YAML files: it lints them offline and applies
// them to Vertex AI idempotently. This package is flags and wiring; the
// work is done in spec, schemas, lint, importer and submit.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/submit"
)

func main() {
	startCollector(os.Args)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{
		stdin:      os.Stdin,
		stdout:     os.Stdout,
		stderr:     os.Stderr,
		getenv:     os.Getenv,
		getenvIsOS: true,
		isTerminal: func(w io.Writer) bool {
			f, ok := w.(*os.File)
			return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
		},
	}
	os.Exit(a.run(ctx, os.Args))
}

// app is the process's environment, so tests can run vxjob in-process.
type app struct {
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	getenv     func(string) string
	isTerminal func(io.Writer) bool
	// getenvIsOS says getenv is os.Getenv, so os.LookupEnv can tell an
	// empty variable from an unset one.
	getenvIsOS bool
	// timing is how patient calls to Vertex AI are; the zero value is
	// submit's defaults, and tests make retries short.
	timing submit.Timing
	// logPageSize is the entries `vxjob logs` asks per call; 0 is
	// Logging's most. Tests make it small to read several pages.
	logPageSize int
}

// runTiming is a plan's or apply's timing: the app's, with the flags'
// poll interval and bound on the run.
func (a *app) runTiming(poll, run time.Duration) submit.Timing {
	t := a.timing
	t.Poll, t.Run = poll, run
	return t
}

// exitError ends a command with a status other than 0 after it has said
// what it had to say.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// usageError is a mistake in how vxjob was called: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run runs one command line and returns the exit status: 0 clean, 1
// findings or a failure on Vertex AI's side (any submit.CallError), 2 a
// usage, configuration or input error.
func (a *app) run(ctx context.Context, args []string) int {
	root := a.rootCommand()
	// "vxjob help lnit" ends in CommandNotFound, which cannot return an
	// error; it leaves one here.
	var notFound error
	_ = root.Walk(func(c *cli.Command) error {
		c.CommandNotFound = func(_ context.Context, parent *cli.Command, name string) {
			notFound = unknownCommand(parent, name)
		}
		return nil
	})
	err := root.Run(ctx, args)
	if err == nil {
		err = notFound
	}
	var ee exitError
	var f failure
	var call *submit.CallError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &f), errors.As(err, &call):
		// Vertex AI answered with an error, or did not answer: the run
		// failed, the input and usage did not.
		fmt.Fprintf(a.stderr, "vxjob: %v\n", err)
		return 1
	default:
		fmt.Fprintf(a.stderr, "vxjob: %v\n", err)
		return 2
	}
}

func (a *app) rootCommand() *cli.Command {
	root := &cli.Command{
		Name:      "vxjob",
		Usage:     "keep Vertex AI custom jobs and persistent resources as YAML; lint them offline, apply them idempotently",
		Version:   versionString(),
		Reader:    a.stdin,
		Writer:    a.stdout,
		ErrWriter: a.stderr,
		// Errors come back from Run and are reported once, by app.run.
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
		// Repeated flags give lists; a comma is part of a value (--var
		// ARGS=a,b), never a separator.
		DisableSliceFlagSeparator: true,
		Commands: []*cli.Command{
			a.lintCommand(),
			a.planCommand(),
			a.applyCommand(),
			a.logsCommand(),
			a.importCommand(),
			a.snapshotCommand(),
			a.poolsCommand(),
			a.prCommand(),
			a.emulatorCommand(),
			a.rulesCommand(),
			a.explainCommand(),
			a.schemaCommand(),
			a.versionCommand(),
			a.completionCommand(),
			a.completeCommand(),
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Present() {
				return unknownCommand(cmd, cmd.Args().First())
			}
			return cli.ShowAppHelp(cmd)
		},
	}
	// A usage mistake gets one line on stderr, not the help text on stdout,
	// where it would spoil --format json or sarif.
	_ = root.Walk(func(c *cli.Command) error {
		c.OnUsageError = func(_ context.Context, cmd *cli.Command, err error, _ bool) error {
			// The root's arguments are the command line from the first
			// command on, as typed.
			return flagError(cmd, err, cmd.Root().Args().Slice())
		}
		return nil
	})
	return root
}
