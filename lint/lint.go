// Package lint checks vxjob documents and reports what it finds as
// Diagnostics, which the output formats of this package print.
package lint

import (
	"context"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/vxjob/vxjob/internal/parallel"
	"github.com/vxjob/vxjob/lint/pools"
	"github.com/vxjob/vxjob/schemas"
	"github.com/vxjob/vxjob/spec"
)

// Options configures a run.
type Options struct {
	// Stdin is read for the path "-", and named StdinName in diagnostics.
	Stdin     io.Reader
	StdinName string
	// Jobs is how many files are checked at once; 0 means two per CPU.
	Jobs int

	// Defaults are the project and location of documents that name none.
	Defaults spec.Where
	// Pools are pools files: PersistentResource documents, as vxjob
	// snapshot writes them, that the pool rules check jobs against. They
	// are read, not linted; a pools file that is also linted counts once.
	Pools []string
	// FindPools, when set, returns more pools files. Run calls it once the
	// files are checked, so that finding them (walking pools directories,
	// which asks git what it ignores) runs meanwhile. An error from it ends
	// the run: Run returns it.
	FindPools func() ([]string, error)
	// Rules changes the severity of rules, or turns them Off.
	Rules map[*Rule]Severity
	// Vars are the values of the variables (${NAME}) the files use. A
	// value whose variable is not among them is unknown, and draws no
	// findings.
	Vars spec.Vars
	// RequireVars reports what plan and apply refuse for want of a value:
	// each variable that no source defines (VX108), and a document that
	// names no project or location (VX109).
	RequireVars bool
	// Live, when set, is asked once the files are read (lint --live): it
	// returns what Vertex AI says of the run's projects and locations. Its
	// snapshots are read as pools files, and the live rules run on its
	// answers. An error from it ends the run.
	Live func(LiveRequest) (*LiveView, error)
	// Strict checks every file as vxjob's: a file that is not (another
	// tool's YAML) is an error instead of being skipped.
	Strict bool
	// Context, when set, stops the run between files once it is done (on
	// Ctrl-C); Run then returns its error and no result.
	Context context.Context
}

// Result is what a run found.
type Result struct {
	Diagnostics []*Diagnostic // sorted by file, position and rule
	Files       int           // files linted
	Documents   int           // documents checked
	// Rejected counts the documents with schema errors: only the
	// value-level rules (Rule.ValueLevel) checked them, and the pool tier
	// does not know them.
	Rejected int
	// Skipped are the files that are not vxjob's (Options.Strict aside),
	// in the order given; Files does not count them.
	Skipped []Skipped
	// Pools are the persistent resources the run knew of, and its jobs
	// matched to their pools, as the pool rules saw them. A run that knew
	// no resource lists no jobs either: there was nothing to match them to.
	Pools *pools.Set

	// sources keeps the text of the files that have diagnostics, for the
	// source lines text output shows.
	sources map[string]*spec.File
	// digests are of the linted files whose text was dropped (checked.digest).
	digests map[string]digest
	// secrets are the secret values of each file, which every output masks.
	secrets map[string][]string
}

// Source returns the file a diagnostic was found in, if it was kept.
func (r *Result) Source(name string) *spec.File { return r.sources[name] }

// Count returns how many findings have severity s, those not shown
// (Diagnostic.Omitted) included.
func (r *Result) Count(s Severity) int {
	n := 0
	for _, d := range r.Diagnostics {
		if d.Severity == s {
			n += max(1, d.Omitted)
		}
	}
	return n
}

// ExitCode is the exit status of a lint run, as the linters people use
// have it: 2 when vxjob could not do its job (a file could not be read, the
// configuration is not valid), 1 when a finding is at or above failOn (a
// file that does not parse included), 0 otherwise.
func (r *Result) ExitCode(failOn Severity) int {
	code := 0
	for _, d := range r.Diagnostics {
		switch {
		case d.Severity == Error && (d.Rule == ruleReadError || d.Rule == ruleConfig || IsConfigName(d.File)):
			return 2
		case d.Severity >= failOn:
			code = 1
		}
	}
	return code
}

