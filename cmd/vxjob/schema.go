package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/schemas"
)

func (a *app) schemaCommand() *cli.Command {
	return &cli.Command{
		Name:         "schema",
		Usage:        "print the JSON Schema of a document kind (or of every vxjob document)",
		ArgsUsage:    "[CustomJob|PersistentResource|config]",
		ArgValidator: takesArgs(0, 1, ""),
		Description: `Without KIND, prints the schema that covers both kinds and picks by kind:, the one
to give an editor. For example, as the first line of a job file:

  # yaml-language-server: $schema=https://raw.githubusercontent.com/vxjob/vxjob/main/schemas/vxjob.json

"config" prints the schema of the configuration file, .vxjob.yaml.

--write DIR writes every schema into DIR instead (vxjob.json, customjob.json,
persistentresource.json, config.json), replacing what is there: they are
generated, and writing them again after an upgrade is how they follow it.
A file can then name its schema by a path relative to itself:

  # yaml-language-server: $schema=../schemas/vxjob.json`,
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:      "write",
				Usage:     "write every schema into `DIR` (created if missing) instead of printing one",
				TakesFile: true,
			},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if dir := cmd.String("write"); dir != "" {
				if cmd.Args().Present() {
					return usagef("--write writes the schemas of every kind; leave out %s", cmd.Args().First())
				}
				return a.writeSchemas(dir)
			}
			kind := ""
			if arg := cmd.Args().First(); arg != "" {
				for _, k := range append(schemas.Kinds(), schemas.ConfigName) {
					if strings.EqualFold(arg, k) {
						kind = k
					}
				}
				if kind == "" {
					return usagef("unknown kind %q; kinds are %s (or config, for .vxjob.yaml)", arg, strings.Join(schemas.Kinds(), " and "))
				}
			}
			data, _ := schemas.JSON(kind)
			_, err := a.stdout.Write(data)
			return err
		},
	}
}

// writeSchemas writes the combined schema, each kind's and the
// configuration's into dir, and says so on stderr, as snapshot does.
// Each file is replaced whole, so an editor never reads half a schema.
func (a *app) writeSchemas(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, kind := range append([]string{""}, append(schemas.Kinds(), schemas.ConfigName)...) {
		data, _ := schemas.JSON(kind)
		path := filepath.Join(dir, schemas.FileName(kind))
		if err := writeFileAtomic(path, data); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "vxjob: wrote %s\n", path)
	}
	return nil
}
