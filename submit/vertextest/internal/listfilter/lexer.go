package listfilter

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokText             // a bare word: field name, label key or unquoted value
	tokString           // a quoted string; text holds it unescaped
	tokOp               // a comparison operator: = != < <= > >= :
	tokLParen
	tokRParen
	tokDot
	tokMinus // "-" negating the term it prefixes
	tokAnd
	tokOr
	tokNot
)

type token struct {
	kind tokenKind
	pos  int // byte offset of the token in the filter
	text string
}

// String describes the token for error messages.
func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of filter"
	case tokString:
		return "string " + strconv.Quote(t.text)
	case tokAnd, tokOr, tokNot:
		return t.text
	}
	return strconv.Quote(t.text)
}

// errorAt returns an error for a problem at byte offset pos of the filter,
// reported as a 1-based column so that it can be read off the filter. The
// message goes to a gRPC client as a status message, which must be UTF-8,
// so parts of a filter that are not are replaced.
func errorAt(pos int, format string, args ...any) error {
	msg := strings.ToValidUTF8(fmt.Sprintf(format, args...), "\uFFFD")
	return fmt.Errorf("filter: at column %d: %s", pos+1, msg)
}

// lex splits s into tokens, ending with a tokEOF.
func lex(s string) ([]token, error) {
	var toks []token
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return append(toks, token{kind: tokEOF, pos: i}), nil
		}
		t := token{pos: i}
		switch c := s[i]; {
		case c == '(':
			t.kind, t.text = tokLParen, "("
		case c == ')':
			t.kind, t.text = tokRParen, ")"
		case c == '.':
			t.kind, t.text = tokDot, "."
		case c == '"' || c == '\'':
			text, n, err := unquote(s[i:], i)
			if err != nil {
				return nil, err
			}
			t.kind, t.text = tokString, text
			i += n
			toks = append(toks, t)
			continue
		case c == '=' || c == ':':
			t.kind, t.text = tokOp, s[i:i+1]
		case c == '<' || c == '>' || c == '!':
			t.kind, t.text = tokOp, s[i:i+1]
			if i+1 < len(s) && s[i+1] == '=' {
				t.text = s[i : i+2]
			} else if c == '!' {
				return nil, errorAt(i, `unexpected "!"; the not-equal operator is "!="`)
			}
		// A "-" starting a word negates the term it prefixes, except
		// straight after an operator, where it starts a value such as -1.
		case c == '-' && (len(toks) == 0 || toks[len(toks)-1].kind != tokOp):
			t.kind, t.text = tokMinus, "-"
		default:
			j := i
			for j < len(s) && !isSpace(s[j]) && !isSpecial(s[j]) {
				j++
			}
			t.kind, t.text = tokText, s[i:j]
			switch t.text {
			case "AND":
				t.kind = tokAnd
			case "OR":
				t.kind = tokOr
			case "NOT":
				t.kind = tokNot
			}
		}
		i += len(t.text)
		toks = append(toks, t)
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// isSpecial reports whether c ends a bare word. "-" and "*" do not, so
// that nlp-core and my_job_* are single words.
func isSpecial(c byte) bool {
	return strings.IndexByte(`()."':=<>!`, c) >= 0
}

// unquote reads the quoted string at the start of s, which begins at byte
// offset pos of the filter, and returns its value and length in s.
func unquote(s string, pos int) (string, int, error) {
	quote := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case quote:
			return b.String(), i + 1, nil
		case '\\':
			i++
			if i == len(s) {
				break // the loop ends and reports the string unterminated
			}
			switch e := s[i]; e {
			case '"', '\'', '\\':
				b.WriteByte(e)
			default:
				r, _ := utf8.DecodeRuneInString(s[i:])
				return "", 0, errorAt(pos+i-1, `unknown escape: backslash followed by %q; the escapes are \", \' and \\`, r)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errorAt(pos, "string starting here has no closing %c", quote)
}

// quote returns s as a double-quoted string that lex reads back as s.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}
