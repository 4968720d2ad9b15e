package spec

import (
	"bytes"
	"fmt"
)

// MaxDepth bounds how deeply collections may nest in a file. Job and
// resource files nest about ten levels (spec, jobSpec, workerPoolSpecs,
// an item, containerSpec, env, an item); 100 leaves room for any real
// file. Neither YAML parser has a usable bound of its own:
// go.yaml.in/yaml/v3 stops at 10,000 levels after allocating hundreds of
// megabytes, and goccy/go-yaml, which syntaxError asks for positions, has
// none and needs gigabytes for 100,000. So checkDepth runs before either.
const MaxDepth = 100

// MaxNodes bounds the keys, values and list items of a file, as checkDepth
// counts them from the text, near enough: a line's first token, a value
// after its key, each "- " and each comma in a flow collection. Job files have a
// few hundred; go.yaml.in/yaml/v3 holds about 200 bytes per node, and a
// generated line of 15 MiB of items ("[x, x, ...]") took more than a
// gigabyte before the parser was done. 100,000 is a file of several
// hundred jobs, about 20 MB once parsed.
const MaxNodes = 100000

// MaxDocuments bounds the documents of a file ("---" lines): each costs
// lint about 4 KB whatever it holds, and a file of 100,000 one-line
// documents took 400 MB before this bound.
const MaxDocuments = 10000

// CheckDepth reports where src nests lists and mappings more than
// MaxDepth levels deep, or where it passes MaxNodes, or nil. Every reader
// of YAML calls it before a parser: ParseVars does, and import for the
// bodies it reads.
func CheckDepth(src []byte) *Error { return checkDepth(src) }

// checkDepth scans src for the nesting of flow collections ([ and {
// outside quoted scalars, comments and block scalars) and of block
// collections (indentation levels, "- - -" entries included), and reports
// the first place where the two together pass MaxDepth. It is a scan, not a
// parse: it may count a level more than the parser would (a mapping's
// list at the mapping's own indentation counts as one level with it),
// which MaxDepth's margin absorbs, and it holds one int per open block
// level, so at most MaxDepth+1 of them.
func checkDepth(src []byte) *Error {
	if withinBounds(src) {
		return nil
	}
	return scanDepth(src)
}

// scanDepth is checkDepth's scan.
func scanDepth(src []byte) *Error {
	s := depthScanner{src: src, line: 1, col: 1}
	return s.run()
}

// withinBounds reports, from counts that take a few passes of bytes.Count
// and bytes.IndexByte, that src cannot pass any bound of checkDepth, so
// that the scan can be skipped: a job file passes it in a tenth of the
// scan's time. False says only that the scan must decide.
//
// The counts bound what the scan would count. Each node it counts starts
// at its own byte, and a token after a compact "- " is counted twice, so
// a file has at most twice as many nodes as bytes; each "---" line takes
// four bytes but the last; open flow collections are at most the [ and {
// of the file; and block levels have increasing columns, each opened in
// a line's leading run of spaces, "-" and "?", so there are no more of
// them than the longest such run plus one. Lines end only at \n here:
// a file with another break goes to the scan.
func withinBounds(src []byte) bool {
	if len(src) > MaxNodes/2 || len(src) > 4*MaxDocuments || hasRareBreak(src) {
		return false
	}
	flow := bytes.Count(src, []byte{'['}) + bytes.Count(src, []byte{'{'})
	if flow >= MaxDepth {
		return false
	}
	lead := 0 // the longest leading run of a line
	for rest := src; len(rest) > 0; {
		n := 0
		for n < len(rest) && (rest[n] == ' ' || rest[n] == '-' || rest[n] == '?') {
			n++
		}
		lead = max(lead, n)
		end := bytes.IndexByte(rest[n:], '\n')
		if end < 0 {
			break
		}
		rest = rest[n+end+1:]
	}
	return flow+lead+1 <= MaxDepth
}

type depthScanner struct {
	src       []byte
	i         int // next byte
	line, col int // of src[i]; col counts code points

	flow   int   // open [ and {
	blocks []int // columns of the open block levels, increasing
	nodes  int   // counted so far (see MaxNodes)
	docs   int   // "---" lines so far
}

