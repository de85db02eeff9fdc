// Package search is cocreate's full-text index of challenges, ideas, comments
// and project updates, in Chinese and English.
//
// The index is derived data: SQLite is the source of truth, the app records
// every searchable change in an outbox and hands batches of them to Apply,
// and Rebuild recreates the whole index from the database. Losing the index
// directory therefore never loses anything; Open reports a damaged or
// outdated index (NeedsRebuild) so that the app can rebuild it. One kind of
// damage Open cannot see: Bleve silently falls back to the newest snapshot
// it can read when a segment file is damaged, so the index opens with fewer
// documents. The app's consistency check should compare Count with the
// database and rebuild on a mismatch.
//
// One Bleve index holds every type, analysed by one bilingual analyzer:
// Chinese is indexed as overlapping bigrams plus single characters, English
// words are lower-cased and stemmed. User text is never parsed as Bleve query
// syntax; it is analysed into terms and every term must match somewhere (see
// Search).
package search

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Document types.
const (
	TypeIdea      = "idea"
	TypeChallenge = "challenge"
	TypeComment   = "comment"
	TypeUpdate    = "update"
)

var (
	// ErrLocked means the index is open elsewhere (another process, or an
	// Index not yet closed). Bleve would wait forever for the lock; Open
	// gives up after lockTimeout instead.
	ErrLocked = errors.New("search: index is locked by another process")
	// ErrCorrupt means the index directory exists but cannot be read as an
	// index. Delete it and Rebuild.
	ErrCorrupt = errors.New("search: index is corrupt")
	// ErrStale means the index was built with another mapping or analyzer
	// (an older version of this package). Rebuild it.
	ErrStale = errors.New("search: index was built by another version")
)

// NeedsRebuild reports whether err from Open means the index should be
// rebuilt from the database (as opposed to a lock or a permission problem,
// which a rebuild would not fix).
func NeedsRebuild(err error) bool {
	return errors.Is(err, ErrCorrupt) || errors.Is(err, ErrStale)
}

// lockTimeout bounds how long Open waits for another process's lock.
const lockTimeout = time.Second

// Doc is one searchable object, as the app sends it.
type Doc struct {
	Type        string // TypeIdea, TypeChallenge, TypeComment or TypeUpdate
	ID          int64  // id within its type
	ChallengeID int64
	IdeaID      int64 // for comments: the idea; for ideas: the same as ID
	ProjectID   int64 // for updates
	Title       string
	Summary     string
	Body        string
	Tags        []string
	// State is the idea's state (comments and project updates carry their
	// idea's state; challenges have none). A document of an idea that is
	// not listed (domain.State.Listed: hidden, merged, withdrawn) is left
	// out of results unless Query.IncludeHidden; drafts are left out with
	// Query.ExcludeChallenges.
	State     string
	CreatedAt time.Time
}

// Key names a document for deletion.
type Key struct {
	Type string
	ID   int64
}

// Index is an open search index. It is safe for concurrent use; writes
// (Apply) are expected from one goroutine, the outbox drainer.
type Index struct {
	idx bleve.Index
	// version moves after every batch Apply makes visible; results are
	// cached per version (see resultCache). Versions come from one counter
	// for the whole process (nextVersion), so an index opened after
	// another (a rebuild) never repeats a version the other had.
	version atomic.Uint64
	results resultCache
	// postings keeps the decoded postings of the common words between
	// searches (see scoreTier).
	postings *postingsCache
	// running holds a slot for each search Bleve is answering: at most one
	// a core. A ninth searcher on two cores waits for a slot instead of
	// sharing the cores with the other eight, so each query finishes in
	// about its own CPU time, the heap holds two searches' matches instead
	// of eight, and a vote or a page always finds a core between them.
	running chan struct{}
}

func runtimeConfig() map[string]any {
	return map[string]any{"bolt_timeout": lockTimeout.String()}
}

