package spec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// MaxFileSize bounds what vxjob reads of any one input (a job file, a
// variables file, standard input, a file to import); job files are a few KB.
const MaxFileSize = 16 << 20

// IsYAMLName reports whether name ends in .yaml or .yml.
func IsYAMLName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// Expand turns command-line paths into the files to read, in order and
// without repeats: a file as given (whatever its name); a directory's
// *.yaml and *.yml files at any depth; the matches of a glob pattern
// ("jobs/**/*.yaml") that the shell did not expand. "-" stands for standard
// input and is kept as is. Inside directories and in glob matches, names
// starting with "." (.git, .github, .vxjob.yaml) are passed over, as the
// shell does: they are other tools' files. Inside a git work tree, what
// git ignores (.gitignore, .git/info/exclude) is passed over too, in
// directories and glob matches alike. Symbolic links are followed,
// but no directory is entered twice and no file is listed twice, however
// many symbolic links lead to it, so links that loop end. (Two hard links
// to one file are two files, as they are in a clone: git records none.)
// Files that are not regular (a named pipe, a device) are listed, and
// ReadFile reports them without reading them. A path that does not exist
// is an error.
func Expand(paths []string) ([]string, error) {
	return ExpandContext(context.Background(), paths)
}

// ExpandLater starts ExpandContext(ctx, paths) and returns a function
// that waits for its answer, so that the caller can do other work while
// the directories are walked and git is asked what it ignores (a process
// start of milliseconds: in the pre-commit case, the pools directories'
// walk takes as long as linting the file).
func ExpandLater(ctx context.Context, paths []string) func() ([]string, error) {
	type answer struct {
		files []string
		err   error
	}
	wait := later(func() answer {
		files, err := ExpandContext(ctx, paths)
		return answer{files, err}
	})
	return func() ([]string, error) {
		a := wait()
		return a.files, a.err
	}
}

// later runs f in the background and returns a function that waits for
// its result.
func later[T any](f func() T) func() T {
	var v T
	done := make(chan struct{})
	go func() {
		defer close(done)
		v = f()
	}()
	return func() T {
		<-done
		return v
	}
}

// ExpandContext is Expand, stopped with ctx's error once ctx is done.
func ExpandContext(ctx context.Context, paths []string) ([]string, error) {
	var found []match
	add := func(m match) { found = append(found, m) }
	// Two names can lead to one file only through a symbolic link or
	// through two of the paths; without either, no file is asked what it
	// is, which saves a system call for each file of a large directory.
	mayRepeat := len(paths) > 1
	ignores := gitIgnoredUnder(ctx, paths)
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if p == "-" {
			add(match{path: p})
			continue
		}
		info, err := os.Stat(p)
		switch {
		case err == nil && info.IsDir():
			w := &walker{ctx: ctx, dirs: newFileSet(), depth: -1, match: IsYAMLName, add: add}
			if err := w.walkRoot(p, info, ignores[i]()); err != nil {
				return nil, err
			}
			mayRepeat = mayRepeat || w.followedLink
			if w.matched == 0 {
				if w.skipped > 0 {
					return nil, fmt.Errorf("%s: no *.yaml or *.yml files in this directory, apart from what git ignores", p)
				}
				return nil, fmt.Errorf("%s: no *.yaml or *.yml files in this directory", p)
			}
		case err == nil:
			add(match{path: filepath.Clean(p), info: info})
		case errors.Is(err, fs.ErrNotExist) && hasMeta(p):
			matches, followedLink, err := glob(ctx, p)
			if err != nil {
				return nil, err
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("%s: no files match this pattern", p)
			}
			found = append(found, matches...)
			mayRepeat = mayRepeat || followedLink
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s: no such file or directory", p)
		default:
			return nil, err
		}
	}
	return unique(found, mayRepeat), nil
}

// unique lists the names of found in order, each once, and, when two
// names may lead to one file (mayRepeat), each file once.
func unique(found []match, mayRepeat bool) []string {
	files := make([]string, 0, len(found))
	seen := make(map[string]bool, len(found))
	real := newFileSet() // the files listed, by identity
	for _, m := range found {
		if seen[m.path] {
			continue
		}
		info := m.info
		if info == nil && m.entry != nil && mayRepeat {
			info, _ = m.entry.Info() // gone since: reading it says so
		}
		if mayRepeat && info != nil && info.Mode().IsRegular() && !real.add(info) {
			continue
		}
		seen[m.path] = true
		files = append(files, m.path)
	}
	return files
}

