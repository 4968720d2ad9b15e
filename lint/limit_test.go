package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vxjob/vxjob/spec"
)

// A 60 KB line with 6,000 unknown fields: each finding once printed the
// whole line, 530 MB of text in all. Now every format stays under 1 MB: a
// source line is shown around its finding's column, and a rule shows 100
// findings in a file, then counts the rest.
func TestManyFindingsOnALongLine(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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

// TestWindowAgreesWithRunes compares window with the rune slicing it
// replaced, over columns before, inside, at and past the end of lines of
// ASCII and of wider runes.
func TestWindowAgreesWithRunes(t *testing.T) {
	t.Parallel()
	lines := []string{
		strings.Repeat("a", 100) + "XYZ" + strings.Repeat("b", 200),
		strings.Repeat("é", 50) + strings.Repeat("日本", 100) + "z",
		strings.Repeat("x", 121),
		strings.Repeat("ü", 120),
		strings.Repeat("ü", 61), // longer than excerptWidth in bytes only
	}
	for _, line := range lines {
		n := utf8.RuneCountInString(line)
		for col := 1; col <= n+5; col++ {
			for _, end := range []int{col + 1, col + 7, n + 10} {
				d := &Diagnostic{Range: spec.Range{Start: spec.Pos{Line: 1, Column: col}, End: spec.Pos{Line: 1, Column: end}}}
				text, mark := window(line, d)
				wantText, wantMark := windowOfRunes(line, d)
				if text != wantText || mark != wantMark {
					t.Fatalf("%d runes, columns %d-%d: %q %q, want %q %q", n, col, end, text, mark, wantText, wantMark)
				}
			}
		}
	}
}

// windowOfRunes is window as written over []rune(line).
func windowOfRunes(line string, d *Diagnostic) (text, mark string) {
	runes := []rune(line)
	if len(runes) <= excerptWidth {
		return line, caret(line, d)
	}
	col := min(d.Range.Start.Column, len(runes)+1) - 1
	start := max(0, col-excerptWidth/3)
	end := min(len(runes), start+excerptWidth)
	start = max(0, end-excerptWidth)
	text = string(runes[start:end])
	at := *d
	at.Range.Start.Column = col - start + 1
	at.Range.End.Column -= start
	if start > 0 {
		text = "…" + text
		at.Range.Start.Column++
		at.Range.End.Column++
	}
	if end < len(runes) {
		text += "…"
		at.Range.End.Column = min(at.Range.End.Column, utf8.RuneCountInString(text))
	}
	return text, caret(text, &at)
}
