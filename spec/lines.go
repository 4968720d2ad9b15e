package spec

import "bytes"

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
	start := 0
	for i := 0; i < len(src); {
		if n := lineBreak(src, i); n > 0 {
			out = append(out, src[start:i])
			i += n
			start = i
			continue
		}
		i++
	}
	return append(out, src[start:])
}
