package lint

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
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
		return writeGitHub(w, res)
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
