//go:build unix

package spec

import (
	"io/fs"
	"os"
	"syscall"
)

// openNonBlocking opens name for reading without waiting for a writer,
// should name be a named pipe; a regular file reads as always.
func openNonBlocking(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// readRegular reads name whole if it is a regular file, in four system
// calls: open, fstat, read, close. An os.File would make two more for
// each of a run's files: registering the descriptor with the runtime's
// poller (which refuses a regular file), and a last read that returns 0;
// on 10,000 files these were a tenth of the system calls' time. The
// last read is not needed when a read that asked for a byte more than
// the file's size got the size: the file ended there. For anything else,
// or when the open fails, ok is false and readJobFile opens name the
// usual way, which says what went wrong.
func readRegular(name string) (data []byte, ok bool, err error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, false, nil
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	err = syscall.Fstat(fd, &st)
	for err == syscall.EINTR {
		err = syscall.Fstat(fd, &st)
	}
	if err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, false, nil
	}
	size := int(min(st.Size, MaxFileSize))
	buf := make([]byte, 0, size+1)
	for {
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, true, &fs.PathError{Op: "read", Path: name, Err: err}
		case n == 0:
			return buf, true, nil
		}
		buf = buf[:len(buf)+n]
		switch {
		case len(buf) > MaxFileSize:
			return nil, true, ErrTooLarge
		case len(buf) == cap(buf): // the file has grown since the fstat
			buf = append(buf, 0)[:len(buf)]
		case len(buf) == size:
			return buf, true, nil
		}
	}
}
