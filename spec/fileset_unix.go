//go:build unix

package spec

import (
	"io/fs"
	"syscall"
)

// fileSet is a set of files by identity (device and inode), so that one
// file reached by several names counts once.
type fileSet struct{ ids map[fileID]bool }

type fileID struct{ dev, ino uint64 }

func newFileSet() *fileSet { return &fileSet{ids: map[fileID]bool{}} }

// add adds the file info describes, and reports whether it was not there.
func (s *fileSet) add(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	id := fileID{uint64(st.Dev), uint64(st.Ino)}
	if s.ids[id] {
		return false
	}
	s.ids[id] = true
	return true
}
