package spec

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Document is one YAML document of a file: a vxjob envelope (apiVersion,
// kind, metadata, spec and, on snapshots, status), kept both as the YAML
// node tree, for positions, and as its JSON value, for the schema and for
// conversion to the API's messages.
type Document struct {
	File  *File
	Index int        // 0-based position of the document in its file
	Node  *yaml.Node // the document's top node
	Value any        // the document as JSON would have it (see converter)

	// Truncated is set when aliases expanded past the limit: Value is then
	// cut short and says nothing reliable about the document.
	Truncated bool

	// Aliased says the document uses an alias (*name), so that one node
	// may stand at several paths of Value; most documents use none.
	Aliased bool

	// The envelope, as far as the document has it; "" where it has not (or
	// has a value of the wrong type, which the schema tier reports).
	APIVersion string
	Kind       string
	Name       string // metadata.name
	Project    string // metadata.project
	Location   string // metadata.location

	// Vars are the variables the document uses, in order.
	Vars []*VarRef
	// unknown are the values that use a variable no source defines.
	unknown []unknownValue

	keysMu sync.Mutex
	keys   map[*yaml.Node]*keyIndex // of the large mappings Lookup has met
}

func (d *Document) readEnvelope() {
	m, _ := d.Value.(map[string]any)
	d.APIVersion, _ = m["apiVersion"].(string)
	d.Kind, _ = m["kind"].(string)
	meta, _ := m["metadata"].(map[string]any)
	d.Name, _ = meta["name"].(string)
	d.Project, _ = meta["project"].(string)
	d.Location, _ = meta["location"].(string)
}

// Pos is where the document starts.
func (d *Document) Pos() Pos { return Pos{d.Node.Line, d.Node.Column} }

// Lookup returns the YAML nodes at path (the tokens of a JSON pointer into
// Value), following aliases and merge keys as Value does. key is the
// mapping key of the last step, nil for list items and the root. ok is
// false when the path does not exist in the document.
func (d *Document) Lookup(path []string) (key, value *yaml.Node, ok bool) {
	key, value, depth := d.walk(path)
	if depth < len(path) {
		return nil, nil, false
	}
	return key, value, true
}

// Field returns the value node of field name of mapping node m, following
// aliases and merge keys as Lookup does, or nil: one step of a Lookup, for
// callers that hold the node of a path and ask several fields below it.
func (d *Document) Field(m *yaml.Node, name string) *yaml.Node {
	if m == nil {
		return nil
	}
	if m = resolveAlias(m); m.Kind != yaml.MappingNode {
		return nil
	}
	if _, v := d.findKey(m, name); v != nil {
		return resolveAlias(v)
	}
	return nil
}

// walk follows path as far as it exists in the document: the nodes at the
// deepest of its prefixes that does (the root for none), and how many of
// its tokens that prefix has.
func (d *Document) walk(path []string) (key, value *yaml.Node, depth int) {
	value = resolveAlias(d.Node)
	for i, tok := range path {
		switch value.Kind {
		case yaml.MappingNode:
			k, v := d.findKey(value, tok)
			if v == nil {
				return key, value, i
			}
			key, value = k, resolveAlias(v)
		case yaml.SequenceNode:
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 || n >= len(value.Content) {
				return key, value, i
			}
			key, value = nil, resolveAlias(value.Content[n])
		default:
			return key, value, i
		}
	}
	return key, value, len(path)
}

// findKey finds name in mapping m: a key written in m (the last, as with
// duplicates the converter keeps the last) or else one merged into it.
func (d *Document) findKey(m *yaml.Node, name string) (key, value *yaml.Node) {
	var merges []*yaml.Node
	if len(m.Content) > 2*smallMapping {
		idx := d.keyIndex(m)
		if i, ok := idx.last[name]; ok {
			return m.Content[i], m.Content[i+1]
		}
		merges = idx.merges
	} else {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i]
			switch {
			case isMergeKey(k):
				merges = append(merges, m.Content[i+1])
			case resolveAlias(k).Kind == yaml.ScalarNode && resolveAlias(k).Value == name:
				key, value = k, m.Content[i+1]
			}
		}
		if value != nil {
			return key, value
		}
	}
	for _, v := range merges {
		sources, _ := mergeSources(v)
		for _, src := range sources {
			if k, v := d.findKey(resolveAlias(src), name); v != nil {
				return k, v
			}
		}
	}
	return nil, nil
}

