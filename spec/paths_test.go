package spec

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"a.yaml", "b.yml", "c.txt", "sub/d.YAML", "sub/deeper/e.yaml", ".hidden/f.yaml", ".vxjob.yaml", "sub/.g.yaml"} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("a: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel := func(paths ...string) []string {
		var out []string
		for _, p := range paths {
			out = append(out, filepath.Join(dir, p))
		}
		return out
	}

	tests := []struct {
		args []string
		want []string
	}{
		{rel("."), rel("a.yaml", "b.yml", "sub/d.YAML", "sub/deeper/e.yaml")},
		{rel("c.txt", ".vxjob.yaml"), rel("c.txt", ".vxjob.yaml")}, // named files are read whatever their name
		{rel("sub", "sub/d.YAML"), rel("sub/d.YAML", "sub/deeper/e.yaml")},
		{rel("**/*.yaml"), rel("a.yaml", "sub/deeper/e.yaml")},
		{[]string{"-"}, []string{"-"}},
	}
	for _, tt := range tests {
		got, err := Expand(tt.args)
		if err != nil {
			t.Errorf("Expand(%v): %v", tt.args, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Expand(%v)\n got %v\nwant %v", tt.args, got, tt.want)
		}
	}

	for _, bad := range []struct{ arg, msg string }{
		{filepath.Join(dir, "missing.yaml"), "no such file or directory"},
		{filepath.Join(dir, "*.json"), "no files match"},
		{filepath.Join(dir, ".hidden"), ""}, // a hidden directory named explicitly is entered
	} {
		_, err := Expand([]string{bad.arg})
		switch {
		case bad.msg == "" && err != nil:
			t.Errorf("Expand(%s): %v", bad.arg, err)
		case bad.msg != "" && (err == nil || !strings.Contains(err.Error(), bad.msg)):
			t.Errorf("Expand(%s) = %v, want an error saying %q", bad.arg, err, bad.msg)
		}
	}
	empty := t.TempDir()
	if _, err := Expand([]string{empty}); err == nil || !strings.Contains(err.Error(), "no *.yaml or *.yml files") {
		t.Errorf("Expand(empty dir) = %v", err)
	}
}

func TestReadFile(t *testing.T) {
	t.Parallel()
	f := ReadFile("-", strings.NewReader("a: 1\n"), "job.yaml")
	if f.Name != "job.yaml" || len(f.Docs) != 1 {
		t.Errorf("stdin: name %q, %d documents", f.Name, len(f.Docs))
	}
	if f := ReadFile("-", strings.NewReader("a: 1\n"), ""); f.Name != StdinName {
		t.Errorf("stdin without a name is %q", f.Name)
	}
	f = ReadFile(filepath.Join(t.TempDir(), "gone.yaml"), nil, "")
	if len(f.Errors) != 1 || f.Errors[0].Kind != ReadError || f.Errors[0].Range.Start.IsValid() || !strings.Contains(f.Errors[0].Msg, "no such file") {
		t.Errorf("missing file: %v", f.Errors)
	}
	big := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if f := ReadFile(big, nil, ""); len(f.Errors) != 1 || !strings.Contains(f.Errors[0].Msg, "larger than 16 MiB") {
		t.Errorf("big file: %v", f.Errors)
	}
}
