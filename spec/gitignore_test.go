package spec

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// gitRepo makes a git work tree in a temporary directory with files (a
// name ending in "/" is a directory), adds tracked to the index, and
// returns its path. Git's global and system configuration are kept out,
// so that a core.excludesFile of the machine's cannot change the answer.
func gitRepo(t *testing.T, files map[string]string, tracked ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(tracked) > 0 {
		git(append([]string{"add", "-f", "--"}, tracked...)...)
	}
	return dir
}

func relAll(t *testing.T, root string, paths []string) []string {
	t.Helper()
	var out []string
	for _, p := range paths {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	slices.Sort(out)
	return out
}

// TestExpandHonoursGitignore: inside a git work tree, directories and
// globs pass over what git ignores (nested .gitignore files, negations,
// .git/info/exclude); tracked files and files named explicitly are read.
func TestExpandHonoursGitignore(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		".gitignore":                "node_modules/\nvenv/\n*.gen.yaml\n!keep.gen.yaml\n",
		"jobs/train.yaml":           "a: 1\n",
		"jobs/train.gen.yaml":       "a: 1\n",
		"jobs/keep.gen.yaml":        "a: 1\n",
		"jobs/tracked.gen.yaml":     "a: 1\n",
		"jobs/local/.gitignore":     "scratch.yaml\n",
		"jobs/local/scratch.yaml":   "a: 1\n",
		"jobs/local/kept.yaml":      "a: 1\n",
		"node_modules/pkg/bad.yaml": "[",
		"venv/lib/conf.yaml":        "[",
		"excluded/x.yaml":           "a: 1\n",
		".git/info/exclude":         "excluded/\n",
		"untracked/new.yaml":        "a: 1\n",
		"gen/x.gen.yaml":            "a: 1\n",
	}, "jobs/tracked.gen.yaml")
	want := []string{"jobs/keep.gen.yaml", "jobs/local/kept.yaml", "jobs/tracked.gen.yaml", "jobs/train.yaml", "untracked/new.yaml"}

	files, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := relAll(t, dir, files); !slices.Equal(got, want) {
		t.Errorf("directory: got %v, want %v", got, want)
	}

	files, err = Expand([]string{filepath.Join(dir, "**", "*.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	if got := relAll(t, dir, files); !slices.Equal(got, want) {
		t.Errorf("glob: got %v, want %v", got, want)
	}

	// Several directories in one call (pools: [a, b] in .vxjob.yaml), with a
	// file between them: git is asked about each at once, and each is walked
	// with its own answer.
	files, err = Expand([]string{filepath.Join(dir, "jobs", "local"), filepath.Join(dir, "jobs", "train.yaml"), filepath.Join(dir, "node_modules", "pkg"), filepath.Join(dir, "jobs")})
	if err != nil {
		t.Fatal(err)
	}
	several := []string{"jobs/local/kept.yaml", "jobs/train.yaml", "node_modules/pkg/bad.yaml", "jobs/keep.gen.yaml", "jobs/tracked.gen.yaml"}
	if got := relAll(t, dir, files); !slices.Equal(got, slices.Sorted(slices.Values(several))) {
		t.Errorf("several directories: got %v, want %v", got, several)
	}

	// Named explicitly: read, ignored or not.
	named := filepath.Join(dir, "node_modules", "pkg", "bad.yaml")
	if files, err := Expand([]string{named}); err != nil || len(files) != 1 {
		t.Errorf("a file named explicitly: %v, %v", files, err)
	}
	if files, err := Expand([]string{filepath.Join(dir, "venv")}); err != nil || len(relAll(t, dir, files)) != 1 {
		t.Errorf("a directory named explicitly: %v, %v", files, err)
	}

	// A directory whose YAML files git all ignores: the error says so.
	if _, err := Expand([]string{filepath.Join(dir, "gen")}); err == nil || !strings.Contains(err.Error(), "apart from what git ignores") {
		t.Errorf("a directory of ignored files: %v", err)
	}
}

// TestExpandOutsideGit: outside a work tree nothing is ignored, even with
// a .gitignore file in the directory.
func TestExpandOutsideGit(t *testing.T) {
	t.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	dir := t.TempDir()
	for name, text := range map[string]string{".gitignore": "*.yaml\n", "a.yaml": "a: 1\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := Expand([]string{dir})
	if err != nil || len(files) != 1 {
		t.Errorf("got %v, %v", files, err)
	}
}

// TestMayBeInWorkTree: git is started only where it could find a
// repository: below a .git directory or file, or with GIT_DIR set.
func TestMayBeInWorkTree(t *testing.T) {
	t.Setenv("GIT_DIR", "") // restored after the test, unset in it
	os.Unsetenv("GIT_DIR")
	repo := gitRepo(t, map[string]string{"jobs/a/b.yaml": "a: 1\n"})
	linked := t.TempDir() // a linked work tree has a .git file
	if err := os.WriteFile(filepath.Join(linked, ".git"), []byte("gitdir: /elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(linked, "jobs"), 0o755); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	// Git is the oracle for a directory outside every repository.
	inRepo := exec.Command("git", "-C", outside, "rev-parse", "--git-dir").Run() == nil
	for dir, want := range map[string]bool{
		repo: true, filepath.Join(repo, "jobs", "a"): true,
		filepath.Join(linked, "jobs"): true,
		outside:                       inRepo,
	} {
		if got := mayBeInWorkTree(dir); got != want {
			t.Errorf("mayBeInWorkTree(%s) = %v, want %v", dir, got, want)
		}
	}
	t.Setenv("GIT_DIR", filepath.Join(repo, ".git"))
	if !mayBeInWorkTree(outside) {
		t.Error("with GIT_DIR set, git is not asked")
	}
}

// TestOneGitPerWorkTree: the directories of one work tree are asked about
// in one git process, and each gets the answer git gives when asked from
// inside it: nested .gitignore files, a directory ignored as a whole, a
// name that a pathspec would read as a pattern, a link to a directory,
// the root itself, and a repository inside the work tree (its own process).
func TestOneGitPerWorkTree(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("counts git processes with a shell script")
	}
	dir := gitRepo(t, map[string]string{
		".gitignore":              "*.gen.yaml\n!keep.gen.yaml\nvenv/\n",
		"jobs/a.yaml":             "a: 1\n",
		"jobs/a.gen.yaml":         "a: 1\n",
		"jobs/keep.gen.yaml":      "a: 1\n",
		"jobs/local/.gitignore":   "scratch.yaml\n",
		"jobs/local/scratch.yaml": "a: 1\n",
		"odd [dir]*/b.gen.yaml":   "a: 1\n",
		"odd [dir]*/b.yaml":       "a: 1\n",
		"odd d/c.gen.yaml":        "a: 1\n",
		"venv/v.yaml":             "a: 1\n",
		"venv/lib/w.yaml":         "a: 1\n",
		"inner/.gitignore":        "*.yaml\n",
		"inner/i.yaml":            "a: 1\n",
	})
	if out, err := exec.Command("git", "-C", filepath.Join(dir, "inner"), "init", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	if err := os.Symlink(filepath.Join(dir, "jobs"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	bin, log := t.TempDir(), filepath.Join(t.TempDir(), "calls")
	script := "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	paths := []string{
		filepath.Join(dir, "jobs"), filepath.Join(dir, "jobs", "local"), filepath.Join(dir, "odd [dir]*"),
		filepath.Join(dir, "venv"), filepath.Join(dir, "link"), dir, filepath.Join(dir, "inner"),
		filepath.Join(dir, "venv", "lib"), // inside a directory ignored as a whole
	}
	answers := gitIgnoredUnder(t.Context(), paths)
	got := make([]gitIgnored, len(paths))
	for i := range paths {
		got[i] = answers[i]()
	}
	calls, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(calls), "\n"); n != 2 {
		t.Errorf("git started %d times, want 2 (the work tree and the repository inside it):\n%s", n, calls)
	}
	for i, p := range paths {
		want := readGitIgnoredOrNone(t.Context(), p) // asked from inside the directory
		if len(got[i]) != len(want) {
			t.Errorf("%s: got %v, want %v", p, got[i], want)
			continue
		}
		for name := range want {
			if !got[i][name] {
				t.Errorf("%s: got %v, want %v", p, got[i], want)
				break
			}
		}
	}
	if !got[0]["a.gen.yaml"] || got[0]["keep.gen.yaml"] || !got[1]["scratch.yaml"] || !got[2]["b.gen.yaml"] || !got[5]["venv/"] || !got[6]["i.yaml"] {
		t.Errorf("answers miss what git ignores: %v", got)
	}
}
