package lint

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

func TestJSONOutput(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	res := mustRun(t, []string{"testdata/schema/multiple-errors.yaml", missing}, Options{})
	var buf bytes.Buffer
	if err := Write(&buf, FormatJSON, res, OutputOptions{Tool: testTool}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Version     int
		Tool        struct{ Name, Version string }
		Files       int
		Documents   int
		Summary     struct{ Errors, Warnings, Infos int }
		Diagnostics []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Version != 1 || out.Tool.Name != "vxjob" || out.Files != 2 || out.Documents != 1 || out.Summary.Errors != 8 || len(out.Diagnostics) != 8 {
		t.Fatalf("report header %+v", out)
	}
	first := out.Diagnostics[0] // files sort by name: the temp dir comes first
	if first["rule"] != "VX000" || first["start"] != nil || first["document"] != -1.0 {
		t.Errorf("unreadable file: %v", first)
	}
	want := map[string]any{
		"rule": "VX104", "ruleName": "wrong-type", "severity": "error",
		"file": "testdata/schema/multiple-errors.yaml", "document": 0.0,
		"start": map[string]any{"line": 8.0, "column": 16.0}, "end": map[string]any{"line": 8.0, "column": 20.0},
		"path":       "/spec/displayName",
		"message":    `displayName must be a string, not 1.10; did you mean "1.10"?`,
		"summary":    "displayName must be a string, not 1.10",
		"detail":     "YAML reads 1.10 as a number; quote it to keep it a string.",
		"suggestion": `"1.10"`,
	}
	if got := out.Diagnostics[2]; !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostic\n got %v\nwant %v", got, want)
	}
}

