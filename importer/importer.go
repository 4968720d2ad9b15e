// Package importer turns what teams already have into vxjob documents
// (ARCHITECTURE.md §1): gcloud --config files (a CustomJobSpec, or a CustomJob
// with displayName and jobSpec), Vertex AI SDK dicts and REST bodies in
// snake_case, and shell scripts with gcloud ai custom-jobs create and
// gcloud ai persistent-resources create command lines.
//
// It translates what gcloud, the SDK or the API would have sent, with the
// defaults they apply, and keeps the comments of a YAML input. What it
// cannot translate (a local package that gcloud builds into an image, an
// unknown key or flag) is reported as a Problem at its position in the
// input, never dropped in silence; the documents hold what could be
// translated.
package importer

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vxjob/vxjob/spec"
)

// Options are what the caller knows beyond the input.
type Options struct {
	// Name is metadata.name of the imported document (a persistent
	// resource's ID), in place of the one the input gives or its display
	// name makes. An input with several documents cannot take one.
	Name string
	// Project and Location are metadata.project and metadata.location of
	// documents whose input names none (gcloud's --project and --region,
	// a REST parent, the SDK's project and location).
	Project, Location string
	// Gcloud says src is a shell command line or script holding gcloud
	// commands. Without it, a file named *.sh or *.bash, or one that
	// starts with a #! line or with the word gcloud, is read as one.
	Gcloud bool
	// Dir is the directory that the --config paths of a command line are
	// relative to; "" is the current directory.
	Dir string
}

// File is one vxjob file to write: a document, named after it.
type File struct {
	Name string // base name, such as bert-finetune.yaml
	Kind string // CustomJob or PersistentResource
	Text []byte
}

// Pos is a place in an input: a file (or a command line, named as the
// caller named it) and a 1-based line and column, columns counting
// characters.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Problem is something in the input that was not translated, or that
// gcloud would have refused, and where it is.
type Problem struct {
	Pos     Pos
	Message string
}

func (p Problem) String() string { return p.Pos.String() + ": " + p.Message }

// Result is what an import made and what it could not do.
type Result struct {
	Files []File
	// Problems are what was not translated, or would not have worked as
	// written: the files then hold only the rest.
	Problems []Problem
	// Notes are what was left out on purpose: the other commands of a
	// script, fields that Vertex AI sets itself (as in a describe output).
	Notes []Problem
}

// nameRE is what metadata.name must match.
var nameRE = spec.ResourceID

// Import reads src, named name in positions, and translates it. The error
// is for input that cannot be read at all (not YAML, not shell) or
// options that do not fit it; everything else is a Problem.
func Import(name string, src []byte, opts Options) (*Result, error) {
	if opts.Name != "" && !nameRE.MatchString(opts.Name) {
		return nil, fmt.Errorf("name %q is not a valid metadata.name: lowercase letters, digits and '-', starting with a letter, at most 63", opts.Name)
	}
	imp := &importer{opts: opts}
	var err error
	if opts.Gcloud || looksLikeShell(name, src) {
		err = imp.script(name, src)
	} else {
		err = imp.body(name, src)
	}
	if err != nil {
		return nil, err
	}
	return imp.finish(name)
}

// importer gathers the documents and problems of one import.
type importer struct {
	opts     Options
	docs     []*document
	problems []Problem
	notes    []Problem
}

func (imp *importer) problemf(at Pos, format string, args ...any) {
	imp.problems = append(imp.problems, Problem{at, fmt.Sprintf(format, args...)})
}

func (imp *importer) notef(at Pos, format string, args ...any) {
	imp.notes = append(imp.notes, Problem{at, fmt.Sprintf(format, args...)})
}

// finish names the documents and encodes them.
func (imp *importer) finish(input string) (*Result, error) {
	if imp.opts.Name != "" && len(imp.docs) > 1 {
		return nil, fmt.Errorf("a name was given, but %s holds %d documents; import it without a name, or one command at a time", input, len(imp.docs))
	}
	res := &Result{Problems: imp.problems, Notes: imp.notes}
	jobs, files := newNames(), newNames()
	resources := map[string]bool{}
	for _, d := range imp.docs {
		d.name = imp.name(d, input)
		switch {
		case d.kind == kindJob:
			// Two jobs of one name would be one job to vxjob.
			d.name = jobs.claim(d.name)
		case resources[d.name]:
			// A persistent resource's name is its ID, which jobs name.
			res.Problems = append(res.Problems, Problem{d.at, fmt.Sprintf("persistent resource %s is created twice; Vertex AI refuses the second", d.name)})
		}
		if d.kind == kindResource {
			resources[d.name] = true
		}
		if d.project == "" {
			d.project = imp.opts.Project
		}
		if d.location == "" {
			d.location = imp.opts.Location
		}
		text, err := d.encode()
		if err != nil {
			return nil, err
		}
		file := files.claim(d.name)
		res.Files = append(res.Files, File{Name: file + ".yaml", Kind: d.kind, Text: text})
	}
	sortProblems(res.Problems)
	sortProblems(res.Notes)
	return res, nil
}

// name is the document's metadata.name: the one given, else the
// persistent resource's ID, else one made from the display name or,
// failing that, from the input's file name.
func (imp *importer) name(d *document, input string) string {
	if imp.opts.Name != "" {
		return imp.opts.Name
	}
	if d.id != "" {
		return d.id
	}
	if n := nameFrom(d.displayName()); n != "" {
		return n
	}
	base := strings.TrimSuffix(filepath.Base(input), filepath.Ext(input))
	// <stdin> and the like are no file names.
	if n := nameFrom(base); n != "" && !strings.HasPrefix(input, "<") {
		return n
	}
	if d.kind == kindResource {
		return "persistent-resource"
	}
	return "custom-job"
}

// names hands out names no one has yet: a name, else name-2, name-3, ...
// It remembers the last suffix of each name, so that n documents of one
// name take n steps, not n².
type names struct {
	taken map[string]bool
	next  map[string]int // the suffix to try first for a name
	tries int            // names tried, all told
}

func newNames() *names { return &names{taken: map[string]bool{}, next: map[string]int{}} }

func (ns *names) claim(name string) string {
	if !ns.taken[name] {
		ns.taken[name] = true
		return name
	}
	for i := max(ns.next[name], 2); ; i++ {
		ns.tries++
		suffix := fmt.Sprintf("-%d", i)
		n := strings.TrimRight(name[:min(len(name), 63-len(suffix))], "-") + suffix
		if !ns.taken[n] {
			ns.taken[n] = true
			ns.next[name] = i + 1
			return n
		}
	}
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		switch {
		case a.Pos.File != b.Pos.File:
			return strings.Compare(a.Pos.File, b.Pos.File)
		case a.Pos.Line != b.Pos.Line:
			return a.Pos.Line - b.Pos.Line
		default:
			return a.Pos.Col - b.Pos.Col
		}
	})
}
