package lint

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
)

// Diagnostic is one finding, in the shape every output format is made from.
type Diagnostic struct {
	Rule     *Rule
	Severity Severity
	File     string
	Document int        // index of the document in the file; -1 for the file as a whole
	Range    spec.Range // zero when there is no position (a file that cannot be read)
	Path     string     // JSON pointer into the document ("/spec/jobSpec"); "" when none

	Summary    string // one line, what is wrong
	Detail     string // optional: why, and how to fix it
	Suggestion string // optional: text that should replace Range

	// Related are other places the finding is about (the first of two
	// documents with one name): SARIF's relatedLocations; text output
	// names them in the summary.
	Related []Related

	// Secret marks a Range that holds a credential: outputs that show
	// source text mask it, so a CI log never carries the secret.
	Secret bool

	// Omitted is set on a finding that stands for that many findings of
	// its rule in its file that are not shown (see MaxPerRule); counts
	// count them all.
	Omitted int
}

// Related is another place a finding is about.
type Related struct {
	Place   pools.Place
	Message string
}

// Message is the summary with the suggestion, as one line.
func (d *Diagnostic) Message() string {
	switch {
	case d.Suggestion == "":
		return d.Summary
	case strings.HasPrefix(d.Suggestion, `"`):
		return fmt.Sprintf("%s; did you mean %s?", d.Summary, d.Suggestion) // already quoted
	}
	return fmt.Sprintf("%s; did you mean %q?", d.Summary, d.Suggestion)
}

// compareDiagnostics orders by file, position, rule and text, so output is
// the same from run to run whatever order files were checked in.
func compareDiagnostics(a, b *Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Range.Start.Line, b.Range.Start.Line),
		cmp.Compare(a.Range.Start.Column, b.Range.Start.Column),
		cmp.Compare(a.Rule.ID, b.Rule.ID),
		cmp.Compare(a.Summary, b.Summary),
	)
}
