package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/submit"
)

func (a *app) snapshotCommand() *cli.Command {
	return &cli.Command{
		Name:         "snapshot",
		Usage:        "write the persistent resources of a project and location as a pools file",
		ArgValidator: takesArgs(0, 0, "give --project and --location"),
		Description: `Lists every persistent resource of the project and location from Vertex AI and
writes them as PersistentResource documents with a status section (state, and
replicas in use per pool), in order of resource ID, so that a committed snapshot
gives clean diffs. vxjob lint checks jobs against it with --pools or pools: in
.vxjob.yaml.`,
		Flags: append(append(projectFlags("to read"),
			&cli.StringFlag{Name: "output", TakesFile: true, Aliases: []string{"o"}, Usage: "file to write", DefaultText: "standard output"},
			&cli.StringFlag{Name: "config", TakesFile: true, Usage: "the configuration file", DefaultText: ".vxjob.yaml here or in the nearest parent"},
		), endpointFlags()...),
		Action: a.snapshot,
	}
}

func (a *app) snapshot(ctx context.Context, cmd *cli.Command) error {
	c, d, err := a.dialWhere(ctx, cmd)
	if err != nil {
		return err
	}
	defer c.Close()
	resources, err := c.ListResources(ctx, d.Project, d.Location)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := submit.WriteSnapshot(&buf, d.Project, d.Location, resources, time.Now()); err != nil {
		return err
	}
	out := cmd.String("output")
	if out == "" || out == "-" {
		_, err := a.stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "vxjob: wrote %s of project %s, location %s to %s\n", countOf(len(resources), "persistent resource"), d.Project, d.Location, out)
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so that a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// countOf is "1 thing" or "n things".
func countOf(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
