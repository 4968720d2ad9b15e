package importer

import (
	"strconv"

	"go.yaml.in/yaml/v3"
)

// The output is built as yaml.Node trees, not Go values, so that what the
// input said (comments, block scalars, flow style, quoting) travels with the
// nodes it belongs to.

func newMapping() *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
}

func newSequence(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
}

// newString is a string scalar. The encoder quotes it only where YAML would
// read the plain text as something else ("true", "1"), and ${VAR} stays
// plain.
func newString(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func newBool(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

// newInteger is an integer scalar written as given: a decimal number, or a
// ${VAR} placeholder, which stays a plain scalar so that vxjob reads it as
// a number once the variable is resolved.
func newInteger(s string) *yaml.Node {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: s}
	}
	return newString(s)
}

func newStrings(list []string) *yaml.Node {
	seq := newSequence()
	for _, s := range list {
		seq.Content = append(seq.Content, newString(s))
	}
	return seq
}

// resolve follows aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// lookup returns the key and value nodes of key in mapping m, or nils.
func lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := len(m.Content) - 2; i >= 0; i -= 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func get(m *yaml.Node, key string) *yaml.Node {
	_, v := lookup(m, key)
	return v
}

// set gives key the value v in mapping m, in place of an earlier value (so
// the key keeps its position and comments) or appended.
func set(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v.HeadComment = firstNonEmpty(v.HeadComment, m.Content[i+1].HeadComment)
			v.LineComment = firstNonEmpty(v.LineComment, m.Content[i+1].LineComment)
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, newString(key), v)
}

// setPath sets the value at the path of keys under m, making the mappings
// on the way.
func setPath(m *yaml.Node, v *yaml.Node, keys ...string) {
	for _, k := range keys[:len(keys)-1] {
		next := resolve(get(m, k))
		if next == nil || next.Kind != yaml.MappingNode {
			next = newMapping()
			set(m, k, next)
		}
		m = next
	}
	set(m, keys[len(keys)-1], v)
}

// plainStyle turns a tree decoded from JSON into YAML's block style with
// plain scalars; tags keep strings strings, so the encoder quotes only
// where it must.
func plainStyle(n *yaml.Node) {
	if n == nil {
		return
	}
	n.Style = 0
	for _, c := range n.Content {
		plainStyle(c)
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
