package spec

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestVariables(t *testing.T) {
	t.Parallel()
	vars := Vars{"TAG": "1.4.2", "REPLICAS": "3", "WEB": "true", "EMPTY": "", "BUCKET": "gs://acme"}
	for _, tc := range []struct {
		name, yaml string
		want       any // the value of key v
		unknown    bool
	}{
		{"whole value", `v: ${TAG}`, "1.4.2", false},
		{"inside text", `v: us-docker.pkg.dev/acme/bert:${TAG}`, "us-docker.pkg.dev/acme/bert:1.4.2", false},
		{"two", `v: ${BUCKET}/runs/${TAG}`, "gs://acme/runs/1.4.2", false},
		{"a number once resolved", `v: ${REPLICAS}`, json.Number("3"), false},
		{"a boolean once resolved", `v: ${WEB}`, true, false},
		{"quoted stays a string", `v: "${REPLICAS}"`, "3", false},
		{"empty value", `v: x${EMPTY}y`, "xy", false},
		{"default unused", `v: ${TAG:-latest}`, "1.4.2", false},
		{"default used", `v: ${NOPE:-latest}`, "latest", false},
		{"empty default", `v: a${NOPE:-}b`, "ab", false},
		{"undefined", `v: bert:${NOPE}`, "bert:${NOPE}", true},
		{"undefined number", `v: ${NOPE}`, "${NOPE}", true},
		{"escaped", `v: $${TAG}`, "${TAG}", false},
		{"escaped and not", `v: $${TAG}-${TAG}`, "${TAG}-1.4.2", false},
		{"Vertex AI's own", `v: $(AIP_MODEL_DIR)/x`, "$(AIP_MODEL_DIR)/x", false},
		{"not a name", `v: ${1X}`, "${1X}", false},
		{"unclosed", `v: ${TAG`, "${TAG", false},
		{"in a list", "v: [a, '${TAG}']", []any{"a", "1.4.2"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := ParseVars("x.yaml", []byte(tc.yaml), vars)
			if len(f.Errors) > 0 {
				t.Fatal(f.Errors[0].Msg)
			}
			doc := f.Docs[0]
			got := doc.Value.(map[string]any)["v"]
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
			if doc.IsUnknown("/v") != tc.unknown || doc.HasUnknownUnder("") != tc.unknown {
				t.Errorf("unknown: %v, want %v", doc.IsUnknown("/v"), tc.unknown)
			}
		})
	}
}

func TestVariableReferences(t *testing.T) {
	t.Parallel()
	f := ParseVars("x.yaml", []byte("spec:\n  a: ${A}\n  list:\n  - x: ${B:-b} ${C}\n"), Vars{"A": "1"})
	doc := f.Docs[0]
	var got []string
	for _, r := range doc.Vars {
		got = append(got, r.Name+" "+r.Path+" "+r.Range.Start.String()+map[bool]string{true: " known", false: " unknown"}[r.Resolved])
	}
	want := []string{"A /spec/a 2:6 known", "B /spec/list/0/x 4:8 known", "C /spec/list/0/x 4:8 unknown"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if u := doc.Unresolved(); len(u) != 1 || u[0].Name != "C" {
		t.Errorf("unresolved %v", u)
	}
	if !doc.IsUnknown("/spec/list/0/x") || doc.IsUnknown("/spec/a") || !doc.HasUnknownUnder("/spec/list") || doc.HasUnknownUnder("/spec/a") {
		t.Error("unknown pointers are wrong")
	}
}
