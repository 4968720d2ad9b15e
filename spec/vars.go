package spec

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Vars are the values of the variables that documents may use as
// ${NAME} or ${NAME:-default} inside string values (ARCHITECTURE.md §1): an
// image tag from CI, a bucket per environment. $${NAME} stands for the
// text ${NAME} itself; Vertex AI's own $(NAME) is left alone.
type Vars map[string]string

// VarRef is a use of a variable in a document.
type VarRef struct {
	Name      string
	Default   string // after ":-"
	Defaulted bool   // the reference has a default
	Range     Range  // of the value it is in
	Path      string // JSON pointer of that value
	// Resolved says the value is known: from Vars or from the default.
	Resolved bool
}

// Unresolved lists the references that no source defines.
func (d *Document) Unresolved() []*VarRef {
	var out []*VarRef
	for _, r := range d.Vars {
		if !r.Resolved {
			out = append(out, r)
		}
	}
	return out
}

// unknownValue is a value that uses a variable no source defines.
type unknownValue struct {
	pointer string
	// whole says the value is nothing but the reference (${IMAGE}), so
	// nothing at all is known of it; otherwise the text around the
	// reference is (us-docker.pkg.dev/acme/bert:${TAG}).
	whole bool
}

// IsUnknown reports whether the value at pointer, or one that holds it,
// uses a variable that no source defines, so that what it will be is not
// known.
func (d *Document) IsUnknown(pointer string) bool {
	for _, u := range d.unknown {
		if pointer == u.pointer || strings.HasPrefix(pointer, u.pointer+"/") {
			return true
		}
	}
	return false
}

// IsWhollyUnknown is IsUnknown for values that are nothing but one
// unknown variable: nothing at all can be said of them.
func (d *Document) IsWhollyUnknown(pointer string) bool {
	for _, u := range d.unknown {
		if u.whole && (pointer == u.pointer || strings.HasPrefix(pointer, u.pointer+"/")) {
			return true
		}
	}
	return false
}

// HasUnknown reports whether any value of the document is unknown: when
// none is, a caller need not make pointers to ask about each.
func (d *Document) HasUnknown() bool { return len(d.unknown) > 0 }

// UnknownAt is IsUnknown for v's path, and UnknownUnder HasUnknownUnder:
// they spell the path out only when the document has an unknown value,
// which most have not.
func (d *Document) UnknownAt(v Value) bool {
	return len(d.unknown) > 0 && d.IsUnknown(Pointer(v.Path()))
}

// UnknownUnder: see UnknownAt.
func (d *Document) UnknownUnder(v Value) bool {
	return len(d.unknown) > 0 && d.HasUnknownUnder(Pointer(v.Path()))
}

// HasUnknownUnder reports whether a value at or below pointer is unknown.
func (d *Document) HasUnknownUnder(pointer string) bool {
	for _, u := range d.unknown {
		if pointer == u.pointer || strings.HasPrefix(u.pointer, pointer+"/") {
			return true
		}
	}
	return false
}

// expand replaces the variables of a string scalar. It returns the new
// text, whether the node used any variable (or escape), and whether every
// variable it uses is known.
func (c *converter) expand(n *yaml.Node) (text string, changed, known bool) {
	s := n.Value
	if !strings.Contains(s, "${") {
		return s, false, true
	}
	var b strings.Builder
	known = true
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			// An escaped reference: the text ${...} itself.
			b.WriteString("${")
			i += 3
			changed = true
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i+2:], '}')
			ref, ok := parseRef(s[i+2 : max(i+2, i+2+end)])
			if end < 0 || !ok {
				b.WriteString("${") // not a reference vxjob knows: left as written
				i += 2
				continue
			}
			changed = true
			r := &VarRef{Name: ref.name, Default: ref.def, Defaulted: ref.hasDefault, Range: c.doc.File.Range(n), Path: Pointer(c.path)}
			if v, ok := c.vars[ref.name]; ok {
				b.WriteString(v)
				r.Resolved = true
			} else if ref.hasDefault {
				b.WriteString(ref.def)
				r.Resolved = true
			} else {
				b.WriteString(s[i : i+2+end+1])
				known = false
			}
			c.doc.Vars = append(c.doc.Vars, r)
			i += 2 + end + 1
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), changed, known
}

// isOneRef reports whether s is a single ${...} reference and nothing
// else.
func isOneRef(s string) bool {
	if !strings.HasPrefix(s, "${") || !strings.HasSuffix(s, "}") || strings.Count(s, "${") != 1 {
		return false
	}
	_, ok := parseRef(s[2 : len(s)-1])
	return ok && strings.IndexByte(s, '}') == len(s)-1
}

type varRef struct {
	name, def  string
	hasDefault bool
}

// parseRef reads NAME or NAME:-default, the inside of ${...}.
func parseRef(s string) (varRef, bool) {
	name, def, hasDefault := strings.Cut(s, ":-")
	if !IsVarName(name) {
		return varRef{}, false
	}
	return varRef{name, def, hasDefault}, true
}

// IsVarName reports whether s is a variable name as shells write them:
// letters, digits and _, not starting with a digit.
func IsVarName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}
