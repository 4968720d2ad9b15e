package schemas

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Accepts reports whether v is certainly valid against the schema of kind.
//
// It is a fast path in front of jsonschema/v6, which remains the judge.
// It reads the schema's JSON itself, understands only the keywords the
// generated schemas use, allocates nothing while it checks, and answers
// false whenever it is not sure; the caller then asks the library, which
// also explains what is wrong. Most documents are valid, and the library
// takes several times longer to say so, besides the milliseconds it needs
// to compile a schema, which a run where every document is valid (the
// pre-commit case) then never spends. A fuzz test (lint.FuzzLint) checks
// that Accepts never accepts what the library rejects.
func Accepts(kind string, v any) bool {
	c, ok := sketches[kind]
	if !ok {
		return false
	}
	c.once.Do(func() {
		data, _ := JSON(kind)
		c.root = newSketch(data)
	})
	return c.root != nil && c.root.accepts(v)
}

var sketches = map[string]*struct {
	once sync.Once
	root *sketch
}{KindCustomJob: {}, KindPersistentResource: {}, ConfigName: {}}

// sketch is a schema as Accepts reads it: the draft-07 keywords the
// generated schemas use, and nothing else.
type sketch struct {
	types      []string
	constant   *string
	enum       []string
	format     func(any) error
	properties map[string]*sketch
	closed     bool    // additionalProperties: false
	additional *sketch // additionalProperties: {schema}
	required   []string
	excludes   map[string][]string // dependencies: {a: {not: {anyOf: [{required: [b]}]}}}
	items      *sketch
	pattern    *regexp.Regexp
	minLength  int
	maxLength  int // -1: none
	minItems   int
	minProps   int
	maxProps   int  // -1: none
	never      bool // the schema false
}

// newSketch reads a schema document, or returns nil when it uses anything
// the sketch does not understand; Accepts then always defers.
func newSketch(data []byte) *sketch {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil
	}
	defs, _ := doc["definitions"].(map[string]any)
	b := &sketchBuilder{defs: defs, byRef: map[string]*sketch{}}
	s, err := b.build(doc)
	if err != nil {
		return nil
	}
	return s
}

type sketchBuilder struct {
	defs  map[string]any
	byRef map[string]*sketch
}

// understood lists the keywords the sketch reads; annotations are ignored.
var understood = map[string]bool{
	"$schema": true, "$id": true, "title": true, "description": true, "definitions": true,
	"$ref": true, "type": true, "const": true, "enum": true, "format": true,
	"properties": true, "additionalProperties": true, "required": true, "dependencies": true,
	"items": true, "pattern": true, "minLength": true, "maxLength": true, "minItems": true,
	"minProperties": true, "maxProperties": true, "contentEncoding": true,
}

