package lint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
)

var ruleLabels = register(&Rule{
	ID:         "VX211",
	Name:       "labels",
	Title:      "A label key or value that Google Cloud does not accept",
	Severity:   Error,
	Tier:       TierSemantic,
	ValueLevel: true,
	Doc: `Labels of a CustomJob or PersistentResource follow the rules the Vertex AI API reference gives
for these resources: label keys and values "can be no longer than 64 characters (Unicode
codepoints), can only contain lowercase letters, numeric characters, underscores and dashes.
International characters are allowed." Where that text is silent, vxjob follows Google Cloud's
general label rules, which it points to: a resource has at most 64 labels (60 of a job's own,
since vxjob adds four to each job it creates), and a key is not empty and starts with a lowercase
letter or an international character. (The general rules allow 63 characters; the pages of these
two resources say 64, and vxjob follows them.) Uppercase letters, dots, slashes and spaces are
the usual mistakes: write team: nlp, not Team: NLP.

Keys starting with vxjob- are reserved: vxjob labels the jobs it creates (vxjob-managed,
vxjob-key, vxjob-spec, vxjob-attempt) to find them again, and a label of yours with that
prefix would be overwritten or mislead plan. The prefix is reserved on persistent resources too.`,
	Sources: []Source{
		documented(protoCustomJob, "CustomJob labels: \"Label keys and values can be no longer than 64 characters (Unicode codepoints), can only contain lowercase letters, numeric characters, underscores and dashes. International characters are allowed.\""),
		documented(refPersistentResource, "PersistentResource labels: the same rule, keys and values of at most 64 characters."),
		documented(labelRequirements, "Google Cloud's general label rules: at most 64 labels a resource, keys start with a lowercase letter or international character (and 63 characters, where the resource pages above say 64)."),
		clientCode(sdkUtils, "The Python SDK checks only that labels map strings to strings."),
		judgement("vxjob labels the jobs it creates with vxjob-managed, vxjob-key, vxjob-spec and vxjob-attempt, so it reserves the prefix vxjob- and four of the 64 labels."),
	},
	Bad: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  labels:
    Team: NLP
    cost.center: research
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Good: `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  labels:
    team: nlp
    cost_center: research
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`,
	Run: runLabels,
})

const (
	// The CustomJob and PersistentResource references say 64; Google
	// Cloud's general label rules say 63 (see the rule's sources).
	maxLabelKeyLen   = 64
	maxLabelValueLen = 64
	labelCharsDetail = "lowercase letters, international characters, digits, underscores and dashes"
)

func runLabels(p *Pass) {
	labels := p.Spec().Get("labels")
	switch n := labels.Len(); {
	case p.Doc.Kind == schemas.KindCustomJob && n > spec.MaxJobLabels:
		// The same words as apply's refusal: lint says it first.
		d := p.ReportKeyf(labels, "the job has %d labels and vxjob adds %d: a job may have at most %d", n, spec.ManagedLabels, spec.MaxLabels)
		d.Detail = fmt.Sprintf("Google Cloud takes at most %d labels on a resource, and vxjob labels each job it creates with %s, %s, %s and %s; keep at most %d of your own.",
			spec.MaxLabels, spec.LabelManaged, spec.LabelKey, spec.LabelSpec, spec.LabelAttempt, spec.MaxJobLabels)
	case n > spec.MaxLabels:
		d := p.ReportKeyf(labels, "%d labels; at most %d are allowed", n, spec.MaxLabels)
		d.Detail = fmt.Sprintf("Google Cloud takes at most %d labels on a resource.", spec.MaxLabels)
	}
	keys := labels.Keys()
	for _, k := range keys {
		v := labels.Get(k)
		checkLabelKey(p, v, k, labels)
		checkLabelValue(p, v)
	}
}

