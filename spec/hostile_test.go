package spec

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// hostileCase is an input built to hurt a YAML loader: deep nesting, alias
// bombs, values YAML reads otherwise than a reader would. Each is made by
// a cheap generator, so big cases cost no repository space.
type hostileCase struct {
	name string
	src  func() string
	kind ErrorKind
	pos  Pos    // where the error must be reported
	msg  string // substring of its message
	heap uint64 // at most this many bytes allocated by Parse
}

const mib = 1 << 20

// hostileCases are the loader's; lint/hostile_test.go runs some of them
// through the whole of lint.
var hostileCases = []hostileCase{
	{"20k nested [", nested("[", 20000), SyntaxError, Pos{1, MaxDepth}, "nest more than 100 levels", 64 * mib},
	{"100k nested [", nested("[", 100000), SyntaxError, Pos{1, MaxDepth}, "nest more than 100 levels", 64 * mib},
	{"1M nested {", nested("{", 1000000), SyntaxError, Pos{1, MaxDepth}, "nest more than 100 levels", 64 * mib},
	{"1M nested [ after a key", func() string { return "a: b\nc: " + strings.Repeat("[", 1000000) }, SyntaxError, Pos{2, 4 + MaxDepth - 1}, "nest more", 64 * mib},
	{"1M nested - - -", func() string { return strings.Repeat("- ", 1000000) + "x\n" }, SyntaxError, Pos{1, 2*MaxDepth + 1}, "nest more", 64 * mib},
	{"deep indentation", indented(1000), SyntaxError, Pos{MaxDepth + 1, MaxDepth + 1}, "nest more", 64 * mib},
	{"flow inside deep blocks", func() string { return indented(60)() + strings.Repeat(" ", 60) + "k: " + strings.Repeat("[", 100) }, SyntaxError, Pos{61, 61 + 3 + MaxDepth - 61}, "nest more", 64 * mib},
	{"long file, error at its end", func() string { return strings.Repeat("- {a: 1, b: [x, y, z], c: \"q\"}\n", 8000) + "x: [\n" }, SyntaxError, Pos{8000, 1}, "", 64 * mib},
	{"billion laughs", bomb, AliasExpansion, Pos{4, 45}, "more than 10000 values", 64 * mib},
	{"big string aliased", bigStringAliased(100000, 9000), AliasExpansion, Pos{2, 5 + 4*41}, "more than 4 MiB", 64 * mib},
	{"merge keys", mergeBomb, AliasExpansion, Pos{0, 0}, "more than", 64 * mib},
	{"aliases as keys", aliasKeys, AliasExpansion, Pos{0, 0}, "more than 4 MiB", 64 * mib},
	{"5M items on one line", func() string { return "a: [" + strings.Repeat("x, ", 5<<20) + "x]\n" }, SyntaxError, Pos{1, 0}, "more than 100000 keys, values and list items", 64 * mib},
	{"60k keys, one a line", func() string { return strings.Repeat("k: v\n", 60000) }, SyntaxError, Pos{50001, 1}, "more than 100000 keys", 64 * mib},
	{"1e5 documents", func() string { return strings.Repeat("---\nkind: CustomJob\n", 100000) }, SyntaxError, Pos{20001, 1}, "more than 10000 documents", 64 * mib},
}

// nested is n opening brackets and nothing else.
func nested(open string, n int) func() string {
	return func() string { return strings.Repeat(open, n) }
}

// indented is n mapping levels, each one space further in.
func indented(n int) func() string {
	return func() string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat(" ", i), i)
		}
		return b.String()
	}
}

// bigStringAliased anchors a string of size bytes and aliases it times
// times, in a list: a small file that stands for size*times bytes.
func bigStringAliased(size, times int) func() string {
	return func() string {
		return "a: &s " + strings.Repeat("x", size) + "\nb: [" + strings.TrimSuffix(strings.Repeat("*s, ", times), ", ") + "]\n"
	}
}

