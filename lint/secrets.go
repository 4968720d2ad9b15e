package lint

import (
	"strings"

	"github.com/vxjob/vxjob/internal/secret"
	"github.com/vxjob/vxjob/spec"
)

// Secrets are masked by value, whichever rules ran: a document with a
// schema error draws no VX215, yet the line of its secret may be shown
// for another finding, or its value quoted in a message. So every file
// that may be shown has its secret values collected (secret.Values, over
// every document that parsed, valid or not), and every source line and
// message shown masks them, and any credential's shape besides (which
// covers a file that does not parse).

// fileSecrets are the secret values of f's documents.
func fileSecrets(f *spec.File) []string {
	var out []string
	for _, doc := range f.Docs {
		out = append(out, secret.Values(doc.Value)...)
	}
	return out
}

// addSecrets notes the secret values of f, a file findings may point into.
func (r *Result) addSecrets(f *spec.File) {
	if s := fileSecrets(f); len(s) > 0 {
		if r.secrets == nil {
			r.secrets = map[string][]string{}
		}
		r.secrets[f.Name] = append(r.secrets[f.Name], s...)
	}
}

// maskMessages masks the secrets of each finding's file in its texts: a
// schema error quotes the value it is about.
func (r *Result) maskMessages() {
	for _, d := range r.Diagnostics {
		s := r.secrets[d.File]
		d.Summary = secret.Mask(d.Summary, s)
		d.Detail = secret.Mask(d.Detail, s)
		d.Suggestion = secret.Mask(d.Suggestion, s)
		for i := range d.Related {
			d.Related[i].Message = secret.Mask(d.Related[i].Message, s)
		}
	}
}

// excerpts gives the source lines outputs show, as excerpt says, each
// masked once however many findings point into it: a generated line of
// megabytes may carry a hundred, and masking it for each was most of what
// text output cost.
type excerpts struct {
	res    *Result
	ranges map[string][]spec.Range // the ranges findings marked secret, per file
	lines  map[fileLine]string
}

type fileLine struct {
	file string
	n    int
}

func (r *Result) excerpts() *excerpts {
	return &excerpts{res: r, ranges: secretRanges(r), lines: map[fileLine]string{}}
}

// excerpt is line n of file as an output may show it: with the ranges
// that findings marked secret and every secret value of the file masked.
// It is false when the file's text was not kept.
func (e *excerpts) excerpt(file string, n int) (string, bool) {
	f := e.res.sources[file]
	if f == nil {
		return "", false
	}
	key := fileLine{file, n}
	if line, ok := e.lines[key]; ok {
		return line, true
	}
	var on []spec.Range
	for _, rg := range e.ranges[file] {
		if rg.Start.Line == n {
			on = append(on, rg)
		}
	}
	line := secret.Mask(mask(f.Line(n), on), e.res.secrets[file])
	e.lines[key] = line
	return line, true
}

// secretRanges collects, per file, the ranges that findings marked secret.
func secretRanges(res *Result) map[string][]spec.Range {
	out := map[string][]spec.Range{}
	for _, d := range res.Diagnostics {
		if d.Secret {
			out[d.File] = append(out[d.File], d.Range)
		}
	}
	return out
}

// mask replaces the characters of each range on line (the ranges' first
// line) with '*': to the end of the line for a range that goes on.
func mask(line string, ranges []spec.Range) string {
	if len(ranges) == 0 {
		return line
	}
	masked := func(col int) bool { // col is 1-based
		for _, r := range ranges {
			if col >= r.Start.Column && (r.End.Line != r.Start.Line || col < r.End.Column) {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	b.Grow(len(line))
	col := 1
	for _, c := range line {
		if masked(col) {
			b.WriteByte('*')
		} else {
			b.WriteRune(c)
		}
		col++
	}
	return b.String()
}
