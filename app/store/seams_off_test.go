//go:build !cocreate_seams

package store

// failSyncs is false: the shim's sync failures need -tags cocreate_seams.
func failSyncs(int) bool { return false }
