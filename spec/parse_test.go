package spec

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestParseErrors checks the kind, position and message of each problem the
// loader reports.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		kind ErrorKind
		pos  Pos
		msg  string // substring of the message
	}{
		{"duplicate key", "a: 1\nb:\n  c: 1\n  c: 2\n", DuplicateKey, Pos{4, 3}, `duplicate key "c" (first at line 3)`},
		{"duplicate in flow", "a: {x: 1, x: 2}\n", DuplicateKey, Pos{1, 11}, `duplicate key "x"`},
		{"tab indent", "a:\n\tb: 1\n", SyntaxError, Pos{2, 1}, "tab character in indentation"},
		{"tab after spaces", "a:\n  b:\n  \tc: 1\n", SyntaxError, Pos{3, 3}, "tab character in indentation"},
		{"unclosed flow", "a: [1, 2\nb: 3\n", SyntaxError, Pos{2, 1}, "must be specified"},
		{"mapping in scalar", "a: b: c\n", SyntaxError, Pos{1, 4}, "mapping value is not allowed"},
		{"unknown alias", "a: &x 1\nb: [*y, *x]\n", SyntaxError, Pos{2, 5}, "alias *y refers to no anchor"},
		{"invalid utf-8", "a: ok\nb: caf\xe9\n", EncodingError, Pos{2, 7}, "invalid UTF-8 (byte 0xE9)"},
		{"utf-8 counted in code points", "é: ü\xff\n", EncodingError, Pos{1, 5}, "invalid UTF-8"},
		{"utf-16", "\xff\xfea\x00", EncodingError, Pos{1, 1}, "UTF-16 (little-endian)"},
		{"utf-16 big-endian", "\xfe\xff\x00a", EncodingError, Pos{1, 1}, "UTF-16 (big-endian)"},
		{"utf-32", "\xff\xfe\x00\x00a\x00\x00\x00", EncodingError, Pos{1, 1}, "UTF-32 (little-endian)"},
		{"utf-32 big-endian", "\x00\x00\xfe\xff\x00\x00\x00a", EncodingError, Pos{1, 1}, "UTF-32 (big-endian)"},
		{"control character", "a: \"x\x01\"\n", EncodingError, Pos{1, 6}, "control character U+0001"},
		{"C1 control after NEL", "a: x\u0085y\u0090\n", EncodingError, Pos{2, 2}, "control character U+0090"}, // NEL breaks the line
		{"empty file", "", EmptyDocument, Pos{1, 1}, "file has no YAML documents"},
		{"comments only", "# a\n\n# b\n", EmptyDocument, Pos{1, 1}, "file has no YAML documents"},
		{"empty document", "a: 1\n---\n---\nb: 2\n", EmptyDocument, Pos{2, 1}, "empty document"},
		{"null document", "--- ~\n", EmptyDocument, Pos{1, 1}, "empty document"},
		{"custom tag", "a: !Ref b\n", UnsupportedValue, Pos{1, 4}, "unsupported tag !Ref"},
		{"complex key", "? [a, b]\n: c\n", UnsupportedValue, Pos{1, 3}, "mapping key must be a plain value"},
		{"bad merge", "a: {<<: 1}\n", UnsupportedValue, Pos{1, 9}, "merge key"},
		{"lone CR breaks lines", "a: 1\rb: 2\r- c\r", SyntaxError, Pos{3, 1}, ""},
		{"LS breaks lines", "a: 1\u2028b:\u2028\tc: 1\n", SyntaxError, Pos{3, 1}, "tab character"},
		{"encoding after CR", "a: 1\rb: \x01\n", EncodingError, Pos{2, 4}, "control character"},
		{"alias bomb", bomb(), AliasExpansion, Pos{4, 45}, "more than 10000 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("t.yaml", []byte(tt.src))
			if len(f.Errors) == 0 {
				t.Fatalf("no error; want %v at %v", tt.kind, tt.pos)
			}
			e := f.Errors[0]
			if e.Kind != tt.kind || e.Range.Start != tt.pos || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("got %v %v %q; want %v %v containing %q", e.Kind, e.Range.Start, e.Msg, tt.kind, tt.pos, tt.msg)
			}
			if e.File != "t.yaml" {
				t.Errorf("error names file %q", e.File)
			}
		})
	}
}

