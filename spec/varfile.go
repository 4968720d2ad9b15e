package spec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ReadVarFile adds the variables of the file path (--var-file) to vars.
// A .yaml, .yml or .json file is a mapping of names to plain values; any
// other is NAME=VALUE lines: blank lines and lines starting with # are
// skipped, "export " before a name is allowed (so a shell can source the
// same file), and a value in matching single or double quotes loses them.
// Errors name the file, line and column.
func ReadVarFile(path string, vars Vars) error {
	data, err := ReadLimited(path)
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &pathErr):
		return fmt.Errorf("%s: %w", path, pathErr.Err) // "open PATH: ..." would name it twice
	case err != nil:
		return fmt.Errorf("%s: %w", path, err)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		return readVarMapping(path, data, vars)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		line := strings.TrimSpace(text)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		col := utf8.RuneCountInString(text[:strings.Index(text, line)]) + 1 // columns count runes
		line = strings.TrimPrefix(line, "export ")
		name, value, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok || !IsVarName(name) {
			return fmt.Errorf("%s:%d:%d: write NAME=VALUE, NAME being letters, digits and _ (not starting with a digit)", path, n, col)
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
func readVarMapping(path string, data []byte, vars Vars) error {
	// As for job files, nesting and size are bounded before the parser
	// allocates (CheckDepth).
	if e := CheckDepth(data); e != nil {
		return fmt.Errorf("%s:%d:%d: %s", path, e.Range.Start.Line, e.Range.Start.Column, e.Msg)
	}
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
		if !IsVarName(k.Value) {
			return fmt.Errorf("%s:%d:%d: %q is not a variable name: letters, digits and _, not starting with a digit", path, k.Line, k.Column, k.Value)
		}
		if v.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s:%d:%d: the value of %s must be a plain value, not a list or mapping", path, v.Line, v.Column, k.Value)
		}
		vars[k.Value] = v.Value
	}
	return nil
}
