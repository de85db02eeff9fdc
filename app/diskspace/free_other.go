//go:build !linux && !darwin

package diskspace

// Free is not read where the file system has no statfs.
func Free(string) (uint64, bool) { return 0, false }
