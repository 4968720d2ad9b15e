// Package lint checks vxjob documents and reports what it finds as
// Diagnostics, which the output formats of this package print.
package lint

import (
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/vxjob/vxjob/spec"
)

// Options configures a run.
type Options struct {
	// Stdin is read for the path "-", and named StdinName in diagnostics.
	Stdin     io.Reader
	StdinName string
	// Jobs is how many files are checked at once; 0 means one per CPU.
	Jobs int
}

// Result is what a run found.
type Result struct {
	Diagnostics []*Diagnostic // sorted by file, position and rule
	Files       int           // files read
	Documents   int           // documents checked

	// sources keeps the files that have diagnostics, for the source lines
	// text output shows.
	sources map[string]*spec.File
}

// Source returns the file a diagnostic was found in, if it was kept.
func (r *Result) Source(name string) *spec.File { return r.sources[name] }

// Count returns how many diagnostics have severity s.
func (r *Result) Count(s Severity) int {
	n := 0
	for _, d := range r.Diagnostics {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Run reads and checks the files (as spec.Expand lists them), several at
// once, and returns every finding in a stable order.
func Run(files []string, opts Options) *Result {
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	// What is kept of a file once checked: its findings and, only when it
	// has some, the file itself for the source lines of text output. The
	// others are dropped at once, so memory stays flat however many files.
	type checked struct {
		docs  int
		diags []*Diagnostic
		file  *spec.File
	}
	results := make([]checked, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := spec.ReadFile(files[i], opts.Stdin, opts.StdinName)
				c := checked{docs: len(f.Docs), diags: CheckFile(f)}
				if len(c.diags) > 0 {
					c.file = f
				}
				results[i] = c
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	res := &Result{Files: len(files), sources: map[string]*spec.File{}}
	for _, r := range results {
		res.Documents += r.docs
		if r.file != nil {
			res.Diagnostics = append(res.Diagnostics, r.diags...)
			res.sources[r.file.Name] = r.file
		}
	}
	slices.SortStableFunc(res.Diagnostics, compareDiagnostics)
	return res
}

// CheckFile returns the findings of one parsed file: the problems met while
// reading it, then the checks of each document: the schema tier and, on
// documents that pass it, the semantic rules. (A document that fails the
// schema would mostly draw noise from rules that expect its types.)
func CheckFile(f *spec.File) []*Diagnostic {
	var diags []*Diagnostic
	for _, e := range f.Errors {
		diags = append(diags, inputDiagnostic(e))
	}
	for _, doc := range f.Docs {
		if doc.Truncated {
			continue // its value is cut short; the alias-expansion error says why
		}
		found := checkDocument(doc)
		if len(found) == 0 {
			found = runSemantic(doc, catalog)
		}
		diags = append(diags, found...)
	}
	return diags
}

// ExitCode is the exit status of a lint run, as DESIGN.md §2 sets it: 2
// when some input could not be read as YAML, 1 when a finding is at or
// above failOn, 0 otherwise.
func (r *Result) ExitCode(failOn Severity) int {
	code := 0
	for _, d := range r.Diagnostics {
		switch {
		case d.Rule.Tier == TierInput && d.Severity == Error:
			return 2
		case d.Severity >= failOn:
			code = 1
		}
	}
	return code
}
