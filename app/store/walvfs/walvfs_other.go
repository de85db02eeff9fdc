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

// Log is a write-ahead log open through the shim: none here.
type Log struct{}

// LogAt reports that the shim is not built here.
func LogAt(string) (Log, error) {
	return Log{}, errors.New("walvfs: the shim is built for Linux with cgo only")
}

// Sync reports that the shim is not built here.
func (Log) Sync() error { return errors.New("walvfs: the shim is built for Linux with cgo only") }