func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[{") }

// match is a file found: what it is (info), or the directory entry
// that can say (entry), or neither for "-" and for a broken link.
type match struct {
	path  string
	info  fs.FileInfo
	entry fs.DirEntry
}

// glob lists the files that match pattern p, sorted, and whether it
// followed a symbolic link to find them. It walks the directory before the
// first meta character (jobs/ of jobs/**/*.yaml), no deeper than the
// pattern can reach, and matches each file with doublestar (whose own walk
// follows links that loop without end).
func glob(ctx context.Context, p string) (matches []match, followedLink bool, err error) {
	pattern := filepath.ToSlash(filepath.Clean(p))
	base, rest := doublestar.SplitPattern(pattern)
	if !doublestar.ValidatePattern(rest) {
		return nil, false, fmt.Errorf("%s: %w", p, doublestar.ErrBadPattern)
	}
	root := filepath.FromSlash(base)
	info, err := os.Stat(root)
	if err != nil || !info.IsDir() {
		return nil, false, nil
	}
	depth := -1 // no bound: ** crosses any number of directories
	if !strings.Contains(rest, "**") {
		depth = strings.Count(rest, "/")
	}
	w := &walker{
		ctx:   ctx,
		dirs:  newFileSet(),
		depth: depth,
		// A pattern that names hidden files (.github/*.yaml) may match
		// them; otherwise they are passed over, as the shell does.
		hidden: strings.HasPrefix(rest, ".") || strings.Contains(rest, "/."),
		match: func(path string) bool {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return false
			}
			ok, _ := doublestar.Match(rest, filepath.ToSlash(rel))
			return ok
		},
		add: func(m match) { matches = append(matches, m) },
	}
	if err := w.walkRoot(root, info, readGitIgnoredOrNone(ctx, root)); err != nil {
		return nil, false, err
	}
	slices.SortFunc(matches, func(a, b match) int { return strings.Compare(a.path, b.path) })
	return matches, w.followedLink, nil
}

// walker lists the files under a directory, in lexical order, following
// symbolic links but entering each directory once.
type walker struct {
	ctx    context.Context
	dirs   *fileSet // the directories entered
	depth  int      // how many levels below the root to enter; -1 for all
	hidden bool     // enter and list names that start with "."
	match  func(path string) bool
	add    func(match)

	root    string     // the directory walked
	ignored gitIgnored // below root
	matched int        // files that matched, listed or not
	skipped int        // entries git ignores

	followedLink bool // a symbolic link led somewhere
}

// walkRoot walks root, passing over what git ignores under it (ignored).
func (w *walker) walkRoot(root string, info fs.FileInfo, ignored gitIgnored) error {
	w.dirs.add(info)
	w.root = root
	w.ignored = ignored
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.walk(root, 0)
}

// gitIgnores reports whether git ignores path, and counts it if so.
func (w *walker) gitIgnores(path string, isDir bool) bool {
	if len(w.ignored) == 0 {
		return false
	}
	rel, err := filepath.Rel(w.root, path)
	if err != nil || !w.ignored.has(rel, isDir) {
		return false
	}
	w.skipped++
	return true
}

func (w *walker) walk(dir string, level int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		if !w.hidden && strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if typ := e.Type(); typ&fs.ModeSymlink == 0 && !typ.IsDir() {
			if !w.match(path) || w.gitIgnores(path, false) {
				continue
			}
			w.file(path, e)
			continue
		}
		if w.gitIgnores(path, true) { // a directory, or a link git lists as a file
			continue
		}
		info, err := os.Stat(path) // through the link, to what it leads to
		if err != nil {
			if e.Type()&fs.ModeSymlink != 0 && w.match(path) {
				w.matched++
				w.add(match{path: path}) // a broken link: reading it says so
			}
			continue
		}
		w.followedLink = w.followedLink || e.Type()&fs.ModeSymlink != 0
		if info.IsDir() {
			if (w.depth < 0 || level < w.depth) && w.dirs.add(info) {
				if err := w.walk(path, level+1); err != nil {
					return err
				}
			}
			continue
		}
		if w.match(path) {
			w.matched++
			w.add(match{path: path, info: info})
		}
	}
	return nil
}

