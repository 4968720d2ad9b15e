package importer

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

const (
	kindJob      = "CustomJob"
	kindResource = "PersistentResource"
)

// document is one vxjob document in the making.
type document struct {
	kind string
	// id is a persistent resource's ID, when the input gives it: it is the
	// document's name, as jobs refer to it.
	id                string
	name              string // metadata.name, set when the import is done
	project, location string
	spec              *yaml.Node // the REST body, a mapping
	source            string     // where it came from, for the heading
	at                Pos        // where it starts in the input
	head              string     // the input's comment above the document
}

func (d *document) displayName() string {
	if v := resolve(get(d.spec, "displayName")); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// encode writes the document as ARCHITECTURE.md §1 has it: the envelope, then
// the spec, two-space indents, lists not indented under their key.
func (d *document) encode() ([]byte, error) {
	meta := newMapping()
	set(meta, "name", newString(d.name))
	if d.project != "" {
		set(meta, "project", newString(d.project))
	}
	if d.location != "" {
		set(meta, "location", newString(d.location))
	}
	root := newMapping()
	set(root, "apiVersion", newString("vxjob/v1"))
	// On the first key rather than the document, so that no blank line
	// parts the comment from what it is about.
	root.Content[0].HeadComment = d.heading()
	set(root, "kind", newString(d.kind))
	set(root, "metadata", meta)
	set(root, "spec", d.spec)
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	settleComments(doc)

	text, err := encodeNode(doc)
	if err != nil {
		return nil, err
	}
	var check yaml.Node
	if yaml.Unmarshal(text, &check) != nil {
		// The YAML library places some comments where they break the
		// document; a file without its comments is better than a file
		// that cannot be read.
		dropComments(root)
		root.Content[0].HeadComment = d.heading()
		return encodeNode(doc)
	}
	return text, nil
}

func encodeNode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	enc.CompactSeqIndent()
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// settleComments moves the line comment of a key whose value is an empty
// mapping or list onto the value: the YAML library would write it between
// the key and a {} or [] on the next line, which does not parse.
func settleComments(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.LineComment != "" && (v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode) && len(v.Content) == 0 {
				v.LineComment = joinComments(k.LineComment, v.LineComment)
				k.LineComment = ""
			}
		}
	}
	for _, c := range n.Content {
		settleComments(c)
	}
}

// dropComments removes every comment below n.
func dropComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		dropComments(c)
	}
}

// schemaComment points editors with the YAML language server at vxjob's
// schema, as the examples do.
const schemaComment = "# yaml-language-server: $schema=https://raw.githubusercontent.com/vxjob/vxjob/main/schemas/vxjob.json"

// heading is the comment above the document: the schema, where the
// document came from, and the input's own comment above it.
func (d *document) heading() string {
	// A file name need not be UTF-8, and may hold control characters; a
	// YAML comment may not.
	source := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(d.source, "\uFFFD"))
	h := schemaComment + "\n#\n# Imported from " + source + "."
	if d.head != "" {
		h += "\n#\n" + d.head
	}
	return h
}

var (
	placeholderRE = regexp.MustCompile(`\$\{[^}]*\}`)
	notNameRE     = regexp.MustCompile(`[^a-z0-9]+`)
)

// nameFrom makes a metadata.name of a display name: lowercase, each run of
// other characters a '-', starting with a letter, at most 63 characters.
// Variables are left out, as a name is fixed. It returns "" when nothing
// is left.
func nameFrom(display string) string {
	s := placeholderRE.ReplaceAllString(display, "-")
	s = notNameRE.ReplaceAllString(strings.ToLower(s), "-")
	s = strings.TrimLeft(s, "-0123456789")
	if len(s) > 63 {
		s = s[:63]
	}
	s = strings.TrimRight(s, "-")
	if !nameRE.MatchString(s) {
		return ""
	}
	return s
}
