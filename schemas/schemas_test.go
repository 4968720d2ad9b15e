package schemas

import (
	"encoding/json"
	"testing"
)

func TestEveryKindCompiles(t *testing.T) {
	for _, kind := range append(Kinds(), ConfigName) {
		s, err := Compiled(kind)
		if err != nil || s == nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if again, _ := Compiled(kind); again != s {
			t.Errorf("%s compiled twice", kind)
		}
	}
	if _, err := Compiled("TrainingJob"); err == nil {
		t.Error("an unknown kind compiled")
	}
}

// TestSchemaShape checks the properties of the generated schemas that the
// rest of vxjob relies on.
func TestSchemaShape(t *testing.T) {
	var job struct {
		Properties  map[string]json.RawMessage
		Required    []string
		Definitions map[string]struct {
			AdditionalProperties *bool
			Properties           map[string]json.RawMessage
			Required             []string
		}
	}
	data, _ := JSON(KindCustomJob)
	if err := json.Unmarshal(data, &job); err != nil {
		t.Fatal(err)
	}
	if _, ok := job.Properties["status"]; ok {
		t.Error("a CustomJob document allows status")
	}
	for name, def := range job.Definitions {
		if def.AdditionalProperties == nil || *def.AdditionalProperties {
			t.Errorf("%s allows unknown fields", name)
		}
	}
	cj := job.Definitions["google.cloud.aiplatform.v1.CustomJob"]
	for _, field := range []string{"state", "createTime", "name", "error"} {
		if string(cj.Properties[field]) != "false" {
			t.Errorf("output-only CustomJob.%s is %s, want false", field, cj.Properties[field])
		}
	}
	if len(cj.Required) != 1 || cj.Required[0] != "jobSpec" {
		t.Errorf("CustomJob requires %v; displayName defaults to metadata.name", cj.Required)
	}
	var replica struct {
		Type   []string
		Format string
	}
	if err := json.Unmarshal(job.Definitions["google.cloud.aiplatform.v1.WorkerPoolSpec"].Properties["replicaCount"], &replica); err != nil {
		t.Fatal(err)
	}
	if len(replica.Type) != 2 || replica.Format != "int64" {
		t.Errorf("replicaCount is %+v, want integer or string in format int64", replica)
	}
	if _, ok := job.Definitions["google.cloud.aiplatform.v1.WorkerPoolSpec"].Properties["replica_count"]; ok {
		t.Error("snake_case names are in the schema")
	}

	var pr struct{ Properties map[string]json.RawMessage }
	data, _ = JSON(KindPersistentResource)
	if err := json.Unmarshal(data, &pr); err != nil {
		t.Fatal(err)
	}
	if _, ok := pr.Properties["status"]; !ok {
		t.Error("a PersistentResource document does not allow status")
	}
}

func TestFormats(t *testing.T) {
	valid := map[string][]any{
		"int32":          {json.Number("2147483647"), "-2147483648", json.Number("1.0"), json.Number("1.5")},
		"uint32":         {json.Number("4294967295"), "0"},
		"int64":          {json.Number("9223372036854775807"), "-9223372036854775808", "100"},
		"uint64":         {json.Number("18446744073709551615")},
		"proto-float":    {"NaN", "-Infinity", "1.5e3", json.Number("2")},
		"proto-duration": {"3600s", "1.5s", "-0.000000001s", true},
	}
	invalid := map[string][]any{
		"int32":          {json.Number("2147483648"), "1e3", "ten", " 1"},
		"uint32":         {json.Number("-1"), "4294967296"},
		"int64":          {json.Number("9223372036854775808"), "0x10"},
		"uint64":         {"-1", json.Number("18446744073709551616")},
		"proto-float":    {"one"},
		"proto-duration": {"1h", "3600", "1.0000000001s", "315576000001s"},
	}
	byName := map[string]func(any) error{}
	for _, f := range formats {
		byName[f.Name] = f.Validate
	}
	for name, values := range valid {
		for _, v := range values {
			if err := byName[name](v); err != nil {
				t.Errorf("%s(%#v): %v", name, v, err)
			}
		}
	}
	for name, values := range invalid {
		for _, v := range values {
			if err := byName[name](v); err == nil {
				t.Errorf("%s(%#v) accepted", name, v)
			}
		}
	}
}
