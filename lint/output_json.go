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
	Version   int      `json:"version"`
	Tool      jsonTool `json:"tool"`
	Files     int      `json:"files"`
	Documents int      `json:"documents"`
	// Rejected counts the documents with schema errors, which only the
	// value-level rules checked.
	Rejected    int              `json:"documentsWithSchemaErrors"`
	Summary     jsonSummary      `json:"summary"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	// Skipped are the files that are not vxjob's, each with why.
	Skipped []Skipped `json:"skipped"`
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
	// Related are other places the finding is about (the first of two
	// documents with one name).
	Related []jsonRelated `json:"related,omitempty"`
	// Omitted: this finding stands for that many of its rule in its file
	// that are not listed (lint.MaxPerRule).
	Omitted int `json:"omitted,omitempty"`
}

type jsonRelated struct {
	File    string    `json:"file"`
	Start   *spec.Pos `json:"start,omitempty"`
	Message string    `json:"message"`
}

func writeJSON(w io.Writer, res *Result, opts OutputOptions) error {
	out := jsonReport{
		Version:     JSONVersion,
		Tool:        jsonTool{Name: opts.Tool.Name, Version: opts.Tool.Version},
		Files:       res.Files,
		Documents:   res.Documents,
		Rejected:    res.Rejected,
		Summary:     jsonSummary{Errors: res.Count(Error), Warnings: res.Count(Warning), Infos: res.Count(Info)},
		Diagnostics: []jsonDiagnostic{},
		Skipped:     append([]Skipped{}, res.Skipped...),
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
			Omitted:    d.Omitted,
			Detail:     d.Detail,
			Suggestion: d.Suggestion,
		}
		if d.Range.Start.IsValid() {
			start, end := d.Range.Start, d.Range.End
			jd.Start, jd.End = &start, &end
		}
		for _, r := range d.Related {
			start := r.Place.Range.Start
			jd.Related = append(jd.Related, jsonRelated{File: r.Place.File, Start: &start, Message: r.Message})
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
