package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// looksLikeShell says src is a shell script or command line rather than a
// YAML or JSON body: by its name (*.sh, *.bash), a #! line, or a first
// line that is a gcloud command.
func looksLikeShell(name string, src []byte) bool {
	switch filepath.Ext(name) {
	case ".sh", ".bash":
		return true
	}
	for _, line := range bytes.Split(src, []byte("\n")) {
		line = bytes.TrimSpace(line)
		switch {
		case bytes.HasPrefix(line, []byte("#!")):
			return true
		case len(line) == 0 || line[0] == '#':
			continue
		}
		word, _, _ := bytes.Cut(line, []byte(" "))
		return string(word) == "gcloud"
	}
	return false
}

// shell reads a script the way the shell would run it, as far as gcloud
// commands are concerned: each word as the command receives it (quotes
// removed, line continuations joined), with the position each of its bytes
// came from, and the variables the script sets.
type shell struct {
	imp   *importer
	name  string
	src   []byte
	lines []int // offset of the start of each line

	// vars are the script's variables whose values are known, as text
	// that may hold ${VAR} placeholders of its own. A variable set from a
	// command's output is not known: it stays a placeholder, for vxjob
	// to resolve from --var or the environment.
	vars map[string]string
	// project and region are what gcloud config set said, for the
	// commands that follow and give no --project or --region.
	project, region string

	imported int // gcloud ai commands found
	quiet    int // inside $(...) of an assignment: skipped commands are not noted
}

// script imports every gcloud ai custom-jobs create and gcloud ai
// persistent-resources create command of src, and notes the other commands
// as skipped.
func (imp *importer) script(name string, src []byte) error {
	if off := shellDepth(src); off >= 0 {
		return depthError(name, src, off, "substitutions, quotes and groups")
	}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(src), name)
	if err != nil {
		return err
	}
	s := &shell{imp: imp, name: name, src: src, lines: lineStarts(src), vars: map[string]string{}}
	syntax.Walk(f, s.visit)
	if s.imported == 0 {
		imp.problemf(Pos{name, 1, 1}, "nothing to import: no gcloud ai custom-jobs create or gcloud ai persistent-resources create command found")
	}
	return nil
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// at is the position of byte offset off of the script.
func (s *shell) at(off int) Pos {
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	line = max(line, 0)
	start := s.lines[line]
	col := utf8.RuneCount(s.src[start:min(off, len(s.src))]) + 1
	return Pos{s.name, line + 1, col}
}

func (s *shell) visit(n syntax.Node) bool {
	switch n := n.(type) {
	case *syntax.CallExpr:
		if len(n.Args) == 0 {
			for _, a := range n.Assigns {
				s.assign(a)
				s.substituted(a)
			}
			return false
		}
		s.command(n)
		return false
	case *syntax.DeclClause:
		for _, a := range n.Args {
			if !a.Naked {
				s.assign(a)
				s.substituted(a)
			}
		}
		return false
	}
	return true
}

// substituted imports the gcloud commands whose output a variable is set
// to, as in JOB=$(gcloud ai custom-jobs create ... --format='value(name)').
// The other commands there are not worth a note: what matters is the
// variable, which stays a placeholder.
func (s *shell) substituted(a *syntax.Assign) {
	if a.Value == nil {
		return
	}
	s.quiet++
	defer func() { s.quiet-- }()
	syntax.Walk(a.Value, s.visit)
}

// assign records VAR=value. A value the import cannot know (a command's
// output, an array) makes the variable unknown.
func (s *shell) assign(a *syntax.Assign) {
	if a.Name == nil {
		return
	}
	name := a.Name.Value
	if a.Append || a.Index != nil || a.Array != nil {
		delete(s.vars, name)
		return
	}
	if a.Value == nil {
		s.vars[name] = ""
		return
	}
	w, bad := s.word(a.Value)
	if len(bad) > 0 {
		delete(s.vars, name)
		return
	}
	s.vars[name] = w.text
}

// A word is a shell word as the command receives it, with the offset in
// the script of each of its bytes (all the bytes of an expanded variable
// are at its $).
type word struct {
	text string
	offs []int
	end  int // the offset just past the word in the script
}

func (w word) slice(i, j int) word {
	end := w.end
	if j < len(w.offs) {
		end = w.offs[j]
	}
	return word{text: w.text[i:j], offs: w.offs[i:j], end: end}
}

// off is the offset in the script of byte i of the word, or of its end.
func (w word) off(i int) int {
	if i < len(w.offs) {
		return w.offs[i]
	}
	return w.end
}

type wordBuilder struct {
	text strings.Builder
	offs []int
}

func (b *wordBuilder) add(s string, off int) {
	b.text.WriteString(s)
	for range len(s) {
		b.offs = append(b.offs, off)
	}
}

func (b *wordBuilder) addByte(c byte, off int) {
	b.text.WriteByte(c)
	b.offs = append(b.offs, off)
}

