package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// A 60 KB line with 6,000 unknown fields: each finding once printed the
// whole line, 530 MB of text in all. Now every format stays under 1 MB: a
// source line is shown around its finding's column, and a rule shows 100
// findings in a file, then counts the rest.
func TestManyFindingsOnALongLine(t *testing.T) {
	var keys []string
	for i := range 6000 {
		keys = append(keys, fmt.Sprintf("f%d: 1", i))
	}
	src := "apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: x}\nspec: {jobSpec: {workerPoolSpecs: [{machineSpec: {machineType: n1-standard-4}, replicaCount: 1, containerSpec: {imageUri: a/b:1, " +
		strings.Join(keys, ", ") + "}}]}}\n"
	path := filepath.Join(t.TempDir(), "long.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Count(Error); n != 6000 {
		t.Errorf("counted %d errors, want all 6000", n)
	}
	for _, f := range Formats() {
		var out bytes.Buffer
		if err := Write(&out, f, res, OutputOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", f, out.Len())
		if out.Len() > 1<<20 {
			t.Errorf("%s output is %d bytes", f, out.Len())
		}
	}
	var text bytes.Buffer
	_ = Write(&text, FormatText, res, OutputOptions{})
	if !strings.Contains(text.String(), "5900 more findings of VX102 in this file, from here on, are not shown") ||
		!strings.Contains(text.String(), "6000 errors in 1 file") {
		t.Errorf("the findings not shown are not counted:\n%s", text.String()[max(0, text.Len()-2000):])
	}
}

// A message that quotes a huge value is clipped.
func TestLongMessagesAreClipped(t *testing.T) {
	key := strings.Repeat("k", 50_000)
	f := spec.Parse("a.yaml", []byte("apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: x}\nspec: {"+key+": 1}\n"))
	res := &Result{Diagnostics: limit(CheckFile(f))}
	for _, d := range res.Diagnostics {
		if len(d.Message()) > 2*maxText {
			t.Errorf("a message of %d bytes", len(d.Message()))
		}
	}
}

func TestWindow(t *testing.T) {
	long := strings.Repeat("a", 100) + "XYZ" + strings.Repeat("b", 200)
	for _, c := range []struct {
		line         string
		col, end     int
		text, marked string // marked: the text over the caret's span
	}{
		{"short: line", 8, 12, "short: line", "line"},
		{long, 101, 104, "…" + strings.Repeat("a", 40) + "XYZ" + strings.Repeat("b", 77) + "…", "XYZ"},
		{long, 1, 4, strings.Repeat("a", 100) + "XYZ" + strings.Repeat("b", 17) + "…", "aaa"},
		{long, 300, 304, "…" + strings.Repeat("b", 120), "bbbb"}, // at the end of the line
		{long, 101, 400, "…" + strings.Repeat("a", 40) + "XYZ" + strings.Repeat("b", 77) + "…", "XYZ" + strings.Repeat("b", 77)},
	} {
		d := &Diagnostic{Range: spec.Range{Start: spec.Pos{Line: 1, Column: c.col}, End: spec.Pos{Line: 1, Column: c.end}}}
		text, mark := window(c.line, d)
		if text != c.text {
			t.Errorf("window at %d: %q, want %q", c.col, text, c.text)
			continue
		}
		runes := []rune(text)
		from := strings.Index(mark, "^")
		under := string(runes[from:min(len(runes), from+len([]rune(strings.TrimSpace(mark))))])
		if under != c.marked {
			t.Errorf("window at %d: the caret %q marks %q, want %q", c.col, mark, under, c.marked)
		}
	}
}