// Open opens the index in dir, creating an empty one if dir is missing or
// empty. A second process opening the same dir gets ErrLocked after about a
// second; an unreadable index gets ErrCorrupt, one from another version
// ErrStale (see NeedsRebuild).
func Open(dir string) (*Index, error) {
	exists, err := indexExists(dir)
	if err != nil {
		return nil, err
	}
	if !exists {
		return create(dir)
	}
	idx, err := bleve.OpenUsing(dir, runtimeConfig())
	if err != nil {
		return nil, classifyOpenError(dir, err)
	}
	v, err := idx.GetInternal(schemaKey)
	if err != nil || string(v) != schemaVersion {
		_ = idx.Close()
		return nil, fmt.Errorf("%w: %s has schema %q, want %q", ErrStale, dir, v, schemaVersion)
	}
	return newIndex(idx), nil
}

func create(dir string) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: build mapping: %w", err)
	}
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		return nil, fmt.Errorf("search: create index in %s: %w", dir, err)
	}
	if err := idx.SetInternal(schemaKey, []byte(schemaVersion)); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("search: create index in %s: %w", dir, err)
	}
	return newIndex(idx), nil
}

// indexExists reports whether dir holds an index (true), is missing or
// empty (false), or holds something else, which is treated as corrupt.
func indexExists(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("search: read %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return false, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return false, fmt.Errorf("%w: %s has no index_meta.json", ErrCorrupt, dir)
	}
	return true, nil
}

func classifyOpenError(dir string, err error) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return fmt.Errorf("%w: %s", ErrLocked, dir)
	case errors.Is(err, fs.ErrPermission):
		// Deleting and rebuilding would not help; the operator must fix it.
		return fmt.Errorf("search: open %s: %w", dir, err)
	default:
		return fmt.Errorf("%w: open %s: %v", ErrCorrupt, dir, err)
	}
}

// Apply indexes put (inserting or replacing by Type and ID) and removes del,
// in one Bleve batch that is durable when Apply returns, so the caller may
// then clear its outbox. Applying the same changes twice is harmless. A key
// both put and deleted ends up deleted.
func (ix *Index) Apply(put []Doc, del []Key) error {
	if len(put) == 0 && len(del) == 0 {
		return nil
	}
	b := ix.idx.NewBatch()
	docs, err := analyse(ix.idx.Mapping(), put) // as Rebuild does: with titleInText
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := b.IndexAdvanced(d); err != nil {
			return fmt.Errorf("search: index %s: %w", d.ID(), err)
		}
	}
	for _, k := range del {
		if err := validType(k.Type); err != nil {
			return err
		}
		b.Delete(docID(k.Type, k.ID))
	}
	if err := ix.idx.Batch(b); err != nil {
		ix.version.Store(nextVersion()) // a failed batch may have changed something
		return fmt.Errorf("search: apply batch of %d puts, %d deletes: %w", len(put), len(del), err)
	}
	// After the batch is visible: a search that read the older version may
	// have seen either, and what it caches is never served at this one.
	ix.version.Store(nextVersion())
	return nil
}

// versions is the source of every Index's versions.
var versions atomic.Uint64

func nextVersion() uint64 { return versions.Add(1) }

func newIndex(idx bleve.Index) *Index {
	ix := &Index{idx: idx, running: make(chan struct{}, runtime.GOMAXPROCS(0)), postings: &postingsCache{maxBytes: postingsCacheBytes}}
	ix.version.Store(nextVersion())
	return ix
}

// validType rejects types that would make document ids ambiguous.
func validType(typ string) error {
	if typ == "" || strings.Contains(typ, ":") {
		return fmt.Errorf("search: invalid document type %q", typ)
	}
	return nil
}

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: count documents: %w", err)
	}
	return n, nil
}

// Close releases the index and its lock.
func (ix *Index) Close() error {
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("search: close index: %w", err)
	}
	return nil
}
