package main

import (
	"os"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/vxjob/vxjob/lint"
	"github.com/vxjob/vxjob/spec"
)

// varFlags are --var and --var-file, for the commands that read documents.
func varFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "var", Usage: "NAME=VALUE: the value of ${NAME} in the files (repeatable; wins over --var-file and the environment)"},
		&cli.StringSliceFlag{Name: "var-file", TakesFile: true, Usage: "a file of NAME=VALUE lines, or a .yaml/.yml/.json mapping of NAME: VALUE (repeatable; a later file wins; wins over the environment)"},
	}
}

// vars gathers the values of the files' variables, highest first: --var,
// then --var-file (the later file first), then the environment, for the
// names the configuration allows. A variable is read from the
// environment only when allowed, so that a stray variable of a CI runner
// cannot change a job.
func (a *app) vars(cmd *cli.Command, cfg *lint.Config) (spec.Vars, error) {
	vars := spec.Vars{}
	for _, name := range cfg.Env {
		if v, ok := a.lookupEnv(name); ok {
			vars[name] = v
		}
	}
	for _, path := range cmd.StringSlice("var-file") {
		if err := spec.ReadVarFile(path, vars); err != nil {
			return nil, usageError{err}
		}
	}
	for _, kv := range cmd.StringSlice("var") {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !spec.IsVarName(name) {
			return nil, usagef("--var %q: write NAME=VALUE, NAME being letters, digits and _ (not starting with a digit)", kv)
		}
		vars[name] = value
	}
	return vars, nil
}

// lookupEnv is getenv that tells an empty value from an unset one where
// it can: the process environment can, a test's map cannot.
func (a *app) lookupEnv(name string) (string, bool) {
	v := a.getenv(name)
	if v != "" {
		return v, true
	}
	if a.getenvIsOS {
		return os.LookupEnv(name)
	}
	return "", false
}
