package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/lint"
)

// TestExplainPrintsSources: vxjob explain prints every source of every
// rule, with its grade, its fact and its address.
func TestExplainPrintsSources(t *testing.T) {
	t.Parallel()
	for _, rule := range lint.Rules() {
		r := vxjob(t, nil, false, "", "explain", rule.ID)
		if r.code != 0 {
			t.Fatalf("explain %s: exit %d, %s", rule.ID, r.code, r.stderr)
		}
		_, after, ok := strings.Cut(r.stdout, "\nSources, strongest first:\n")
		if !ok || len(rule.Sources) == 0 {
			t.Errorf("explain %s prints no sources:\n%s", rule.ID, r.stdout)
			continue
		}
		for _, s := range rule.Sources {
			want := "  [" + s.Grade.String() + "] " + s.Fact + "\n"
			if s.URL != "" {
				want += "      " + s.URL + "\n"
			}
			if !strings.Contains(after, want) {
				t.Errorf("explain %s lacks the source\n%s", rule.ID, want)
			}
		}
	}
}

// TestRulesShowStrongestSource: vxjob rules gives each rule's strongest
// grade.
func TestRulesShowStrongestSource(t *testing.T) {
	t.Parallel()
	r := vxjob(t, nil, false, "", "rules")
	for _, want := range []string{`VX000\s+read-error\s+input\s+error\s+judgement\s`, `VX201\s+chief-pool\s+semantic\s+error\s+documented\s`} {
		if !regexp.MustCompile(want).MatchString(r.stdout) {
			t.Errorf("rules output does not match %s:\n%s", want, r.stdout)
		}
	}
}
