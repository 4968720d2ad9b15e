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
	_, found := workTreeAbove(abs)
	return found
}

// workTreeAbove is the nearest directory at or above abs that holds a
// .git: the root of the work tree git would find for abs.
func workTreeAbove(abs string) (root string, found bool) {
	for {
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
			return abs, true
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", false
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
// is a directory, and returns for each path a function that waits for the
// answer (nil for a path that is not a directory). A git process takes
// milliseconds to start, so the directories of one work tree are asked
// about in one process, and work trees all at once: in the pre-commit
// case (one job file checked against two pools directories) a second git
// process made the run 8 ms longer.
func gitIgnoredUnder(ctx context.Context, paths []string) []func() gitIgnored {
	answers := make([]func() gitIgnored, len(paths))
	none := func() gitIgnored { return nil }
	trees := map[string][]treeDir{} // by work tree root
	var roots []string
	for i, p := range paths {
		answers[i] = none
		info, err := os.Stat(p)
		if p == "-" || err != nil || !info.IsDir() {
			continue
		}
		root, rel, ok := inWorkTree(p)
		if !ok {
			// Where git's own search could end elsewhere (GIT_DIR, a
			// ceiling, a path that cannot be resolved), git is asked
			// about the directory alone, from inside it.
			answers[i] = later(func() gitIgnored { return readGitIgnoredOrNone(ctx, p) })
			continue
		}
		if root == "" {
			continue // in no work tree: nothing is ignored
		}
		if trees[root] == nil {
			roots = append(roots, root)
		}
		trees[root] = append(trees[root], treeDir{index: i, rel: rel})
	}
	for _, root := range roots {
		dirs := trees[root]
		all := later(func() []gitIgnored { return readGitIgnoredIn(ctx, root, dirs) })
		for k, d := range dirs {
			answers[d.index] = func() gitIgnored { return all()[k] }
		}
	}
	return answers
}

// treeDir is a directory to ask git about, by its path from the root of
// its work tree ("." for the root itself).
type treeDir struct {
	index int // in the paths asked about
	rel   string
}

// inWorkTree finds the work tree of dir: its root and dir's path from it,
// with the symbolic links resolved, as git resolves them. root is "" when
// no work tree holds dir. ok is false when git might find another
// repository than the nearest .git: GIT_DIR, GIT_WORK_TREE or
// GIT_CEILING_DIRECTORIES set, or a path that cannot be resolved.
func inWorkTree(dir string) (root, rel string, ok bool) {
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES"} {
		if os.Getenv(v) != "" {
			return "", "", false
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", false
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return "", "", false
	}
	root, found := workTreeAbove(abs)
	if !found {
		return "", "", true
	}
	if rel, err = filepath.Rel(root, abs); err != nil {
		return "", "", false
	}
	return root, filepath.ToSlash(rel), true
}

// readGitIgnoredIn asks one git process what it ignores under each of
// dirs, all in the work tree at root, and returns each answer relative to
// its directory, as readGitIgnored would. Pathspecs are literal: a
// directory named "[a]" is that directory, not a pattern.
func readGitIgnoredIn(ctx context.Context, root string, dirs []treeDir) []gitIgnored {
	answers := make([]gitIgnored, len(dirs))
	args := []string{"--literal-pathspecs", "-C", root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory", "--"}
	for _, d := range dirs {
		args = append(args, d.rel)
	}
	cmd := exec.CommandContext(ctx, "git", args...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if cmd.Run() != nil {
		return answers // git cannot say: nothing is ignored
	}
	for _, p := range strings.Split(stdout.String(), "\x00") {
		if p == "" {
			continue
		}
		for k, d := range dirs {
			under, ok := p, d.rel == "."
			if !ok {
				under, ok = strings.CutPrefix(p, d.rel+"/")
			}
			if !ok || under == "" {
				continue // elsewhere, or the directory itself, which is read all the same
			}
			if answers[k] == nil {
				answers[k] = gitIgnored{}
			}
			answers[k][under] = true
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
