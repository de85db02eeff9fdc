//go:build cocreate_seams

package store

import "cocreate/app/store/walvfs"

// failSyncs makes the shim's next n syncs of a log fail with EIO.
func failSyncs(n int) bool { walvfs.FailSyncs(n); return true }