func TestGitHubOutput(t *testing.T) {
	t.Parallel()
	res := &Result{Diagnostics: []*Diagnostic{
		{Rule: ruleUnknownField, Severity: Error, File: "jobs/a,b:c.yaml", Range: spec.Range{Start: spec.Pos{Line: 3, Column: 5}, End: spec.Pos{Line: 3, Column: 9}},
			Summary: `unknown field "x"`, Suggestion: "y", Detail: "100% sure\nreally"},
		{Rule: ruleEmptyDocument, Severity: Warning, File: "b.yaml", Range: spec.At(spec.Pos{Line: 1, Column: 1}), Summary: "empty document"},
		{Rule: ruleEmptyDocument, Severity: Info, File: "c.yaml", Summary: "no position"},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, FormatGitHub, res, OutputOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"::error file=jobs/a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=9,title=VX102 unknown-field::unknown field \"x\"; did you mean \"y\"?%0A100%25 sure%0Areally\n" +
		"::warning file=b.yaml,line=1,col=1,endLine=1,endColumn=2,title=VX006 empty-document::empty document\n" +
		"::notice file=c.yaml,title=VX006 empty-document::no position\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestTextOutput(t *testing.T) {
	t.Parallel()
	f := spec.Parse("a.yaml", []byte("a:\n\tb: 1\n"))
	res := &Result{Files: 1, Diagnostics: CheckFile(f), sources: map[string]*spec.File{"a.yaml": f}}
	var plain, color bytes.Buffer
	if err := Write(&plain, FormatText, res, OutputOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&color, FormatText, res, OutputOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	wantPlain := "" +
		"a.yaml:2:1: error: tab character in indentation [VX001]\n" +
		" 2 |  b: 1\n" +
		"   | ^\n" +
		"   = YAML indents with spaces only; replace the tab with spaces.\n" +
		"1 error in 1 file (1 file, 0 documents checked)\n"
	if plain.String() != wantPlain {
		t.Errorf("plain text\n got %q\nwant %q", plain.String(), wantPlain)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain text has ANSI escapes")
	}
	if !strings.Contains(color.String(), "\x1b[1;31merror\x1b[0m") || !strings.Contains(color.String(), "\x1b[1ma.yaml:2:1\x1b[0m") {
		t.Errorf("coloured text lacks its styles: %q", color.String())
	}
}

func TestCaret(t *testing.T) {
	t.Parallel()
	d := func(col, endCol int) *Diagnostic {
		return &Diagnostic{Range: spec.Range{Start: spec.Pos{Line: 1, Column: col}, End: spec.Pos{Line: 1, Column: endCol}}}
	}
	for _, tt := range []struct {
		line string
		d    *Diagnostic
		want string
	}{
		{"abc: def", d(6, 9), "     ^~~"},
		{"abc", d(2, 2), " ^"},
		{"ab", d(9, 10), "  ^"}, // past the end: at the end
		{"é: x", d(4, 5), "   ^"},
	} {
		if got := caret(tt.line, tt.d); got != tt.want {
			t.Errorf("caret(%q, %v) = %q, want %q", tt.line, tt.d.Range, got, tt.want)
		}
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	diag := func(r *Rule, s Severity) *Diagnostic { return &Diagnostic{Rule: r, Severity: s} }
	for _, tt := range []struct {
		diags  []*Diagnostic
		failOn Severity
		want   int
	}{
		{nil, Error, 0},
		{[]*Diagnostic{diag(ruleUnknownField, Error)}, Error, 1},
		{[]*Diagnostic{diag(ruleEmptyDocument, Warning)}, Error, 0},
		{[]*Diagnostic{diag(ruleEmptyDocument, Warning)}, Warning, 1},
		{[]*Diagnostic{diag(ruleEmptyDocument, Info)}, Warning, 0},
		{[]*Diagnostic{diag(ruleEmptyDocument, Info)}, Info, 1},
		{[]*Diagnostic{diag(ruleUnknownField, Error), diag(ruleYAMLSyntax, Error)}, Error, 1},
		{[]*Diagnostic{diag(ruleYAMLSyntax, Error)}, Error, 1},
		{[]*Diagnostic{diag(ruleYAMLSyntax, Error), diag(ruleConfig, Error)}, Error, 2},
		{[]*Diagnostic{diag(ruleReadError, Error)}, Info, 2},
	} {
		res := &Result{Diagnostics: tt.diags}
		if got := res.ExitCode(tt.failOn); got != tt.want {
			t.Errorf("%v with --fail-on %v: exit %d, want %d", messages(tt.diags), tt.failOn, got, tt.want)
		}
	}
}

// TestRunIsStable: the order of findings does not depend on how many files
// are checked at once.
func TestRunIsStable(t *testing.T) {
	t.Parallel()
	files, err := spec.Expand([]string{"testdata/schema"})
	if err != nil {
		t.Fatal(err)
	}
	one := mustRun(t, files, Options{Jobs: 1})
	for range 5 {
		many := mustRun(t, files, Options{Jobs: 8})
		if !reflect.DeepEqual(messagesWithFiles(one.Diagnostics), messagesWithFiles(many.Diagnostics)) {
			t.Fatal("findings differ between 1 and 8 parallel checks")
		}
	}
	if one.Files+len(one.Skipped) != len(files) || len(one.Diagnostics) < 50 {
		t.Errorf("%d files, %d skipped, %d findings", one.Files, len(one.Skipped), len(one.Diagnostics))
	}
}

func messagesWithFiles(diags []*Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.File+":"+d.Range.Start.String()+" "+d.Rule.ID+" "+d.Message())
	}
	return out
}

func TestParseFormatAndSeverity(t *testing.T) {
	t.Parallel()
	for _, f := range Formats() {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%s) = %v, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat accepted xml")
	}
	for _, s := range []Severity{Error, Warning, Info} {
		if got, err := ParseSeverity(s.String()); err != nil || got != s {
			t.Errorf("ParseSeverity(%s) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity accepted fatal")
	}
}

func TestTextMasksSecrets(t *testing.T) {
	t.Parallel()
	f := spec.Parse("a.yaml", []byte("env:\n- {name: API_KEY, value: hunter2}\n"))
	d := &Diagnostic{Rule: ruleUnknownField, Severity: Warning, File: "a.yaml", Summary: "secret",
		Range: spec.Range{Start: spec.Pos{Line: 2, Column: 26}, End: spec.Pos{Line: 2, Column: 33}}, Secret: true}
	// Another finding on the same line shows the line too; the secret stays masked there.
	other := &Diagnostic{Rule: ruleUnknownField, Severity: Error, File: "a.yaml", Summary: "name",
		Range: spec.Range{Start: spec.Pos{Line: 2, Column: 10}, End: spec.Pos{Line: 2, Column: 17}}}
	var out bytes.Buffer
	res := &Result{Diagnostics: []*Diagnostic{other, d}, sources: map[string]*spec.File{"a.yaml": f}}
	if err := Write(&out, FormatText, res, OutputOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "hunter2") || strings.Count(out.String(), "value: *******}") != 2 {
		t.Errorf("secret not masked:\n%s", out.String())
	}
}

// A file name or a key with a newline or an escape sequence is printed
// with escapes: raw, it would start a line of its own (a fake finding, or
// a workflow command) or drive the terminal.
func TestControlCharactersAreEscaped(t *testing.T) {
	t.Parallel()
	f := spec.Parse("jobs/a\n::error::b\x1b[2J.yaml", []byte("apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: x}\nspec: {\"\\e[31mred\": 1}\n"))
	res := &Result{Files: 1, Diagnostics: CheckFile(f), sources: map[string]*spec.File{f.Name: f}}
	for _, format := range []Format{FormatText, FormatGitHub} {
		var out bytes.Buffer
		if err := Write(&out, format, res, OutputOptions{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), "\x1b") || strings.Contains(out.String(), "\n::error::b") {
			t.Errorf("%s output holds a raw control character:\n%q", format, out.String())
		}
		if !strings.Contains(out.String(), `a\n::error::b\x1b[2J.yaml`) && !strings.Contains(out.String(), `a%0A%3A%3Aerror%3A%3Ab\x1b[2J.yaml`) {
			t.Errorf("%s output does not name the file with escapes:\n%q", format, out.String())
		}
	}
}
