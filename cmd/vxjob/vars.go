package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v3"
	"go.yaml.in/yaml/v3"

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
		if err := readVarFile(path, vars); err != nil {
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

// readVarFile adds the variables of a file to vars. A .yaml, .yml or
// .json file is a mapping of names to plain values; any other is NAME=VALUE
// lines: blank lines and lines starting with # are skipped, "export "
// before a name is allowed (so a shell can source the same file), and a
// value in matching single or double quotes loses them.
func readVarFile(path string, vars spec.Vars) error {
	data, err := spec.ReadLimited(path)
	if err != nil {
		return fmt.Errorf("--var-file: %w", err)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		return readVarMapping(path, data, vars)
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
		if !ok || !spec.IsVarName(name) {
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

// readVarMapping adds the entries of a YAML (or JSON) mapping to vars:
// each a name and a plain value, written into the files as it is written
// here (4, true, 1.4.2).
func readVarMapping(path string, data []byte, vars spec.Vars) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if len(doc.Content) == 0 {
		return nil // empty: no variables
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d:%d: a variables file is a mapping of NAME: VALUE", path, m.Line, m.Column)
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if !spec.IsVarName(k.Value) {
			return fmt.Errorf("%s:%d:%d: %q is not a variable name: letters, digits and _, not starting with a digit", path, k.Line, k.Column, k.Value)
		}
		if v.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s:%d:%d: the value of %s must be a plain value, not a list or mapping", path, v.Line, v.Column, k.Value)
		}
		vars[k.Value] = v.Value
	}
	return nil
}