func (b *sketchBuilder) build(v any) (*sketch, error) {
	if flag, ok := v.(bool); ok {
		return &sketch{never: !flag, maxLength: -1, maxProps: -1}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema is %T", v)
	}
	if ref, ok := m["$ref"].(string); ok {
		return b.ref(ref) // draft 7: $ref replaces the rest of its schema
	}
	s := &sketch{maxLength: -1, maxProps: -1}
	for key, val := range m {
		if !understood[key] {
			return nil, fmt.Errorf("keyword %s", key)
		}
		var err error
		switch key {
		case "type":
			s.types, err = stringList(val)
		case "const":
			c, ok := val.(string)
			if !ok {
				return nil, fmt.Errorf("const %v", val)
			}
			s.constant = &c
		case "enum":
			s.enum, err = stringList(val)
		case "format":
			s.format, err = formatFunc(val)
		case "properties":
			s.properties = map[string]*sketch{}
			props, _ := val.(map[string]any)
			for name, p := range props {
				if s.properties[name], err = b.build(p); err != nil {
					break
				}
			}
		case "additionalProperties":
			if flag, ok := val.(bool); ok {
				s.closed = !flag
			} else {
				s.additional, err = b.build(val)
			}
		case "required":
			s.required, err = stringList(val)
		case "dependencies":
			s.excludes, err = oneofExclusions(val)
		case "items":
			s.items, err = b.build(val)
		case "pattern":
			p, _ := val.(string)
			s.pattern, err = regexp.Compile(p)
		case "minLength":
			s.minLength, err = whole(val)
		case "maxLength":
			s.maxLength, err = whole(val)
		case "minItems":
			s.minItems, err = whole(val)
		case "minProperties":
			s.minProps, err = whole(val)
		case "maxProperties":
			s.maxProps, err = whole(val)
		}
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ref resolves "#/definitions/NAME", building each definition once.
func (b *sketchBuilder) ref(ref string) (*sketch, error) {
	if s, ok := b.byRef[ref]; ok {
		return s, nil
	}
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	def, found := b.defs[name]
	if !ok || !found {
		return nil, fmt.Errorf("$ref %s", ref)
	}
	s := &sketch{}
	b.byRef[ref] = s // before building, so recursive definitions terminate
	built, err := b.build(def)
	if err != nil {
		return nil, err
	}
	*s = *built
	return s, nil
}

// oneofExclusions reads the only dependencies the generator writes: a
// member of a oneof excludes the later ones.
func oneofExclusions(v any) (map[string][]string, error) {
	deps, _ := v.(map[string]any)
	out := map[string][]string{}
	for member, d := range deps {
		dm, _ := d.(map[string]any)
		not, _ := dm["not"].(map[string]any)
		alts, _ := not["anyOf"].([]any)
		if len(dm) != 1 || len(not) != 1 || len(alts) == 0 {
			return nil, fmt.Errorf("dependencies of %s", member)
		}
		for _, alt := range alts {
			am, _ := alt.(map[string]any)
			names, err := stringList(am["required"])
			if len(am) != 1 || err != nil {
				return nil, fmt.Errorf("dependencies of %s", member)
			}
			out[member] = append(out[member], names...)
		}
	}
	return out, nil
}

func formatFunc(v any) (func(any) error, error) {
	name, _ := v.(string)
	if name == "date-time" {
		return validateDateTime, nil
	}
	for _, f := range formats {
		if f.Name == name {
			return f.Validate, nil
		}
	}
	return nil, fmt.Errorf("format %v", v)
}

// validateDateTime accepts RFC 3339 date-times with an upper-case T and
// Z, which the library accepts too; anything else is left to it.
func validateDateTime(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	if strings.ContainsAny(s, "tz ") {
		return fmt.Errorf("not checked by the fast path")
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err
}

func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("%v is not a string", x)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("%v is not a list of strings", v)
}

func whole(v any) (int, error) {
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) {
		return 0, fmt.Errorf("%v is not a whole number", v)
	}
	return int(f), nil
}

func (s *sketch) accepts(v any) bool {
	if s.never {
		return false
	}
	if s.types != nil && !typeOK(s.types, v) {
		return false
	}
	if s.constant != nil {
		if str, ok := v.(string); !ok || str != *s.constant {
			return false
		}
	}
	if s.enum != nil {
		if str, ok := v.(string); !ok || !slices.Contains(s.enum, str) {
			return false
		}
	}
	if s.format != nil && s.format(v) != nil {
		return false
	}
	switch v := v.(type) {
	case map[string]any:
		return s.objectOK(v)
	case []any:
		return s.arrayOK(v)
	case string:
		return s.stringOK(v)
	}
	return true
}

func (s *sketch) objectOK(obj map[string]any) bool {
	if len(obj) < s.minProps || (s.maxProps >= 0 && len(obj) > s.maxProps) {
		return false
	}
	for _, name := range s.required {
		if _, ok := obj[name]; !ok {
			return false
		}
	}
	for key, val := range obj {
		switch p, ok := s.properties[key]; {
		case ok:
			if !p.accepts(val) {
				return false
			}
		case s.closed:
			return false
		case s.additional != nil:
			if !s.additional.accepts(val) {
				return false
			}
		}
	}
	for member, excluded := range s.excludes {
		if _, set := obj[member]; !set {
			continue
		}
		for _, other := range excluded {
			if _, set := obj[other]; set {
				return false
			}
		}
	}
	return true
}

func (s *sketch) arrayOK(arr []any) bool {
	if len(arr) < s.minItems {
		return false
	}
	if s.items != nil {
		for _, item := range arr {
			if !s.items.accepts(item) {
				return false
			}
		}
	}
	return true
}

func (s *sketch) stringOK(str string) bool {
	if s.minLength > 0 || s.maxLength >= 0 {
		n := utf8.RuneCountInString(str)
		if n < s.minLength || (s.maxLength >= 0 && n > s.maxLength) {
			return false
		}
	}
	return s.pattern == nil || s.pattern.MatchString(str)
}

func typeOK(types []string, v any) bool {
	for _, t := range types {
		switch t {
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "null":
			if v == nil {
				return true
			}
		case "number":
			if _, ok := v.(json.Number); ok {
				return true
			}
		case "integer":
			if n, ok := v.(json.Number); ok && isWhole(n) {
				return true
			}
		}
	}
	return false
}

// isWhole is true for integers written without a fraction or exponent;
// anything else is left to the library.
func isWhole(n json.Number) bool {
	if strings.ContainsAny(string(n), ".eE") {
		return false
	}
	_, err := strconv.ParseInt(string(n), 10, 64)
	return err == nil
}
