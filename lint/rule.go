package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vxjob/vxjob/internal/suggest"
)

// Tier says what a rule needs to see. Input and Schema rules look at one
// document as written; later tiers (semantics, pools, live) add knowledge.
type Tier int

const (
	// TierInput: the file could not be read as YAML. Such a finding makes
	// vxjob exit 1 as others do, but for a file that could not be read at
	// all (VX000), which exits 2: vxjob could not do its job.
	TierInput Tier = iota
	// TierSchema: the document does not match the JSON Schema derived from
	// the Vertex AI API.
	TierSchema
	// TierSemantic: rules of the API that a schema cannot say, checked on
	// one document at a time, offline.
	TierSemantic
	// TierPools: jobs against the persistent resources they run on, from
	// the linted files and pools files; checked once all are read.
	TierPools
	// TierDirective: the ignore comments themselves.
	TierDirective
	// TierLive: what only Vertex AI can say, such as the caller's
	// permissions; run with lint --live.
	TierLive
)

var tierNames = map[Tier]string{TierInput: "input", TierSchema: "schema", TierSemantic: "semantic", TierPools: "pools", TierDirective: "directive", TierLive: "live"}

func (t Tier) String() string { return tierNames[t] }

// Rule describes one kind of finding. Its ID and Name are stable: users
// put them in ignore comments and configuration.
type Rule struct {
	ID       string   // "VX102"
	Name     string   // "unknown-field"
	Title    string   // one line: what the rule finds
	Doc      string   // why it matters and how to fix it
	Severity Severity // default severity
	Tier     Tier
	// ValueLevel marks a semantic rule that looks at values one by one
	// and needs no schema-valid document: it runs on every document that
	// parses, so that a typo elsewhere does not hide what it finds (a
	// plaintext secret). Its findings on a value the schema tier already
	// reports are dropped.
	ValueLevel bool

	// Bad and Good are example documents for the docs; tests lint them and
	// check that Bad is reported and Good is not. Empty when a rule has no
	// document to show (a file that cannot be read).
	Bad, Good string

	// Sources are the rule's grounds (see Source), strongest first.
	Sources []Source

	// Run checks what the rule's tier gives it (see Pass) and reports only
	// through the pass. Input and schema rules have none: the loader and
	// the schema check report them.
	Run func(p *Pass)
}

// A rule is one file, lint/rule_<name>.go, that declares it with register;
// the catalog is every rule so declared, in ID order.
var (
	registered []*Rule // in the order the package's variables are set
	catalog    []*Rule // set by init, once every rule is registered
)

// register adds r to the catalog: `var ruleX = register(&Rule{...})`.
func register(r *Rule) *Rule {
	registered = append(registered, r)
	return r
}

// Every package-level variable, and so every register call, is set before
// any init function runs.
func init() { catalog = byID(slices.Clone(registered)) }

// byID sorts rules by ID.
func byID(rules []*Rule) []*Rule {
	slices.SortFunc(rules, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules
}

// Rules returns every rule, in ID order.
func Rules() []*Rule { return append([]*Rule(nil), catalog...) }

// LookupRule finds a rule by ID or name, ignoring case. For a name no rule
// has, the error is an *UnknownRuleError.
func LookupRule(idOrName string) (*Rule, error) {
	known := make([]string, 0, 2*len(catalog))
	for _, r := range catalog {
		if strings.EqualFold(r.ID, idOrName) || strings.EqualFold(r.Name, idOrName) {
			return r, nil
		}
		known = append(known, r.ID, r.Name)
	}
	return nil, &UnknownRuleError{Name: idOrName, Suggestion: suggest.Nearest(idOrName, known)}
}

// UnknownRuleError is a rule ID or name that no rule has, with the ID or
// name most likely meant.
type UnknownRuleError struct {
	Name       string
	Suggestion string // "" when no rule is close
}

func (e *UnknownRuleError) Error() string {
	if e.Suggestion == "" {
		return fmt.Sprintf("unknown rule %q", e.Name)
	}
	return fmt.Sprintf("unknown rule %q; did you mean %q?", e.Name, e.Suggestion)
}

// Example lints one of rule r's examples, as the file "example.yaml",
// with every rule on, and with exampleLive standing in for Vertex AI. The
// rules that only --require-vars reports are shown as it shows them.
func Example(r *Rule, src string) *Result {
	opts := Options{Stdin: strings.NewReader(src), StdinName: "example.yaml", Jobs: 1, Live: exampleLive}
	opts.RequireVars = r == ruleUndefinedVariable || r == ruleNoProject
	res, err := Run([]string{"-"}, opts)
	if err != nil {
		panic(err) // exampleLive does not fail
	}
	return res
}

// Explain returns what vxjob lint prints for a rule's Bad example, so the
// documentation shows real output.
func Explain(r *Rule) (string, error) {
	var b strings.Builder
	err := Write(&b, FormatText, Example(r, r.Bad), OutputOptions{})
	return b.String(), err
}

// refusals are the rules whose findings plan and apply cannot go past: a
// value they cannot send, two documents they could not tell apart, labels
// Vertex AI or vxjob's own would refuse. Their lint stage holds these at
// error, whatever the configuration says (input rules, such as
// ambiguous-number, cannot be changed at all).
var refusals = []*Rule{ruleUndefinedVariable, ruleNoProject, ruleLabels, ruleDuplicateDocument}

// WithRefusals returns rules (a configuration's severities) with every
// rule that plan and apply cannot go past at error.
func WithRefusals(rules map[*Rule]Severity) map[*Rule]Severity {
	out := make(map[*Rule]Severity, len(rules)+len(refusals))
	for r, s := range rules {
		out[r] = s
	}
	for _, r := range refusals {
		out[r] = Error
	}
	return out
}