func (s *depthScanner) run() *Error {
	for s.i < len(s.src) {
		if err := s.scanLine(); err != nil {
			return err
		}
	}
	return nil
}

// scanLine scans from the start of a line to the start of the next one
// (or further, past a block scalar or a quoted scalar that spans lines).
func (s *depthScanner) scanLine() *Error {
	begin := s.i
	if s.flow == 0 && bytes.HasPrefix(s.src[s.i:], []byte("---")) && s.isSpaceAt(s.i+3) {
		if s.docs++; s.docs > MaxDocuments {
			return s.tooLarge(fmt.Sprintf("the file has more than %d documents by here", MaxDocuments))
		}
	}
	indent := s.skipSpaces()
	if s.flow == 0 && !s.atLineEnd() && s.peek() != '#' {
		if err := s.enterBlock(s.col); err != nil {
			return err
		}
		// Compact nesting: "- - - x" and "? - x" open a level per indicator.
		for (s.peek() == '-' || s.peek() == '?') && s.isSpaceAt(s.i+1) {
			s.advance()
			s.skipSpaces()
			if s.atLineEnd() || s.peek() == '#' {
				break
			}
			if err := s.enterBlock(s.col); err != nil {
				return err
			}
			if err := s.node(); err != nil {
				return err
			}
		}
	}
	prevToken := byte(0) // the first byte of the token before, 0 at line start
	lastByte := byte(0)  // the byte before the current token
	for !s.atLineEnd() {
		b := s.peek()
		start := s.i == begin || isBlank(s.src[s.i-1]) // a token starts here
		switch {
		case b == ' ' || b == '\t':
			s.advance()
			continue
		case b == '#' && start:
			s.skipToLineEnd()
			continue
		case start && s.flow == 0 && (prevToken == 0 || s.prevTokenEndsColon()) || b == ',' && s.flow > 0:
			// A line's first token, a value after its key, an item after a comma.
			if err := s.node(); err != nil {
				return err
			}
		}
		switch {
		case (b == '\'' || b == '"') && (start || (s.flow > 0 && isFlowIndicator(lastByte))):
			s.skipQuoted(b)
			prevToken, lastByte = b, b
			continue
		case (b == '[' || b == '{') && (s.flow > 0 || (start && opensFlow(prevToken, s.prevTokenEndsColon()))):
			s.flow++
			if s.flow+len(s.blocks) > MaxDepth {
				return s.tooDeep()
			}
		case (b == ']' || b == '}') && s.flow > 0:
			s.flow--
		case (b == '|' || b == '>') && s.flow == 0 && start:
			s.skipBlockScalar(indent)
			return nil
		}
		if start {
			prevToken = b
		}
		lastByte = b
		s.advance()
		// The rest of a word means nothing to the scan: skip it whole.
		for s.i < len(s.src) && plain[s.src[s.i]] {
			lastByte = s.src[s.i]
			s.i++
			s.col++
		}
	}
	s.skipBreak()
	return nil
}

// plain marks the bytes that neither start nor end anything the scan
// looks for, when they follow a byte that is not blank: ASCII letters,
// digits and punctuation other than YAML's indicators. (Non-ASCII bytes
// are not plain: columns count code points.)
var plain = func() (t [256]bool) {
	for b := '!'; b <= '~'; b++ {
		t[b] = true
	}
	for _, b := range "#'\"[]{}|>,:-?" {
		t[b] = false
	}
	return t
}()

// enterBlock records a block level starting at column col, closing the
// levels at or right of it.
func (s *depthScanner) enterBlock(col int) *Error {
	for len(s.blocks) > 0 && s.blocks[len(s.blocks)-1] > col {
		s.blocks = s.blocks[:len(s.blocks)-1]
	}
	if len(s.blocks) > 0 && s.blocks[len(s.blocks)-1] == col {
		return nil
	}
	s.blocks = append(s.blocks, col)
	if len(s.blocks) > MaxDepth {
		return s.tooDeep()
	}
	return nil
}

// node counts one more node, and reports the one past MaxNodes.
func (s *depthScanner) node() *Error {
	if s.nodes++; s.nodes <= MaxNodes {
		return nil
	}
	return s.tooLarge(fmt.Sprintf("the file has more than %d keys, values and list items by here", MaxNodes))
}

