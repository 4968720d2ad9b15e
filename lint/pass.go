package lint

import (
	"cmp"
	"fmt"

	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/spec"
)

// Pass is what a rule's Run is given: what to check, and the one way to
// report. A rule reports only through its pass, so the runner decides
// severity, ignores and order in one place.
type Pass struct {
	Rule *Rule

	// Doc is the document a semantic rule checks. It has passed the schema
	// tier, so its fields have the types the API defines.
	Doc *spec.Document

	// Pools is what a pool rule checks: every persistent resource the run
	// knows of, and every job that runs on one, already matched. The
	// documents are gone by then; what is left says where it was written.
	Pools *pools.Set

	// Docs are the CustomJob and PersistentResource documents of the run
	// that passed the schema tier, in the order of the files, for the pool
	// rules that compare documents across files.
	Docs []docRef

	// Live is what a live rule checks; nil unless the run is live.
	Live *Live

	diags    []*Diagnostic
	memo     map[any]any    // shared by the rules run on one document
	spec     *spec.Value    // Spec, once asked
	defaults pools.Defaults // the run's, for Project and Location
}

// Project is the project a semantic rule's document is sent to: its
// metadata.project, else the run's default (--project, VXJOB_PROJECT,
// .vxjob.yaml, gcloud's configuration). ok is false when neither names
// one, or when the document's is a variable without a value: no default
// stands in for what the document will say.
func (p *Pass) Project() (project string, ok bool) {
	return p.effective("project", p.Doc.Project, p.defaults.Project)
}

// Location is Project for the location (region) the document is sent to.
func (p *Pass) Location() (location string, ok bool) {
	return p.effective("location", p.Doc.Location, p.defaults.Location)
}

func (p *Pass) effective(field, own, fallback string) (string, bool) {
	if p.Doc.IsUnknown("/metadata/" + field) {
		return "", false
	}
	v := cmp.Or(own, fallback)
	return v, v != ""
}

// remember returns what compute returns for key on the pass's document,
// computing it once for all the rules that ask: several rules read the
// machines of a job's pools, say, and each would otherwise read them again.
// The key is any comparable value; a struct of the arguments, rather than
// a string made of them, costs no allocation per ask.
func remember[T any](p *Pass, key any, compute func() T) T {
	if v, ok := p.memo[key]; ok {
		return v.(T)
	}
	v := compute()
	if p.memo != nil {
		p.memo[key] = v
	}
	return v
}

// Spec is the document's spec.
func (p *Pass) Spec() spec.Value {
	if p.spec == nil {
		v := p.Doc.Root().Get("spec")
		p.spec = &v
	}
	return *p.spec
}

// Reportf records a finding about v. It points at the value when v is a
// plain value, and at the key when v is a list or mapping or is missing
// (then at the nearest field that is written).
func (p *Pass) Reportf(v spec.Value, format string, args ...any) *Diagnostic {
	r := p.Doc.KeyRange(v.Path())
	if v.Exists() && !v.IsMapping() && v.Len() == 0 {
		r = p.Doc.ValueRange(v.Path())
	}
	return p.report(v.Path(), r, fmt.Sprintf(format, args...))
}

// ReportKeyf records a finding about the field v as a whole, at its key.
func (p *Pass) ReportKeyf(v spec.Value, format string, args ...any) *Diagnostic {
	return p.report(v.Path(), p.Doc.KeyRange(v.Path()), fmt.Sprintf(format, args...))
}

// ReportAtf records a finding at a place a pool rule was given.
func (p *Pass) ReportAtf(at pools.Place, format string, args ...any) *Diagnostic {
	d := &Diagnostic{
		Rule:     p.Rule,
		Severity: p.Rule.Severity,
		File:     at.File,
		Document: at.Document,
		Range:    at.Range,
		Path:     at.Path,
		Summary:  fmt.Sprintf(format, args...),
	}
	p.diags = append(p.diags, d)
	return d
}

func (p *Pass) report(path []string, r spec.Range, summary string) *Diagnostic {
	return p.ReportAtf(pools.Place{File: p.Doc.File.Name, Document: p.Doc.Index, Range: r, Path: pointer(path)}, "%s", summary)
}

// runSemantic runs every semantic rule on a document that passed the schema
// tier, and returns what they report. defaults are the run's project and
// location, which Pass.Project and Pass.Location fall back on.
func runSemantic(doc *spec.Document, rules []*Rule, defaults pools.Defaults) []*Diagnostic {
	var diags []*Diagnostic
	// One pass serves every rule in turn: what it remembers of the
	// document is shared, and a pass per rule was a tenth of what linting
	// a job allocated.
	p := &Pass{Doc: doc, memo: map[any]any{}, defaults: defaults}
	for _, r := range rules {
		if r.Tier != TierSemantic || r.Run == nil {
			continue
		}
		p.Rule, p.diags = r, nil
		r.Run(p)
		diags = append(diags, p.diags...)
	}
	return diags
}
