package spec

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"go.yaml.in/yaml/v3"
)

// StdinName is the file name of standard input when no other is given.
const StdinName = "<stdin>"

// File is one parsed source file: its documents, and the problems that kept
// any part of it from being read.
type File struct {
	Name   string
	Src    []byte
	Docs   []*Document
	Errors []*Error

	linesOnce sync.Once
	lines     []string // Src split into lines, on first use: slices of one copy of it
	spansOnce sync.Once
	spans     []lineSpan // where each line of Src is, on first use (lineCopy)
	cols      columns
}

// Parse reads every YAML document of src. It never fails: what cannot be
// read is reported in File.Errors, each with its position, and the
// documents before a syntax error are kept. Variables that no source
// defines stay as written, and their values count as unknown.
func Parse(name string, src []byte) *File { return ParseVars(name, src, nil) }

// ParseVars is Parse with values for the documents' variables.
func ParseVars(name string, src []byte, vars Vars) *File {
	f := &File{Name: name, Src: src}
	if err := checkEncoding(src); err != nil {
		f.addError(err)
		return f
	}
	if err := checkDepth(src); err != nil {
		f.addError(err)
		return f
	}

	dec := yaml.NewDecoder(bytes.NewReader(src))
	for index := 0; ; index++ {
		var node yaml.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.addError(syntaxError(src, err))
			break
		}
		f.addDocument(index, &node, vars)
	}
	if len(f.Docs) == 0 && len(f.Errors) == 0 {
		f.addError(&Error{
			Kind:     EmptyDocument,
			Document: -1,
			Range:    At(Pos{1, 1}),
			Msg:      "file has no YAML documents",
			Detail:   "An empty file (or one with only comments) defines nothing; remove it or add a document.",
		})
	}
	return f
}

func (f *File) addError(e *Error) {
	e.File = f.Name
	f.Errors = append(f.Errors, e)
}

func (f *File) addDocument(index int, node *yaml.Node, vars Vars) {
	root := node
	if node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		root = node.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		f.addError(&Error{
			Kind:     EmptyDocument,
			Document: index,
			Range:    At(Pos{node.Line, node.Column}),
			Msg:      "empty document",
			Detail:   "A document separator (---) with nothing after it; remove the separator or add content.",
		})
		return
	}
	doc := &Document{File: f, Index: index, Node: root}
	for _, e := range checkDuplicateKeys(f, root) {
		e.Document = index
		f.addError(e)
	}
	conv := converter{doc: doc, vars: vars}
	doc.Value = conv.value(root)
	doc.Truncated = conv.tooLarge
	for _, e := range conv.errs {
		e.Document = index
		f.addError(e)
	}
	doc.readEnvelope()
	f.Docs = append(f.Docs, doc)
}

// NumLines is how many lines the file has, counted as the YAML parser
// counts them (a final line break starts an empty last line).
func (f *File) NumLines() int {
	f.linesOnce.Do(func() { f.lines = lineStrings(f.Src) })
	return len(f.lines)
}

// Line returns the text of line n (1-based) without its line break, or ""
// when n is out of range.
func (f *File) Line(n int) string {
	if n < 1 || n > f.NumLines() {
		return ""
	}
	return f.lines[n-1]
}
