package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vxjob/vxjob/spec"
)

// codeClimateSeverity maps severities onto GitLab's scale (info, minor,
// major, critical, blocker) as other linters' GitLab formats do, so that
// vxjob's findings rank among theirs in a merge request. critical and
// blocker are left to tools whose findings should stop a merge by
// themselves; whether vxjob's do is the job's exit status.
var codeClimateSeverity = map[Severity]string{Error: "major", Warning: "minor", Info: "info"}

// codeClimateIssue is one entry of a GitLab Code Quality report: the
// subset of a Code Climate issue that GitLab reads
// (https://docs.gitlab.com/ci/testing/code_quality/).
type codeClimateIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    codeClimateLocation `json:"location"`
}

type codeClimateLocation struct {
	Path  string           `json:"path"` // relative to the repository root
	Lines codeClimateLines `json:"lines"`
}

type codeClimateLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

// writeCodeClimate prints a GitLab Code Quality report: a JSON array with
// one issue per diagnostic.
//
// GitLab compares the reports of a merge request's source and target
// branches by fingerprint: a fingerprint in both is an old issue, one in
// the source branch only is new. So the fingerprint must not change when
// lines are added above a finding: it hashes the rule, the file and the
// text of the finding's line (or the message, for a finding without a
// position), and not the line number.
func writeCodeClimate(w io.Writer, res *Result) error {
	lines := res.excerpts()
	paths := repoPaths{}
	seen := map[string]int{}
	issues := []codeClimateIssue{} // [] and not null when there is nothing to report
	for _, d := range res.Diagnostics {
		path := paths.rel(d.File)
		begin, end := 1, 1 // GitLab needs a line, even for a file it cannot read
		anchor := d.Message()
		if r := d.Range; r.Start.IsValid() {
			begin, end = r.Start.Line, lastLine(r)
			// The report is published; a hash of a short secret and the
			// known rest of its line could be reversed, so it is masked.
			if line, ok := lines.excerpt(d.File, begin); ok {
				anchor = strings.TrimSpace(line)
			}
		}
		fp := fingerprint(d.Rule.ID, path, anchor)
		// GitLab keeps one issue per fingerprint. Findings that agree in
		// all the above (one rule twice on a line, or on two lines alike)
		// are told apart by their order, which is stable.
		if n := seen[fp]; n > 0 {
			seen[fp]++
			fp = fingerprint(fp, strconv.Itoa(n))
		} else {
			seen[fp] = 1
		}
		issues = append(issues, codeClimateIssue{
			Description: d.Message() + " [" + d.Rule.ID + "]",
			CheckName:   d.Rule.Name,
			Fingerprint: fp,
			Severity:    codeClimateSeverity[d.Severity],
			Location:    codeClimateLocation{Path: path, Lines: codeClimateLines{Begin: begin, End: end}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

// fingerprint hashes its parts, which are kept apart by NUL bytes.
func fingerprint(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// lastLine is the last line r covers: End is exclusive, so a range that
// ends at the start of a line does not cover it.
func lastLine(r spec.Range) int {
	switch {
	case !r.End.IsValid() || r.End.Line < r.Start.Line:
		return r.Start.Line
	case r.End.Line > r.Start.Line && r.End.Column <= 1:
		return r.End.Line - 1
	}
	return r.End.Line
}

// repoPaths makes file names relative to the root of the git repository
// that holds them (the nearest directory with .git), as GitLab reads
// location.path, whichever directory vxjob runs in. It caches the root of
// each directory it has looked at ("" when there is none).
type repoPaths map[string]string

func (p repoPaths) rel(name string) string {
	if name != spec.StdinName {
		if abs, err := filepath.Abs(name); err == nil {
			if root := p.root(filepath.Dir(abs)); root != "" {
				if rel, err := filepath.Rel(root, abs); err == nil {
					return filepath.ToSlash(rel)
				}
			}
		}
	}
	// Outside a repository: the name as given, without a leading "./",
	// which GitLab does not resolve.
	return filepath.ToSlash(filepath.Clean(name))
}

func (p repoPaths) root(dir string) string {
	if root, ok := p[dir]; ok {
		return root
	}
	root := ""
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil { // a directory, or a file in a worktree
		root = dir
	} else if parent := filepath.Dir(dir); parent != dir {
		root = p.root(parent)
	}
	p[dir] = root
	return root
}
