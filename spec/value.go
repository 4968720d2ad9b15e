package spec

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// maxAliasNodes bounds how many nodes aliases may add to one document. A
// real job file has a few hundred nodes; a "billion laughs" file has
// billions once its aliases are expanded.
const maxAliasNodes = 10000

// maxAliasBytes bounds the text (scalars and keys) aliases may add to one
// document, for a few aliases of one long string stand for gigabytes
// without adding many nodes, and every copy of the document (its JSON, the
// spec hash, plan's diff) pays for all of them. A shared container spec
// adds a few KB; 4 MiB, a quarter of the largest file vxjob reads, is far
// above that and still cheap to copy.
const maxAliasBytes = 4 << 20

// converter turns a YAML node tree into the value encoding/json would have
// decoded from the same document in JSON: map[string]any, []any, string,
// bool, nil and json.Number (so integers keep every digit). Aliases and
// merge keys (<<) are expanded.
type converter struct {
	doc      *Document
	vars     Vars
	path     []string // of the value being converted
	errs     []*Error
	alias    *yaml.Node // the outermost alias being expanded, if any
	expanded int        // nodes added by aliases so far
	bytes    int        // text added by aliases so far
	tooLarge bool
}

func (c *converter) value(n *yaml.Node) any {
	if c.tooLarge {
		return nil // the document is cut short; expanding more only costs
	}
	if c.alias != nil {
		c.expanded++
		if n.Kind == yaml.ScalarNode {
			c.bytes += len(n.Value)
		}
		if c.expanded > maxAliasNodes || c.bytes > maxAliasBytes {
			c.aliasLimit()
			return nil
		}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.value(n.Content[0])
	case yaml.AliasNode:
		c.doc.Aliased = true
		if n.Alias == nil {
			return nil
		}
		if c.alias == nil {
			c.alias = n
			defer func() { c.alias = nil }()
		}
		return c.value(n.Alias)
	case yaml.MappingNode:
		return c.mapping(n)
	case yaml.SequenceNode:
		list := make([]any, len(n.Content))
		for i, item := range n.Content {
			c.path = append(c.path, strconv.Itoa(i))
			list[i] = c.value(item)
			c.path = c.path[:len(c.path)-1]
		}
		return list
	case yaml.ScalarNode:
		return c.scalar(n)
	}
	return nil
}

func (c *converter) aliasLimit() {
	if c.tooLarge {
		return
	}
	c.tooLarge = true
	msg := fmt.Sprintf("aliases expand this document to more than %d values", maxAliasNodes)
	if c.bytes > maxAliasBytes {
		msg = fmt.Sprintf("aliases expand this document by more than %d MiB of text", maxAliasBytes>>20)
	}
	c.errs = append(c.errs, &Error{
		Kind:   AliasExpansion,
		Range:  c.doc.File.Range(c.alias),
		Msg:    msg,
		Detail: "Aliases (*name) that refer to other aliases, or to long text, multiply; write the repeated parts out, or share fewer levels.",
	})
}

// mapping applies YAML's merge-key rule: keys written in the mapping win
// over merged ones, and of several merged mappings the earlier wins.
func (c *converter) mapping(n *yaml.Node) map[string]any {
	m := make(map[string]any, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMergeKey(k) {
			merges = append(merges, v)
			continue
		}
		key, ok := c.key(k)
		if !ok {
			continue
		}
		c.path = append(c.path, key)
		m[key] = c.value(v)
		c.path = c.path[:len(c.path)-1]
	}
	for _, v := range merges {
		sources, ok := mergeSources(v)
		if !ok {
			c.errs = append(c.errs, &Error{
				Kind:  UnsupportedValue,
				Range: c.doc.File.Range(v),
				Msg:   "the value of a merge key (<<) must be a mapping or a list of mappings",
			})
			continue
		}
		for _, src := range sources {
			merged, _ := c.value(src).(map[string]any)
			for k, val := range merged {
				if _, set := m[k]; !set {
					m[k] = val
				}
			}
		}
	}
	return m
}

