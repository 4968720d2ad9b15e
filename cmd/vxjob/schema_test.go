package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/schemas"
)

func TestSchemaWrite(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "editor", "schemas") // created by --write
	kinds := append([]string{""}, append(schemas.Kinds(), schemas.ConfigName)...)

	check := func(r result) {
		t.Helper()
		if r.code != 0 || r.stdout != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		for _, kind := range kinds {
			path := filepath.Join(dir, schemas.FileName(kind))
			want, _ := schemas.JSON(kind)
			if got, err := os.ReadFile(path); err != nil || string(got) != string(want) {
				t.Errorf("%s: %d bytes (%v), want the %d bytes of the schema", path, len(got), err, len(want))
			}
			if !strings.Contains(r.stderr, "vxjob: wrote "+path+"\n") {
				t.Errorf("stderr does not name %s:\n%s", path, r.stderr)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != len(kinds) {
			t.Errorf("%d files in %s, want %d", len(entries), dir, len(kinds))
		}
	}
	check(vxjob(t, nil, false, "", "schema", "--write", dir))

	// The schemas are generated: writing again replaces what is there,
	// which is how a copy follows an upgrade of vxjob.
	stale := filepath.Join(dir, schemas.FileName(""))
	if err := os.WriteFile(stale, []byte(`{"title": "an older schema"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	check(vxjob(t, nil, false, "", "schema", "--write", dir))

	if r := vxjob(t, nil, false, "", "schema", "--write", dir, "CustomJob"); r.code != 2 || !strings.Contains(r.stderr, "--write writes the schemas of every kind") {
		t.Errorf("--write with a kind: exit %d, %s", r.code, r.stderr)
	}
	if r := vxjob(t, nil, false, "", "schema", "--write", stale); r.code != 2 || !strings.Contains(r.stderr, stale) {
		t.Errorf("--write into a file: exit %d, %s", r.code, r.stderr)
	}
}
