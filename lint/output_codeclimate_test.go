package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// codeClimateJob has an error, warnings, a secret, and two findings of one
// rule on lines that read the same.
const codeClimateJob = `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: train}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4, acceleratorType: NVIDIA_TESLA_K80, acceleratorCount: 1}
      replicaCount: 1
      containerSpec:
        imageUri: us-docker.pkg.dev/acme/train/trainer:latest
        env:
        - {name: API_KEY, value: sk-live-1234567890abcdef}
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 2
      containerSpec:
        imageUri: us-docker.pkg.dev/acme/train/trainer:latest
`

// lintInRepo writes src as jobs/train.yaml of a new git repository and
// lints it by its absolute path, which the report makes relative to the
// repository again.
func lintInRepo(t *testing.T, src string) []byte {
	t.Helper()
	repo := t.TempDir()
	file := filepath.Join(repo, "jobs", "train.yaml")
	for _, dir := range []string{filepath.Join(repo, ".git"), filepath.Dir(file)} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, FormatCodeClimate, mustRun(t, []string{file}, Options{}), OutputOptions{Tool: testTool}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCodeClimateOutput(t *testing.T) {
	t.Parallel()
	got := lintInRepo(t, codeClimateJob)
	want := `[
  {
    "description": "accelerator NVIDIA_TESLA_K80 is no longer offered [VX208]",
    "check_name": "deprecated-accelerator",
    "fingerprint": "1978af1bab1836b32f8752faf57095da",
    "severity": "major",
    "location": {
      "path": "jobs/train.yaml",
      "lines": {
        "begin": 7,
        "end": 7
      }
    }
  },
  {
    "description": "image us-docker.pkg.dev/acme/train/trainer:latest uses the tag latest [VX214]",
    "check_name": "unpinned-image",
    "fingerprint": "e6ce8b611835a69b80df0ce8827b22b6",
    "severity": "minor",
    "location": {
      "path": "jobs/train.yaml",
      "lines": {
        "begin": 10,
        "end": 10
      }
    }
  },
  {
    "description": "environment variable API_KEY holds what looks like an OpenAI-style API key (24 characters) [VX215]",
    "check_name": "plaintext-secret",
    "fingerprint": "7934fd379390f04fa6f5632b27290d8c",
    "severity": "minor",
    "location": {
      "path": "jobs/train.yaml",
      "lines": {
        "begin": 12,
        "end": 12
      }
    }
  },
  {
    "description": "image us-docker.pkg.dev/acme/train/trainer:latest uses the tag latest [VX214]",
    "check_name": "unpinned-image",
    "fingerprint": "69636f69d9a9d6824a2590c3b056b684",
    "severity": "minor",
    "location": {
      "path": "jobs/train.yaml",
      "lines": {
        "begin": 16,
        "end": 16
      }
    }
  }
]
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	checkCodeClimateShape(t, got)

	var empty bytes.Buffer
	if err := Write(&empty, FormatCodeClimate, &Result{}, OutputOptions{}); err != nil {
		t.Fatal(err)
	}
	if empty.String() != "[]\n" {
		t.Errorf("no findings: %q, want an empty array", empty.String())
	}
	checkCodeClimateShape(t, empty.Bytes())
}

// TestCodeClimateFingerprints: a finding keeps its fingerprint when lines
// are added above it, so GitLab does not report it as new in a merge
// request that did that; two findings never share one.
func TestCodeClimateFingerprints(t *testing.T) {
	t.Parallel()
	before := decodeCodeClimate(t, lintInRepo(t, codeClimateJob))
	after := decodeCodeClimate(t, lintInRepo(t, "\n"+codeClimateJob))
	if len(before) != 4 || len(after) != len(before) {
		t.Fatalf("%d findings, then %d; want 4 both times", len(before), len(after))
	}
	seen := map[string]bool{}
	for i, b := range before {
		a := after[i]
		if a.Location.Lines.Begin != b.Location.Lines.Begin+1 || a.CheckName != b.CheckName {
			t.Errorf("finding %d: %s at line %d, then %s at line %d", i, b.CheckName, b.Location.Lines.Begin, a.CheckName, a.Location.Lines.Begin)
		}
		if a.Fingerprint != b.Fingerprint {
			t.Errorf("%s at line %d: fingerprint %s became %s with a blank line above", b.CheckName, b.Location.Lines.Begin, b.Fingerprint, a.Fingerprint)
		}
		if seen[b.Fingerprint] {
			t.Errorf("%s at line %d: fingerprint %s is taken", b.CheckName, b.Location.Lines.Begin, b.Fingerprint)
		}
		seen[b.Fingerprint] = true
	}

	// The secret is masked before hashing: another secret of the same
	// length leaves the fingerprint as it was.
	other := decodeCodeClimate(t, lintInRepo(t, strings.Replace(codeClimateJob, "sk-live-1234567890abcdef", "sk-live-fedcba0987654321", 1)))
	if other[2].CheckName != "plaintext-secret" || other[2].Fingerprint != before[2].Fingerprint {
		t.Errorf("the fingerprint of a plaintext secret depends on the secret: %s, then %s", before[2].Fingerprint, other[2].Fingerprint)
	}
}

type codeClimateTestIssue struct {
	CheckName   string `json:"check_name"`
	Fingerprint string
	Location    struct {
		Lines struct{ Begin int }
	}
}

func decodeCodeClimate(t *testing.T, data []byte) []codeClimateTestIssue {
	t.Helper()
	var issues []codeClimateTestIssue
	if err := json.Unmarshal(data, &issues); err != nil {
		t.Fatal(err)
	}
	return issues
}

// checkCodeClimateShape checks a report against the fields GitLab
// documents for a Code Quality report: a JSON array of objects with a
// description, check_name, fingerprint, severity (one of five), and a
// location with a path relative to the repository and lines.begin.
func checkCodeClimateShape(t *testing.T, data []byte) {
	t.Helper()
	var issues []map[string]any
	if err := json.Unmarshal(data, &issues); err != nil || issues == nil {
		t.Fatalf("not a JSON array (%v): %s", err, data)
	}
	severities := map[string]bool{"info": true, "minor": true, "major": true, "critical": true, "blocker": true}
	for i, issue := range issues {
		for _, field := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, ok := issue[field].(string); !ok || s == "" {
				t.Errorf("issue %d: %s is %v, want a non-empty string", i, field, issue[field])
			}
		}
		if s := issue["severity"].(string); !severities[s] {
			t.Errorf("issue %d: severity %q is not one GitLab knows", i, s)
		}
		location, _ := issue["location"].(map[string]any)
		path, _ := location["path"].(string)
		if path == "" || strings.HasPrefix(path, "./") || strings.HasPrefix(path, "/") || strings.HasPrefix(path, "../") {
			t.Errorf("issue %d: location.path %q is not relative to the repository", i, path)
		}
		lines, _ := location["lines"].(map[string]any)
		if begin, ok := lines["begin"].(float64); !ok || begin < 1 || begin != float64(int(begin)) {
			t.Errorf("issue %d: location.lines.begin is %v, want a line number", i, lines["begin"])
		}
	}
}
