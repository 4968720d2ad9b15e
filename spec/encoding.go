package spec

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// checkEncoding accepts UTF-8 text with only the characters YAML allows
// (YAML 1.2, production c-printable), and points at the first that is not.
// The YAML library would reject these too, but without a position.
func checkEncoding(src []byte) *Error {
	if utf8.Valid(src) && !hasControl(src) {
		return nil // the common case, without counting lines
	}
	if enc := byteOrderMark(src); enc != "" {
		return &Error{
			Kind:     EncodingError,
			Document: -1,
			Range:    At(Pos{1, 1}),
			Msg:      "file is " + enc + " encoded; vxjob reads UTF-8",
			Detail:   "Save the file as UTF-8.",
		}
	}
	line, col := 1, 1
	for i := 0; i < len(src); {
		if n := lineBreak(src, i); n > 0 {
			line, col = line+1, 1
			i += n
			continue
		}
		b := src[i]
		if b < utf8.RuneSelf { // ASCII fast path
			switch {
			case b == '\t' || (b >= 0x20 && b < 0x7F):
			default:
				return controlError(line, col, rune(b))
			}
			i, col = i+1, col+1
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return &Error{
				Kind:     EncodingError,
				Document: -1,
				Range:    At(Pos{line, col}),
				Msg:      fmt.Sprintf("invalid UTF-8 (byte 0x%02X)", b),
				Detail:   "vxjob reads UTF-8 only; save the file as UTF-8.",
			}
		}
		if !printable(r) {
			return controlError(line, col, r)
		}
		i, col = i+size, col+1
	}
	return nil
}

// byteOrderMark names the encoding a UTF-16 or UTF-32 byte order mark
// says src is in, or is "". UTF-32 LE's mark begins with UTF-16 LE's, so
// it is tried first.
func byteOrderMark(src []byte) string {
	for _, bom := range []struct {
		mark []byte
		name string
	}{
		{[]byte{0x00, 0x00, 0xFE, 0xFF}, "UTF-32 (big-endian)"},
		{[]byte{0xFF, 0xFE, 0x00, 0x00}, "UTF-32 (little-endian)"},
		{[]byte{0xFE, 0xFF}, "UTF-16 (big-endian)"},
		{[]byte{0xFF, 0xFE}, "UTF-16 (little-endian)"},
	} {
		if bytes.HasPrefix(src, bom.mark) {
			return bom.name
		}
	}
	return ""
}

// hasControl reports whether valid UTF-8 text holds a character outside
// YAML's c-printable set.
func hasControl(src []byte) bool {
	for i := 0; i < len(src); {
		b := src[i]
		if b < utf8.RuneSelf {
			if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if !printable(r) {
			return true
		}
		i += size
	}
	return false
}

// printable is YAML's c-printable for characters outside ASCII.
func printable(r rune) bool {
	return r == 0x85 || (r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func controlError(line, col int, r rune) *Error {
	return &Error{
		Kind:     EncodingError,
		Document: -1,
		Range:    At(Pos{line, col}),
		Msg:      fmt.Sprintf("control character %U is not allowed in YAML", r),
		Detail:   "Remove the character, or write it as an escape sequence inside a double-quoted string.",
	}
}
