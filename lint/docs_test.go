package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docsDir is where each rule's page is written, one file a rule, with an
// index: SARIF's helpUri points at them (ruleHelpURI).
const docsDir = "../docs/rules"

const docsNotice = "<!-- generated from the rule catalog by `go test ./lint -update`: edit the rule in lint/, not this file -->\n"

// TestRuleDocs keeps docs/rules in step with the catalog: a page for every
// rule and an index, no page for a rule that is gone. -update rewrites them.
func TestRuleDocs(t *testing.T) {
	// Not parallel: with -update it writes the pages TestHelpURIsHaveDocs
	// looks for.
	want := map[string][]byte{"README.md": []byte(rulesIndex())}
	for _, r := range catalog {
		want[filepath.Base(ruleDocPath(r))] = []byte(ruleDoc(r))
	}
	if *update {
		if err := os.MkdirAll(docsDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range want {
			if err := os.WriteFile(filepath.Join(docsDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(docsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			if *update {
				if err := os.Remove(filepath.Join(docsDir, e.Name())); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("docs/rules/%s belongs to no rule; run `go test ./lint -update`", e.Name())
		}
	}
	for name, data := range want {
		got, err := os.ReadFile(filepath.Join(docsDir, name))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("docs/rules/%s is not the catalog's; run `go test ./lint -update`", name)
		}
	}
}

// ruleDoc is a rule's page: what it finds, its grounds, its examples.
func ruleDoc(r *Rule) string {
	var b strings.Builder
	b.WriteString(docsNotice)
	fmt.Fprintf(&b, "# %s %s\n\n%s.\n\n", r.ID, r.Name, r.Title)
	fmt.Fprintf(&b, "| tier | severity by default | strongest source |\n|---|---|---|\n| %s | %s | %s |\n\n", r.Tier, r.Severity, r.Strongest())
	b.WriteString(markdownText(r.Doc) + "\n\n")
	b.WriteString("## Sources\n\nStrongest first. *documented*: Google's documentation says it; *client code*: gcloud or a Google SDK " +
		"does it; *observed*: users met the server's error; *judgement*: vxjob's own advice.\n\n")
	for _, s := range r.Sources {
		fmt.Fprintf(&b, "- **%s**: %s", s.Grade, markdownText(s.Fact))
		if s.URL != "" {
			fmt.Fprintf(&b, " <%s>", s.URL)
		}
		b.WriteString("\n")
	}
	if r.Bad != "" {
		fmt.Fprintf(&b, "\n## Reported\n\n```yaml\n%s```\n\n## Not reported\n\n```yaml\n%s```\n", r.Bad, r.Good)
	}
	fmt.Fprintf(&b, "\n## Turning it off\n\nFor one finding, with the reason, on its line or the line above:\n\n"+
		"```yaml\n# vxjob:ignore %s -- the reason\n```\n\nFor the repository, in `.vxjob.yaml`:\n\n```yaml\nrules:\n  %[1]s: off   # or error, warning, info\n```\n",
		r.Name)
	return b.String()
}

// rulesIndex lists the rules, each linked to its page.
func rulesIndex() string {
	var b strings.Builder
	b.WriteString(docsNotice)
	b.WriteString("# vxjob's rules\n\n`vxjob rules` lists them and `vxjob explain RULE` shows one. Each page gives the rule's " +
		"sources and grades them: *documented* (Google's documentation), *client code* (gcloud or a Google SDK), " +
		"*observed* (users met the server's error) or *judgement* (vxjob's own advice).\n\n")
	b.WriteString("| ID | name | tier | severity | strongest source | finds |\n|---|---|---|---|---|---|\n")
	for _, r := range catalog {
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s | %s | %s |\n", r.ID, r.ID, r.Name, r.Tier, r.Severity, r.Strongest(), markdownText(r.Title))
	}
	return b.String()
}

// markdownText keeps plain text plain in Markdown: no HTML tags (<token>)
// and no emphasis from the asterisks of names such as g4-standard-*.
func markdownText(s string) string {
	return strings.NewReplacer("<", "&lt;", "*", `\*`, "|", `\|`).Replace(s)
}

func TestMarkdownText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"placeholders (changeme, <token>)": "placeholders (changeme, &lt;token>)",
		"g4-standard-* and ct5lp-*":        `g4-standard-\* and ct5lp-\*`,
		"a | b":                            `a \| b`,
	} {
		if got := markdownText(in); got != want {
			t.Errorf("markdownText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHelpURIsHaveDocs checks that the helpUri SARIF gives each rule is a
// page the repository has.
func TestHelpURIsHaveDocs(t *testing.T) {
	t.Parallel()
	for _, r := range catalog {
		uri := ruleHelpURI(testTool.URI, r)
		path, ok := strings.CutPrefix(uri, "https://github.com/vxjob/vxjob/blob/main/")
		if !ok {
			t.Fatalf("%s: helpUri %q is not in the repository", r.ID, uri)
		}
		if _, err := os.Stat(filepath.Join("..", path)); err != nil {
			t.Errorf("%s: helpUri %s names no file: %v", r.ID, uri, err)
		}
	}
	if uri := ruleHelpURI("", catalog[0]); uri != "" {
		t.Errorf("a tool without an address gave helpUri %q", uri)
	}
}
