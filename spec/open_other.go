//go:build !unix

package spec

import "os"

// openNonBlocking opens name for reading; systems other than Unix have no
// named pipes in the file system to wait on.
func openNonBlocking(name string) (*os.File, error) { return os.Open(name) }