// countAliasKey counts the text an alias used as a key (*k : v) adds, and
// reports whether that passes the limit.
func (c *converter) countAliasKey(k, r *yaml.Node) bool {
	if c.alias == nil {
		c.alias = k
		defer func() { c.alias = nil }()
	}
	c.expanded++
	c.bytes += len(r.Value)
	if c.expanded > maxAliasNodes || c.bytes > maxAliasBytes {
		c.aliasLimit()
		return true
	}
	return false
}

// mergeSources lists the mappings a merge key's value refers to.
func mergeSources(v *yaml.Node) ([]*yaml.Node, bool) {
	switch r := resolveAlias(v); r.Kind {
	case yaml.MappingNode:
		return []*yaml.Node{v}, true
	case yaml.SequenceNode:
		for _, item := range r.Content {
			if resolveAlias(item).Kind != yaml.MappingNode {
				return nil, false
			}
		}
		return r.Content, true
	}
	return nil, false
}

func (c *converter) key(k *yaml.Node) (string, bool) {
	r := resolveAlias(k)
	if r != k && c.countAliasKey(k, r) {
		return "", false
	}
	if r.Kind != yaml.ScalarNode {
		c.errs = append(c.errs, &Error{
			Kind:  UnsupportedValue,
			Range: c.doc.File.Range(k),
			Msg:   "a mapping key must be a plain value, not a list or mapping",
		})
		return "", false
	}
	return r.Value, true
}

func (c *converter) scalar(n *yaml.Node) any {
	switch tag := n.ShortTag(); tag {
	case "!!str":
		text, changed, known := c.expand(n)
		switch {
		case !known:
			c.doc.unknown = append(c.doc.unknown, unknownValue{Pointer(c.path), isOneRef(n.Value)})
		case changed && n.Style == 0:
			// A plain value is what its text says once the variables are
			// in: replicaCount: ${REPLICAS} is a number when REPLICAS is.
			// (Text is not expanded again: $${X} gave a literal ${X}.)
			if r := (&yaml.Node{Kind: yaml.ScalarNode, Value: text, Line: n.Line, Column: n.Column}); r.ShortTag() != "!!str" {
				return c.scalar(r)
			}
		}
		return text
	case "!!timestamp", "!!binary":
		// Timestamps stay as written: proto JSON wants RFC 3339 text.
		return n.Value
	case "!!null":
		return nil
	case "!!bool":
		switch n.Value {
		case "true", "True", "TRUE":
			return true
		case "false", "False", "FALSE":
			return false
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			c.unsupported(n, fmt.Sprintf("%q is not a boolean", n.Value))
			return n.Value
		}
		return b
	case "!!int", "!!float":
		return c.number(n)
	default:
		c.unsupported(n, fmt.Sprintf("unsupported tag %s", tag))
		return n.Value
	}
}

// number keeps a JSON-compatible literal as written and converts the
// other YAML spellings (0x1F, 1_000, .inf) through the YAML library,
// reporting those a reader may take for something else.
func (c *converter) number(n *yaml.Node) any {
	if isJSONNumber(n.Value) {
		return json.Number(n.Value)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		c.unsupported(n, fmt.Sprintf("%q is not a number vxjob can read", n.Value))
		return n.Value
	}
	c.checkAmbiguousNumber(n, v)
	switch v := v.(type) {
	case int:
		return json.Number(strconv.Itoa(v))
	case int64:
		return json.Number(strconv.FormatInt(v, 10))
	case uint64:
		return json.Number(strconv.FormatUint(v, 10))
	case float64:
		// proto JSON spells the special values as strings.
		switch {
		case math.IsNaN(v):
			return "NaN"
		case math.IsInf(v, 1):
			return "Infinity"
		case math.IsInf(v, -1):
			return "-Infinity"
		}
		return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
	}
	c.unsupported(n, fmt.Sprintf("%q is not a number vxjob can read", n.Value))
	return n.Value
}

func (c *converter) unsupported(n *yaml.Node, msg string) {
	c.errs = append(c.errs, &Error{Kind: UnsupportedValue, Range: c.doc.File.Range(n), Msg: msg})
}

// isJSONNumber reports whether s is a number literal in JSON's grammar.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i == len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i == len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return i == len(s)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}
