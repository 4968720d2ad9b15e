//go:build unix

package spec

import (
	"os"
	"syscall"
)

// openNonBlocking opens name for reading without waiting for a writer,
// should name be a named pipe; a regular file reads as always.
func openNonBlocking(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
