//go:build !unix

package spec

import (
	"io/fs"
	"os"
)

// fileSet is a set of files by identity, so that one file reached by
// several names counts once. Without inode numbers it compares with
// os.SameFile, one by one; directory trees of job files are small.
type fileSet struct{ infos []fs.FileInfo }

func newFileSet() *fileSet { return &fileSet{} }

// add adds the file info describes, and reports whether it was not there.
func (s *fileSet) add(info fs.FileInfo) bool {
	for _, seen := range s.infos {
		if os.SameFile(seen, info) {
			return false
		}
	}
	s.infos = append(s.infos, info)
	return true
}