// mergeBomb merges one big mapping many times, level upon level.
func mergeBomb() string {
	var b strings.Builder
	b.WriteString("m0: &m0 {k: " + strings.Repeat("x", 1000) + "}\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&b, "m%d: &m%d\n  <<: [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*m%d", i-1)
		}
		fmt.Fprintf(&b, "]\n  k%d: %s\n", i, strings.Repeat("y", 1000))
	}
	return b.String()
}

// aliasKeys uses a long anchored string as the key of many mappings.
func aliasKeys() string {
	var b strings.Builder
	b.WriteString("a: &k " + strings.Repeat("k", 100000) + "\nl:\n")
	for range 9000 {
		b.WriteString("- {*k : 1}\n")
	}
	return b.String()
}

// TestHostileInputs parses each hostile case and checks that it is
// refused with the right error at the right place, within its memory
// bound, read from runtime.MemStats (bytes allocated while parsing).
func TestHostileInputs(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src())
			var f *File
			alloc := allocated(func() { f = Parse("hostile.yaml", src) })
			t.Logf("%d bytes of input: %.1f MiB allocated", len(src), float64(alloc)/mib)
			if alloc > tc.heap {
				t.Errorf("parsing allocated %.1f MiB; want at most %d MiB", float64(alloc)/mib, tc.heap/mib)
			}
			if len(f.Errors) == 0 {
				t.Fatalf("no error; want %v", tc.kind)
			}
			e := f.Errors[0]
			if e.Kind != tc.kind || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("got %v %q; want %v containing %q", e.Kind, e.Msg, tc.kind, tc.msg)
			}
			if tc.pos.Line != 0 && e.Range.Start.Line != tc.pos.Line || tc.pos.Column != 0 && e.Range.Start.Column != tc.pos.Column {
				t.Errorf("reported at %v; want %v", e.Range.Start, tc.pos)
			}
		})
	}
}

// allocated is how many bytes fn allocates, from runtime.MemStats.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDepthIgnoresTextThatLooksLikeNesting checks that brackets inside
// text (quoted, plain, comments, block scalars) and many sibling
// collections are not counted as nesting.
func TestDepthIgnoresTextThatLooksLikeNesting(t *testing.T) {
	t.Parallel()
	many := func(line string) string { return strings.Repeat(line, 2*MaxDepth) }
	for name, src := range map[string]string{
		"plain text":        many("- a[b{c\n"),
		"after text":        many("- k: x [y\n"),
		"single quoted":     many("- '[{'\n"),
		"double quoted":     many("- \"[{\\\"[\"\n"),
		"quoted in flow":    many("- [\"[\", '{', '[''']\n"),
		"comments":          many("# [[[{{{\n- x # [[[\n"),
		"block scalar":      "script: |\n" + many("  if [[ -n \"$X\" ]] && { [ ( \n") + "next: [1]\n",
		"folded in a list":  "- >-\n" + many("    [{[{\n") + "- [2]\n",
		"siblings":          many("- [[1], {a: [2]}]\n"),
		"quoted over lines": "a: \"[[[\n" + many("  [[[\n") + "  \"\n",
	} {
		t.Run(name, func(t *testing.T) {
			if err := scanDepth([]byte(src)); err != nil {
				t.Errorf("%v at %v", err.Msg, err.Range.Start)
			}
			if f := Parse("t.yaml", []byte(src)); len(f.Errors) > 0 {
				t.Errorf("not valid YAML: %v", f.Errors[0])
			}
		})
	}
}

// TestNodesAreNotWords checks that the count MaxNodes bounds is of keys,
// values and items, not of the words of text: prose in a plain scalar, a
// comment or a block scalar counts once, or not at all.
func TestNodesAreNotWords(t *testing.T) {
	t.Parallel()
	words := strings.Repeat("word ", 2*MaxNodes)
	for name, src := range map[string]string{
		"plain scalar": "description: " + words + "\n",
		"comment":      "a: 1 # " + words + "\n",
		"block scalar": "script: |\n" + strings.Repeat("  "+strings.Repeat("w ", 100)+"\n", MaxNodes/50),
	} {
		if err := scanDepth([]byte(src)); err != nil {
			t.Errorf("%s: %v at %v", name, err.Msg, err.Range.Start)
		}
	}
}

