// Package walvfs registers a SQLite VFS that wraps the default unix one so
// that a commit costs one write of the write-ahead log and an fdatasync
// instead of two pwrites a frame and an fsync. See walvfs_linux.c for what
// it does and README's Decisions for why a commit stays durable.
package walvfs

// Name is the VFS's name (go-sqlite3 DSN: vfs=cocreate-wal).
const Name = "cocreate-wal"

// Counts are the shim's counters since the process started, all
// connections together.
type Counts struct {
	Writes     uint64 // writes SQLite made to write-ahead logs
	Flushes    uint64 // writes the shim handed to the files (pwrite runs)
	DataSyncs  uint64 // syncs done with fdatasync
	UnixSyncs  uint64 // syncs left to the unix VFS (a file's first, or unverified)
	WALsOpened uint64 // write-ahead logs opened through the shim
	Unverified uint64 // files whose descriptor (or log's database file) could not be shown to be theirs
	// BarrierErrors counts runs that failed to be written at a wal-index
	// barrier, where SQLite takes no error (a commit's run is written, and
	// its failure answered, at its commit frame, so none is expected).
	BarrierErrors uint64
	// LogSyncsBegun counts the fdatasyncs of a log asked through
	// Log.Sync (counted before the fdatasync begins), LogSyncsEnded those
	// that have returned (counted after, failed or not), LogSyncErrors
	// those that failed.
	LogSyncsBegun, LogSyncsEnded, LogSyncErrors uint64
}
