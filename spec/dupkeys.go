package spec

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// checkDuplicateKeys reports every key that repeats an earlier key of the
// same mapping. YAML forbids it, and tools disagree about which value wins,
// so what Vertex AI would get is not what the reader sees.
func checkDuplicateKeys(f *File, root *yaml.Node) []*Error {
	var errs []*Error
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			var seen map[string]*yaml.Node // for large mappings only
			if len(n.Content) > 2*smallMapping {
				seen = make(map[string]*yaml.Node, len(n.Content)/2)
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind == yaml.ScalarNode && !isMergeKey(k) {
					var first *yaml.Node
					if seen != nil {
						id := k.ShortTag() + "\x00" + k.Value
						first = seen[id]
						if first == nil {
							seen[id] = k
						}
					} else {
						first = earlierKey(n, i)
					}
					if first != nil {
						errs = append(errs, &Error{
							Kind:   DuplicateKey,
							Range:  f.Range(k),
							Msg:    fmt.Sprintf("duplicate key %q (first at line %d)", k.Value, first.Line),
							Detail: "YAML forbids repeating a key in one mapping; tools disagree about which value wins. Keep one.",
						})
					}
				}
				walk(n.Content[i+1])
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c)
			}
		}
	}
	walk(root)
	return errs
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge"
}

// smallMapping is the size up to which earlierKey's scan is cheaper than a
// set of keys; mappings in job files have a handful of keys.
const smallMapping = 16

// earlierKey returns the first key before position i of mapping m that
// equals the key at i.
func earlierKey(m *yaml.Node, i int) *yaml.Node {
	k := m.Content[i]
	for j := 0; j < i; j += 2 {
		e := m.Content[j]
		if e.Kind == yaml.ScalarNode && e.Value == k.Value && e.ShortTag() == k.ShortTag() {
			return e
		}
	}
	return nil
}
