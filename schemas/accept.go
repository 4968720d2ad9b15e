package schemas

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Accepts reports whether v is certainly valid against the schema of kind.
// It is a fast path in front of jsonschema/v6, which remains the judge: it
// walks only the keywords the generated schemas use, allocates nothing,
// and answers false whenever it is not sure, after which the caller asks
// the library (which also explains what is wrong). Most documents are
// valid, and the library spends several times longer to say so. A fuzz
// test (lint.FuzzLint) checks that Accepts never accepts what the library
// rejects.
func Accepts(kind string, v any) bool {
	s, err := Compiled(kind)
	c := cache[kind]
	if err != nil || c.fast == nil {
		return false
	}
	return c.fast.accepts(s, v)
}

// acceptor holds the type lists of the schemas, read once (Types gives
// them only as a fresh slice).
type acceptor struct {
	types map[*jsonschema.Schema][]string
}

func (a *acceptor) accepts(s *jsonschema.Schema, v any) bool {
	if s.Bool != nil {
		return *s.Bool
	}
	if s.Ref != nil {
		// Draft 7: $ref replaces the rest of its schema.
		return a.accepts(s.Ref, v)
	}
	if s.Types != nil && !typeOK(a.types[s], v) {
		return false
	}
	if s.Const != nil && !sameScalar(*s.Const, v) {
		return false
	}
	if s.Enum != nil && !inEnum(s.Enum.Values, v) {
		return false
	}
	if s.Format != nil && s.Format.Validate(v) != nil {
		return false
	}
	if s.Not != nil && !notAccepts(s.Not, v) {
		return false
	}
	switch v := v.(type) {
	case map[string]any:
		return a.objectOK(s, v)
	case []any:
		return a.arrayOK(s, v)
	case string:
		return stringOK(s, v)
	}
	return true
}

func (a *acceptor) objectOK(s *jsonschema.Schema, obj map[string]any) bool {
	if (s.MinProperties != nil && len(obj) < *s.MinProperties) || (s.MaxProperties != nil && len(obj) > *s.MaxProperties) {
		return false
	}
	for _, name := range s.Required {
		if _, ok := obj[name]; !ok {
			return false
		}
	}
	for key, val := range obj {
		if p, ok := s.Properties[key]; ok {
			if !a.accepts(p, val) {
				return false
			}
			continue
		}
		switch ap := s.AdditionalProperties.(type) {
		case bool:
			if !ap {
				return false
			}
		case *jsonschema.Schema:
			if !a.accepts(ap, val) {
				return false
			}
		}
	}
	for key, dep := range s.Dependencies {
		if _, present := obj[key]; !present {
			continue
		}
		switch dep := dep.(type) {
		case []string:
			for _, name := range dep {
				if _, ok := obj[name]; !ok {
					return false
				}
			}
		case *jsonschema.Schema:
			if !a.accepts(dep, obj) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func (a *acceptor) arrayOK(s *jsonschema.Schema, arr []any) bool {
	if (s.MinItems != nil && len(arr) < *s.MinItems) || (s.MaxItems != nil && len(arr) > *s.MaxItems) {
		return false
	}
	if items, ok := s.Items.(*jsonschema.Schema); ok {
		for _, item := range arr {
			if !a.accepts(items, item) {
				return false
			}
		}
	}
	return true
}

func stringOK(s *jsonschema.Schema, str string) bool {
	if s.MinLength != nil || s.MaxLength != nil {
		n := utf8.RuneCountInString(str)
		if (s.MinLength != nil && n < *s.MinLength) || (s.MaxLength != nil && n > *s.MaxLength) {
			return false
		}
	}
	return s.Pattern == nil || s.Pattern.MatchString(str)
}

// notAccepts decides "not" for the one form the generated schemas use, a
// oneof: {"not": {"anyOf": [{"required": [b]}, ...]}} holds when none of
// the named fields is present.
func notAccepts(not *jsonschema.Schema, v any) bool {
	obj, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for _, alt := range not.AnyOf {
		for _, name := range alt.Required {
			if _, present := obj[name]; present {
				return false
			}
		}
	}
	return true
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

func sameScalar(want, v any) bool {
	w, ok := want.(string)
	s, ok2 := v.(string)
	return ok && ok2 && w == s
}

func inEnum(values []any, v any) bool {
	for _, w := range values {
		if sameScalar(w, v) {
			return true
		}
	}
	return false
}

// newAcceptor returns an acceptor for root, or nil when some schema
// reachable from it uses a keyword accepts does not understand.
func newAcceptor(root *jsonschema.Schema) *acceptor {
	a := &acceptor{types: map[*jsonschema.Schema][]string{}}
	if !a.fits(root) {
		return nil
	}
	return a
}

// fits reports whether s, and every schema it reaches, uses only the
// keywords accepts understands, and notes their types.
func (a *acceptor) fits(s *jsonschema.Schema) bool {
	if s == nil {
		return true
	}
	if _, seen := a.types[s]; seen {
		return true
	}
	a.types[s] = nil
	if s.Types != nil {
		a.types[s] = s.Types.ToStrings()
	}
	if s.PatternProperties != nil || s.PropertyNames != nil || s.UnevaluatedProperties != nil ||
		s.UnevaluatedItems != nil || s.AdditionalItems != nil || s.PrefixItems != nil || s.Items2020 != nil ||
		s.Contains != nil || s.MinContains != nil || s.MaxContains != nil || s.UniqueItems ||
		s.Maximum != nil || s.Minimum != nil || s.ExclusiveMaximum != nil || s.ExclusiveMinimum != nil || s.MultipleOf != nil ||
		s.AllOf != nil || s.OneOf != nil || s.If != nil || s.Then != nil || s.Else != nil ||
		s.DynamicRef != nil || s.RecursiveRef != nil || s.DependentRequired != nil || s.DependentSchemas != nil ||
		s.Extensions != nil || s.ContentSchema != nil || s.ContentEncoding != nil || s.ContentMediaType != nil {
		return false
	}
	if s.AnyOf != nil {
		return false // only under "not", which is checked below
	}
	if _, ok := s.Items.([]*jsonschema.Schema); ok {
		return false
	}
	if s.Not != nil {
		for _, alt := range s.Not.AnyOf {
			if len(alt.Properties) > 0 || alt.Types != nil || alt.Ref != nil || alt.Not != nil {
				return false
			}
		}
		if s.Not.Types != nil || s.Not.Ref != nil || len(s.Not.Required) > 0 || len(s.Not.Properties) > 0 {
			return false
		}
	}
	children := []*jsonschema.Schema{s.Ref}
	for _, p := range s.Properties {
		children = append(children, p)
	}
	if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
		children = append(children, ap)
	}
	if items, ok := s.Items.(*jsonschema.Schema); ok {
		children = append(children, items)
	}
	for _, dep := range s.Dependencies {
		if d, ok := dep.(*jsonschema.Schema); ok {
			children = append(children, d)
		}
	}
	for _, c := range children {
		if !a.fits(c) {
			return false
		}
	}
	return true
}
