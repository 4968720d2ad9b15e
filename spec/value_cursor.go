package spec

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Value is a value of a document, with the path to it, so that whatever a
// check finds can be reported where it is written. A Value
// for a field that is not there exists not (Exists is false) but still
// knows its path, and reads as the zero value of every type, so rules can
// follow a path without checking each step.
type Value struct {
	path *step
	v    any
	ok   bool
}

// step is one step of a Value's path. Steps are shared by the Values
// below them, so following a path allocates one small step per level
// rather than a copy of the whole path; Path spells it out only when a
// finding needs it.
type step struct {
	parent *step
	key    string
	index  int // for a list item; key is "" then
	item   bool
}

// Path is the JSON pointer path of the value, as tokens.
func (v Value) Path() []string {
	n := 0
	for s := v.path; s != nil; s = s.parent {
		n++
	}
	path := make([]string, n)
	for s := v.path; s != nil; s = s.parent {
		n--
		if s.item {
			path[n] = strconv.Itoa(s.index)
		} else {
			path[n] = s.key
		}
	}
	return path
}

// Exists reports whether the field is written in the document (null included).
func (v Value) Exists() bool { return v.ok }

// Get returns field key of a mapping.
func (v Value) Get(key string) Value {
	m, _ := v.v.(map[string]any)
	x, ok := m[key]
	return Value{path: &step{parent: v.path, key: key}, v: x, ok: ok}
}

// At returns item i of a list.
func (v Value) At(i int) Value {
	l, _ := v.v.([]any)
	child := Value{path: &step{parent: v.path, index: i, item: true}}
	if i >= 0 && i < len(l) {
		child.v, child.ok = l[i], true
	}
	return child
}

// Items returns the items of a list (none for anything else).
func (v Value) Items() []Value {
	l, _ := v.v.([]any)
	items := make([]Value, len(l))
	steps := make([]step, len(l)) // one allocation for all the items' paths
	for i := range l {
		steps[i] = step{parent: v.path, index: i, item: true}
		items[i] = Value{path: &steps[i], v: l[i], ok: true}
	}
	return items
}

// Keys returns the keys of a mapping, sorted.
func (v Value) Keys() []string {
	m, _ := v.v.(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Len is the number of items of a list or entries of a mapping.
func (v Value) Len() int {
	switch x := v.v.(type) {
	case []any:
		return len(x)
	case map[string]any:
		return len(x)
	}
	return 0
}

// IsMapping reports whether the value is a mapping.
func (v Value) IsMapping() bool {
	_, ok := v.v.(map[string]any)
	return ok
}

// Str returns a string value, or "".
func (v Value) Str() string {
	s, _ := v.v.(string)
	return s
}

// Int returns an integer written as a number or a decimal string, as proto
// JSON takes them; ok is false when the value is missing or not one.
func (v Value) Int() (n int64, ok bool) {
	var s string
	switch x := v.v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = x
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) || !isJSONNumber(s) {
			return 0, false // past int64, or not a number JSON would write (1_000, 0x10, Inf)
		}
		// 1.0 and 1e2 are integers too.
		f, ferr := strconv.ParseFloat(s, 64)
		// 2^63 and beyond overflow int64, whatever int64(f) gives.
		if ferr != nil || f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
			return 0, false
		}
		return int64(f), true
	}
	return n, true
}

// Bool returns a boolean value, or false.
func (v Value) Bool() bool {
	b, _ := v.v.(bool)
	return b
}

// Root is the document as a Value.
func (d *Document) Root() Value { return Value{v: d.Value, ok: true} }

// Pointer writes a path as a JSON pointer (RFC 6901): "/spec/jobSpec".
func Pointer(path []string) string {
	n := len(path)
	for _, tok := range path {
		n += len(tok)
	}
	var b strings.Builder
	b.Grow(n) // escapes aside, the pointer's length: one allocation
	for _, tok := range path {
		b.WriteByte('/')
		if strings.IndexByte(tok, '~') >= 0 || strings.IndexByte(tok, '/') >= 0 { // ContainsAny builds a set each call
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
		}
		b.WriteString(tok)
	}
	return b.String()
}
