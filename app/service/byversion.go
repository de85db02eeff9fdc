package service

import (
	"sync"
	"sync/atomic"
)

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

// byVersionEach is byVersion for each of a few keys (a club by its id):
// one read of each, kept at the ContentVersion taken before it. Only the
// newest version's reads are kept: the first read kept at a newer version
// lets go of every older one, so what is held is at most one value a key
// the store has (a key is kept only once read without error), never a
// value no caller can be served again. A read at an older version than
// the kept ones is answered and not kept.
type byVersionEach[K comparable, T any] struct {
	mu      sync.Mutex
	version uint64
	kept    map[K]T
}

// read is the value kept for k at version v, or read's answer, kept for k
// at v.
func (b *byVersionEach[K, T]) read(k K, v uint64, read func() (T, error)) (T, error) {
	b.mu.Lock()
	x, ok := b.kept[k]
	ok = ok && b.version == v
	b.mu.Unlock()
	if ok {
		return x, nil
	}
	got, err := read()
	if err != nil {
		return got, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if v > b.version || b.kept == nil {
		b.version, b.kept = v, map[K]T{}
	}
	if v == b.version {
		b.kept[k] = got
	}
	return got, nil
}
