package lint

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestRelatedLocations: a duplicate document names the first one as a
// related location, in SARIF (relatedLocations) and in JSON (related).
func TestRelatedLocations(t *testing.T) {
	t.Parallel()
	res := lintCase(t, filepath.Join("testdata", "rules", "duplicate-document"))

	var sarifOut bytes.Buffer
	if err := Write(&sarifOut, FormatSARIF, res, OutputOptions{Tool: testTool}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, sarifOut.Bytes())
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID           string `json:"ruleId"`
				RelatedLocations []struct {
					ID               int `json:"id"`
					Message          struct{ Text string }
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				} `json:"relatedLocations"`
			}
		}
	}
	if err := json.Unmarshal(sarifOut.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	related := map[string]int{} // the first place, by URI and line
	for _, r := range log.Runs[0].Results {
		if r.RuleID != "VX312" {
			continue
		}
		if len(r.RelatedLocations) != 1 || r.RelatedLocations[0].ID != 1 || r.RelatedLocations[0].Message.Text != "first written here" {
			t.Fatalf("VX312 result: %+v", r)
		}
		loc := r.RelatedLocations[0].PhysicalLocation
		related[loc.ArtifactLocation.URI] = loc.Region.StartLine
	}
	if related["testdata/rules/duplicate-document/a.yaml"] != 5 && related["testdata/rules/duplicate-document/a.yaml"] != 15 {
		t.Errorf("related locations: %v", related)
	}

	var jsonOut bytes.Buffer
	if err := Write(&jsonOut, FormatJSON, res, OutputOptions{Tool: testTool}); err != nil {
		t.Fatal(err)
	}
	var report struct {
		Diagnostics []struct {
			Rule    string
			Related []struct {
				File  string
				Start struct{ Line int }
			}
		}
	}
	if err := json.Unmarshal(jsonOut.Bytes(), &report); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range report.Diagnostics {
		if d.Rule == "VX312" {
			n++
			if len(d.Related) != 1 || d.Related[0].File != "testdata/rules/duplicate-document/a.yaml" || d.Related[0].Start.Line == 0 {
				t.Errorf("json related: %+v", d.Related)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d VX312 findings in json, want 2", n)
	}
}