// checkLabelKey reports the first thing wrong with key k, at the key.
func checkLabelKey(p *Pass, v spec.Value, k string, labels spec.Value) {
	lit, vars := replaceVars(k, "")
	if k == "" {
		d := p.ReportKeyf(v, "label key is empty")
		d.Detail = "A label key has 1 to 64 characters."
		return
	}
	if bad := badLabelChars(lit); len(bad) > 0 {
		d := p.ReportKeyf(v, "label key %q contains %s, which labels do not allow", k, describeChars(bad))
		d.Detail = "Label keys take " + labelCharsDetail + ", and start with a letter."
		// Lowercasing is the usual fix; offer it when it is the whole fix
		// and does not collide with another key.
		if low := strings.ToLower(k); !vars && validLabelKey(low) && !labels.Get(low).Exists() {
			d.Suggestion = low
		}
		return
	}
	if r, _ := utf8.DecodeRuneInString(lit); !vars && !isLabelLetter(r) {
		d := p.ReportKeyf(v, "label key %q starts with %q; it must start with a lowercase letter", k, string(r))
		d.Detail = "Label keys start with a lowercase letter or an international character."
		return
	}
	if n := utf8.RuneCountInString(lit); n > maxLabelKeyLen {
		d := p.ReportKeyf(v, "label key is %d characters long; at most %d are allowed", n, maxLabelKeyLen)
		d.Detail = "A label key has 1 to 64 characters."
		return
	}
	if spec.IsReservedLabel(k) {
		d := p.ReportKeyf(v, "label key %q is reserved for vxjob", k)
		d.Detail = "vxjob labels the jobs it creates with vxjob-managed, vxjob-key, vxjob-spec and vxjob-attempt, " +
			"and reserves the prefix vxjob- for them. Choose a key without it."
	}
}

// checkLabelValue reports what is wrong with a label's value, at the value.
func checkLabelValue(p *Pass, v spec.Value) {
	s := v.Str()
	lit, _ := replaceVars(s, "")
	if bad := badLabelChars(lit); len(bad) > 0 {
		d := p.Reportf(v, "label value %q contains %s, which labels do not allow", s, describeChars(bad))
		d.Detail = "Label values take " + labelCharsDetail + ", or are empty."
		return
	}
	if n := utf8.RuneCountInString(lit); n > maxLabelValueLen {
		d := p.Reportf(v, "label value is %d characters long; at most %d are allowed", n, maxLabelValueLen)
		d.Detail = "A label value has 0 to 64 characters."
	}
}

// isLabelLetter: a lowercase letter, or an international character (a
// letter of a script without case).
func isLabelLetter(r rune) bool {
	return unicode.IsLower(r) || unicode.Is(unicode.Lo, r)
}

func isLabelChar(r rune) bool {
	return r == '_' || r == '-' || isLabelLetter(r) || unicode.IsNumber(r)
}

func validLabelKey(k string) bool {
	r, _ := utf8.DecodeRuneInString(k)
	return isLabelLetter(r) && len(badLabelChars(k)) == 0 && utf8.RuneCountInString(k) <= maxLabelKeyLen &&
		!spec.IsReservedLabel(k)
}

// badLabelChars lists the characters of s that labels do not take, each
// once, in order.
func badLabelChars(s string) []rune {
	var bad []rune
	for _, r := range s {
		if !isLabelChar(r) && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	return bad
}

// describeChars names the characters for a message: uppercase letters
// together, the others quoted, at most five of them: `the uppercase letter
// "T"`, `"." and " "`, `uppercase letters, "." and "/"`.
func describeChars(rs []rune) string {
	const most = 5
	var upper, items []string
	for _, r := range rs {
		switch {
		case unicode.IsUpper(r):
			upper = append(upper, string(r))
		case len(items) < most:
			items = append(items, strconv.Quote(string(r)))
		}
	}
	more := len(rs) - len(upper) - len(items)
	switch {
	case len(upper) == 1:
		items = append([]string{"the uppercase letter " + strconv.Quote(upper[0])}, items...)
	case len(upper) > 1:
		items = append([]string{"uppercase letters"}, items...)
	}
	if more > 0 {
		items = append(items, plural(more, "other character"))
	}
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
