//go:build !linux || !cgo

package walvfs

import "errors"

// Register reports that the shim is not built here (it needs Linux and
// cgo): the store opens SQLite with its default VFS.
func Register() (string, error) {
	return "", errors.New("walvfs: the shim is built for Linux with cgo only")
}

// Read returns zero counts: the shim is not built here.
func Read() Counts { return Counts{} }
