package main

import (
	"bufio"
	"bytes"
	"fmt"
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
		&cli.StringSliceFlag{Name: "var-file", Usage: "a file of NAME=VALUE lines (repeatable; a later file wins; wins over the environment)"},
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
		if err := readVarFile(path, vars); err != nil {
			return nil, usageError{err}
		}
	}
	for _, kv := range cmd.StringSlice("var") {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !validVarName(name) {
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

// readVarFile adds the NAME=VALUE lines of a file to vars: blank lines and
// lines starting with # are skipped, "export " before a name is allowed
// (so a shell can source the same file), and a value in matching single
// or double quotes loses them.
func readVarFile(path string, vars spec.Vars) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--var-file: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		name, value, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok || !validVarName(name) {
			return fmt.Errorf("%s:%d: write NAME=VALUE, NAME being letters, digits and _ (not starting with a digit)", path, n)
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = value[1 : len(value)-1]
		}
		vars[name] = value
	}
	return sc.Err()
}

func validVarName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}
