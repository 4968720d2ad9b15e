package lint

import "fmt"

// Source is one ground of a rule: where the fact it relies on is written,
// and how strong that is. A rule's message claims no more than its
// sources' grades support.
type Source struct {
	URL   string // Google's documentation, gcloud's or an SDK's code, a public issue
	Fact  string // the fact, in a sentence, that the source supports
	Grade Grade
}

// Grade says what kind of evidence a source is, strongest first.
type Grade int

const (
	// Documented: Google's documentation says it.
	Documented Grade = iota
	// ClientCode: gcloud or a Google SDK enforces it, in its code.
	ClientCode
	// Observed: users report the error the server gives.
	Observed
	// Judgement: vxjob's own advice, with its reasons.
	Judgement
)

var gradeNames = map[Grade]string{Documented: "documented", ClientCode: "client code", Observed: "observed", Judgement: "judgement"}

func (g Grade) String() string {
	if s, ok := gradeNames[g]; ok {
		return s
	}
	return fmt.Sprintf("Grade(%d)", int(g))
}

// Strongest is the strongest grade of the rule's sources; Judgement when
// it has none.
func (r *Rule) Strongest() Grade {
	best := Judgement
	for _, s := range r.Sources {
		best = min(best, s.Grade)
	}
	return best
}

// documented, clientCode, observed and judgement make a rule's sources
// read as what they are.
func documented(url, fact string) Source { return Source{URL: url, Fact: fact, Grade: Documented} }
func clientCode(url, fact string) Source { return Source{URL: url, Fact: fact, Grade: ClientCode} }
func observed(url, fact string) Source   { return Source{URL: url, Fact: fact, Grade: Observed} }
func judgement(fact string) Source       { return Source{Fact: fact, Grade: Judgement} }