// file lists path, found as entry e, a file that matches.
func (w *walker) file(path string, e fs.DirEntry) {
	w.matched++
	w.add(match{path: path, entry: e})
}

// ReadFile reads and parses one file; "-" reads stdin under stdinName.
// Failing to read is reported in the File's Errors like any other problem.
func ReadFile(name string, stdin io.Reader, stdinName string) *File {
	return ReadFileVars(name, stdin, stdinName, nil)
}

// ReadFileVars is ReadFile with values for the documents' variables.
func ReadFileVars(name string, stdin io.Reader, stdinName string, vars Vars) *File {
	if name == "-" {
		if stdinName == "" {
			stdinName = StdinName
		}
		data, err := readAll(stdin, 0)
		if err != nil {
			return unreadable(stdinName, err)
		}
		return ParseVars(stdinName, data, vars)
	}
	data, err := readJobFile(name)
	if err != nil {
		return unreadable(name, err)
	}
	return ParseVars(name, data, vars)
}

// ReadSource reads again, as ReadFile does, a file that was linted: for
// the source lines of findings that point into it.
func ReadSource(name string) ([]byte, error) { return readJobFile(name) }

// readJobFile is ReadLimited for a file to lint: a regular file, or a
// stream the shell made (/dev/stdin, /dev/fd/N of <(command)). A named
// pipe, a device or a socket found in a directory would block the run or
// never end, so it is reported and not read: on Unix it is opened without
// waiting for a writer, and what the open file is decides whether it is
// read, which saves asking before the open, a system call on each of a
// run's files (elsewhere openNonBlocking asks first).
func readJobFile(name string) ([]byte, error) {
	if data, ok, err := readRegular(name); ok {
		return data, err
	}
	fh, err := openNonBlocking(name)
	if err != nil {
		// A socket cannot be opened: say what it is, not "no such device".
		if info, serr := os.Stat(name); serr == nil && !readable(name, info) {
			return nil, notRegular(info)
		}
		return nil, err
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if !readable(name, info) {
		return nil, notRegular(info)
	}
	size := 0
	if info.Mode().IsRegular() {
		size = int(min(info.Size(), MaxFileSize))
	}
	return readAll(fh, size)
}

// readable reports whether vxjob reads the file name, described by info:
// a regular file, or one of the names a shell gives its streams.
func readable(name string, info fs.FileInfo) bool {
	if info.Mode().IsRegular() {
		return true
	}
	if info.IsDir() {
		return false
	}
	return name == "/dev/stdin" || strings.HasPrefix(name, "/dev/fd/") || strings.HasPrefix(name, "/proc/self/fd/")
}

// notRegular says what a file that is not read is.
func notRegular(info fs.FileInfo) error {
	what := "not a regular file"
	switch m := info.Mode(); {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeCharDevice != 0:
		what = "a character device"
	case m&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("it is %s, not a regular file; vxjob reads regular files, and standard input (-)", what)
}

// ErrTooLarge is returned by the readers of this file for an input of more
// than MaxFileSize bytes.
var ErrTooLarge = fmt.Errorf("larger than %d MiB", MaxFileSize>>20)

// ReadLimited reads the file name whole, or fails with ErrTooLarge past
// MaxFileSize without reading further (/dev/zero ends it too).
func ReadLimited(name string) ([]byte, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	size := 0
	if info, err := fh.Stat(); err == nil && info.Mode().IsRegular() {
		size = int(min(info.Size(), MaxFileSize))
	}
	return readAll(fh, size)
}

// ReadAllLimited reads r to its end, or fails with ErrTooLarge past
// MaxFileSize: the one way vxjob reads standard input.
func ReadAllLimited(r io.Reader) ([]byte, error) { return readAll(r, 0) }

// readAll reads r to its end, or fails past MaxFileSize; sizeHint saves
// regrowing the buffer when the size is known.
func readAll(r io.Reader, sizeHint int) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, sizeHint+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxFileSize+1)); err != nil {
		return nil, err
	}
	if buf.Len() > MaxFileSize {
		return nil, ErrTooLarge
	}
	return buf.Bytes(), nil
}

func unreadable(name string, err error) *File {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	f := &File{Name: name}
	f.addError(&Error{Kind: ReadError, Document: -1, Msg: "cannot read file: " + err.Error()})
	return f
}
