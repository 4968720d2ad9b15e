package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/vxjob/vxjob/internal/corpus"
	"github.com/vxjob/vxjob/internal/parallel"
	"github.com/vxjob/vxjob/internal/peakheap"
	"github.com/vxjob/vxjob/spec"
)

// benchRoot holds every generated repository of this test binary; the
// benchmarks share them, so each is written once, however many times and
// with whatever -count the benchmarks run.
var (
	benchMu    sync.Mutex
	benchRoot  string
	benchDirs  = map[string][]string{}
	benchPools = map[string]string{}
)

// generated returns the files of the repository key, writing it with
// write(dir) the first time.
func generated(b *testing.B, key string, write func(dir string) error) []string {
	benchMu.Lock()
	defer benchMu.Unlock()
	if files, ok := benchDirs[key]; ok {
		return files
	}
	if benchRoot == "" {
		dir, err := os.MkdirTemp("", "vxjob-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchRoot = dir
	}
	dir := filepath.Join(benchRoot, key)
	if err := write(dir); err != nil {
		b.Fatal(err)
	}
	files, err := spec.Expand([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	benchDirs[key] = files
	return files
}

// benchCorpus is the 10,000-file repository of internal/corpus.Write:
// fifty teams, each with its persistent resource among the files.
func benchCorpus(b *testing.B) []string {
	return generated(b, "teams-10k", func(dir string) error { return corpus.Write("..", dir, corpusSize) })
}

const corpusSize = 10000

// shapeFiles writes the job files of s once, and its pools file beside
// them; it returns both.
func shapeFiles(b *testing.B, s corpus.Shape) (files []string, poolsFile string) {
	key := fmt.Sprintf("shape-%d-%d", s.Files, s.Pools)
	files = generated(b, key, func(dir string) error {
		if err := corpus.WriteJobs("..", dir, s); err != nil {
			return err
		}
		path := dir + ".pools.yaml"
		benchPools[key] = path
		return corpus.WritePools(path, s)
	})
	return files, benchPools[key]
}

func TestMain(m *testing.M) {
	if data, _, err := catalogJSON(); err == nil {
		machinesJSON = data // see embeddedMachinesJSON
	}
	code := m.Run()
	if benchRoot != "" {
		os.RemoveAll(benchRoot)
	}
	os.Exit(code)
}

// parseOnly reads every file and decodes its documents into yaml.Nodes,
// on as many goroutines as Run uses: the floor under lint's cost.
func parseOnly(b *testing.B, files []string) {
	parallel.Do(len(files), workers(0), func(i int) {
		data, err := os.ReadFile(files[i])
		if err != nil {
			b.Error(err)
			return
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Error(err)
				break
			}
		}
	})
}

// countingWriter counts what the text output writes, and keeps none of it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// side is one measured run: the time, the most heap held (see peakheap.Of)
// and the text output's size.
type side struct {
	time       time.Duration
	heap       uint64
	outputSize int64
}

// measure times fn and samples the heap it holds, after a collection (not
// timed), so each run starts alike. Only lint runs with the benchmark's
// timer on: ns/op and -benchmem's figures are lint's.
func measure(b *testing.B, timed bool, fn func() int64) side {
	b.StopTimer()
	var s side
	runtime.GC()
	if timed {
		b.StartTimer()
	} else {
		defer b.StartTimer()
	}
	start := time.Now()
	s.heap = peakheap.Of(func() { s.outputSize = fn() })
	s.time = time.Since(start)
	return s
}

// compare runs parse-only and lint (with the text output) in turns, in the
// same iterations, so the ratio holds whatever the machine's load does,
// and reports each side's seconds and peak heap per run, the ratio, and
// the output's size. check judges each lint result.
func compare(b *testing.B, files []string, opts Options, check func(*Result) error) {
	parseOnly(b, files) // the page cache, and the schemas compiled
	mustRun(b, files, opts)
	var parse, lint time.Duration
	var parseHeap, lintHeap uint64
	var output int64
	for b.Loop() {
		p := measure(b, false, func() int64 { parseOnly(b, files); return 0 })
		l := measure(b, true, func() int64 {
			res := mustRun(b, files, opts)
			if err := check(res); err != nil {
				b.Fatal(err)
			}
			var w countingWriter
			if err := Write(&w, FormatText, res, OutputOptions{}); err != nil {
				b.Fatal(err)
			}
			return w.n
		})
		parse, lint = parse+p.time, lint+l.time
		parseHeap, lintHeap = max(parseHeap, p.heap), max(lintHeap, l.heap)
		output = l.outputSize
	}
	n := float64(b.N)
	b.ReportMetric(parse.Seconds()/n, "parse-s/op")
	b.ReportMetric(lint.Seconds()/n, "lint-s/op")
	b.ReportMetric(float64(lint)/float64(parse), "lint/parse")
	b.ReportMetric(float64(parseHeap)/(1<<20), "parse-heap-MB")
	b.ReportMetric(float64(lintHeap)/(1<<20), "lint-heap-MB")
	b.ReportMetric(float64(output), "output-B")
}

// BenchmarkLint is lint's scaling: 1k, 10k and 50k job files, spread over
// 1 resource pool or 100, linted with their pools file (every pool
// oversubscribed, so the pool tier matches and sums every job and reports
// each pool once) and without (no resource known: the pool tier has
// nothing to match); and files=10k/teams, the fifty teams' repository of
// corpus.Write, each team's resource among its files. Each against
// parse-only in the same iterations (target: lint at most 1.5 times
// parse). The 50k cases take seconds a run: make bench runs them once.
func BenchmarkLint(b *testing.B) {
	b.Run("files=10k/teams", func(b *testing.B) {
		files := benchCorpus(b)
		compare(b, files, Options{}, func(res *Result) error {
			if len(res.Diagnostics) != 0 || res.Documents != corpusSize {
				return fmt.Errorf("corpus: %d documents, %d findings", res.Documents, len(res.Diagnostics))
			}
			return nil
		})
	})
	for _, files := range []int{1000, 10000, 50000} {
		for _, pools := range []int{1, 100} {
			for _, withPools := range []bool{true, false} {
				s := corpus.Shape{Files: files, Pools: pools}
				name := fmt.Sprintf("files=%dk/pools=%d/snapshot=%v", files/1000, pools, withPools)
				b.Run(name, func(b *testing.B) {
					jobs, poolsFile := shapeFiles(b, s)
					opts := Options{}
					want := 0
					if withPools {
						opts.Pools, want = []string{poolsFile}, s.Oversubscribed()
					}
					compare(b, jobs, opts, func(res *Result) error {
						if res.Documents != files || len(res.Diagnostics) != want || want > 0 && res.Count(Info) != want {
							return fmt.Errorf("%d documents; %d findings, want %d infos: %v", res.Documents, len(res.Diagnostics), want, messages(res.Diagnostics[:min(3, len(res.Diagnostics))]))
						}
						return nil
					})
				})
			}
		}
	}
}

// BenchmarkLintOneFile is the in-process part of the pre-commit case: one
// job file, read, parsed, checked and converted.
func BenchmarkLintOneFile(b *testing.B) {
	files := []string{"../examples/jobs/resnet-distributed.yaml"}
	for b.Loop() {
		if res := mustRun(b, files, Options{}); len(res.Diagnostics) != 0 {
			b.Fatal(messages(res.Diagnostics))
		}
	}
}

// BenchmarkSemanticRules is the semantic tier on the distributed example
// job, parsed once: all its rules in one pass, then each rule alone in a
// pass of its own (which then also pays for what the rules share, such as
// the worker pools and the task values).
func BenchmarkSemanticRules(b *testing.B) {
	src, err := os.ReadFile("../examples/jobs/resnet-distributed.yaml")
	if err != nil {
		b.Fatal(err)
	}
	doc := spec.Parse("job.yaml", src).Docs[0]
	var semantic []*Rule
	for _, r := range Rules() {
		if r.Tier == TierSemantic && r.Run != nil {
			semantic = append(semantic, r)
		}
	}
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			runSemantic(doc, semantic, spec.Where{})
		}
	})
	for _, r := range semantic {
		b.Run(r.ID, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				runSemantic(doc, []*Rule{r}, spec.Where{})
			}
		})
	}
}
