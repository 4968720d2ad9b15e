package lint

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"

	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
)

// checkDocument runs the schema tier on one document: the envelope, then
// the JSON Schema of its kind. (That a document the schema accepts also
// converts to the API message is a property the fuzz test checks, not a
// cost every run pays.)
func checkDocument(doc *spec.Document) []*Diagnostic {
	c := &schemaCheck{doc: doc}
	kindName := c.envelope()
	if kindName == "" || schemas.Accepts(kindName, doc.Value) {
		return c.diags
	}
	root, err := schemas.Compiled(kindName)
	if err != nil {
		// The schemas are embedded and tested; failing here is a bug.
		panic(err)
	}
	c.root = root
	var verr *jsonschema.ValidationError
	if err := root.Validate(doc.Value); errors.As(err, &verr) {
		for _, leaf := range leaves(verr, nil) {
			c.explain(leaf)
		}
	} else if err != nil {
		c.report(ruleInvalidValue, nil, spec.At(c.doc.Pos()), err.Error())
	}
	return c.diags
}

// leaves collects the errors that say something themselves; the others
// only group their causes.
func leaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return append(out, e)
	}
	for _, c := range e.Causes {
		out = leaves(c, out)
	}
	return out
}

// schemaCheck is what the schema tier knows about one document while it
// turns validation errors into diagnostics. The rule_*.go files of the
// schema tier report through it.
type schemaCheck struct {
	doc   *spec.Document
	root  *jsonschema.Schema
	diags []*Diagnostic
}

func (c *schemaCheck) explain(e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	if len(loc) == 1 && (loc[0] == "apiVersion" || loc[0] == "kind") {
		return // the envelope check has said it better
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		c.unknownFields(loc, k.Properties)
	case *kind.Required:
		c.missingFields(loc, k.Missing)
	case *kind.Type:
		c.wrongType(loc, k)
	case *kind.FalseSchema:
		c.outputOnlyField(loc)
	case *kind.Not:
		c.oneofConflict(loc, e.SchemaURL)
	default:
		c.invalidValue(loc, e)
	}
}

// report adds a diagnostic of rule at r for the field at loc; the caller
// may fill in Detail and Suggestion.
func (c *schemaCheck) report(rule *Rule, loc []string, r spec.Range, summary string) *Diagnostic {
	d := &Diagnostic{
		Rule:     rule,
		Severity: rule.Severity,
		File:     c.doc.File.Name,
		Document: c.doc.Index,
		Range:    r,
		Path:     pointer(loc),
		Summary:  summary,
	}
	c.diags = append(c.diags, d)
	return d
}

// keyRange and valueRange place a finding about the field at loc; see
// spec.Document.KeyRange and ValueRange.
func (c *schemaCheck) keyRange(loc []string) spec.Range   { return c.doc.KeyRange(loc) }
func (c *schemaCheck) valueRange(loc []string) spec.Range { return c.doc.ValueRange(loc) }

// node returns the YAML value node at loc, or nil.
func (c *schemaCheck) node(loc []string) *yaml.Node {
	_, value, _ := c.doc.Lookup(loc)
	return value
}

// schemaAt finds the schema that applies at loc. The generated schemas
// have no conditionals, so the path alone decides it.
func (c *schemaCheck) schemaAt(loc []string) *jsonschema.Schema {
	s := deref(c.root)
	for _, tok := range loc {
		if s == nil {
			return nil
		}
		if p, ok := s.Properties[tok]; ok {
			s = deref(p)
			continue
		}
		if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
			s = deref(ap)
			continue
		}
		if items, ok := s.Items.(*jsonschema.Schema); ok {
			s = deref(items)
			continue
		}
		return nil
	}
	return s
}

func deref(s *jsonschema.Schema) *jsonschema.Schema {
	for s != nil && s.Ref != nil {
		s = s.Ref
	}
	return s
}

// valueAt returns the document's JSON value at loc.
func (c *schemaCheck) valueAt(loc []string) any {
	v := c.doc.Value
	for _, tok := range loc {
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// fieldName names the field at loc for a message: its key, with the
// indexes of list items after it ("args[2]").
func fieldName(loc []string) string {
	i := len(loc)
	for i > 0 && isIndex(loc[i-1]) {
		i--
	}
	name := "document"
	if i > 0 {
		name = loc[i-1]
	}
	for _, idx := range loc[i:] {
		name += "[" + idx + "]"
	}
	return name
}

func isIndex(tok string) bool {
	_, err := strconv.Atoi(tok)
	return err == nil
}

// pointer writes loc as a JSON pointer.
func pointer(loc []string) string { return spec.Pointer(loc) }

// typeName says what a schema "type" is called in YAML terms.
func typeName(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "string":
		return "a string"
	case "integer":
		return "an integer"
	case "number":
		return "a number"
	case "boolean":
		return "true or false"
	case "null":
		return "empty"
	}
	return t
}

// wantName says what a list of acceptable types is called. Proto JSON
// takes integers and floats as strings too, but people write numbers, so
// the message asks for what they would write.
func wantName(types []string) string {
	for _, t := range types {
		if t == "integer" || t == "number" {
			return typeName(t)
		}
	}
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = typeName(t)
	}
	return strings.Join(names, " or ")
}

// listNames shows a short list in full and a long one by its start.
func listNames(names []string) string {
	const most = 30
	if len(names) > most {
		return strings.Join(names[:most], ", ") + fmt.Sprintf(", and %d more", len(names)-most)
	}
	return strings.Join(names, ", ")
}
