package lint

import (
	"bytes"
	"errors"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/vxjob/vxjob/internal/corpus"
	"github.com/vxjob/vxjob/internal/parallel"
	"github.com/vxjob/vxjob/spec"
)

const corpusSize = 10000

var (
	corpusOnce  sync.Once
	corpusDir   string
	corpusFiles []string
	corpusErr   error
)

// benchCorpus writes the 10,000-file corpus once per test binary.
func benchCorpus(b *testing.B) []string {
	corpusOnce.Do(func() {
		corpusDir, corpusErr = os.MkdirTemp("", "vxjob-corpus-")
		if corpusErr == nil {
			corpusErr = corpus.Write("..", corpusDir, corpusSize)
		}
		if corpusErr == nil {
			corpusFiles, corpusErr = spec.Expand([]string{corpusDir})
		}
	})
	if corpusErr != nil {
		b.Fatal(corpusErr)
	}
	return corpusFiles
}

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusDir != "" {
		os.RemoveAll(corpusDir)
	}
	os.Exit(code)
}

// parseOnly reads every file and decodes its documents with the YAML
// library, on as many goroutines as Run uses: the floor under lint's time.
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

// BenchmarkCorpus10k lints the corpus and, in the same iterations, only
// parses it. It reports each time per run and lint's time as a multiple of
// parsing's (target: at most 1.5).
func BenchmarkCorpus10k(b *testing.B) {
	files := benchCorpus(b)
	parseOnly(b, files) // warm the page cache and compile the schemas first
	mustRun(b, files, Options{})
	var parse, lint time.Duration
	for b.Loop() {
		start := time.Now()
		parseOnly(b, files)
		mid := time.Now()
		res := mustRun(b, files, Options{})
		lint += time.Since(mid)
		parse += mid.Sub(start)
		if len(res.Diagnostics) != 0 || res.Documents != corpusSize {
			b.Fatalf("corpus: %d documents, %d findings", res.Documents, len(res.Diagnostics))
		}
	}
	b.ReportMetric(parse.Seconds()/float64(b.N), "parse-s/op")
	b.ReportMetric(lint.Seconds()/float64(b.N), "lint-s/op")
	b.ReportMetric(float64(lint)/float64(parse), "lint/parse")
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
