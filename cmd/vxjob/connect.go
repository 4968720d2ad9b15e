package main

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/internal/gcloudconfig"
	"github.com/vxjob/vxjob/internal/suggest"
	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/submit"
)

// endpointFlags are --endpoint and --insecure, shared by the commands
// that call Vertex AI.
func endpointFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{
			Name: "endpoint",
			Usage: "Vertex AI endpoint: HOST:PORT (plaintext to a loopback address such as the emulator's, TLS otherwise), " +
				"grpcs://HOST:PORT (TLS) or grpc://HOST:PORT (plaintext, loopback only)",
			DefaultText: "$" + submit.EndpointEnv + ", else the location's regional endpoint",
		},
		&cli.BoolFlag{
			Name:  "insecure",
			Usage: "plaintext, without TLS or credentials, to --endpoint (as grpc:// does); refused unless it is a loopback address",
		},
		&cli.StringFlag{
			Name:        "transport",
			Usage:       "how to talk to Vertex AI: grpc, or rest (HTTP/1.1 and JSON, for networks that block gRPC)",
			DefaultText: "$" + submit.TransportEnv + ", else .vxjob.yaml's transport, else grpc",
		},
	}
}

// projectFlags are --project and --location.
func projectFlags(what string) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "project", Usage: "project " + what + " (else VXJOB_PROJECT, .vxjob.yaml, gcloud's core/project)"},
		&cli.StringFlag{Name: "location", Usage: "location " + what + " (else VXJOB_LOCATION, .vxjob.yaml, gcloud's ai/region)"},
	}
}

// endpoint is --endpoint, else $VXJOB_ENDPOINT, with the transport; an
// Endpoint without an address means the regional endpoints.
func (a *app) endpoint(cmd *cli.Command, cfg *lint.Config) (submit.Endpoint, error) {
	tr, err := a.transport(cmd, cfg)
	if err != nil {
		return submit.Endpoint{}, err
	}
	ep, err := a.address(cmd)
	ep.Transport = tr
	return ep, err
}

// transport is --transport, else $VXJOB_TRANSPORT, else .vxjob.yaml's
// transport, else gRPC: the order of ARCHITECTURE.md §1.
func (a *app) transport(cmd *cli.Command, cfg *lint.Config) (submit.Transport, error) {
	v, from := cmd.String("transport"), "--transport"
	if v == "" {
		v, from = a.getenv(submit.TransportEnv), submit.TransportEnv
	}
	if v == "" && cfg != nil {
		v, from = cfg.Transport, cfg.Path
	}
	tr, err := submit.ParseTransport(v)
	if err != nil {
		if near := suggest.Nearest(v, submit.Transports); near != "" {
			return "", usagef("%s: %v (did you mean %s?)", from, err, near)
		}
		return "", usagef("%s: %v", from, err)
	}
	return tr, nil
}

// address is --endpoint, else $VXJOB_ENDPOINT, without the transport.
func (a *app) address(cmd *cli.Command) (submit.Endpoint, error) {
	v := cmp.Or(cmd.String("endpoint"), a.getenv(submit.EndpointEnv))
	if cmd.Bool("insecure") {
		if v == "" {
			return submit.Endpoint{}, usagef("--insecure needs --endpoint (or %s): the regional endpoints take TLS only", submit.EndpointEnv)
		}
		if !strings.Contains(v, "://") {
			v = "grpc://" + v
		}
	}
	if v == "" {
		return submit.Endpoint{}, nil
	}
	ep, err := submit.ParseEndpoint(v)
	if err != nil {
		if cmd.String("endpoint") == "" {
			return ep, usagef("%s: %v", submit.EndpointEnv, err)
		}
		return ep, usagef("--endpoint: %v", err)
	}
	return ep, nil
}

// dialer connects to ep, or to each location's regional endpoint, with
// the app's timing.
func (a *app) dialer(ep submit.Endpoint) submit.Dialer {
	return func(ctx context.Context, location string) (*submit.Client, error) {
		c, err := submit.Dial(ctx, location, ep)
		if err != nil {
			return nil, err
		}
		c.Timing = a.timing
		return c, nil
	}
}

// settings reads the configuration (--config, or .vxjob.yaml found from
// here up) for a command that takes no --format, reporting what is wrong
// with it on standard error, and resolves the defaults.
func (a *app) settings(cmd *cli.Command) (*lint.Config, spec.Where, error) {
	cfg, problems, err := a.loadConfig(cmd.String("config"))
	if err != nil {
		return nil, spec.Where{}, err
	}
	if problems != nil {
		return nil, spec.Where{}, a.configProblems(problems)
	}
	d, err := a.defaults(cmd, cfg)
	return cfg, d, err
}

// defaults resolves the project and location of documents that name none,
// as ARCHITECTURE.md §1 orders the sources: flags, then VXJOB_PROJECT and
// VXJOB_LOCATION, then .vxjob.yaml, then the active gcloud configuration
// (read only when something is still missing).
func (a *app) defaults(cmd *cli.Command, cfg *lint.Config) (spec.Where, error) {
	d := spec.Where{
		Project:  cmp.Or(cmd.String("project"), a.getenv("VXJOB_PROJECT"), cfg.Defaults.Project),
		Location: cmp.Or(cmd.String("location"), a.getenv("VXJOB_LOCATION"), cfg.Defaults.Location),
	}
	if d.Project != "" && d.Location != "" {
		return d, nil
	}
	gc, err := gcloudconfig.Active(a.getenv, cmp.Or(a.getenv("HOME"), a.getenv("USERPROFILE")))
	if err != nil {
		return d, fmt.Errorf("reading the gcloud configuration: %w", err)
	}
	if gc.Note != "" {
		fmt.Fprintf(a.stderr, "vxjob: note: %s\n", gc.Note)
	}
	d.Project = cmp.Or(d.Project, gc.Project)
	d.Location = cmp.Or(d.Location, gc.Region)
	return d, nil
}

// dialWhere connects to Vertex AI for a command that works in one project
// and location, those of its flags or configuration.
func (a *app) dialWhere(ctx context.Context, cmd *cli.Command) (*submit.Client, spec.Where, error) {
	cfg, d, err := a.settings(cmd)
	if err != nil {
		return nil, d, err
	}
	if d.Project == "" || d.Location == "" {
		return nil, d, usagef("%s needs a project and a location: give --project and --location", cmd.Name)
	}
	ep, err := a.endpoint(cmd, cfg)
	if err != nil {
		return nil, d, err
	}
	c, err := a.dialer(ep)(ctx, d.Location)
	return c, d, err
}

// textOrJSON is the --format of a command that writes text or JSON.
func textOrJSON(cmd *cli.Command) (string, error) {
	format := cmd.String("format")
	if format != "text" && format != "json" {
		return "", usagef("--format must be text or json, not %q", format)
	}
	return format, nil
}
