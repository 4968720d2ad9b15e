package lint

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestRuleExamples runs every rule's documented examples: Bad must be
// reported by that rule, Good must lint clean.
func TestRuleExamples(t *testing.T) {
	t.Parallel()
	for _, r := range catalog {
		t.Run(r.ID+"-"+r.Name, func(t *testing.T) {
			if r.Bad == "" {
				if !noExample[r.ID] {
					t.Fatalf("rule %s has no Bad example", r.ID)
				}
				return
			}
			bad := Example(r, r.Bad)
			if !hasRule(bad, r) {
				t.Errorf("Bad example is not reported by %s; got %v", r.ID, messages(bad.Diagnostics))
			}
			if good := Example(r, r.Good); len(good.Diagnostics) > 0 {
				t.Errorf("Good example is not clean: %v", messages(good.Diagnostics))
			}
		})
	}
}

// noExample lists the rules no document can show: an unreadable file, a
// bad configuration file (config_test.go tests it), and a linted resource
// that a pools file describes otherwise (testdata/rules shows it).
var noExample = map[string]bool{"VX000": true, "VX009": true, "VX310": true}

func messages(diags []*Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Range.Start.String()+" "+d.Rule.ID+" "+d.Message())
	}
	return out
}

func TestCatalog(t *testing.T) {
	t.Parallel()
	idRE := regexp.MustCompile(`^VX[0-9]{3}$`)
	nameRE := regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)*$`)
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range catalog {
		if !idRE.MatchString(r.ID) || !nameRE.MatchString(r.Name) {
			t.Errorf("rule %q %q: ID must look like VX123 and name like kebab-case", r.ID, r.Name)
		}
		if ids[r.ID] || names[r.Name] {
			t.Errorf("rule %s %s: ID or name used twice", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		if r.Title == "" || r.Doc == "" || r.Severity == 0 {
			t.Errorf("rule %s needs a title, a doc and a severity", r.ID)
		}
		if (r.Bad == "") != (r.Good == "") {
			t.Errorf("rule %s has one example of two", r.ID)
		}
		if got, err := LookupRule(strings.ToLower(r.ID)); err != nil || got != r {
			t.Errorf("LookupRule(%s) = %v, %v", r.ID, got, err)
		}
		if got, err := LookupRule(r.Name); err != nil || got != r {
			t.Errorf("LookupRule(%s) = %v, %v", r.Name, got, err)
		}
	}
	if len(catalog) != len(registered) || !slices.IsSortedFunc(catalog, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) }) {
		t.Errorf("the catalog is not every registered rule in ID order")
	}
	for kind, r := range inputRules {
		if r.Tier != TierInput {
			t.Errorf("%v maps to %s, which is not an input rule", kind, r.ID)
		}
	}
	if _, err := LookupRule("VX999"); err == nil {
		t.Error("LookupRule accepted an unknown rule")
	}
}

// TestLookupRuleSuggests: an unknown rule comes back with the ID or name
// most likely meant, and with none when nothing is close.
func TestLookupRuleSuggests(t *testing.T) {
	t.Parallel()
	for got, want := range map[string]string{
		"unpined-image":  "unpinned-image",
		"Unpinned_Image": "unpinned-image",
		"frobnicate":     "",
	} {
		_, err := LookupRule(got)
		var u *UnknownRuleError
		if !errors.As(err, &u) || u.Suggestion != want {
			t.Errorf("LookupRule(%q) = %v; want the suggestion %q", got, err, want)
		}
	}
}

// TestREADMERuleTable keeps the README's rule table in step with the
// catalog; -update rewrites it.
func TestREADMERuleTable(t *testing.T) {
	t.Parallel()
	const path = "../README.md"
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start := regexp.MustCompile(`<!-- rules:start[^>]*-->\n`).FindIndex(readme)
	end := bytes.Index(readme, []byte("<!-- rules:end -->"))
	if start == nil || end < start[1] {
		t.Fatal("README.md lacks the rules:start and rules:end markers")
	}
	var table strings.Builder
	table.WriteString("| ID | name | tier | severity | source | finds |\n|---|---|---|---|---|---|\n")
	for _, r := range catalog {
		fmt.Fprintf(&table, "| [%s](%s) | %s | %s | %s | %s | %s |\n", r.ID, ruleDocPath(r), r.Name, r.Tier, r.Severity, r.Strongest(), r.Title)
	}
	got := append(append(append([]byte{}, readme[:start[1]]...), table.String()...), readme[end:]...)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, readme) {
		t.Error("README.md's rule table is not the catalog's; run `go test ./lint -update`")
	}
}

// TestExamplesLintClean lints examples/ with its configuration, which
// names a snapshot as a pools file, as make demo does.
func TestExamplesLintClean(t *testing.T) {
	t.Parallel()
	res := lintCase(t, "../examples")
	if len(res.Diagnostics) > 0 {
		t.Errorf("examples/ is not clean: %v", messages(res.Diagnostics))
	}
	if res.Files != 3 || res.Documents != 3 {
		t.Errorf("examples/: %d files, %d documents; want 3 and 3", res.Files, res.Documents)
	}
	if res.ExitCode(Info) != 0 {
		t.Errorf("exit code %d, want 0", res.ExitCode(Info))
	}
}
