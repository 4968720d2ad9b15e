// Command gen writes a generated repository for measuring vxjob by hand
// (BENCHMARKS.md): job files in a directory and, beside it, their pools
// file.
//
//	go run ./internal/corpus/gen -files 10000 -pools 1 /tmp/repo
//
// writes /tmp/repo/jobs/... and /tmp/repo/pools.yaml.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vxjob/vxjob/internal/corpus"
)

func main() {
	files := flag.Int("files", 10000, "job files to write")
	pools := flag.Int("pools", 1, "resource pools the jobs are spread over")
	root := flag.String("root", ".", "the module root, where the example job is read from")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gen [-files N] [-pools N] [-root DIR] OUTDIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	s := corpus.Shape{Files: *files, Pools: *pools}
	if err := corpus.WriteJobs(*root, filepath.Join(dir, "jobs"), s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := corpus.WritePools(filepath.Join(dir, "pools.yaml"), s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
