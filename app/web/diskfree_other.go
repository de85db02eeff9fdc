//go:build !linux && !darwin

package web

// freeBytes is not read where the file system has no statfs.
func freeBytes(string) (uint64, bool) { return 0, false }
