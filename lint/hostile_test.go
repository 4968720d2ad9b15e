package lint

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/internal/israce"
	"github.com/vxjob/vxjob/internal/peakheap"
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

// repeated is an endless stream of one byte, for inputs of 100 MB that
// the test itself never holds.
type repeated byte

func (r repeated) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// text is a generator of a hostile input held as a string.
func text(src func() string) func() io.Reader {
	return func() io.Reader { return strings.NewReader(src()) }
}

// manyKeys is a mapping of n keys at indent, one a line.
func manyKeys(indent string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%sk%d: v\n", indent, i)
	}
	return b.String()
}

// Bounds on what lint may hold (peak heap, sampled) and allocate in all
// (runtime.MemStats.TotalAlloc, which bounds the peak whatever sampling
// missed) on any hostile input.
const (
	mib       = 1 << 20
	peakBound = 64 * mib
	// allocBound leaves room for a file near spec.MaxFileSize, read and
	// held as text, a value and lines.
	allocBound = 256 * mib
)

// TestHostileInputs lints inputs made to hurt the loader, each from a
// cheap generator (none is committed), and checks the rule that reports
// it and its line, the exit status, and the memory the run took, from
// runtime.MemStats and runtime/metrics, never the time: the heap held at
// its peak, and the bytes allocated in all.
func TestHostileInputs(t *testing.T) {
	// Memory is measured for the whole process, so the cases run alone;
	// under the race detector, which leaves memory unchecked and makes
	// them ten times slower, they run beside the others.
	if israce.Enabled {
		t.Parallel()
	}
	for _, tc := range []struct {
		name string
		src  func() io.Reader
		rule *Rule // nil: no finding (exit 0)
		line int
	}{
		{"20k nested [", text(func() string { return strings.Repeat("[", 20000) }), ruleYAMLSyntax, 1},
		{"100k nested [", text(func() string { return strings.Repeat("[", 100000) }), ruleYAMLSyntax, 1},
		{"1M nested { in a job", text(func() string { return jobWith(strings.Repeat("{", 1000000)) }), ruleYAMLSyntax, 9},
		{"1M nested - - -", text(func() string { return strings.Repeat("- ", 1000000) }), ruleYAMLSyntax, 1},
		{"1,000 block levels", text(func() string {
			var b strings.Builder
			for i := range 1000 {
				fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
			}
			return b.String()
		}), ruleYAMLSyntax, 101},
		{"billion laughs", text(func() string {
			s := "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
			for i := 1; i < 10; i++ {
				s += fmt.Sprintf("a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
			}
			return s
		}), ruleAliasExpansion, 4},
		{"100 KB string aliased 9,000 times", text(func() string {
			return "a: &s " + strings.Repeat("x", 100000) + "\nb: [" + strings.TrimSuffix(strings.Repeat("*s, ", 9000), ", ") + "]\n"
		}), ruleAliasExpansion, 2},
		{"merge keys <<: [*m, *m, ...]", text(func() string {
			s := "m0: &m0 {k: " + strings.Repeat("x", 1000) + "}\n"
			for i := 1; i < 12; i++ {
				s += fmt.Sprintf("m%d: &m%d\n  <<: [%s]\n  k%d: %s\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*m%d, ", i-1), 10), ", "), i, strings.Repeat("y", 1000))
			}
			return s
		}), ruleAliasExpansion, 12},
		{"aliases as keys", text(func() string {
			return "a: &k " + strings.Repeat("k", 100000) + "\nl:\n" + strings.Repeat("- {*k : 1}\n", 9000)
		}), ruleAliasExpansion, 44},
		{"100 MB on one line", func() io.Reader {
			return io.MultiReader(strings.NewReader("a: "), io.LimitReader(repeated('x'), 100<<20))
		}, ruleReadError, 0},
		{"15 MiB value on one line", text(func() string {
			return jobWith("1\n      env: [{name: A, value: " + strings.Repeat("x", 15<<20) + "}]")
		}), ruleUnknownField, 10},
		{"5M items on one line", text(func() string { return jobWith("1\n      args: [" + strings.Repeat("x, ", 5<<20) + "x]") }), ruleYAMLSyntax, 10},
		{"1e5 documents", text(func() string { return strings.Repeat("---\nkind: CustomJob\n", 100000) }), ruleYAMLSyntax, 20001},
		{"1e5 empty documents", text(func() string { return strings.Repeat("--- {}\n", 100000) }), ruleYAMLSyntax, 10001},
		{"9,999 documents", text(func() string { return strings.Repeat("---\nkind: CustomJob\n", 9999) }), ruleDocumentKind, 2},
		{"10k-key mapping of labels", text(func() string {
			return strings.Replace(jobWith("1"), "spec:\n", "spec:\n  labels:\n"+manyKeys("    ", 10000), 1)
		}), ruleLabels, 6},
		{"10k unknown keys", text(func() string { return jobWith("1") + manyKeys("", 10000) }), ruleUnknownField, 11},
		{"octal", text(func() string { return jobWith("0200") }), ruleAmbiguousNumber, 9},
		{"hexadecimal", text(func() string { return jobWith("0x10") }), ruleAmbiguousNumber, 9},
		{"1e3 is 1000", text(func() string { return jobWith("1e3") }), rulePrimaryReplica, 9}, // "runs 1000 replicas"
		{"past int64", text(func() string { return jobWith("9223372036854775808") }), ruleInvalidValue, 9},
		{"quoted past int64", text(func() string { return jobWith(`"9223372036854775808"`) }), ruleInvalidValue, 9},
		{"quoted underscores", text(func() string { return jobWith(`"1_000"`) }), ruleWrongType, 9},
		{"minus zero", text(func() string { return jobWith("-0") }), rulePoolTask, 9},
		{"NUL byte", text(func() string { return jobWith("1\x00") }), ruleEncoding, 9},
		{"UTF-16 LE BOM", text(func() string { return "\xff\xfea\x00:\x00 \x001\x00\n\x00" }), ruleEncoding, 1},
		{"UTF-16 BE BOM", text(func() string { return "\xfe\xff\x00a\x00:\x00 \x001\x00\n" }), ruleEncoding, 1},
		{"lone CR line breaks", text(func() string { return strings.ReplaceAll(jobWith("x"), "\n", "\r") }), ruleWrongType, 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if israce.Enabled {
				t.Parallel()
			}
			src := tc.src()
			var res *Result
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			peak := peakheap.Of(func() {
				var err error
				res, err = Run([]string{"-"}, Options{Stdin: src, StdinName: "hostile.yaml", Jobs: 1, Strict: true})
				if err != nil {
					t.Fatal(err)
				}
			})
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("peak heap %.1f MiB, %.1f MiB allocated", float64(peak)/mib, float64(alloc)/mib)
			bound := uint64(peakBound)
			if tc.name == "15 MiB value on one line" {
				bound = 128 * mib // the value is held as the text, its line, the parser's scalar and the JSON value
			}
			if (peak > bound || alloc > allocBound) && !israce.Enabled {
				t.Errorf("lint held %.1f MiB at its peak and allocated %.1f MiB; want at most %d and %d MiB", float64(peak)/mib, float64(alloc)/mib, bound/mib, allocBound/mib)
			}
			if tc.rule == nil {
				if len(res.Diagnostics) > 0 || res.ExitCode(Error) != 0 {
					t.Errorf("got %v, exit %d; want no finding", messages(res.Diagnostics), res.ExitCode(Error))
				}
				return
			}
			if len(res.Diagnostics) == 0 || res.Diagnostics[0].Rule != tc.rule || res.Diagnostics[0].Range.Start.Line != tc.line {
				t.Errorf("got %v; want %s at line %d", messages(res.Diagnostics[:min(3, len(res.Diagnostics))]), tc.rule.ID, tc.line)
			}
			// Reported is what matters: -0 replicas, say, draws a warning.
			if code := res.ExitCode(Warning); code != 1 && code != 2 {
				t.Errorf("exit %d with --fail-on warning; want 1 or 2", code)
			}
		})
	}
}