func (s *depthScanner) tooLarge(msg string) *Error {
	return &Error{
		Kind:     SyntaxError,
		Document: -1,
		Range:    At(Pos{s.line, s.col}),
		Msg:      msg,
		Detail:   "A job file has a few hundred; vxjob reads no further than this point. Split the file, or look for generated text that runs on.",
	}
}

func (s *depthScanner) tooDeep() *Error {
	return &Error{
		Kind:     SyntaxError,
		Document: -1,
		Range:    At(Pos{s.line, s.col}),
		Msg:      fmt.Sprintf("lists and mappings nest more than %d levels deep here", MaxDepth),
		Detail:   "A job file nests about ten levels; vxjob reads no further than this point. Look for brackets that are opened and never closed.",
	}
}

// opensFlow reports whether a [ or { at the start of a token, outside
// flow collections, starts a flow collection rather than being text of a
// plain scalar: it must begin a node, after nothing, an indicator (- ? :),
// a key ("name:"), an anchor or a tag.
func opensFlow(prevToken byte, prevEndsColon bool) bool {
	switch prevToken {
	case 0, '-', '?', ':', '&', '!':
		return true
	}
	return prevEndsColon
}

// prevTokenEndsColon reports whether the text before the blanks that
// precede s.i, on this line, ends in ':'.
func (s *depthScanner) prevTokenEndsColon() bool {
	j := s.i - 1
	for j >= 0 && isBlank(s.src[j]) {
		j--
	}
	return j >= 0 && s.src[j] == ':'
}

func isFlowIndicator(b byte) bool {
	return b == '[' || b == '{' || b == ',' || b == ':'
}

// skipQuoted skips a quoted scalar, which may span lines: ” escapes a
// single quote, \ escapes in double quotes.
func (s *depthScanner) skipQuoted(q byte) {
	s.advance()
	for s.i < len(s.src) {
		if n := lineBreak(s.src, s.i); n > 0 {
			s.breakLine(n)
			continue
		}
		b := s.peek()
		switch {
		case q == '"' && b == '\\':
			s.advance()
			if s.i < len(s.src) && lineBreak(s.src, s.i) == 0 {
				s.advance()
			}
			continue
		case b == q && q == '\'' && s.i+1 < len(s.src) && s.src[s.i+1] == '\'':
			s.advance()
		case b == q:
			s.advance()
			return
		}
		s.advance()
	}
}

// skipBlockScalar skips the rest of the line of a block scalar indicator
// (| or >) and the scalar's lines: blank ones, and those indented more than
// indent, the indentation of the indicator's line.
func (s *depthScanner) skipBlockScalar(indent int) {
	s.skipToLineEnd()
	s.skipBreak()
	for s.i < len(s.src) {
		start, line, col := s.i, s.line, s.col
		n := s.skipSpaces()
		if !s.atLineEnd() && n <= indent {
			s.i, s.line, s.col = start, line, col
			return
		}
		s.skipToLineEnd()
		s.skipBreak()
	}
}

// skipSpaces skips spaces (not tabs) and returns how many.
func (s *depthScanner) skipSpaces() int {
	n := 0
	for s.i < len(s.src) && s.src[s.i] == ' ' {
		s.advance()
		n++
	}
	return n
}

func (s *depthScanner) skipToLineEnd() {
	for !s.atLineEnd() {
		s.advance()
	}
}

func (s *depthScanner) skipBreak() {
	if s.i < len(s.src) {
		s.breakLine(lineBreak(s.src, s.i))
	}
}

func (s *depthScanner) breakLine(n int) {
	s.i += n
	s.line, s.col = s.line+1, 1
}

func (s *depthScanner) atLineEnd() bool {
	return s.i >= len(s.src) || lineBreak(s.src, s.i) > 0
}

func (s *depthScanner) peek() byte { return s.src[s.i] }

func (s *depthScanner) isSpaceAt(j int) bool {
	return j >= len(s.src) || isBlank(s.src[j]) || lineBreak(s.src, j) > 0
}

// advance moves past one byte, counting a column per code point.
func (s *depthScanner) advance() {
	s.i++
	if s.i >= len(s.src) || s.src[s.i]&0xC0 != 0x80 {
		s.col++
	}
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' }