// checked is what is kept of a file once phase one is done with it: its
// findings and what later phases need. The parsed file itself is dropped,
// so memory stays flat however many files there are.
type checked struct {
	name       string // the file's, as diagnostics give it
	docs       int
	rejected   int // documents the schema tier rejected: later tiers skip them
	diags      []*Diagnostic
	resources  []*pools.Resource
	jobs       []pools.Packed // unpacked for the pool tier, once every file is read
	refs       []docRef
	liveJobs   []*LiveJob // every CustomJob, when the run is live
	directives []*directive
	source     *spec.File // the text only, when a finding may point into it
	skipped    *Skipped   // the file is not vxjob's
	// digest is of the text when it was dropped: a finding of the pool
	// tier that points into the file shows its lines only if the file
	// still holds what was linted.
	digest digest
	// secrets are the secret values the file holds (secret.Values), which
	// every output masks.
	secrets []string
}

// Run checks the files (as spec.Expand lists them) in three phases:
// each file on its own, several at once (input, schema and semantic
// tiers); then the jobs against the persistent resources of the run (pool
// tier, and live tier when Options.Live is set); then severities and
// ignore comments. Findings come back in a stable order. The error is
// Options.Live's, or Options.Context's; problems with the files are
// findings.
func Run(files []string, opts Options) (*Result, error) {
	warmUp()
	l := newLinter(opts)
	results := make([]checked, len(files))
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if err := l.checkFiles(ctx, files, results); err != nil {
		return nil, err
	}
	poolFiles := opts.Pools
	if opts.FindPools != nil {
		more, err := opts.FindPools()
		if err != nil {
			return nil, err
		}
		poolFiles = append(slices.Clip(poolFiles), more...)
	}

	// Each list is made at its size, and each file's result read in
	// place rather than copied: growing the lists took about 10 ms of a
	// run of 10,000 files, copying the results 5, in which nothing else
	// runs.
	res := &Result{Files: len(files), sources: map[string]*spec.File{}, digests: make(map[string]digest, len(files)), secrets: map[string][]string{}}
	var nResources, nJobs, nRefs, nDiags int
	for i := range results {
		c := &results[i]
		nResources, nJobs, nRefs, nDiags = nResources+len(c.resources), nJobs+len(c.jobs), nRefs+len(c.refs), nDiags+len(c.diags)
	}
	resources := make([]*pools.Resource, 0, nResources)
	refs := make([]docRef, 0, nRefs)
	var liveJobs []*LiveJob
	directives := map[string][]*directive{}
	diags := make([]*Diagnostic, 0, nDiags)
	for i := range results {
		c := &results[i]
		if c.skipped != nil {
			res.Skipped = append(res.Skipped, *c.skipped)
			res.Files--
		}
		res.Documents += c.docs
		res.Rejected += c.rejected
		diags = append(diags, c.diags...)
		resources = append(resources, c.resources...)
		refs = append(refs, c.refs...)
		liveJobs = append(liveJobs, c.liveJobs...)
		if c.source != nil {
			res.sources[c.source.Name] = c.source
			directives[c.source.Name] = c.directives
		} else if c.digest != 0 {
			res.digests[c.name] = c.digest
		}
		if len(c.secrets) > 0 {
			res.secrets[c.name] = c.secrets
		}
	}

	var live *Live
	if opts.Live != nil {
		view, err := opts.Live(liveRequest(liveJobs, resources))
		if err != nil {
			return nil, err
		}
		live = &Live{View: view, Jobs: liveJobs}
		liveDiags, observed := l.readPools(view.Snapshots, res, true)
		diags = append(diags, liveDiags...)
		resources = append(resources, observed...)
	}
	poolDiags, snapshots := l.readPools(readPoolsFiles(poolFiles, files, opts.Vars), res, false)
	diags = append(diags, poolDiags...)
	resources = append(resources, snapshots...)
	var jobs []*pools.Job
	if len(resources) > 0 {
		// With no resource, no pool rule looks at a job: the unpacking
		// is saved (about 13 ms of a run of 10,000 files).
		jobs = unpackJobs(results, nJobs)
	}
	res.Pools = pools.NewSet(resources, jobs)
	diags = append(diags, l.runPools(res.Pools, refs, live)...)

	res.Diagnostics = l.finish(diags, directives)
	slices.SortStableFunc(res.Diagnostics, compareDiagnostics)
	res.Diagnostics = limit(res.Diagnostics)
	slices.SortStableFunc(res.Diagnostics, compareDiagnostics)
	res.keepSources()
	res.maskMessages()
	return res, nil
}

// unpackJobs unpacks the n jobs of the results for the pool tier.
func unpackJobs(results []checked, n int) []*pools.Job {
	jobs := make([]*pools.Job, 0, n)
	for i := range results {
		for _, j := range results[i].jobs {
			jobs = append(jobs, j.Unpack())
		}
	}
	return jobs
}

