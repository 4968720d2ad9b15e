package lint

import (
	"fmt"
	"unicode/utf8"
)

// Bounds on what a run reports, so that a hostile or generated file (a
// line of 60 KB with thousands of unknown fields) cannot make the output
// grow with the square of its size.
const (
	// MaxPerRule is how many findings of one rule in one file are shown;
	// one more finding says how many of the rest are not.
	MaxPerRule = 100
	// maxText is the longest summary, detail or suggestion shown, in bytes:
	// a message that quotes a value (an unknown key of 50 KB) is clipped.
	maxText = 1000
)

// limit keeps the first MaxPerRule findings of each rule in each file of
// diags (sorted), and replaces the rest by one finding of the same rule
// and severity that counts them; it clips long texts.
func limit(diags []*Diagnostic) []*Diagnostic {
	type key struct {
		file string
		rule *Rule
	}
	count := map[key]int{}
	var more []*Diagnostic // the first finding not shown, per key
	out := diags[:0]
	for _, d := range diags {
		k := key{d.File, d.Rule}
		count[k]++
		switch n := count[k]; {
		case n <= MaxPerRule:
			d.Summary, d.Detail, d.Suggestion = clipText(d.Summary), clipText(d.Detail), clipText(d.Suggestion)
			out = append(out, d)
		case n == MaxPerRule+1:
			more = append(more, d)
		}
	}
	for _, d := range more {
		rest := count[key{d.File, d.Rule}] - MaxPerRule
		out = append(out, &Diagnostic{
			Rule: d.Rule, Severity: d.Severity, File: d.File, Document: d.Document, Range: d.Range, Path: d.Path,
			Summary: fmt.Sprintf("%d more findings of %s in this file, from here on, are not shown", rest, d.Rule.ID),
			Detail:  fmt.Sprintf("vxjob shows the first %d findings of each rule in a file, so that the output stays readable; fix those and run it again.", MaxPerRule),
			Secret:  d.Secret,
			Omitted: rest,
		})
	}
	return out
}

// clipText cuts s to maxText bytes, on a rune boundary, with "…".
func clipText(s string) string {
	if len(s) <= maxText {
		return s
	}
	cut := maxText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
