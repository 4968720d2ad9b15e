package main

import (
	"context"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/schemas"
)

func (a *app) schemaCommand() *cli.Command {
	return &cli.Command{
		Name:      "schema",
		Usage:     "print the JSON Schema of a document kind (or of every vxjob document)",
		ArgsUsage: "[CustomJob|PersistentResource|config]",
		Description: `Without KIND, prints the schema that covers both kinds and picks by kind:, the one
to give an editor. For example, as the first line of a job file:

  # yaml-language-server: $schema=https://raw.githubusercontent.com/vxjob/vxjob/main/schemas/vxjob.json

"config" prints the schema of the configuration file, .vxjob.yaml.`,
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 1 {
				return usagef("schema takes at most one KIND")
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
