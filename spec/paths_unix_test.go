//go:build unix

package spec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// TestExpandFollowsNoDirectoryTwice walks a tree with two links to its own
// root and one to a file: doublestar alone walks 2^40 paths of it.
func TestExpandFollowsNoDirectoryTwice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.yaml"), "a: 1\n")
	write(t, filepath.Join(dir, "sub", "b.yaml"), "b: 1\n")
	for link, to := range map[string]string{"self1": ".", "self2": ".", "sub/up": "..", "c.yaml": "a.yaml"} {
		if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{filepath.Join(dir, "a.yaml"), filepath.Join(dir, "sub", "b.yaml")}
	for _, arg := range []string{dir, filepath.Join(dir, "**", "*.yaml"), filepath.Join(dir, "**")} {
		got, err := Expand([]string{arg})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Expand(%s)\n got %v\nwant %v", arg, got, want)
		}
	}
	// A file named twice, by itself and through a link, is listed once.
	got, err := Expand([]string{filepath.Join(dir, "c.yaml"), dir})
	if err != nil || len(got) != 2 {
		t.Errorf("Expand(link, dir) = %v, %v; want 2 files", got, err)
	}
}

// TestExpandListsEachFileOnce names files in the ways that lead to one
// file twice (a link met before the file it leads to, a directory named
// twice) and checks each is listed once; two hard links are two files, as
// a clone makes them.
func TestExpandListsEachFileOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b", "job.yaml"), "a: 1\n")
	if err := os.MkdirAll(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "b", "job.yaml"), filepath.Join(dir, "a", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	got, err := Expand([]string{dir})
	if want := []string{filepath.Join(dir, "a", "link.yaml")}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(dir with a link met first) = %v, %v; want %v", got, err, want)
	}
	got, err = Expand([]string{filepath.Join(dir, "b"), filepath.Join(dir, "b", "..", "b")})
	if want := []string{filepath.Join(dir, "b", "job.yaml")}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(a directory twice) = %v, %v; want %v", got, err, want)
	}
	hard := t.TempDir()
	write(t, filepath.Join(hard, "a.yaml"), "a: 1\n")
	if err := os.Link(filepath.Join(hard, "a.yaml"), filepath.Join(hard, "b.yaml")); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	got, err = Expand([]string{hard})
	if want := []string{filepath.Join(hard, "a.yaml"), filepath.Join(hard, "b.yaml")}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(two hard links) = %v, %v; want %v", got, err, want)
	}
}

// countdown is a context that is done after its Err has been asked n times.
type countdown struct {
	context.Context
	n, asked int
}

func (c *countdown) Err() error {
	c.asked++
	if c.asked > c.n {
		return context.Canceled
	}
	return nil
}

// TestExpandStopsWhenCancelled cancels Expand before it starts and in the
// middle of a walk, and checks it stops at once with the context's error.
func TestExpandStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i := range 50 {
		write(t, filepath.Join(dir, fmt.Sprintf("d%02d", i), "job.yaml"), "a: 1\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ExpandContext(ctx, []string{dir}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v", err)
	}
	for _, arg := range []string{dir, filepath.Join(dir, "**", "*.yaml")} {
		c := &countdown{Context: context.Background(), n: 10}
		if _, err := ExpandContext(c, []string{arg}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s, cancelled midway: %v", arg, err)
		}
		if c.asked != c.n+1 {
			t.Errorf("%s: walked on after the cancel (%d checks, want %d)", arg, c.asked, c.n+1)
		}
	}
}

// TestFIFOIsReportedNotRead lints a directory holding a named pipe called
// job.yaml that nothing writes to: reading it would block for ever.
func TestFIFOIsReportedNotRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.yaml"), "a: 1\n")
	fifo := filepath.Join(dir, "job.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	files, err := Expand([]string{dir})
	if err != nil || len(files) != 2 {
		t.Fatalf("Expand = %v, %v; want a.yaml and job.yaml", files, err)
	}
	for _, name := range []string{fifo} {
		f := ReadFile(name, nil, "")
		if len(f.Errors) != 1 || f.Errors[0].Kind != ReadError || !strings.Contains(f.Errors[0].Msg, "named pipe (FIFO), not a regular file") {
			t.Errorf("ReadFile(%s): %v", name, f.Errors)
		}
	}
	if f := ReadFile("/dev/null", nil, ""); len(f.Errors) != 1 || !strings.Contains(f.Errors[0].Msg, "character device") {
		t.Errorf("ReadFile(/dev/null): %v", f.Errors)
	}
}

// TestSocketIsReportedNotRead lints a Unix socket called job.yaml: it
// cannot be opened, and the error says what it is.
func TestSocketIsReportedNotRead(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("", "sock") // short: socket paths are bounded
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "job.yaml")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("no Unix sockets here: %v", err)
	}
	defer l.Close()
	f := ReadFile(sock, nil, "")
	if len(f.Errors) != 1 || f.Errors[0].Kind != ReadError || !strings.Contains(f.Errors[0].Msg, "it is a socket, not a regular file") {
		t.Errorf("ReadFile(%s): %v", sock, f.Errors)
	}
}

// TestStreamsOfTheShellAreRead reads a pipe through /dev/fd/N, as
// "vxjob lint <(command)" passes it.
func TestStreamsOfTheShellAreRead(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/fd"); err != nil {
		t.Skip("no /dev/fd here")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.WriteString("a: 1\n")
		w.Close()
	}()
	f := ReadFile(fmt.Sprintf("/dev/fd/%d", r.Fd()), nil, "")
	if len(f.Errors) != 0 || len(f.Docs) != 1 {
		t.Errorf("errors %v, %d documents", f.Errors, len(f.Docs))
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadRegular reads regular files of several sizes whole, refuses one
// past MaxFileSize, and leaves everything else to the os.File path (ok
// false), which says what it is.
func TestReadRegular(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 4096, 1 << 20, MaxFileSize} {
		path := filepath.Join(dir, fmt.Sprintf("%d.yaml", size))
		want := bytes.Repeat([]byte("x: 1\n"), size/5+1)[:size]
		write(t, path, string(want))
		got, ok, err := readRegular(path)
		if !ok || err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: read %d bytes, ok %v, %v", size, len(got), ok, err)
		}
	}
	big := filepath.Join(dir, "big.yaml")
	write(t, big, strings.Repeat("x", MaxFileSize+1))
	if _, ok, err := readRegular(big); !ok || !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file past MaxFileSize: ok %v, %v", ok, err)
	}
	for _, name := range []string{dir, filepath.Join(dir, "gone.yaml"), "/dev/null"} {
		if data, ok, err := readRegular(name); ok || data != nil || err != nil {
			t.Errorf("readRegular(%s) = %d bytes, %v, %v; want it left to os.File", name, len(data), ok, err)
		}
	}
}
