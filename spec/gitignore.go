package spec

import (
	"bytes"
	"context"
	"errors"
	"os"
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
	if !mayBeInWorkTree(dir) {
		return nil, errors.New("not in a git work tree")
	}
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

// mayBeInWorkTree reports whether git could find a repository for dir: a
// .git (a directory, or the file of a linked work tree or submodule) in
// dir or above it, or GIT_DIR set. Without one, git would only say that
// this is not a repository, after a process start of milliseconds.
func mayBeInWorkTree(dir string) bool {
	if os.Getenv("GIT_DIR") != "" {
		return true
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return true // let git say
	}
	for {
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return false
		}
		abs = parent
	}
}

// readGitIgnoredOrNone is readGitIgnored, with nothing ignored where git
// cannot say: outside a work tree, or without git.
func readGitIgnoredOrNone(ctx context.Context, dir string) gitIgnored {
	ignored, _ := readGitIgnored(ctx, dir)
	return ignored
}

// gitIgnoredUnder starts asking git what it ignores under each of paths that
// is a directory, all at once, and returns for each path a function that
// waits for the answer (nil for a path that is not a directory). A git
// process takes milliseconds to start; the pre-commit case (one job file,
// checked against two pools directories) would otherwise wait for them one
// after the other.
func gitIgnoredUnder(ctx context.Context, paths []string) []func() gitIgnored {
	answers := make([]func() gitIgnored, len(paths))
	for i, p := range paths {
		info, err := os.Stat(p)
		if p == "-" || err != nil || !info.IsDir() {
			answers[i] = func() gitIgnored { return nil }
			continue
		}
		var ignored gitIgnored
		done := make(chan struct{})
		go func() {
			defer close(done)
			ignored = readGitIgnoredOrNone(ctx, p)
		}()
		answers[i] = func() gitIgnored {
			<-done
			return ignored
		}
	}
	return answers
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
