package spec

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
)

// gitIgnored is what git ignores under a directory: the untracked paths
// that .gitignore files (nested ones too, with their negations),
// .git/info/exclude and core.excludesFile exclude. Paths are relative to
// the directory, with "/", a directory ignored as a whole ending in "/".
// Tracked files are never in it, as git ignores only untracked ones.
type gitIgnored map[string]bool

// readGitIgnored asks git what it ignores under dir. Git itself decides,
// rather than a second implementation of its rules that could disagree
// with it: `git ls-files --others --ignored --exclude-standard
// --directory` names each ignored directory once (node_modules/), not its
// files, so the answer stays small. Outside a work tree, or where git is
// not installed, nothing is ignored and the error says why; a directory
// that git ignores as a whole, named on the command line, is read all the
// same.
func readGitIgnored(ctx context.Context, dir string) (gitIgnored, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, errors.New(msg)
		}
		return nil, err
	}
	ignored := gitIgnored{}
	for _, p := range strings.Split(stdout.String(), "\x00") {
		if p != "" && p != "./" {
			ignored[p] = true
		}
	}
	return ignored, nil
}

// has reports whether git ignores rel, a path below the directory that was
// asked about, found as a directory or not.
func (g gitIgnored) has(rel string, isDir bool) bool {
	if len(g) == 0 {
		return false
	}
	rel = filepath.ToSlash(rel)
	if isDir {
		return g[rel+"/"] || g[rel] // a link to a directory is listed as a file
	}
	return g[rel]
}
