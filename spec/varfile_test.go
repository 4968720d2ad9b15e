package spec

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadVarFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		name, text string
		want       Vars
		err        string // the error's text after the file's path
	}{
		{"ci.env", "# comment\n\nexport A=1\nB = \"two words\"\nC='3'\nD=\n", Vars{"A": "1", "B": "two words", "C": "3", "D": ""}, ""},
		{"bad.env", "A=1\n  not a line\n", nil, ":2:3: write NAME=VALUE"},
		{"digit.env", "1A=1\n", nil, ":1:1: write NAME=VALUE"},
		{"wide.env", "\u3000\u3000bad line\n", nil, ":1:3: write NAME=VALUE"}, // two ideographic spaces: 6 bytes, 2 columns
		{"vars.yaml", "A: 4\nB: true\nC: 1.4.2\n", Vars{"A": "4", "B": "true", "C": "1.4.2"}, ""},
		{"vars.json", `{"A": "x", "B": 2}`, Vars{"A": "x", "B": "2"}, ""},
		{"empty.yaml", "", Vars{}, ""},
		{"list.yaml", "- a\n", nil, ":1:1: a variables file is a mapping"},
		{"nested.yaml", "A:\n  b: 1\n", nil, ":2:3: the value of A must be a plain value"},
		{"name.yaml", "a-b: 1\n", nil, `:1:1: "a-b" is not a variable name`},
		{"deep.yaml", "A: " + strings.Repeat("[", 200000) + "\n", nil, ":1:103: lists and mappings nest more than 100 levels"},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		got := Vars{}
		err := ReadVarFile(path, got)
		switch {
		case c.err != "" && (err == nil || !strings.HasPrefix(err.Error(), path+c.err)):
			t.Errorf("%s: error %v, want one starting %q", c.name, err, path+c.err)
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.err == "" && !maps.Equal(got, c.want):
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	missing := filepath.Join(dir, "missing.env")
	if err := ReadVarFile(missing, Vars{}); err == nil || err.Error() != missing+": no such file or directory" {
		t.Errorf("a missing file: %v", err)
	}
}
