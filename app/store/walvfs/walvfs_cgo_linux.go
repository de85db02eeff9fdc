//go:build cgo

package walvfs

/*
#include <stdlib.h>
#include "walvfs.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"unsafe"

	// The shim wraps this driver's SQLite: its amalgamation (or, with the
	// libsqlite3 tag, the system's library), linked into the same binary,
	// provides the functions the shim calls. The shim's references to them
	// are weak (walvfs_linux.c): one that is missing is refused by
	// Register, never called.
	_ "github.com/mattn/go-sqlite3"
)

var (
	once   sync.Once
	regErr error
)

// SQLite's memory statistics go off before anything initialises SQLite
// (walvfs_memstatus_off: they cost every allocation of every connection a
// process-wide mutex, and nothing reads them), and its page cache is
// wrapped so that the page number a b-tree split borrows never reaches it
// (walvfs_pcache_wrap, pcache_linux.c: the cache's truncation at every
// commit scanned the whole cache for it). Package initialisation runs on
// one goroutine, before main and before any test, and go-sqlite3's own
// only registers its driver. A refusal (SQLite already initialised)
// leaves SQLite as it was.
func init() {
	C.walvfs_memstatus_off()
	C.walvfs_pcache_wrap()
}

// pcacheSwaps is how many swaps through the borrowed page number the page
// cache's wrapper has seen, and pcacheMaxRekeyed the largest key it handed
// SQLite's cache in a rekey (tests).
func pcacheSwaps() uint64 { return uint64(C.walvfs_pcache_swaps()) }

func pcacheMaxRekeyed() uint32 { return uint32(C.walvfs_pcache_max_rekeyed()) }

// mallocCount is SQLite's count of its outstanding allocations: 0 while
// its memory statistics are off, -1 if it cannot say (tests).
func mallocCount() int { return int(C.walvfs_malloc_count()) }

// Register registers the shim with SQLite (once per process) and returns
// its name, for the vfs= parameter of a go-sqlite3 DSN. An error means
// SQLite's default VFS is not the unix one the shim wraps, or the linked
// SQLite is older than 3.32.0 or lacks a function the shim calls: open
// without it.
func Register() (string, error) {
	once.Do(func() {
		if err := check(-1); err != nil {
			regErr = err
			return
		}
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

// check says whether the shim can wrap the linked SQLite: version is its
// version number (sqlite3_libversion_number), or -1 to ask it.
func check(version int) error {
	if version < 0 {
		if C.walvfs_check(C.WALVFS_MIN_VERSION) != 0 {
			return fmt.Errorf("walvfs: the linked SQLite lacks a function the %s VFS calls", Name)
		}
		version = int(C.walvfs_version())
	}
	if C.walvfs_check(C.int(version)) != 0 {
		return fmt.Errorf("walvfs: SQLite %d is older than 3.32.0 (sqlite3_database_file_object): no %s VFS", version, Name)
	}
	return nil
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
		LogSyncsBegun: uint64(c.logSyncsBegun),
		LogSyncsEnded: uint64(c.logSyncsEnded),
		LogSyncErrors: uint64(c.logSyncErrors),
	}
}

// Log is a write-ahead log that connections have open through the shim,
// known by its inode (see LogAt and Sync).
type Log struct{ dev, ino uint64 }

// LogAt is the log at path (a database's path and "-wal"), which a
// connection must have open through the shim.
func LogAt(path string) (Log, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Log{}, fmt.Errorf("walvfs: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return Log{}, fmt.Errorf("walvfs: no inode for %s", path)
	}
	l := Log{dev: uint64(st.Dev), ino: st.Ino}
	if C.walvfs_log_open(C.ulonglong(l.dev), C.ulonglong(l.ino)) == 0 {
		return Log{}, fmt.Errorf("walvfs: %s is not open through the %s VFS", path, Name)
	}
	return l, nil
}

// errNotOpen: no connection has the log open through the shim any more.
var errNotOpen = errors.New("walvfs: the log is not open through the shim")

// Sync runs fdatasync on the log, on the descriptor of a connection that
// has it open through the shim (the file SQLite writes, not one opened by
// name): every write to it that returned before Sync began is on disk when
// it returns nil. Several goroutines may call it; it holds the shim's list
// of open logs meanwhile, so no log is opened or closed through the shim
// during an fdatasync (their connections' reads and writes go on).
func (l Log) Sync() error {
	switch rc := C.walvfs_sync_log(C.ulonglong(l.dev), C.ulonglong(l.ino)); {
	case rc == 0:
		return nil
	case rc < 0:
		return errNotOpen
	default:
		return fmt.Errorf("walvfs: fdatasync of the log: %w", syscall.Errno(rc))
	}
}

// failSyncs makes the next n Log.Syncs fail with EIO, for tests.
func failSyncs(n int) { C.walvfs_fail_syncs(C.int(n)) }

// failWrites makes the shim's next n writes of a gathered run fail with
// EIO, for tests.
func failWrites(n int) { C.walvfs_fail_writes(C.int(n)) }
