package spec

import (
	"strings"
	"testing"
)

// TestByteOffsetOnLongLines checks the index of long lines against
// counting runes from the line's start, on lines of ASCII and not, at
// every column and past the end.
func TestByteOffsetOnLongLines(t *testing.T) {
	t.Parallel()
	for name, line := range map[string]string{
		"short":         "a: é",
		"ascii":         strings.Repeat("k: v, ", 500),
		"two-byte":      strings.Repeat("é: v, ", 500),
		"mixed":         strings.Repeat("a", 700) + strings.Repeat("日本", 300) + strings.Repeat("b", 700),
		"at step edges": strings.Repeat("ü", 3*columnStep+1),
	} {
		f := &File{Src: []byte("first\n" + line + "\nlast")}
		runes := len([]rune(line))
		for col := 0; col <= runes+2; col++ {
			if got, want := f.byteOffset(2, col), byteOffset(line, col); got != want {
				t.Fatalf("%s: column %d: byte %d, want %d", name, col, got, want)
			}
		}
	}
}

// TestLineCopyAgreesWithLine: the line Range copies alone is the line that
// splitting the file gives, whatever the breaks.
func TestLineCopyAgreesWithLine(t *testing.T) {
	for _, src := range []string{
		"", "a", "a\n", "\n\n", "a: 1\nb: 2\n", "a: 1\r\nb: 2\r\n", "a\rb\rc", "a\u0085b\u2028c\u2029d\n",
		"é: ü\nkey: 日本\n", "a\r\n\r\nb", strings.Repeat("x", 2000) + "\ny",
	} {
		f := &File{Name: "f.yaml", Src: []byte(src)}
		for n := 0; n <= f.NumLines()+1; n++ {
			if got, want := f.lineCopy(n), f.Line(n); got != want {
				t.Errorf("%q line %d: lineCopy %q, Line %q", src, n, got, want)
			}
		}
	}
}
