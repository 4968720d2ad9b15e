package lint

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/vxjob/vxjob/spec"
)

// directive is one ignore comment:
//
//	replicaCount: 9  # vxjob:ignore pool-capacity -- the pool grows to 9 in January
//
// A comment after a value silences findings on its own line; a comment on
// a line of its own silences the line below. The reason is required.
type directive struct {
	file    string
	target  int // the line whose findings it silences
	rules   []*Rule
	rng     spec.Range // the comment, from its "#"; for an unknown rule, its name
	problem string     // what is wrong with it; "" when it is well formed
	fix     string     // the rule name meant, for an unknown one
	used    bool
}

const directiveMarker = "vxjob:ignore"

// parseDirectives finds the ignore comments of a file. A "#" that starts a
// YAML comment is at the start of a line or after a space; a "#" inside a
// value ("a#b") is not one.
func parseDirectives(f *spec.File) []*directive {
	if !bytes.Contains(f.Src, []byte(directiveMarker)) {
		return nil
	}
	var out []*directive
	for n := 1; n <= f.NumLines(); n++ {
		line := f.Line(n)
		at := strings.Index(line, directiveMarker)
		hash := strings.LastIndex(line[:max(at, 0)], "#")
		if at < 0 || hash < 0 || (hash > 0 && line[hash-1] != ' ' && line[hash-1] != '\t') ||
			strings.TrimSpace(line[hash+1:at]) != "" {
			continue
		}
		d := &directive{file: f.Name, target: n}
		if strings.TrimSpace(line[:hash]) == "" {
			d.target = n + 1
		}
		col := utf8.RuneCountInString(line[:hash]) + 1
		d.rng = spec.Range{Start: spec.Pos{Line: n, Column: col}, End: spec.Pos{Line: n, Column: utf8.RuneCountInString(line) + 1}}

		namesAt := at + len(directiveMarker)
		names, reason, hasReason := strings.Cut(line[namesAt:], "--")
		for start, name := range ruleNames(names) {
			r, err := LookupRule(name)
			if err != nil {
				d.problem = fmt.Sprintf("names unknown rule %q", name)
				if u, ok := errors.AsType[*UnknownRuleError](err); ok {
					d.fix = u.Suggestion
				}
				// The finding points at the name, so a suggested fix
				// replaces the name and not the comment.
				col := utf8.RuneCountInString(line[:namesAt+start]) + 1
				d.rng = spec.Range{Start: spec.Pos{Line: n, Column: col}, End: spec.Pos{Line: n, Column: col + utf8.RuneCountInString(name)}}
				break
			}
			d.rules = append(d.rules, r)
		}
		switch {
		case d.problem != "":
		case len(d.rules) == 0:
			d.problem = "names no rule"
		case !hasReason || strings.TrimSpace(reason) == "":
			d.problem = "gives no reason"
		}
		out = append(out, d)
	}
	return out
}

// ruleNames yields the names of a directive's list ("a, b c") with their
// byte offsets in s.
func ruleNames(s string) iter.Seq2[int, string] {
	isSep := func(c byte) bool { return c == ',' || c == ' ' || c == '\t' }
	return func(yield func(int, string) bool) {
		for i := 0; i < len(s); {
			if isSep(s[i]) {
				i++
				continue
			}
			j := i
			for j < len(s) && !isSep(s[j]) {
				j++
			}
			if !yield(i, s[i:j]) {
				return
			}
			i = j
		}
	}
}

// ignored reports whether a well-formed directive of directives (those of
// d's file that silence its line) silences d, and marks the directive
// used. Problems reading a file and problems with directives themselves
// cannot be silenced.
func ignored(d *Diagnostic, directives []*directive) bool {
	if d.Rule.Tier == TierInput || !d.Range.Start.IsValid() {
		return false
	}
	for _, dir := range directives {
		if dir.problem == "" && dir.target == d.Range.Start.Line {
			for _, r := range dir.rules {
				if r == d.Rule {
					dir.used = true
					return true
				}
			}
		}
	}
	return false
}

// directiveDiagnostics reports malformed directives, and well-formed ones
// that silenced nothing (unless a rule they name is turned off, when there
// was nothing to silence).
func directiveDiagnostics(directives map[string][]*directive, settings map[*Rule]Severity) []*Diagnostic {
	var out []*Diagnostic
	for _, dirs := range directives {
		for _, dir := range dirs {
			switch {
			case dir.problem != "":
				d := directiveDiagnostic(ruleIgnoreDirective, dir, "ignore comment "+dir.problem)
				d.Suggestion = dir.fix
				d.Detail = "Write # vxjob:ignore RULE[,RULE] -- reason, with rule IDs or names (vxjob rules lists them); the comment silences nothing until then."
				out = append(out, d)
			case !dir.used && !namesOffRule(dir, settings):
				d := directiveDiagnostic(ruleUnusedIgnore, dir, "ignore comment silences nothing")
				d.Detail = fmt.Sprintf("No finding of %s is on line %d any more; remove the comment.", ruleList(dir.rules), dir.target)
				out = append(out, d)
			}
		}
	}
	return out
}

func directiveDiagnostic(r *Rule, dir *directive, summary string) *Diagnostic {
	return &Diagnostic{Rule: r, Severity: r.Severity, File: dir.file, Document: -1, Range: dir.rng, Summary: summary}
}

func namesOffRule(dir *directive, settings map[*Rule]Severity) bool {
	for _, r := range dir.rules {
		if settings[r] == Off {
			return true
		}
	}
	return false
}

func ruleList(rules []*Rule) string {
	names := make([]string, len(rules))
	for i, r := range rules {
		names[i] = r.ID + " " + r.Name
	}
	return strings.Join(names, ", ")
}
