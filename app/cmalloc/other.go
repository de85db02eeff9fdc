//go:build !linux || !cgo

package cmalloc

// Info is unknown off glibc: zero.
func Info() (inUse, free, arenas int64) { return 0, 0, 0 }

// Trim does nothing off glibc.
func Trim(keep int64) bool { return false }

// FullWidth: there are no sums off glibc.
var FullWidth = false
