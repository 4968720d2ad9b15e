package lint

import (
	"runtime"
	"strings"
	"testing"
)

// jobWith is a valid job with text in place of its replica count.
func jobWith(replicaCount string) string {
	return `apiVersion: vxjob/v1
kind: CustomJob
metadata:
  name: mnist
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: ` + replicaCount + `
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`
}

// TestHostileInputs lints inputs made to hurt the loader, each from a
// cheap generator, and checks the rule that reports it, its position, and
// the bytes the whole run allocated (runtime.MemStats).
func TestHostileInputs(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name string
		src  func() string
		rule *Rule
		line int
		heap uint64
	}{
		{"100k nested [", func() string { return strings.Repeat("[", 100000) }, ruleYAMLSyntax, 1, 64 * mib},
		{"1M nested { in a job", func() string { return jobWith(strings.Repeat("{", 1000000)) }, ruleYAMLSyntax, 9, 64 * mib},
		{"1M nested - - -", func() string { return strings.Repeat("- ", 1000000) }, ruleYAMLSyntax, 1, 64 * mib},
		{"100 KB string aliased 9,000 times", func() string {
			return "a: &s " + strings.Repeat("x", 100000) + "\nb: [" + strings.TrimSuffix(strings.Repeat("*s, ", 9000), ", ") + "]\n"
		}, ruleAliasExpansion, 2, 64 * mib},
		{"octal", func() string { return jobWith("0200") }, ruleAmbiguousNumber, 9, 64 * mib},
		{"past int64", func() string { return jobWith("9223372036854775808") }, ruleInvalidValue, 9, 64 * mib},
		{"quoted past int64", func() string { return jobWith(`"9223372036854775808"`) }, ruleInvalidValue, 9, 64 * mib},
		{"quoted underscores", func() string { return jobWith(`"1_000"`) }, ruleWrongType, 9, 64 * mib},
		{"minus zero", func() string { return jobWith("-0") }, rulePoolTask, 9, 64 * mib},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res, err := Run([]string{"-"}, Options{Stdin: strings.NewReader(src), StdinName: "hostile.yaml", Jobs: 1, Strict: true})
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes of input: %.1f MiB allocated", len(src), float64(alloc)/mib)
			if alloc > tc.heap {
				t.Errorf("lint allocated %.1f MiB; want at most %d MiB", float64(alloc)/mib, tc.heap/mib)
			}
			if len(res.Diagnostics) == 0 || res.Diagnostics[0].Rule != tc.rule || res.Diagnostics[0].Range.Start.Line != tc.line {
				t.Errorf("got %v; want %s at line %d", messages(res.Diagnostics), tc.rule.ID, tc.line)
			}
		})
	}
}
