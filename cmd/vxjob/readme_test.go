package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// readmeBlocks are the README's fenced code blocks, with their language.
func readmeBlocks(t *testing.T) (blocks []struct{ lang, text string }) {
	t.Helper()
	text, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```\n").FindAllStringSubmatch(string(text), -1) {
		blocks = append(blocks, struct{ lang, text string }{m[1], m[2]})
	}
	return blocks
}

// TestREADMESamples runs the README's sample sessions, as actionlint checks
// its documentation: each plain block that starts with "$ vxjob ..." shows
// what that command prints, run in the repository's root; and the JSON
// sample is what `vxjob lint --format json testdata/bad.yaml` prints (the
// tool's version aside).
func TestREADMESamples(t *testing.T) {
	t.Parallel()
	sessions := 0
	var jsonSample string
	for _, b := range readmeBlocks(t) {
		if b.lang == "json" && strings.Contains(b.text, `"file": "testdata/bad.yaml"`) {
			jsonSample = b.text
		}
		if b.lang != "" || !strings.HasPrefix(b.text, "$ vxjob ") {
			continue
		}
		sessions++
		command, want, _ := strings.Cut(b.text, "\n")
		args := strings.Fields(strings.TrimPrefix(command, "$ vxjob "))
		_, stdout, stderr := runVxjob(t, "../..", args...)
		if stdout+stderr != want {
			t.Errorf("README: %s prints\n%s\nnot\n%s", command, stdout+stderr, want)
		}
	}
	if sessions == 0 {
		t.Error("the README has no sample session")
	}

	_, stdout, _ := runVxjob(t, "../..", "lint", "--format", "json", "testdata/bad.yaml")
	var got, want map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(jsonSample), &want); err != nil {
		t.Fatalf("the README's JSON sample: %v", err)
	}
	got["tool"].(map[string]any)["version"] = want["tool"].(map[string]any)["version"]
	if !reflect.DeepEqual(got, want) {
		t.Errorf("README's JSON sample is not what vxjob prints:\n%s", stdout)
	}
}

// TestREADMEPromises checks that each test the README names as keeping a
// promise exists, in the package it names.
func TestREADMEPromises(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(text), "\n## What vxjob promises\n")
	if !ok {
		t.Fatal("the README has no section of promises")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	named := regexp.MustCompile("`([a-z/]+)\\.((?:Test|Fuzz)[A-Za-z0-9_]+)`").FindAllStringSubmatch(section, -1)
	if len(named) < 8 {
		t.Fatalf("the promises name %d tests", len(named))
	}
	for _, m := range named {
		pkg, name := m[1], m[2]
		files, err := filepath.Glob(filepath.Join("../..", pkg, "*_test.go"))
		if err != nil || len(files) == 0 {
			t.Errorf("%s.%s: no test files in %s", pkg, name, pkg)
			continue
		}
		found := false
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "\nfunc "+name+"(") {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("the README names %s.%s, which does not exist", pkg, name)
		}
	}
}
