package service

import (
	"context"
	"fmt"
	"runtime/debug"
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
//
// One read of a key runs at a time for a version (session 57): callers
// asking a key at a version no newer than the one being read wait for
// that read's answer, error included, instead of reading again; a caller
// at a newer version reads its own. Each caller waits only as long as
// its own context lasts; the read itself goes on for the others (so it
// must not use a context one caller may end).
type byVersionEach[K comparable, T any] struct {
	mu      sync.Mutex
	version uint64
	kept    map[K]T
	reading map[K]*readCall[T] // the newest read running for each key
}

// readCall is one read running: done closes once v and err are set.
type readCall[T any] struct {
	version uint64
	done    chan struct{}
	v       T
	err     error
	// asked counts the callers that have asked for this read (under
	// byVersionEach.mu), the one that started it included: what a test
	// waits on to know every caller is waiting before the read answers.
	asked int
}

// read is the value kept for k at version v, or the answer of the read
// of k running at v or newer, or read's answer, kept for k at v. A caller
// whose ctx ends first gets ctx's error; the read goes on.
func (b *byVersionEach[K, T]) read(ctx context.Context, k K, v uint64, read func() (T, error)) (T, error) {
	b.mu.Lock()
	if x, ok := b.kept[k]; ok && b.version == v {
		b.mu.Unlock()
		return x, nil
	}
	c, ok := b.reading[k]
	if !ok || c.version < v {
		c = &readCall[T]{version: v, done: make(chan struct{})}
		if b.reading == nil {
			b.reading = map[K]*readCall[T]{}
		}
		b.reading[k] = c
		go b.run(k, c, read)
	}
	c.asked++
	b.mu.Unlock()
	select {
	case <-c.done:
		return c.v, c.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// run reads k for c, keeps its answer if it is at the newest version and
// has no error, and hands it to c's waiters. A panic in read is their
// error: nobody is left to recover it in this goroutine.
func (b *byVersionEach[K, T]) run(k K, c *readCall[T], read func() (T, error)) {
	defer close(c.done)
	defer func() {
		if p := recover(); p != nil {
			c.err = fmt.Errorf("service: a kept read panicked: %v\n%s", p, debug.Stack())
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.reading[k] == c {
			delete(b.reading, k)
		}
		if c.err != nil {
			return
		}
		if c.version > b.version || b.kept == nil {
			b.version, b.kept = c.version, map[K]T{}
		}
		if c.version == b.version {
			b.kept[k] = c.v
		}
	}()
	c.v, c.err = read()
}