func bomb() string {
	var b strings.Builder
	b.WriteString("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		prev := "*l" + string(rune('0'+i-1))
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [" + strings.Repeat(prev+", ", 9) + prev + "]\n")
	}
	return b.String()
}

func TestParseKeepsDocumentsBeforeASyntaxError(t *testing.T) {
	t.Parallel()
	f := Parse("t.yaml", []byte("a: 1\n---\nb: 2\n---\nc: [\n"))
	if len(f.Docs) != 2 || len(f.Errors) != 1 || f.Errors[0].Kind != SyntaxError {
		t.Fatalf("got %d documents and errors %v; want 2 documents and one syntax error", len(f.Docs), f.Errors)
	}
	if f.Docs[1].Index != 1 || f.Docs[1].Pos() != (Pos{3, 1}) {
		t.Errorf("second document: index %d at %v", f.Docs[1].Index, f.Docs[1].Pos())
	}
}

// TestValue checks that a document's value is what the same document in
// JSON would decode to.
func TestValue(t *testing.T) {
	t.Parallel()
	src := `
int: 42
big: 18446744073709551616
neg: -7
hex: 0x1F
under: 1_000
float: 1.50
exp: 1e3
inf: .inf
nan: .nan
str: "42"
bool: true
yes: yes
null: ~
empty:
time: 2026-11-28T10:00:00Z
list: [a, 1]
base: &base {x: 1, y: 2}
merged:
  <<: *base
  y: 3
multi:
  <<: [{a: 1}, {a: 2, b: 2}]
`
	f := Parse("t.yaml", []byte(src))
	// The spellings JSON lacks are converted, and reported (see
	// TestAmbiguousNumbers).
	if len(f.Errors) != 4 || f.Errors[0].Kind != AmbiguousNumber || f.Errors[3].Kind != AmbiguousNumber {
		t.Fatal(f.Errors)
	}
	got, _ := json.Marshal(f.Docs[0].Value)
	want := `{"base":{"x":1,"y":2},"big":18446744073709551616,"bool":true,"empty":null,"exp":1e3,"float":1.50,"hex":31,"inf":"Infinity","int":42,"list":["a",1],"merged":{"x":1,"y":3},"multi":{"a":1,"b":2},"nan":"NaN","neg":-7,"null":null,"str":"42","time":"2026-11-28T10:00:00Z","under":1000,"yes":"yes"}`
	if string(got) != want {
		t.Errorf("value\n got %s\nwant %s", got, want)
	}
}

func TestEnvelope(t *testing.T) {
	t.Parallel()
	f := Parse("t.yaml", []byte("apiVersion: vxjob/v1\nkind: CustomJob\nmetadata: {name: a, project: p-123456, location: us-east1}\nspec: {}\n"))
	d := f.Docs[0]
	got := []string{d.APIVersion, d.Kind, d.Name, d.Project, d.Location}
	want := []string{"vxjob/v1", "CustomJob", "a", "p-123456", "us-east1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("envelope %v, want %v", got, want)
	}
}

