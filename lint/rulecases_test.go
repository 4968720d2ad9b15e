package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vxjob/vxjob/spec"
)

// TestRuleCases runs the testdata of each rule from the semantic tier on:
// testdata/rules/NAME.yaml (or a directory NAME/) must draw the rule, and
// its text output must equal NAME.out, which pins every position;
// NAME.ok.yaml (or NAME.ok/) must not draw it.
func TestRuleCases(t *testing.T) {
	t.Parallel()
	for _, r := range catalog {
		if r.Tier < TierSemantic {
			continue
		}
		t.Run(r.ID+"-"+r.Name, func(t *testing.T) {
			base := filepath.Join("testdata", "rules", r.Name)
			bad, ok := caseInput(base), caseInput(base+".ok")
			if bad == "" || ok == "" {
				t.Fatalf("rule %s needs %s.yaml (or a directory) and %s.ok.yaml", r.ID, base, base)
			}
			res := lintCase(t, bad)
			if !hasRule(res, r) {
				t.Errorf("%s does not draw %s; got %v", bad, r.ID, messages(res.Diagnostics))
			}
			var text bytes.Buffer
			if err := Write(&text, FormatText, res, OutputOptions{Tool: testTool}); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, base+".out", text.Bytes())

			if res := lintCase(t, ok); hasRule(res, r) {
				t.Errorf("%s draws %s: %v", ok, r.ID, messages(res.Diagnostics))
			}
		})
	}
}

// caseInput finds base.yaml or the directory base; "" when neither exists.
func caseInput(base string) string {
	for _, p := range []string{base + ".yaml", base} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// lintCase lints a case file or directory; a directory may hold a
// .vxjob.yaml, which is used as the configuration (pools files, defaults,
// rule settings, paths to skip).
func lintCase(t *testing.T, path string) *Result {
	t.Helper()
	files, err := spec.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	// Cases run live against exampleLive, as the rule examples do; the live
	// rules need it, and the others must not mind it.
	opts := Options{Jobs: 1, Live: exampleLive}
	if cfgPath := filepath.Join(path, ".vxjob.yaml"); fileExists(cfgPath) {
		cfg, problems := LoadConfig(cfgPath)
		if problems != nil {
			t.Fatalf("%s: %v", cfgPath, messages(problems.Diagnostics))
		}
		files = slices.DeleteFunc(files, cfg.Skips)
		if opts.Pools, err = spec.Expand(cfg.Pools); err != nil {
			t.Fatal(err)
		}
		opts.Defaults, opts.Rules = cfg.Defaults, cfg.Rules
	}
	return mustRun(t, files, opts)
}

// mustRun is Run for runs that are not live, which cannot fail.
func mustRun(t testing.TB, files []string, opts Options) *Result {
	t.Helper()
	res, err := Run(files, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func hasRule(res *Result, r *Rule) bool {
	for _, d := range res.Diagnostics {
		if d.Rule == r {
			return true
		}
	}
	return false
}
