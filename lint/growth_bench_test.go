package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vxjob/vxjob/internal/corpus"
	"github.com/vxjob/vxjob/spec"
)

// growthCase is an input that grows in one dimension, for BenchmarkGrowth:
// write puts the files of size n in dir and returns the lint arguments.
type growthCase struct {
	name  string
	sizes []int
	write func(b *testing.B, dir string, n int) (files []string, opts Options)
	walk  bool // files are directories, walked (spec.Expand) in each run
}

// jobHead is a job document up to the mapping under spec.jobSpec.
const jobHead = `apiVersion: vxjob/v1
kind: CustomJob
metadata: {name: grow}
spec:
  jobSpec:
    workerPoolSpecs:
    - machineSpec: {machineType: n1-standard-4}
      replicaCount: 1
      containerSpec: {imageUri: us-docker.pkg.dev/my-project/train/mnist:1.0}
`

func writeOne(b *testing.B, dir, src string) []string {
	path := filepath.Join(dir, "grow.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	return []string{path}
}

var growthCases = []growthCase{
	// Duplicate keys on one line: each finding's position is a column of a
	// line of megabytes.
	{"duplicate-keys-on-one-line", []int{20000, 40000}, func(b *testing.B, dir string, n int) ([]string, Options) {
		return writeOne(b, dir, jobHead+"    scheduling: {"+strings.Repeat("timeout: 60s, ", n)+"timeout: 60s}\n"), Options{}
	}, false},
	// Unknown fields of one mapping: each finding looks its key up.
	{"unknown-fields", []int{10000, 20000}, func(b *testing.B, dir string, n int) ([]string, Options) {
		var s strings.Builder
		s.WriteString(jobHead + "    scheduling:\n")
		for i := range n {
			fmt.Fprintf(&s, "      k%d: 1\n", i)
		}
		return writeOne(b, dir, s.String()), Options{}
	}, false},
	// Ignore comments, each silencing the finding on its line.
	{"ignore-comments", []int{20000, 40000}, func(b *testing.B, dir string, n int) ([]string, Options) {
		var s strings.Builder
		s.WriteString(jobHead + "    scheduling:\n")
		for i := range n {
			fmt.Fprintf(&s, "      k%d: 1  # vxjob:ignore unknown-field -- generated\n", i)
		}
		return writeOne(b, dir, s.String()), Options{}
	}, false},
	// Jobs that name a resource the run does not know, with many known.
	{"resource-not-found", []int{5000, 10000}, func(b *testing.B, dir string, n int) ([]string, Options) {
		s := corpus.Shape{Files: n, Pools: 400} // 100 resources
		if err := corpus.WriteJobs("..", dir, s); err != nil {
			b.Fatal(err)
		}
		pools := filepath.Join(dir, "pools.yaml")
		if err := corpus.WritePools(pools, s); err != nil {
			b.Fatal(err)
		}
		data, _ := os.ReadFile(pools)
		os.WriteFile(pools, []byte(strings.ReplaceAll(string(data), "name: shared-pr-", "name: other-pr-")), 0o644)
		files, _ := filepath.Glob(filepath.Join(dir, "d*", "*.yaml"))
		return files, Options{Pools: []string{pools}}
	}, false},
	// Files that all describe one job.
	{"duplicate-documents", []int{5000, 10000}, func(b *testing.B, dir string, n int) ([]string, Options) {
		var files []string
		for i := range n {
			path := filepath.Join(dir, fmt.Sprintf("job-%05d.yaml", i))
			if err := os.WriteFile(path, []byte(jobHead), 0o644); err != nil {
				b.Fatal(err)
			}
			files = append(files, path)
		}
		return files, Options{}
	}, false},
	// Tiny files (other tools' YAML, skipped), walked from their directory.
	{"tiny-files", []int{50000, 100000}, func(b *testing.B, dir string, n int) ([]string, Options) {
		for i := range n {
			path := filepath.Join(dir, fmt.Sprintf("d%03d", i/1000), fmt.Sprintf("f%05d.yaml", i))
			if i%1000 == 0 {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					b.Fatal(err)
				}
			}
			if err := os.WriteFile(path, []byte("a: 1\n"), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		return []string{dir}, Options{}
	}, true},
}

// BenchmarkGrowth lints inputs that grow in one dimension, each at two
// sizes, the second twice the first: linear work takes twice the time at
// the second size, work that grows with the square four times. It reports
// the findings and the text output's size.
func BenchmarkGrowth(b *testing.B) {
	for _, gc := range growthCases {
		for _, n := range gc.sizes {
			b.Run(fmt.Sprintf("%s/n=%d", gc.name, n), func(b *testing.B) {
				files, opts := gc.write(b, b.TempDir(), n)
				var w countingWriter
				var found int
				for b.Loop() {
					files := files
					if gc.walk {
						var err error
						if files, err = spec.Expand(files); err != nil {
							b.Fatal(err)
						}
					}
					res := mustRun(b, files, opts)
					w = countingWriter{}
					if err := Write(&w, FormatText, res, OutputOptions{}); err != nil {
						b.Fatal(err)
					}
					found = res.Count(Error) + res.Count(Warning) + res.Count(Info)
				}
				b.ReportMetric(float64(found), "findings")
				b.ReportMetric(float64(w.n), "output-B")
			})
		}
	}
}
