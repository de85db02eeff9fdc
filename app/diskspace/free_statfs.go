//go:build linux || darwin

package diskspace

import (
	"path/filepath"
	"syscall"
)

// Free is the space an unprivileged writer may still use on the file
// system where dir is (or will be: a directory not made yet, as the uploads'
// before the first photo, is read at its nearest existing parent); ok is
// false when it cannot be read.
func Free(dir string) (free uint64, ok bool) {
	if dir == "" {
		return 0, false
	}
	var st syscall.Statfs_t
	for syscall.Statfs(dir, &st) != nil {
		up := filepath.Dir(dir)
		if up == dir {
			return 0, false
		}
		dir = up
	}
	return st.Bavail * uint64(st.Bsize), true
}
