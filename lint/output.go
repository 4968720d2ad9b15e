package lint

import (
	"fmt"
	"io"
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
