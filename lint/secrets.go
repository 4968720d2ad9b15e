package lint

import (
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

// excerpt is line n of file as an output may show it: with the ranges
// that findings marked secret (see secretRanges) and every secret value
// of the file masked. It is false when the file's text was not kept.
func (r *Result) excerpt(file string, n int, ranges map[string][]spec.Range) (string, bool) {
	f := r.sources[file]
	if f == nil {
		return "", false
	}
	line := f.Line(n)
	for _, rg := range ranges[file] {
		if rg.Start.Line == n {
			line = mask(line, rg)
		}
	}
	return secret.Mask(line, r.secrets[file]), true
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

// mask replaces the characters of r on line (r's first line) with '*'.
func mask(line string, r spec.Range) string {
	runes := []rune(line)
	end := len(runes) + 1
	if r.End.Line == r.Start.Line {
		end = min(r.End.Column, end)
	}
	for i := r.Start.Column - 1; i < end-1 && i < len(runes); i++ {
		if i >= 0 {
			runes[i] = '*'
		}
	}
	return string(runes)
}
