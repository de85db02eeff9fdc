package service

import "sync/atomic"

// byVersion keeps one read of the store at the ContentVersion taken before
// it, shared read-only by every caller until a committed change moves the
// version (and, on PostgreSQL without its listening connection, at no
// version twice: ContentVersion moves at every ask): never staler than a
// read of the store itself.
type byVersion[T any] struct {
	kept atomic.Pointer[versionedRead[T]]
}

type versionedRead[T any] struct {
	version uint64
	v       T
}

// read is the value kept at version v, or read's answer, kept for v. The
// version is the caller's, taken before read runs, so what is kept is at
// least that new.
func (b *byVersion[T]) read(v uint64, read func() (T, error)) (T, error) {
	if k := b.kept.Load(); k != nil && k.version == v {
		return k.v, nil
	}
	got, err := read()
	if err != nil {
		return got, err
	}
	b.kept.Store(&versionedRead[T]{version: v, v: got})
	return got, nil
}
