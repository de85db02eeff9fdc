//go:build cocreate_seams && linux && cgo

package walvfs

// FailSyncs makes the next n Log.Syncs fail with EIO (a test build's seam,
// -tags cocreate_seams: the store's tests of a failed sync of the log).
func FailSyncs(n int) { failSyncs(n) }
