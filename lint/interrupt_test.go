package lint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunStopsWhenCancelled: a run whose context is done reads no file
// and returns the context's error, not a result.
func TestRunStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var files []string
	for i := range 20 {
		name := filepath.Join(dir, fmt.Sprintf("job%d.yaml", i))
		if err := os.WriteFile(name, []byte("a: [\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Run(files, Options{Context: ctx, Jobs: 1})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Errorf("Run = %v, %v; want no result and context.Canceled", res, err)
	}
}

// TestRunStopsDuringAReadThatDoesNotEnd cancels a run while it reads a
// stream whose writer never closes it (lint <(command) of a command that
// hangs): Run returns at once.
func TestRunStopsDuringAReadThatDoesNotEnd(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/fd"); err != nil {
		t.Skip("no /dev/fd here")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close() // lets the abandoned read end
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// A pipe holds 64 KiB; once 256 KiB are written, Run is reading.
		w.WriteString("a: |\n" + strings.Repeat("  x\n", 64<<10))
		cancel()
	}()
	res, err := Run([]string{fmt.Sprintf("/dev/fd/%d", r.Fd())}, Options{Context: ctx, Jobs: 1})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Errorf("Run = %v, %v; want no result and context.Canceled", res, err)
	}
}