// TestAmbiguousNumbers checks that each plain number YAML reads otherwise
// than a reader would is reported where it is written, and that the
// numbers JSON spells alike, quoted ones and edge cases are not.
func TestAmbiguousNumbers(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		msg  string // "" when it must not be reported
	}{
		{"0200", "0200 is the octal number 128 in YAML 1.1, which vxjob follows, but 200 in YAML 1.2"},
		{"-0200", "octal number -128"},
		{"00", "octal number 0"},
		{"0o17", "the number 15 written in base 8"},
		{"0x10", "the number 16 written in base 16"},
		{"0b101", "the number 5 written in base 2"},
		{"1_000", "1_000 is the number 1000 in YAML 1.1 but text in YAML 1.2"},
		{"1_0.5", "the number 10.5 in YAML 1.1"},
		{".inf", `.inf is infinity in YAML, sent to Vertex AI as the text "Infinity"`},
		{"-.Inf", `minus infinity in YAML, sent to Vertex AI as the text "-Infinity"`},
		{".NaN", `not-a-number (NaN) in YAML, sent to Vertex AI as the text "NaN"`},
		{"200", ""},
		{"-0", ""},
		{"0", ""},
		{"1e3", ""},
		{"9223372036854775808", ""},
		{"0200.5", ""}, // a decimal fraction: 200.5 for every reader
		{"+12", ""},
		{".5", ""},
		{"1:30", ""}, // YAML 1.2 has no sexagesimal numbers: text
		{`"0200"`, ""},
		{`'.inf'`, ""},
		{"!!int 0x1F", ""},
	} {
		f := Parse("t.yaml", []byte("a: 1\nbootDiskSizeGb: "+tt.text+"\n"))
		switch {
		case tt.msg == "" && len(f.Errors) > 0:
			t.Errorf("%s: %v", tt.text, f.Errors)
		case tt.msg != "" && (len(f.Errors) != 1 || f.Errors[0].Kind != AmbiguousNumber || !strings.Contains(f.Errors[0].Msg, tt.msg)):
			t.Errorf("%s: %v; want an ambiguous number saying %q", tt.text, f.Errors, tt.msg)
		case tt.msg != "" && f.Errors[0].Range != (Range{Pos{2, 17}, Pos{2, 17 + len(tt.text)}}):
			t.Errorf("%s: reported at %v", tt.text, f.Errors[0].Range)
		}
	}
	// A variable's value is a number once filled in, and judged alike.
	f := ParseVars("t.yaml", []byte("n: ${N}\n"), Vars{"N": "0200"})
	if len(f.Errors) != 1 || f.Errors[0].Kind != AmbiguousNumber || f.Errors[0].Range.Start != (Pos{1, 4}) {
		t.Errorf("${N} = 0200: %v", f.Errors)
	}
}

// TestIntOfEdgeNumbers reads integers at and past int64's edges.
func TestIntOfEdgeNumbers(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]struct {
		n  int64
		ok bool
	}{
		"9223372036854775807":  {9223372036854775807, true},
		"9223372036854775808":  {0, false},
		"-9223372036854775808": {-9223372036854775808, true},
		"-9223372036854775809": {0, false},
		"9.3e18":               {0, false},
		"1e3":                  {1000, true},
		"-0":                   {0, true},
		"1.5":                  {0, false},
		"1_000":                {0, false}, // as quoted text
	} {
		n, ok := Value{v: json.Number(text), ok: true}.Int()
		if n != want.n || ok != want.ok {
			t.Errorf("Int(%s) = %d, %v; want %d, %v", text, n, ok, want.n, want.ok)
		}
	}
}