// badPart is a part of a word the import cannot know the value of.
type badPart struct {
	off int
	why string
}

// word evaluates w as the shell would, without running anything: quotes
// and escapes removed, known variables expanded, others kept as ${VAR}
// placeholders. What cannot be known (command substitutions, arithmetic,
// positional parameters) is left out and listed.
func (s *shell) word(w *syntax.Word) (word, []badPart) {
	var b wordBuilder
	var bad []badPart
	s.parts(&b, w.Parts, false, &bad)
	return word{text: b.text.String(), offs: b.offs, end: int(w.End().Offset())}, bad
}

func (s *shell) parts(b *wordBuilder, parts []syntax.WordPart, quoted bool, bad *[]badPart) {
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit:
			s.literal(b, int(p.Pos().Offset()), int(p.End().Offset()), quoted)
		case *syntax.SglQuoted:
			start := int(p.Left.Offset()) + 1
			if p.Dollar {
				s.ansiC(b, start+1, int(p.Right.Offset()))
				continue
			}
			for i := start; i < int(p.Right.Offset()); i++ {
				b.addByte(s.src[i], i)
			}
		case *syntax.DblQuoted:
			s.parts(b, p.Parts, true, bad)
		case *syntax.ParamExp:
			s.param(b, p, bad)
		case *syntax.CmdSubst:
			*bad = append(*bad, badPart{int(p.Pos().Offset()), fmt.Sprintf("the output of a command (%s)", s.snippet(p))})
		case *syntax.ArithmExp:
			*bad = append(*bad, badPart{int(p.Pos().Offset()), fmt.Sprintf("arithmetic (%s)", s.snippet(p))})
		default:
			*bad = append(*bad, badPart{int(p.Pos().Offset()), fmt.Sprintf("a shell expansion (%s)", s.snippet(p))})
		}
	}
}

func (s *shell) snippet(n syntax.Node) string {
	t := string(s.src[n.Pos().Offset():n.End().Offset()])
	if len(t) > 40 {
		t = t[:37] + "..."
	}
	return t
}

// literal adds the unquoted or double-quoted text src[start:end], with
// the shell's backslash rules: outside quotes a backslash escapes any
// character, inside double quotes only $ ` " \ and the line break; an
// escaped line break is no character at all.
func (s *shell) literal(b *wordBuilder, start, end int, quoted bool) {
	for i := start; i < end; i++ {
		c := s.src[i]
		if c == '\\' && i+1 < end {
			next := s.src[i+1]
			switch {
			case next == '\n':
				i++
				continue
			case !quoted || strings.IndexByte("$`\"\\", next) >= 0:
				b.addByte(next, i+1)
				i++
				continue
			}
		}
		b.addByte(c, i)
	}
}

// ansiC adds the text of $'...' with its common escapes.
func (s *shell) ansiC(b *wordBuilder, start, end int) {
	escapes := map[byte]byte{'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '\'': '\'', '"': '"', 'a': 7, 'b': 8, 'e': 27, 'f': 12, 'v': 11}
	for i := start; i < end; i++ {
		c := s.src[i]
		if c == '\\' && i+1 < end {
			if e, ok := escapes[s.src[i+1]]; ok {
				b.addByte(e, i)
				i++
				continue
			}
		}
		b.addByte(c, i)
	}
}

var varNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// param expands $VAR, ${VAR} and ${VAR:-default}: to the variable's value
// when the script set it, else to a vxjob placeholder of the same form.
func (s *shell) param(b *wordBuilder, p *syntax.ParamExp, bad *[]badPart) {
	off := int(p.Pos().Offset())
	simpleDefault := p.Exp != nil && (p.Exp.Op == syntax.DefaultUnset || p.Exp.Op == syntax.DefaultUnsetOrNull)
	if p.Param == nil || p.Excl || p.Length || p.Width || p.Index != nil || p.Slice != nil || p.Repl != nil ||
		p.Names != 0 || (p.Exp != nil && !simpleDefault) {
		*bad = append(*bad, badPart{off, fmt.Sprintf("a shell expansion (%s)", s.snippet(p))})
		return
	}
	name := p.Param.Value
	if !varNameRE.MatchString(name) {
		*bad = append(*bad, badPart{off, fmt.Sprintf("the shell parameter %s, which has no value outside the script's run", s.snippet(p))})
		return
	}
	if v, ok := s.vars[name]; ok && (v != "" || p.Exp == nil || p.Exp.Op == syntax.DefaultUnset) {
		b.add(v, off)
		return
	}
	if simpleDefault {
		def := ""
		if p.Exp.Word != nil {
			var inner wordBuilder
			s.parts(&inner, p.Exp.Word.Parts, true, bad)
			def = inner.text.String()
		}
		b.add("${"+name+":-"+def+"}", off)
		return
	}
	b.add("${"+name+"}", off)
}