// keyIndex is what findKey needs of a large mapping, built once: the
// position in Content of the last key of each name, and the values of its
// merge keys. A schema finding on every key of a mapping of thousands
// would otherwise scan all of them each time.
type keyIndex struct {
	last   map[string]int
	merges []*yaml.Node
}

func (d *Document) keyIndex(m *yaml.Node) *keyIndex {
	d.keysMu.Lock()
	defer d.keysMu.Unlock()
	if idx := d.keys[m]; idx != nil {
		return idx
	}
	idx := &keyIndex{last: make(map[string]int, len(m.Content)/2)}
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch k := m.Content[i]; {
		case isMergeKey(k):
			idx.merges = append(idx.merges, m.Content[i+1])
		case resolveAlias(k).Kind == yaml.ScalarNode:
			idx.last[resolveAlias(k).Value] = i
		}
	}
	if d.keys == nil {
		d.keys = map[*yaml.Node]*keyIndex{}
	}
	d.keys[m] = idx
	return idx
}

// KeyRange is where a finding about the field at path as a whole belongs:
// its key; for a list item, the item; for a field that is not there, the
// nearest enclosing field that is.
func (d *Document) KeyRange(path []string) Range {
	key, value, _ := d.walk(path)
	if key != nil {
		return d.File.Range(key)
	}
	return d.File.Range(value)
}

// ValueRange is where a finding about the value at path belongs: the value
// itself when it is written, else as KeyRange.
func (d *Document) ValueRange(path []string) Range {
	key, value, depth := d.walk(path)
	if depth == len(path) || key == nil {
		return d.File.Range(value)
	}
	return d.File.Range(key)
}

// Range is the source span of node n: the whole token for a scalar or
// alias on one line, the first character for anything else.
func (f *File) Range(n *yaml.Node) Range {
	start := Pos{n.Line, n.Column}
	if n.Kind != yaml.ScalarNode && n.Kind != yaml.AliasNode {
		return At(start)
	}
	text := f.lineCopy(n.Line)
	var b int
	if len(text) <= longLine {
		b = byteOffset(text, n.Column-1)
	} else { // the long lines' index finds the byte of a column quickly
		text, b = f.Line(n.Line), f.byteOffset(n.Line, n.Column-1)
	}
	if b < 0 {
		return At(start)
	}
	rest := text[b:]
	var width int
	switch {
	case n.Kind == yaml.AliasNode:
		width = 1 + utf8.RuneCountInString(n.Value)
	case n.Style&yaml.DoubleQuotedStyle != 0:
		width = quotedWidth(rest, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		width = quotedWidth(rest, '\'')
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		width = utf8.RuneCountInString(strings.Fields(rest + " x")[0]) // the | or > indicator
	case !strings.Contains(n.Value, "\n") && strings.HasPrefix(rest, n.Value):
		width = utf8.RuneCountInString(n.Value)
	default:
		width = plainWidth(rest)
	}
	if width < 1 {
		width = 1
	}
	return Range{Start: start, End: Pos{n.Line, n.Column + width}}
}

// byteOffset is the byte offset of the runes-th rune of s, or -1.
func byteOffset(s string, runes int) int {
	for i := range s {
		if runes == 0 {
			return i
		}
		runes--
	}
	if runes == 0 {
		return len(s)
	}
	return -1
}

// quotedWidth measures a quoted scalar from its opening quote to its
// closing one, or to the end of the line when it goes on.
func quotedWidth(s string, quote byte) int {
	for i := 1; i < len(s); i++ {
		switch {
		case quote == '"' && s[i] == '\\':
			i++
		case s[i] == quote && quote == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == quote:
			return utf8.RuneCountInString(s[:i+1])
		}
	}
	return utf8.RuneCountInString(s)
}

// plainWidth measures a plain scalar up to a comment or the end of line.
func plainWidth(s string) int {
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return utf8.RuneCountInString(strings.TrimRight(s, " \t"))
}
