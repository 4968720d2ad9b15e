package lint

import (
	"encoding/json"
	"io"

	"github.com/vxjob/vxjob/spec"
)

// JSONVersion is the version of the --format json document. It changes
// only when a field is removed or changes meaning; new fields may appear
// without a new version.
const JSONVersion = 1

type jsonReport struct {
	Version     int              `json:"version"`
	Tool        jsonTool         `json:"tool"`
	Files       int              `json:"files"`
	Documents   int              `json:"documents"`
	Summary     jsonSummary      `json:"summary"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

type jsonDiagnostic struct {
	Rule       string    `json:"rule"`
	RuleName   string    `json:"ruleName"`
	Severity   Severity  `json:"severity"`
	File       string    `json:"file"`
	Document   int       `json:"document"`
	Start      *spec.Pos `json:"start,omitempty"`
	End        *spec.Pos `json:"end,omitempty"`
	Path       string    `json:"path,omitempty"`
	Message    string    `json:"message"`
	Summary    string    `json:"summary"`
	Detail     string    `json:"detail,omitempty"`
	Suggestion string    `json:"suggestion,omitempty"`
}

func writeJSON(w io.Writer, res *Result, opts OutputOptions) error {
	out := jsonReport{
		Version:     JSONVersion,
		Tool:        jsonTool{Name: opts.Tool.Name, Version: opts.Tool.Version},
		Files:       res.Files,
		Documents:   res.Documents,
		Summary:     jsonSummary{Errors: res.Count(Error), Warnings: res.Count(Warning), Infos: res.Count(Info)},
		Diagnostics: []jsonDiagnostic{},
	}
	for _, d := range res.Diagnostics {
		jd := jsonDiagnostic{
			Rule:       d.Rule.ID,
			RuleName:   d.Rule.Name,
			Severity:   d.Severity,
			File:       d.File,
			Document:   d.Document,
			Path:       d.Path,
			Message:    d.Message(),
			Summary:    d.Summary,
			Detail:     d.Detail,
			Suggestion: d.Suggestion,
		}
		if d.Range.Start.IsValid() {
			start, end := d.Range.Start, d.Range.End
			jd.Start, jd.End = &start, &end
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
