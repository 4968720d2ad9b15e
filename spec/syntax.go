package spec

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
)

// yamlLine reads the line number from go.yaml.in/yaml/v3's error text
// ("yaml: line 7: ..."); some errors carry none.
var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): `)

// syntaxError turns a parse failure into an Error with a position.
//
// go.yaml.in/yaml/v3 reports at best the line of the enclosing construct
// (for parser errors counted from 0), and never a column. So the position
// comes, in order, from: an alias without anchor, found by its name; a tab
// in the indentation (the most common cause, with its own advice); a second
// YAML parser, goccy/go-yaml, which reports line and column of where it
// failed; the line in yaml/v3's message.
func syntaxError(src []byte, err error) *Error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")

	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		if pos, ok := findAlias(src, m[1]); ok {
			return &Error{
				Kind:     SyntaxError,
				Document: -1,
				Range:    Range{Start: pos, End: Pos{pos.Line, pos.Column + 1 + utf8.RuneCountInString(m[1])}},
				Msg:      fmt.Sprintf("alias *%s refers to no anchor", m[1]),
				Detail:   fmt.Sprintf("An alias needs an anchor (&%s) earlier in the same document.", m[1]),
			}
		}
	}
	gpos, gmsg, located := locate(src)
	if pos, ok := tabIndent(src, max(line+1, gpos.Line)); ok {
		return &Error{
			Kind:     SyntaxError,
			Document: -1,
			Range:    At(pos),
			Msg:      "tab character in indentation",
			Detail:   "YAML indents with spaces only; replace the tab with spaces.",
		}
	}
	if located {
		return &Error{Kind: SyntaxError, Document: -1, Range: At(gpos), Msg: gmsg}
	}
	if line == 0 {
		line = 1
	}
	return &Error{Kind: SyntaxError, Document: -1, Range: At(Pos{line, firstColumn(src, line)}), Msg: msg}
}

var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.+)' referenced$`)

// findAlias finds the first use of alias *name that is a whole token.
func findAlias(src []byte, name string) (Pos, bool) {
	want := "*" + name
	for n, b := range lines(src) {
		line := string(b)
		for off := 0; ; {
			i := strings.Index(line[off:], want)
			if i < 0 {
				break
			}
			end := off + i + len(want)
			if end == len(line) || strings.ContainsRune(" \t,]}\r", rune(line[end])) {
				return Pos{n + 1, utf8.RuneCountInString(line[:off+i]) + 1}, true
			}
			off = end
		}
	}
	return Pos{}, false
}

// tabIndent finds the first line, up to line limit, whose indentation
// holds a tab.
func tabIndent(src []byte, limit int) (Pos, bool) {
	for n, line := range lines(src) {
		if n+1 > limit {
			break
		}
		for col, b := range line {
			if b == '\t' {
				return Pos{n + 1, col + 1}, true
			}
			if b != ' ' {
				break
			}
		}
	}
	return Pos{}, false
}

// maxLocate bounds the files locate reads. goccy/go-yaml allocates about
// 500 times the size of its input (5 GB for an 11 MiB file); job files are
// a few KB, and 64 KiB keeps the cost near 32 MB. Larger files get
// yaml/v3's line.
const maxLocate = 64 << 10

// locate asks goccy/go-yaml where the syntax error is. ok is false when it
// parses src without error, and its opinion is then worth nothing. It is
// given the text with every line break as LF, since it counts the others
// differently from the YAML parser vxjob reports for. It is never given
// more than maxLocate bytes, nor (checkDepth saw to that) deep nesting.
func locate(src []byte) (Pos, string, bool) {
	if len(src) > maxLocate {
		return Pos{}, "", false
	}
	all := lines(src)
	_, err := goccyparser.ParseBytes(bytes.Join(all, []byte{'\n'}), 0)
	var se *goccy.SyntaxError
	if !errors.As(err, &se) || se.Token == nil || se.Token.Position == nil {
		return Pos{}, "", false
	}
	p := se.Token.Position
	if p.Line < 1 || p.Column < 1 || p.Line > len(all) {
		return Pos{}, "", false
	}
	return Pos{p.Line, p.Column}, se.Message, true
}

// firstColumn is the column of the first non-blank character of line.
func firstColumn(src []byte, line int) int {
	all := lines(src)
	if line > len(all) {
		return 1
	}
	text := all[line-1]
	return len(text) - len(bytes.TrimLeft(text, " \t")) + 1
}
