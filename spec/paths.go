package spec

import (
	"bytes"
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
// shell does: they are other tools' files. A path that does not exist is an
// error.
func Expand(paths []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			files = append(files, name)
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(p)
			continue
		}
		info, err := os.Stat(p)
		switch {
		case err == nil && info.IsDir():
			found, err := walkDir(p)
			if err != nil {
				return nil, err
			}
			if len(found) == 0 {
				return nil, fmt.Errorf("%s: no *.yaml or *.yml files in this directory", p)
			}
			for _, f := range found {
				add(f)
			}
		case err == nil:
			add(filepath.Clean(p))
		case errors.Is(err, fs.ErrNotExist) && hasMeta(p):
			matches, gerr := doublestar.FilepathGlob(p, doublestar.WithFilesOnly(), doublestar.WithNoHidden())
			if gerr != nil {
				return nil, fmt.Errorf("%s: %w", p, gerr)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("%s: no files match this pattern", p)
			}
			slices.Sort(matches)
			for _, m := range matches {
				add(m)
			}
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s: no such file or directory", p)
		default:
			return nil, err
		}
	}
	return files, nil
}

func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[{") }

func walkDir(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && IsYAMLName(path) {
			files = append(files, path)
		}
		return nil
	})
	return files, err // WalkDir visits in lexical order
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
	data, err := ReadLimited(name)
	if err != nil {
		return unreadable(name, err)
	}
	return ParseVars(name, data, vars)
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
