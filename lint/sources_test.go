package lint

import (
	"net/url"
	"strings"
	"testing"
)

// TestRuleSources holds every rule of the catalog to its grounds: at least
// one source, each with the fact it supports, each but vxjob's own
// judgement with a URL, strongest first.
func TestRuleSources(t *testing.T) {
	t.Parallel()
	for _, r := range catalog {
		for _, problem := range sourceProblems(r) {
			t.Errorf("%s %s: %s", r.ID, r.Name, problem)
		}
	}
}

// TestSourceProblems shows that sourceProblems finds each kind of gap, so
// TestRuleSources can fail.
func TestSourceProblems(t *testing.T) {
	t.Parallel()
	doc := documented("https://cloud.google.com/vertex-ai/docs/x", "The docs say so.")
	tests := []struct {
		name    string
		sources []Source
		want    string // a part of the one problem expected; "" for none
	}{
		{"grounded", []Source{doc, judgement("vxjob's advice.")}, ""},
		{"no source", nil, "no source"},
		{"no fact", []Source{documented("https://cloud.google.com/x", " ")}, "no fact"},
		{"no URL", []Source{observed("", "Users met the error.")}, "no URL"},
		{"not a web address", []Source{clientCode("gcloud/validation.py", "gcloud checks it.")}, "not an https URL"},
		{"plain http", []Source{documented("http://cloud.google.com/x", "The docs say so.")}, "not an https URL"},
		{"space in URL", []Source{documented("https://cloud.google.com/x y", "The docs say so.")}, "not an https URL"},
		{"weakest first", []Source{judgement("vxjob's advice."), doc}, "strongest first"},
		{"unknown grade", []Source{{URL: "https://x.example/", Fact: "A fact.", Grade: Grade(9)}}, "unknown grade"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sourceProblems(&Rule{ID: "VX999", Sources: tt.sources})
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("problems %q, want none", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("problems %q, want one about %q", got, tt.want)
			}
		})
	}
}

// sourceProblems lists what is missing or wrong in a rule's sources.
func sourceProblems(r *Rule) []string {
	if len(r.Sources) == 0 {
		return []string{"no source: cite what the rule rests on (lint/source.go)"}
	}
	var problems []string
	for i, s := range r.Sources {
		if _, ok := gradeNames[s.Grade]; !ok {
			problems = append(problems, "source "+s.URL+" has an unknown grade")
			continue
		}
		if strings.TrimSpace(s.Fact) == "" {
			problems = append(problems, "source "+s.URL+" has no fact")
		}
		switch u, err := url.Parse(s.URL); {
		case s.URL == "" && s.Grade != Judgement:
			problems = append(problems, "a "+s.Grade.String()+" source has no URL")
		case s.URL != "" && (err != nil || u.Scheme != "https" || u.Host == "" || strings.ContainsAny(s.URL, " \t\n")):
			problems = append(problems, "source "+s.URL+" is not an https URL")
		}
		if i > 0 && s.Grade < r.Sources[i-1].Grade {
			problems = append(problems, "sources are not strongest first: "+s.Grade.String()+" after "+r.Sources[i-1].Grade.String())
		}
	}
	return problems
}

func TestStrongest(t *testing.T) {
	t.Parallel()
	r := &Rule{Sources: []Source{judgement("advice"), observed("https://github.com/o/r/issues/1", "an error")}}
	if got := r.Strongest(); got != Observed {
		t.Errorf("Strongest() = %v, want observed", got)
	}
	if got := (&Rule{}).Strongest(); got != Judgement {
		t.Errorf("Strongest() of no sources = %v, want judgement", got)
	}
}
