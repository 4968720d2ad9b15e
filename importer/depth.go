package importer

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/vxjob/vxjob/spec"
)

// maxDepth bounds how deeply a shell script's substitutions, groups,
// quotes and tests may nest. A gcloud command line nests two or three
// levels; 100 leaves room for any real input. mvdan.cc/sh has no usable
// bound of its own: it recurses once per level, so 100,000 nested $( take
// a gigabyte of stack and more crash the process. So the scan below runs
// before it parses. (A YAML or JSON body is bounded by spec.CheckDepth,
// as job files are.)
const maxDepth = spec.MaxDepth

// depthError says where an input nests too deeply.
func depthError(name string, src []byte, off int, what string) error {
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	col := 1 + utf8.RuneCount(src[start:off])
	return fmt.Errorf("%s: %s nest more than %d levels deep here; look for ones that are opened and never closed", Pos{name, line, col}, what, maxDepth)
}

// A shellFrame is a construct the shell scan is inside of.
type shellFrame uint8

const (
	frameParen     shellFrame = iota + 1 // ( $( — closed by )
	frameArith                           // $(( — closed by ))
	frameParam                           // ${ outside double quotes — closed by }
	frameParamQ                          // ${ inside double quotes, where quotes are literal
	frameGroup                           // { — closed by } where a command starts
	frameTest                            // [[ — closed by ]]
	frameDquote                          // " — closed by "
	frameBackquote                       // ` — closed by `
	frameCase                            // case — closed by esac; its patterns end in )
)

// shellDepth scans src for the nesting of the constructs mvdan.cc/sh
// parses by recursion, and returns the offset where it first passes
// maxDepth, or -1. It is a scan, not a parse: quotes, escapes, comments,
// here-documents and case patterns are followed so that quoted text does
// not close what is open; where it cannot tell, it counts a level more
// rather than less, which only refuses absurd scripts.
func shellDepth(src []byte) int {
	s := shellScanner{src: src, end: len(src)}
	return s.run()
}

type shellScanner struct {
	src   []byte
	i     int
	end   int
	base  int // levels open around this scan (of a here-document's body)
	body  bool
	stack []shellFrame
	// heredocs are the here-documents whose bodies start after the next
	// line break.
	heredocs []heredoc
}

type heredoc struct {
	delim       []byte
	quoted      bool // its body is literal text
	stripsTabs  bool // <<-
	startOffset int
}

func (s *shellScanner) top() shellFrame {
	if len(s.stack) == 0 {
		return 0
	}
	return s.stack[len(s.stack)-1]
}

// push opens a frame; it reports false when that passes maxDepth.
func (s *shellScanner) push(f shellFrame) bool {
	s.stack = append(s.stack, f)
	return s.base+len(s.stack) <= maxDepth
}

func (s *shellScanner) pop() { s.stack = s.stack[:len(s.stack)-1] }

// quoted reports whether the scan is where quotes are literal and only $,
// ` and \ are special: in double quotes, or in a here-document's body.
func (s *shellScanner) quoted() bool {
	switch s.top() {
	case frameDquote, frameParamQ:
		return true
	case 0:
		return s.body
	}
	return false
}

func (s *shellScanner) run() int {
	for s.i < s.end {
		start := s.i
		var ok bool
		if s.quoted() {
			ok = s.stepQuoted()
		} else {
			ok = s.step()
		}
		if !ok {
			return start
		}
	}
	return -1
}

func (s *shellScanner) at(off int) byte {
	if off < s.end {
		return s.src[off]
	}
	return 0
}

// stepQuoted scans one token inside double quotes or a here-document.
func (s *shellScanner) stepQuoted() bool {
	switch c := s.src[s.i]; {
	case c == '\\':
		s.i += 2
	case c == '"' && s.top() == frameDquote:
		s.pop()
		s.i++
	case c == '}' && s.top() == frameParamQ:
		s.pop()
		s.i++
	case c == '$':
		return s.dollar(true)
	case c == '`':
		s.i++
		return s.backquote()
	default:
		s.i++
	}
	return true
}

// step scans one token outside quotes.
func (s *shellScanner) step() bool {
	c := s.src[s.i]
	wordStart := s.i == 0 || isShellBlank(s.src[s.i-1]) || bytes.IndexByte([]byte(";&|()<>`"), s.src[s.i-1]) >= 0
	switch {
	case c == '\\':
		s.i += 2
	case c == '\'':
		s.skipSingle(s.i + 1)
	case c == '"':
		s.i++
		return s.push(frameDquote)
	case c == '`':
		s.i++
		return s.backquote()
	case c == '$':
		return s.dollar(false)
	case c == '(':
		s.i++
		return s.push(frameParen)
	case c == ')' && s.top() == frameArith && s.at(s.i+1) == ')':
		s.i += 2
		s.pop()
	case c == ')':
		s.i++
		if s.top() == frameParen {
			s.pop()
		}
	case c == '{' && wordStart && isShellBlank(s.at(s.i+1)):
		s.i++
		return s.push(frameGroup)
	case c == '}':
		s.i++
		switch top := s.top(); {
		case top == frameParam:
			s.pop()
		case top == frameGroup && s.commandStart(s.i-1):
			s.pop()
		}
	case c == '[' && wordStart && s.at(s.i+1) == '[':
		s.i += 2
		return s.push(frameTest)
	case c == ']' && s.at(s.i+1) == ']' && s.top() == frameTest:
		s.i += 2
		s.pop()
	case c == '#' && wordStart:
		for s.i < s.end && s.src[s.i] != '\n' {
			s.i++
		}
	case c == '\n':
		s.i++
		return s.readHeredocs()
	case c == '<' && s.at(s.i+1) == '<' && s.at(s.i+2) != '<' && s.top() != frameArith:
		s.heredocStart()
	case wordStart && s.keyword("case") && s.commandStart(s.i):
		s.i += len("case")
		return s.push(frameCase)
	case wordStart && s.top() == frameCase && s.keyword("esac"):
		s.i += len("esac")
		s.pop()
	default:
		s.i++
	}
	return true
}

func isShellBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// keyword reports whether the word at s.i is kw.
func (s *shellScanner) keyword(kw string) bool {
	j := s.i + len(kw)
	if j > s.end || string(s.src[s.i:j]) != kw {
		return false
	}
	return j == s.end || isShellBlank(s.src[j]) || bytes.IndexByte([]byte(";&|()"), s.src[j]) >= 0
}

// commandStart reports whether a command may start at off: after a line
// break, ; & | ( or { and blanks, or after a keyword such as then or do.
func (s *shellScanner) commandStart(off int) bool {
	j := off - 1
	for j >= 0 && (s.src[j] == ' ' || s.src[j] == '\t') {
		j--
	}
	if j < 0 || bytes.IndexByte([]byte("\n;&|({`"), s.src[j]) >= 0 {
		return true
	}
	k := j
	for k >= 0 && 'a' <= s.src[k] && s.src[k] <= 'z' {
		k--
	}
	switch string(s.src[k+1 : j+1]) {
	case "then", "do", "else", "elif", "if", "while", "until", "time":
		return k < 0 || isShellBlank(s.src[k]) || bytes.IndexByte([]byte(";&|(){}"), s.src[k]) >= 0
	}
	return false
}

// skipSingle skips a single-quoted string whose text starts at from.
func (s *shellScanner) skipSingle(from int) {
	j := bytes.IndexByte(s.src[from:s.end], '\'')
	if j < 0 {
		s.i = s.end
		return
	}
	s.i = from + j + 1
}

// backquote opens or closes a command substitution in backquotes.
func (s *shellScanner) backquote() bool {
	if s.top() == frameBackquote {
		s.pop()
		return true
	}
	return s.push(frameBackquote)
}

// dollar scans what starts with $ at s.i: $( $(( ${ $'...' or a plain $.
func (s *shellScanner) dollar(quoted bool) bool {
	switch s.at(s.i + 1) {
	case '(':
		if s.at(s.i+2) == '(' {
			s.i += 3
			return s.push(frameArith)
		}
		s.i += 2
		return s.push(frameParen)
	case '{':
		s.i += 2
		if quoted {
			return s.push(frameParamQ)
		}
		return s.push(frameParam)
	case '\'':
		if !quoted {
			s.skipAnsiC(s.i + 2)
			return true
		}
	}
	s.i++
	return true
}

// skipAnsiC skips a $'...' string whose text starts at from; in it \'
// is a quote.
func (s *shellScanner) skipAnsiC(from int) {
	for j := from; j < s.end; j++ {
		switch s.src[j] {
		case '\\':
			j++
		case '\'':
			s.i = j + 1
			return
		}
	}
	s.i = s.end
}

// heredocStart reads the delimiter of << or <<- at s.i; the body starts
// after the line break that ends the command.
func (s *shellScanner) heredocStart() {
	s.i += 2
	h := heredoc{}
	if s.at(s.i) == '-' {
		h.stripsTabs = true
		s.i++
	}
	for s.i < s.end && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
	var delim []byte
	for s.i < s.end {
		c := s.src[s.i]
		if isShellBlank(c) || bytes.IndexByte([]byte(";&|()<>"), c) >= 0 {
			break
		}
		switch c {
		case '\'', '"':
			h.quoted = true
			j := bytes.IndexByte(s.src[s.i+1:s.end], c)
			if j < 0 {
				s.i = s.end
				return
			}
			delim = append(delim, s.src[s.i+1:s.i+1+j]...)
			s.i += j + 2
			continue
		case '\\':
			h.quoted = true
			s.i++
			if s.i < s.end {
				delim = append(delim, s.src[s.i])
			}
		default:
			delim = append(delim, c)
		}
		s.i++
	}
	if len(delim) > 0 {
		h.delim = delim
		s.heredocs = append(s.heredocs, h)
	}
}

// readHeredocs scans the bodies of the pending here-documents, which
// start at s.i: a quoted one is literal text; the others are scanned as
// double-quoted text, at the depth where they were opened.
func (s *shellScanner) readHeredocs() bool {
	pending := s.heredocs
	s.heredocs = nil
	for _, h := range pending {
		bodyStart := s.i
		bodyEnd := s.end
		for s.i < s.end {
			lineEnd := s.end
			if j := bytes.IndexByte(s.src[s.i:s.end], '\n'); j >= 0 {
				lineEnd = s.i + j
			}
			line := bytes.TrimSuffix(s.src[s.i:lineEnd], []byte("\r"))
			if h.stripsTabs {
				line = bytes.TrimLeft(line, "\t")
			}
			if bytes.Equal(line, h.delim) {
				bodyEnd = s.i
				s.i = min(lineEnd+1, s.end)
				break
			}
			s.i = min(lineEnd+1, s.end)
		}
		if h.quoted {
			continue
		}
		body := shellScanner{src: s.src, i: bodyStart, end: bodyEnd, base: s.base + len(s.stack), body: true}
		if off := body.run(); off >= 0 {
			s.i = off
			return false
		}
	}
	return true
}
