//go:build !unix

package spec

import "os"

// openNonBlocking opens name for reading. Systems other than Unix cannot
// be told not to wait in the open, and some names there open a device
// that waits (CON); so a name that is not a regular file is refused before
// it is opened, with notRegular's error.
func openNonBlocking(name string) (*os.File, error) {
	if info, err := os.Stat(name); err == nil && !readable(name, info) {
		return nil, notRegular(info)
	}
	return os.Open(name)
}

// readRegular leaves every file to readJobFile's os.File (ok false):
// only Unix has a shorter way.
func readRegular(string) (data []byte, ok bool, err error) { return nil, false, nil }
