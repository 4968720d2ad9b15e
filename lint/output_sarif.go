package lint

import (
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// sarifLevel maps severities to SARIF result levels.
var sarifLevel = map[Severity]string{Error: "error", Warning: "warning", Info: "note"}

// writeSARIF prints a SARIF 2.1.0 log with one run. The rules the results
// refer to are described in it, with their help, in ID order.
func writeSARIF(w io.Writer, res *Result, opts OutputOptions) error {
	driver := sarif.NewToolComponent().
		WithName(opts.Tool.Name).
		WithVersion(opts.Tool.Version).
		WithInformationURI(opts.Tool.URI)
	if strings.Count(opts.Tool.Version, ".") == 2 {
		driver.WithSemanticVersion(strings.TrimPrefix(opts.Tool.Version, "v"))
	}
	run := sarif.NewRun().WithTool(sarif.NewTool().WithDriver(driver)).WithColumnKind("unicodeCodePoints")

	for _, r := range usedRules(res) {
		descriptor := run.AddRule(r.ID)
		if uri := ruleHelpURI(opts.Tool.URI, r); uri != "" {
			descriptor.WithHelpURI(uri)
		}
		descriptor.
			WithName(r.Name).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(oneParagraph(r.Doc))).
			WithHelp(sarif.NewMultiformatMessageString().WithText(oneParagraph(r.Doc)).WithMarkdown(ruleMarkdown(r))).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel[r.Severity])).
			WithProperties(sarif.NewPropertyBag().AddTag(r.Tier.String()))
	}

	for _, d := range res.Diagnostics {
		text := d.Message()
		if d.Detail != "" {
			text += "\n" + d.Detail
		}
		physical := sarif.NewPhysicalLocation().WithArtifactLocation(artifact(d.File, opts))
		if d.Range.Start.IsValid() {
			physical.WithRegion(region(d.Range.Start.Line, d.Range.Start.Column, d.Range.End.Line, d.Range.End.Column))
		}
		result := run.CreateResultForRule(d.Rule.ID).
			WithLevel(sarifLevel[d.Severity]).
			WithMessage(sarif.NewTextMessage(text)).
			AddLocation(sarif.NewLocation().WithPhysicalLocation(physical))
		for i, r := range d.Related {
			at := r.Place.Range
			result.AddRelatedLocation(sarif.NewLocation().WithID(i + 1).
				WithMessage(sarif.NewTextMessage(r.Message)).
				WithPhysicalLocation(sarif.NewPhysicalLocation().
					WithArtifactLocation(artifact(r.Place.File, opts)).
					WithRegion(region(at.Start.Line, at.Start.Column, at.End.Line, at.End.Column))))
		}
		if d.Suggestion != "" && d.Range.Start.IsValid() && d.Range.End.Line == d.Range.Start.Line {
			result.AddFixe(sarif.NewFix().
				WithDescription(sarif.NewTextMessage("Replace with " + d.Suggestion)).
				AddArtifactChange(sarif.NewArtifactChange().
					WithArtifactLocation(artifact(d.File, opts)).
					AddReplacement(sarif.NewReplacement().
						WithDeletedRegion(region(d.Range.Start.Line, d.Range.Start.Column, d.Range.End.Line, d.Range.End.Column)).
						WithInsertedContent(sarif.NewArtifactContent().WithText(d.Suggestion)))))
		}
	}

	if opts.Root != "" {
		// Where %SRCROOT% was on this machine; code scanning maps it to
		// the checkout.
		root := (&url.URL{Scheme: "file", Path: strings.TrimSuffix(filepath.ToSlash(opts.Root), "/") + "/"}).String()
		run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{srcRoot: *sarif.NewArtifactLocation().WithURI(root)})
	}

	report := sarif.NewReport()
	report.Schema = "https://json.schemastore.org/sarif-2.1.0.json"
	report.AddRun(run)
	if err := report.PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// usedRules lists the rules of res's diagnostics, in catalog order.
func usedRules(res *Result) []*Rule {
	used := map[*Rule]bool{}
	for _, d := range res.Diagnostics {
		used[d.Rule] = true
	}
	var rules []*Rule
	for _, r := range catalog {
		if used[r] {
			rules = append(rules, r)
		}
	}
	return rules
}

func region(line, col, endLine, endCol int) *sarif.Region {
	return sarif.NewRegion().WithStartLine(line).WithStartColumn(col).WithEndLine(endLine).WithEndColumn(endCol)
}

// srcRoot is the URI base ID of files under OutputOptions.Root, the name
// GitHub code scanning and other SARIF viewers know.
const srcRoot = "%SRCROOT%"

// artifact locates a file: relative to %SRCROOT% when it is under
// opts.Root, else as fileURI writes it.
func artifact(name string, opts OutputOptions) *sarif.ArtifactLocation {
	if rel, ok := opts.underRoot(name); ok {
		return sarif.NewArtifactLocation().WithURI((&url.URL{Path: rel}).EscapedPath()).WithURIBaseID(srcRoot)
	}
	return sarif.NewArtifactLocation().WithURI(fileURI(name))
}

// fileURI writes a path as a SARIF artifact URI: relative paths stay
// relative (code scanning resolves them against the checkout), absolute
// ones become file: URIs.
func fileURI(name string) string {
	slashed := filepath.ToSlash(name)
	if filepath.IsAbs(name) {
		return (&url.URL{Scheme: "file", Path: slashed}).String()
	}
	return (&url.URL{Path: slashed}).EscapedPath()
}

// ruleDocPath is where a rule's documentation is, in the repository
// (generated from the catalog; see docs_test.go).
func ruleDocPath(r *Rule) string { return "docs/rules/" + r.ID + ".md" }

// ruleHelpURI is the web address of a rule's documentation in the tool's
// GitHub repository, or "" when the tool's address is not one.
func ruleHelpURI(toolURI string, r *Rule) string {
	repo := strings.TrimSuffix(toolURI, "/")
	if !strings.HasPrefix(repo, "https://github.com/") {
		return ""
	}
	return repo + "/blob/main/" + ruleDocPath(r)
}

// oneParagraph joins a doc's wrapped lines.
func oneParagraph(doc string) string {
	return strings.Join(strings.Fields(doc), " ")
}

// ruleMarkdown is a rule's help for code scanning: the doc and its examples.
func ruleMarkdown(r *Rule) string {
	var b strings.Builder
	b.WriteString(oneParagraph(r.Doc))
	if r.Bad != "" {
		b.WriteString("\n\nReported:\n\n```yaml\n" + r.Bad + "```")
	}
	if r.Good != "" {
		b.WriteString("\n\nClean:\n\n```yaml\n" + r.Good + "```")
	}
	return b.String()
}