// checkFiles runs phase one on the files, several at once, into results.
// Once ctx is done it returns its error at once: no file is started after
// that, and the reads under way (a stream that does not end, say) are
// left to finish in the background, their results unused.
func (l *linter) checkFiles(ctx context.Context, files []string, results []checked) error {
	if ctx.Done() == nil { // never done: no need to watch it
		l.checkEach(ctx, files, results)
		return nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.checkEach(ctx, files, results)
	}()
	select {
	case <-done:
		return ctx.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *linter) checkEach(ctx context.Context, files []string, results []checked) {
	parallel.Do(len(files), workers(l.opts.Jobs), func(i int) {
		if ctx.Err() != nil {
			return // interrupted: the files left are not read
		}
		f := spec.ReadFileVars(files[i], l.opts.Stdin, l.opts.StdinName, l.opts.Vars)
		results[i] = l.checkFile(f, files[i] == "-")
		results[i].name = f.Name
		if results[i].source != nil {
			// The file will be shown. One whose text was dropped has its
			// secrets collected only if a finding brings it back
			// (keepSources): most job files never are.
			results[i].secrets = fileSecrets(f)
		}
	})
}

// digest identifies a file's text within one run, to tell whether the
// file reads back as it was linted; 0 is none. A hash with a seed of the
// run's own does that as well as SHA-256 did, in a seventh of the time:
// 116 ns against 819 for a job file of 1.3 KB.
type digest uint64

var digestSeed = maphash.MakeSeed()

func digestOf(src []byte) digest { return digest(maphash.Bytes(digestSeed, src) | 1) }

// keepSources keeps the text of the files with findings, for the source
// lines of text output, reading again those whose text was dropped: as
// linted files are read, within spec.MaxFileSize, and shown only when the
// file still holds the bytes that were linted.
func (r *Result) keepSources() {
	with := map[string]bool{}
	for _, d := range r.Diagnostics {
		with[d.File] = true
		if _, kept := r.sources[d.File]; kept {
			continue
		}
		digest, linted := r.digests[d.File]
		if !linted {
			continue // a pools file, say: not linted, so never shown
		}
		if src, err := spec.ReadSource(d.File); err == nil && digestOf(src) == digest {
			r.sources[d.File] = &spec.File{Name: d.File, Src: src}
			r.addSecrets(spec.Parse(d.File, src))
		}
	}
	for name := range r.sources {
		if !with[name] {
			delete(r.sources, name)
		}
	}
	r.digests = nil
}

// warmUp parses the machine catalog in the background while the first
// files are read: it takes a millisecond or two, which a run of one file
// (the pre-commit case) would otherwise wait for.
func warmUp() {
	go machines()
}

// workers is how many files are checked at once: Options.Jobs, else two
// per CPU, so that one can compute while the other waits for a read.
func workers(jobs int) int {
	if jobs <= 0 {
		return 2 * runtime.GOMAXPROCS(0)
	}
	return jobs
}

// linter holds what every phase of a run needs.
type linter struct {
	opts     Options
	semantic []*Rule // the semantic rules that are on
	// valueRules are the semantic rules that are on and run on documents
	// the schema tier rejects too (Rule.ValueLevel).
	valueRules []*Rule
	pool       []*Rule // the pool rules that are on
	live       []*Rule // the live rules that are on
}

func newLinter(opts Options) *linter {
	l := &linter{opts: opts}
	for _, r := range catalog {
		if opts.Rules[r] == Off || r.Run == nil {
			continue
		}
		switch r.Tier {
		case TierSemantic:
			l.semantic = append(l.semantic, r)
			if r.ValueLevel {
				l.valueRules = append(l.valueRules, r)
			}
		case TierPools:
			l.pool = append(l.pool, r)
		case TierLive:
			l.live = append(l.live, r)
		}
	}
	return l
}

// CheckFile returns the findings of one parsed file, as a run with every
// rule on would with Options.Strict (the pool tier aside, which needs
// every file of the run).
func CheckFile(f *spec.File) []*Diagnostic {
	return newLinter(Options{Strict: true}).checkFile(f, false).diags
}

// checkFile runs phase one on a file: the problems met while reading it,
// then the schema tier on each document and, on the documents that pass
// it, the semantic rules. (A document that fails the schema would mostly
// draw noise from rules that expect its types.) It also keeps what the
// pool tier needs.
func (l *linter) checkFile(f *spec.File, stdin bool) checked {
	if IsConfigName(f.Name) {
		// A configuration file named on the command line (pre-commit passes
		// every changed YAML file) is checked as what it is.
		c := checked{diags: checkConfigFile(f)}
		if len(c.diags) > 0 {
			c.source = &spec.File{Name: f.Name, Src: f.Src}
		}
		return c
	}
	if !l.opts.Strict {
		if why := foreign(f); why != "" {
			c := checked{skipped: &Skipped{File: f.Name, Reason: why}}
			if d := importable(f); d != nil {
				c.diags = []*Diagnostic{d}
				c.source = &spec.File{Name: f.Name, Src: f.Src}
			}
			return c
		}
	}
	c := checked{docs: len(f.Docs), directives: parseDirectives(f)}
	var valid []*spec.Document
	var rejected []rejected
	c.diags, valid, rejected = schemaTier(f)
	for _, r := range rejected {
		c.diags = append(c.diags, withoutUnknown(r.doc, l.valueLevel(r), (*spec.Document).IsWhollyUnknown)...)
	}
	c.rejected = len(rejected)
	if l.opts.RequireVars {
		for _, doc := range f.Docs {
			c.diags = append(c.diags, undefinedVariables(doc)...)
			if d := noProject(doc, l.opts.Defaults); d != nil {
				c.diags = append(c.diags, d)
			}
		}
	}
	for _, doc := range valid {
		c.diags = append(c.diags, withoutUnknown(doc, runSemantic(doc, l.semantic, l.opts.Defaults), (*spec.Document).IsWhollyUnknown)...)
		if ref, ok := refOf(doc, l.opts.Defaults); ok && (doc.Kind == schemas.KindCustomJob || doc.Kind == schemas.KindPersistentResource) {
			c.refs = append(c.refs, ref)
		}
		switch doc.Kind {
		case schemas.KindCustomJob:
			if j := pools.JobFrom(doc, l.opts.Defaults); j != nil {
				c.jobs = append(c.jobs, pools.Pack(j))
			}
			if l.opts.Live != nil {
				c.liveJobs = append(c.liveJobs, liveJobFrom(doc, l.opts.Defaults))
			}
		case schemas.KindPersistentResource:
			c.resources = append(c.resources, pools.ResourceFrom(doc, l.opts.Defaults, false))
		}
	}
	// The text of files without findings yet is dropped; should a finding
	// of the pool tier point into one, keepSources reads it again. Standard
	// input cannot be read again, so its text is kept.
	if len(c.diags) > 0 || len(c.directives) > 0 || (stdin && len(c.jobs)+len(c.resources)+len(c.liveJobs)+len(c.refs) > 0) {
		c.source = &spec.File{Name: f.Name, Src: f.Src}
	} else if len(c.jobs)+len(c.resources)+len(c.liveJobs)+len(c.refs) > 0 {
		c.digest = digestOf(f.Src)
	}
	return c
}

// rejected is a document that the schema tier reports, with its findings.
type rejected struct {
	doc    *spec.Document
	schema []*Diagnostic
}

// schemaTier reports the problems met reading f and the schema tier's
// findings on its documents, and returns the documents that pass and
// those that do not.
func schemaTier(f *spec.File) (diags []*Diagnostic, valid []*spec.Document, rejects []rejected) {
	for _, e := range f.Errors {
		diags = append(diags, inputDiagnostic(e))
	}
	for _, doc := range f.Docs {
		if doc.Truncated {
			continue // its value is cut short; the alias-expansion error says why
		}
		if found := withoutUnknown(doc, checkDocument(doc), (*spec.Document).IsUnknown); len(found) > 0 {
			diags = append(diags, found...)
			rejects = append(rejects, rejected{doc, found})
			continue
		}
		valid = append(valid, doc)
	}
	return diags, valid, rejects
}

// valueLevel runs the rules that need no schema-valid document (see
// Rule.ValueLevel) on one the schema tier rejected. A finding on a value
// that a schema finding is about (its wrong type, say) is dropped: the
// schema's says it first.
func (l *linter) valueLevel(r rejected) []*Diagnostic {
	var bad []string
	for _, d := range r.schema {
		switch d.Rule {
		case ruleWrongType, ruleInvalidValue, ruleUnknownField, ruleOneofConflict, ruleOutputOnlyField:
			bad = append(bad, d.Path)
		}
	}
	found := runSemantic(r.doc, l.valueRules, l.opts.Defaults)
	return slices.DeleteFunc(found, func(d *Diagnostic) bool {
		return slices.ContainsFunc(bad, func(p string) bool { return pointerWithin(d.Path, p) })
	})
}

// pointerWithin reports whether JSON pointer p is at or under parent.
func pointerWithin(p, parent string) bool {
	return p == parent || strings.HasPrefix(p, parent+"/")
}

// runPools runs the pool rules on the run's resources and jobs, and the
// live rules when the run is live.
func (l *linter) runPools(set *pools.Set, refs []docRef, live *Live) []*Diagnostic {
	rules := l.pool
	if live != nil {
		rules = append(slices.Clone(rules), l.live...)
	}
	var diags []*Diagnostic
	for _, r := range rules {
		p := &Pass{Rule: r, Pools: set, Docs: refs, Live: live}
		r.Run(p)
		diags = append(diags, p.diags...)
	}
	return diags
}

// readPoolsFiles reads the pools files that are not linted as well; a
// pools file that is also linted counts once, as a linted file.
func readPoolsFiles(paths, linted []string, vars spec.Vars) []*spec.File {
	if len(paths) == 0 {
		return nil
	}
	abs := absPaths()
	lintedAbs := make(map[string]bool, len(linted))
	for _, f := range linted {
		lintedAbs[abs(f)] = true
	}
	var files []*spec.File
	for _, path := range paths {
		if !lintedAbs[abs(path)] {
			files = append(files, spec.ReadFileVars(path, nil, "", vars))
		}
	}
	return files
}

// readPools reads pools files: their PersistentResource documents describe
// resources for the pool rules. Problems in them are reported like
// problems in linted files, for vxjob cannot check jobs against a
// description it cannot read. A file with no documents (a snapshot of a
// location with no resources) is no problem. live says the files are what
// Vertex AI says now.
func (l *linter) readPools(files []*spec.File, res *Result, live bool) ([]*Diagnostic, []*pools.Resource) {
	var diags []*Diagnostic
	var resources []*pools.Resource
	for _, f := range files {
		if len(f.Docs) == 0 {
			f.Errors = slices.DeleteFunc(f.Errors, func(e *spec.Error) bool { return e.Kind == spec.EmptyDocument })
		}
		found, valid, _ := schemaTier(f)
		for _, doc := range valid {
			if doc.Kind != schemas.KindPersistentResource {
				d := &Diagnostic{Rule: ruleDocumentKind, Severity: ruleDocumentKind.Severity, File: f.Name, Document: doc.Index,
					Range: doc.KeyRange([]string{"kind"}), Path: "/kind",
					Summary: "a pools file holds PersistentResource documents only, not " + doc.Kind}
				d.Detail = "Pools files (--pools, pools: in .vxjob.yaml) describe persistent resources for the pool rules; lint job files as paths instead."
				found = append(found, d)
				continue
			}
			r := pools.ResourceFrom(doc, l.opts.Defaults, true)
			r.Live = live
			resources = append(resources, r)
		}
		if len(found) > 0 {
			res.sources[f.Name] = &spec.File{Name: f.Name, Src: f.Src}
			diags = append(diags, found...)
		} else {
			res.digests[f.Name] = digestOf(f.Src)
		}
		res.addSecrets(f)
	}
	return diags, resources
}

// absPaths returns a function that makes a path absolute, so that one
// file named two ways counts once (a path itself when the working directory
// cannot be known). The directory is asked once: filepath.Abs asks it for
// each path, and checks it with two stats, for each of thousands of files.
func absPaths() func(path string) string {
	wd, err := os.Getwd()
	return func(path string) string {
		switch {
		case filepath.IsAbs(path):
			return filepath.Clean(path)
		case err != nil:
			return path
		}
		return filepath.Join(wd, path)
	}
}

// finish applies the ignore comments, adds what is wrong with them, and
// applies the severities of Options.Rules.
func (l *linter) finish(diags []*Diagnostic, directives map[string][]*directive) []*Diagnostic {
	// By file and the line each silences: a file can have thousands.
	byLine := map[string]map[int][]*directive{}
	for file, dirs := range directives {
		lines := map[int][]*directive{}
		for _, dir := range dirs {
			lines[dir.target] = append(lines[dir.target], dir)
		}
		byLine[file] = lines
	}
	var kept []*Diagnostic
	for _, d := range diags {
		if !ignored(d, byLine[d.File][d.Range.Start.Line]) {
			kept = append(kept, d)
		}
	}
	kept = append(kept, directiveDiagnostics(directives, l.opts.Rules)...)
	out := kept[:0]
	for _, d := range kept {
		if sev, ok := l.opts.Rules[d.Rule]; ok {
			if sev == Off {
				continue
			}
			d.Severity = sev
		}
		out = append(out, d)
	}
	return out
}
