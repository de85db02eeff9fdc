//go:build cgo

package walvfs

/*
#cgo linux LDFLAGS: -Wl,--unresolved-symbols=ignore-in-object-files
#include <stdlib.h>
#include "walvfs.h"
*/
import "C"

import (
	"fmt"
	"sync"
	"unsafe"

	// The shim wraps this driver's SQLite: its amalgamation, linked into
	// the same binary, provides sqlite3_vfs_find and sqlite3_vfs_register.
	_ "github.com/mattn/go-sqlite3"
)

var (
	once   sync.Once
	regErr error
)

// Register registers the shim with SQLite (once per process) and returns
// its name, for the vfs= parameter of a go-sqlite3 DSN. An error means
// SQLite's default VFS is not the unix one the shim wraps: open without it.
func Register() (string, error) {
	once.Do(func() {
		// The name lives as long as the process: SQLite keeps the pointer.
		if rc := C.walvfs_register(C.CString(Name)); rc != 0 {
			regErr = fmt.Errorf("walvfs: unable to register the %s VFS (SQLite code %d)", Name, int(rc))
		}
	})
	if regErr != nil {
		return "", regErr
	}
	return Name, nil
}

// Read returns the shim's counters since the process started.
func Read() Counts {
	var c C.walvfs_counts
	C.walvfs_counts_read((*C.walvfs_counts)(unsafe.Pointer(&c)))
	return Counts{
		Writes:        uint64(c.writes),
		Flushes:       uint64(c.flushes),
		DataSyncs:     uint64(c.datasyncs),
		UnixSyncs:     uint64(c.unixSyncs),
		WALsOpened:    uint64(c.walsOpened),
		Unverified:    uint64(c.unverified),
		BarrierErrors: uint64(c.barrierErrors),
	}
}

// failWrites makes the shim's next n writes of a gathered run fail with
// EIO, for tests.
func failWrites(n int) { C.walvfs_fail_writes(C.int(n)) }
