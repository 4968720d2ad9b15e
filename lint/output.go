package lint

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vxjob/vxjob/spec"
)

// Format names an output format.
type Format string

const (
	FormatText   Format = "text"
	FormatJSON   Format = "json"
	FormatSARIF  Format = "sarif"
	FormatGitHub Format = "github"
	// FormatCodeClimate is GitLab's Code Quality report, a subset of the
	// Code Climate issue format.
	FormatCodeClimate Format = "codeclimate"
)

// Formats lists the output formats, in the order help texts show them.
func Formats() []Format {
	return []Format{FormatText, FormatJSON, FormatSARIF, FormatGitHub, FormatCodeClimate}
}

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (want text, json, sarif, github or codeclimate)", s)
}

// Tool identifies vxjob in machine-readable output.
type Tool struct {
	Name    string
	Version string
	URI     string // where to read about it
}

// OutputOptions are the settings every format may use.
type OutputOptions struct {
	Tool  Tool
	Color bool // text only: ANSI colours
	// Root is the root of the git work tree vxjob runs in (WorkTreeRoot),
	// or "". The github and sarif formats name the files under it relative
	// to it, as GitHub resolves annotation and code scanning paths from
	// the repository's root whatever directory the step ran in.
	Root string
}

// WorkTreeRoot is the root of the git work tree that holds dir: the
// nearest directory with a .git (a directory, or a file in a linked
// worktree); "" outside one.
func WorkTreeRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return repoPaths{}.root(abs)
}

// underRoot is name relative to opts.Root, with forward slashes, when the
// file is under it.
func (o OutputOptions) underRoot(name string) (string, bool) {
	if o.Root == "" || name == spec.StdinName {
		return "", false
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(o.Root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// Write prints res in format f.
func Write(w io.Writer, f Format, res *Result, opts OutputOptions) error {
	switch f {
	case FormatText:
		return writeText(w, res, opts)
	case FormatJSON:
		return writeJSON(w, res, opts)
	case FormatSARIF:
		return writeSARIF(w, res, opts)
	case FormatGitHub:
		return writeGitHub(w, res, opts)
	case FormatCodeClimate:
		return writeCodeClimate(w, res)
	}
	return fmt.Errorf("unknown format %q", f)
}

// visible shows s on one line of a terminal or a CI log as it is, but for
// control characters and invalid UTF-8, which are written as escapes
// (\n, \x1b): a file name or a key may hold them, and printed raw they
// would break the line or drive the terminal.
func visible(s string) string {
	if !strings.ContainsFunc(s, isControl) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case isControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }
