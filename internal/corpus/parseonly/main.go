// Command parseonly is the floor under vxjob lint's cost: it reads every
// *.yaml file under its arguments and decodes each document into a
// yaml.Node with go.yaml.in/yaml/v3, on as many goroutines as lint uses
// (two per CPU), and does nothing else. BENCHMARKS.md compares lint with
// it, run for run.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"

	"go.yaml.in/yaml/v3"

	"github.com/vxjob/vxjob/internal/parallel"
)

func main() {
	var files []string
	for _, arg := range os.Args[1:] {
		err := filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	var docs, failed atomic.Int64
	parallel.Do(len(files), 2*runtime.GOMAXPROCS(0), func(i int) {
		data, err := os.ReadFile(files[i])
		if err != nil {
			failed.Add(1)
			return
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				failed.Add(1)
				break
			}
			docs.Add(1)
		}
	})
	fmt.Printf("%d files, %d documents parsed, %d failed\n", len(files), docs.Load(), failed.Load())
	if failed.Load() > 0 {
		os.Exit(1)
	}
}
