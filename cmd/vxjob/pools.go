package main

import (
	"context"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/lint/pools"
)

func (a *app) poolsCommand() *cli.Command {
	cmd := &cli.Command{
		Name:      "pools",
		Usage:     "show each persistent resource's pools: their limit, what is in use, and what the jobs ask",
		ArgsUsage: "[PATH...]",
		Description: `Reads the files as lint does (PATH as for lint; pools from the linted
PersistentResource documents, --pools and pools: in .vxjob.yaml, and Vertex AI
with --live) and shows, for each persistent resource and pool: how many replicas
it holds at most (its replica count, or its autoscaling maximum), how many were
in use when last seen, and how many the repository's jobs ask of it at once.
A pool the jobs ask more of than it can hold is oversubscribed: those jobs
cannot all run together. On a terminal the numbers are drawn as bars.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text or json"},
			&cli.StringSliceFlag{Name: "pools", TakesFile: true, Usage: "a pools file or directory (repeatable)"},
			&cli.BoolFlag{Name: "live", Usage: "also ask Vertex AI for its persistent resources and the replicas in use"},
			&cli.StringFlag{Name: "config", TakesFile: true, Usage: "the configuration file", DefaultText: ".vxjob.yaml here or in the nearest parent"},
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "bars and colour: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never"},
		},
		Action: a.pools,
	}
	cmd.Flags = append(cmd.Flags, varFlags()...)
	cmd.Flags = append(cmd.Flags, endpointFlags()...)
	cmd.Flags = append(cmd.Flags, projectFlags("of documents that name none")...)
	return cmd
}

func (a *app) pools(ctx context.Context, cmd *cli.Command) error {
	format, err := textOrJSON(cmd)
	if err != nil {
		return err
	}
	color, err := a.useColor(cmd.String("color"))
	if err != nil {
		return err
	}
	cfg, defaults, err := a.settings(cmd)
	if err != nil {
		return err
	}
	vars, err := a.vars(cmd, cfg)
	if err != nil {
		return err
	}
	files, findPools, err := lintInputs(ctx, cmd, cfg)
	if err != nil {
		return err
	}
	live, err := a.liveView(ctx, cmd, cfg)
	if err != nil {
		return err
	}
	res, err := lint.Run(files, lint.Options{Stdin: a.stdin, Defaults: defaults, FindPools: findPools, Rules: cfg.Rules, Vars: vars, Live: live, Strict: cfg.Strict})
	if err != nil {
		return err
	}
	if res.ExitCode(lint.Error) == 2 {
		// Files that cannot be read leave the picture incomplete.
		if err := lint.Write(a.stderr, lint.FormatText, res, lint.OutputOptions{Tool: tool()}); err != nil {
			return err
		}
		return exitError{2}
	}
	usage := res.Pools.Usage()
	if format == "json" {
		return pools.WriteJSON(a.stdout, usage)
	}
	return pools.WriteText(a.stdout, usage, color)
}
