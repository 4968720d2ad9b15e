package spec

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"
)

// YAML parsers count lines as libyaml does, and go.yaml.in/yaml/v3 is a
// port of it: a line ends at LF, CR LF, a lone CR, NEL (U+0085), LS
// (U+2028) or PS (U+2029). Every line number vxjob computes itself uses the
// same breaks, so that its positions agree with the parser's.

// hasRareBreak reports whether src may hold a line break other than LF: a
// CR, or the first byte of NEL, LS or PS.
func hasRareBreak(src []byte) bool {
	return bytes.IndexByte(src, '\r') >= 0 || bytes.IndexByte(src, 0xC2) >= 0 || bytes.IndexByte(src, 0xE2) >= 0
}

// lineBreak returns the length in bytes of the line break at src[i], or 0.
func lineBreak(src []byte, i int) int {
	switch {
	case src[i] == '\n':
		return 1
	case src[i] == '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	case src[i] == 0xC2 && i+1 < len(src) && src[i+1] == 0x85: // NEL
		return 2
	case src[i] == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9): // LS, PS
		return 3
	}
	return 0
}

// lines splits src into its lines, without their breaks. A break at the
// very end leaves an empty last line, as the parser counts it.
func lines(src []byte) [][]byte {
	if !hasRareBreak(src) {
		return bytes.Split(src, []byte{'\n'}) // the common case, fast
	}
	var out [][]byte
	eachLine(src, func(start, end int) { out = append(out, src[start:end]) })
	return out
}

// lineSpan is where a line is in its file: from the byte start to the
// byte end, its break left out.
type lineSpan struct{ start, end int32 }

// lineCopy is the text of line n (1-based) alone, or "" when n is out of
// range. Range places a handful of values in most files, which need only
// their lines: Line splits the whole file, a copy of it and a string per
// line (about twice a job file's size), where this finds the lines once
// and copies one.
func (f *File) lineCopy(n int) string {
	f.spansOnce.Do(func() {
		src := f.Src
		f.spans = make([]lineSpan, 0, bytes.Count(src, []byte{'\n'})+1)
		add := func(start, end int) { f.spans = append(f.spans, lineSpan{int32(start), int32(end)}) }
		if hasRareBreak(src) {
			eachLine(src, add)
			return
		}
		start := 0
		for i := bytes.IndexByte(src, '\n'); i >= 0; i = bytes.IndexByte(src[start:], '\n') {
			add(start, start+i)
			start += i + 1
		}
		add(start, len(src))
	})
	if n < 1 || n > len(f.spans) {
		return ""
	}
	s := f.spans[n-1]
	return string(f.Src[s.start:s.end])
}

// lineStrings is lines as strings, all slices of one copy of src.
func lineStrings(src []byte) []string {
	text := string(src)
	if !hasRareBreak(src) {
		return strings.Split(text, "\n")
	}
	var out []string
	eachLine(src, func(start, end int) { out = append(out, text[start:end]) })
	return out
}

// eachLine calls fn with the start and end of each line of src.
func eachLine(src []byte, fn func(start, end int)) {
	start := 0
	for i := 0; i < len(src); {
		if n := lineBreak(src, i); n > 0 {
			fn(start, i)
			i += n
			start = i
			continue
		}
		i++
	}
	fn(start, len(src))
}

// Columns count runes, so finding the byte of a column means counting the
// runes before it. On a long line (a generated flow mapping of megabytes,
// with a finding at every key) counting from the line's start for each
// finding would cost the square of the line's length; so lines longer
// than longLine get an index, made once per file: nothing for a line of
// ASCII, where column and byte agree, else the byte of every
// columnStep-th rune.
const (
	longLine   = 1024
	columnStep = 256
)

type columns struct {
	once  sync.Once
	marks map[int][]int // line (1-based) → byte of rune k*columnStep; nil for ASCII
}

// byteOffset is the byte offset in line n (1-based) of its runes-th rune
// (0-based), or -1 when the line is shorter.
func (f *File) byteOffset(n, runes int) int {
	line := f.Line(n)
	if len(line) <= longLine {
		return byteOffset(line, runes)
	}
	f.cols.once.Do(func() { f.cols.marks = f.indexLongLines() })
	marks := f.cols.marks[n]
	if marks == nil { // ASCII
		if runes > len(line) {
			return -1
		}
		return runes
	}
	k := min(runes/columnStep, len(marks)-1)
	if b := byteOffset(line[marks[k]:], runes-k*columnStep); b >= 0 {
		return marks[k] + b
	}
	return -1
}

func (f *File) indexLongLines() map[int][]int {
	out := map[int][]int{}
	for i := 1; i <= f.NumLines(); i++ {
		line := f.Line(i)
		if len(line) <= longLine {
			continue
		}
		ascii := true
		for j := 0; j < len(line) && ascii; j++ {
			ascii = line[j] < utf8.RuneSelf
		}
		if ascii {
			out[i] = nil
			continue
		}
		var marks []int
		r := 0
		for b := range line {
			if r%columnStep == 0 {
				marks = append(marks, b)
			}
			r++
		}
		out[i] = marks
	}
	return out
}
