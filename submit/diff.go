package submit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/vxjob/vxjob/internal/secret"
	"github.com/vxjob/vxjob/spec/message"
)

// FieldDiff is one field that a change changes, with its values as JSON
// ("" when the field is absent on that side).
type FieldDiff struct {
	Path     string `json:"path"` // as written in YAML: jobSpec.workerPoolSpecs[0].replicaCount
	Old, New string
}

// MarshalJSON writes absent values as null.
func (d FieldDiff) MarshalJSON() ([]byte, error) {
	raw := func(s string) json.RawMessage {
		if s == "" {
			return json.RawMessage("null")
		}
		return json.RawMessage(s)
	}
	return json.Marshal(struct {
		Path string          `json:"path"`
		Old  json.RawMessage `json:"old"`
		New  json.RawMessage `json:"new"`
	}{d.Path, raw(d.Old), raw(d.New)})
}

// jsonValue is m as a JSON value (maps, slices, json.Number, ...), after
// edit has changed a copy.
func jsonValue(m proto.Message, edit func(proto.Message)) (any, error) {
	raw, err := message.CanonicalJSON(m, edit)
	if err != nil {
		return nil, err
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	err = dec.Decode(&v)
	return v, err
}

// diffValues lists the fields in which old and new differ, in a stable
// order. With onlyNew, fields that new leaves out are not compared: a
// resource's server-side defaults are not differences.
func diffValues(path string, old, new any, onlyNew bool) []FieldDiff {
	om, oIsMap := old.(map[string]any)
	nm, nIsMap := new.(map[string]any)
	if oIsMap && nIsMap {
		keys := make([]string, 0, len(nm))
		for k := range nm {
			keys = append(keys, k)
		}
		if !onlyNew {
			for k := range om {
				if _, ok := nm[k]; !ok {
					keys = append(keys, k)
				}
			}
		}
		slices.Sort(keys)
		var out []FieldDiff
		for _, k := range keys {
			out = append(out, diffValues(join(path, k), om[k], nm[k], onlyNew)...)
		}
		return out
	}
	ol, oIsList := old.([]any)
	nl, nIsList := new.([]any)
	if oIsList && nIsList && len(ol) == len(nl) {
		var out []FieldDiff
		for i := range nl {
			out = append(out, diffValues(fmt.Sprintf("%s[%d]", path, i), ol[i], nl[i], onlyNew)...)
		}
		return out
	}
	o, n := encode(old), encode(new)
	if o == n {
		return nil
	}
	return []FieldDiff{{Path: path, Old: o, New: n}}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// encode is v as compact JSON; "" for nil (absent).
func encode(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// maskSecrets masks, in the values of diffs, every secret that old or new
// holds (secret.Values: what lint's VX215 reports, and more) and every
// credential's shape: a plan goes to CI logs and step summaries. A diff
// holds a part of old or new, whose secret may show only in context (the
// value of HF_TOKEN), so the secrets are found in the whole of each.
func maskSecrets(diffs []FieldDiff, old, new any) {
	secrets := append(secret.Values(old), secret.Values(new)...)
	for i := range diffs {
		diffs[i].Old = maskJSON(diffs[i].Old, secrets)
		diffs[i].New = maskJSON(diffs[i].New, secrets)
	}
}

// maskJSON masks the secrets in the strings of a JSON value.
func maskJSON(raw string, secrets []string) string {
	if raw == "" {
		return raw
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return secret.Mask(raw, secrets) // not JSON: mask the text as it is
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case string:
			return secret.Mask(v, secrets)
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
		case map[string]any:
			for k := range v {
				v[k] = walk(v[k])
			}
		}
		return v
	}
	return encode(walk(v))
}