// TestLookupAndRange checks that a JSON path finds the YAML node a
// diagnostic points at, through aliases and merge keys, and the span of it.
func TestLookupAndRange(t *testing.T) {
	t.Parallel()
	src := "" +
		"a: \"héllo\" # comment\n" + // 1
		"bé: 'it''s'\n" + // 2
		"c:\n" + // 3
		"  - x: plain value   # c\n" + // 4
		"  - &p {y: [1, 22]}\n" + // 5
		"d:\n" + // 6
		"  <<: *p\n" + // 7
		"  z: |\n" + // 8
		"    text\n" + // 9
		"e: *p\n" // 10
	f := Parse("t.yaml", []byte(src))
	if len(f.Errors) > 0 {
		t.Fatal(f.Errors)
	}
	doc := f.Docs[0]
	tests := []struct {
		path       []string
		key, value Range // zero key: no key node
	}{
		{[]string{"a"}, rng(1, 1, 2), rng(1, 4, 11)},
		{[]string{"bé"}, rng(2, 1, 3), rng(2, 5, 12)},
		{[]string{"c", "0", "x"}, rng(4, 5, 6), rng(4, 8, 19)},
		{[]string{"c", "1", "y", "1"}, Range{}, rng(5, 16, 18)},
		{[]string{"d", "y"}, rng(5, 9, 10), rng(5, 12, 13)}, // merged from the anchor
		{[]string{"d", "z"}, rng(8, 3, 4), rng(8, 6, 7)},
		{[]string{"e", "y", "0"}, Range{}, rng(5, 13, 14)},
	}
	for _, tt := range tests {
		key, value, ok := doc.Lookup(tt.path)
		if !ok {
			t.Errorf("%v: not found", tt.path)
			continue
		}
		var kr Range
		if key != nil {
			kr = f.Range(key)
		}
		if kr != tt.key || f.Range(value) != tt.value {
			t.Errorf("%v: key %v value %v; want %v %v", tt.path, kr, f.Range(value), tt.key, tt.value)
		}
	}
	for _, missing := range [][]string{{"nope"}, {"c", "2"}, {"c", "x"}, {"a", "b"}} {
		if _, _, ok := doc.Lookup(missing); ok {
			t.Errorf("%v: found, want not found", missing)
		}
	}
}

func rng(line, col, endCol int) Range {
	return Range{Start: Pos{line, col}, End: Pos{line, endCol}}
}

func TestLine(t *testing.T) {
	t.Parallel()
	f := Parse("t.yaml", []byte("a: 1\r\nb: 2\nc: 3\rd: 4\u2028e: 5\u0085f: 6\n"))
	if f.NumLines() != 7 {
		t.Errorf("%d lines, want 7", f.NumLines())
	}
	for n, want := range map[int]string{0: "", 1: "a: 1", 2: "b: 2", 3: "c: 3", 4: "d: 4", 5: "e: 5", 6: "f: 6", 7: "", 8: ""} {
		if got := f.Line(n); got != want {
			t.Errorf("Line(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDuplicateKeysInLargeMapping(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 100 {
		b.WriteString("k" + strings.Repeat("x", i) + ": 1\n")
	}
	b.WriteString("kxxx: 2\n")
	f := Parse("t.yaml", []byte(b.String()))
	if len(f.Errors) != 1 || f.Errors[0].Range.Start != (Pos{101, 1}) || !strings.Contains(f.Errors[0].Msg, "first at line 4") {
		t.Errorf("errors %v", f.Errors)
	}
}

// TestHasControlAgreesWithYAML checks hasControl against YAML 1.2's
// c-printable production, rune by rune, for every ASCII byte and runes at
// the edges of each range, alone and inside text.
func TestHasControlAgreesWithYAML(t *testing.T) {
	t.Parallel()
	cPrintable := func(r rune) bool { // YAML 1.2, [1] c-printable
		return r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0x7E) ||
			r == 0x85 || (r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) ||
			(r >= 0x10000 && r <= 0x10FFFF)
	}
	runes := []rune{0x84, 0x85, 0x86, 0x9F, 0xA0, 0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF}
	for r := rune(0); r < 0x80; r++ {
		runes = append(runes, r)
	}
	for _, r := range runes {
		for _, text := range []string{string(r), "key: a" + string(r) + "b\n", "é" + string(r)} {
			if got, want := hasControl([]byte(text)), !cPrintable(r); got != want {
				t.Errorf("hasControl(%q) = %v, want %v", text, got, want)
			}
		}
	}
}

// TestPointerEscapes checks Pointer against RFC 6901: "~" is written
// "~0" and "/" is written "~1", in that order.
func TestPointerEscapes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		path []string
		want string
	}{
		{nil, ""},
		{[]string{"spec", "jobSpec"}, "/spec/jobSpec"},
		{[]string{"labels", "a/b", "m~n", "~1"}, "/labels/a~1b/m~0n/~01"},
		{[]string{"", "0"}, "//0"},
	} {
		if got := Pointer(c.path); got != c.want {
			t.Errorf("Pointer(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}
