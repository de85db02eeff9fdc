package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
)

// Rebuild builds a fresh index in dir+".new" from the documents feed emits,
// then swaps it into dir. feed calls emit with batches of any size, in any
// order, each document once (the offline builder cannot replace a
// document); Rebuild may keep the slices' documents but not the slices, so
// feed may reuse them. progress, if not nil, is called with the number of
// documents indexed so far, after every batch, from another goroutine.
//
// Nothing may have dir open, this process included: Rebuild fails with
// ErrLocked, before doing any work, if the index is in use (a running server
// must Close its Index first, and `cocreate reindex` must not run beside a
// server). The swap is two renames; a crash between them leaves dir missing
// and dir+".old" complete, and Open then creates an empty index, which the
// app notices (an empty index and a database with ideas) and rebuilds.
func Rebuild(dir string, feed func(emit func([]Doc) error) error, progress func(done uint64)) error {
	if err := checkUnlocked(dir); err != nil {
		return err
	}
	tmp := dir + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("search: remove old %s: %w", tmp, err)
	}
	if err := build(tmp, feed, progress); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	if err := checkUnlocked(dir); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	return swap(dir, tmp)
}

// checkUnlocked fails with ErrLocked if another process has dir open. A
// damaged or outdated index is fine: it is about to be replaced.
func checkUnlocked(dir string) error {
	exists, err := indexExists(dir)
	if err != nil || !exists {
		return nil
	}
	ix, err := Open(dir)
	if errors.Is(err, ErrLocked) {
		return err
	}
	if err == nil {
		return ix.Close()
	}
	return nil
}

// Offline build settings. A segment of builderBatch documents is written
// at a time, and segments are merged builderMerge at a time at the end: for
// a million ideas, 500 segments merged in two passes. Analysed documents
// are what a build holds in memory (some 30 KB each), so the builder's batch
// and the chunks in flight between the stages are kept small: at most about
// builderBatch + 4*analysisChunk documents, some 100 MB of heap.
const (
	builderBatch  = 2000
	builderMerge  = 50
	analysisChunk = 250
)

// build writes a complete index into dir with Bleve's offline builder: it
// writes segments without the online index's fsync per batch and merges
// them into one segment at the end, which is also the fastest shape to
// search.
//
// The builder analyses documents one at a time under its lock, which would
// leave all but one core idle; so documents are mapped and analysed by one
// goroutine per core first (see analysed), and the builder only assembles
// segments. feed runs meanwhile, reading the next batches.
func build(dir string, feed func(emit func([]Doc) error) error, progress func(done uint64)) error {
	defer collectLess()()
	m, err := newMapping()
	if err != nil {
		return fmt.Errorf("search: build mapping: %w", err)
	}
	b, err := newBuilder(dir, m)
	if err != nil {
		return err
	}

	var (
		stop     = make(chan struct{}) // closed on the first failure
		stopOnce sync.Once
		firstErr error
	)
	fail := func(err error) {
		stopOnce.Do(func() {
			firstErr = err
			close(stop)
		})
	}

	batches := make(chan []Doc, 2)
	// Unbuffered: the builder is the slower stage, and a buffer here only
	// held more analysed documents (measured: twice the memory, no faster).
	analysedBatches := make(chan []*document.Document)
	var analysers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		analysers.Add(1)
		go func() {
			defer analysers.Done()
			for docs := range batches {
				out, err := analyse(m, docs)
				if err != nil {
					fail(err)
					continue // drain
				}
				select {
				case analysedBatches <- out:
				case <-stop:
				}
			}
		}()
	}
	go func() {
		analysers.Wait()
		close(analysedBatches)
	}()

	var done uint64
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		for docs := range analysedBatches {
			if stopped(stop) {
				continue // drain
			}
			for _, d := range docs {
				if err := b.Index(d); err != nil {
					fail(fmt.Errorf("search: index %s: %w", d.ID(), err))
					break
				}
			}
			done += uint64(len(docs))
			if progress != nil && !stopped(stop) {
				progress(done)
			}
		}
	}()

	ferr := feed(func(docs []Doc) error {
		for len(docs) > 0 {
			n := min(len(docs), analysisChunk)
			select {
			case batches <- append([]Doc(nil), docs[:n]...):
			case <-stop:
				return errBuildFailed
			}
			docs = docs[n:]
		}
		return nil
	})
	close(batches)
	<-indexed
	switch {
	case firstErr != nil:
		return firstErr
	case ferr != nil:
		return fmt.Errorf("search: rebuild feed: %w", ferr)
	case done == 0:
		// The builder cannot write an empty index; an online one can.
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("search: remove %s: %w", dir, err)
		}
		ix, err := create(dir)
		if err != nil {
			return err
		}
		return ix.Close()
	}
	// Close merges the segments into one and writes the index's root.
	if err := b.Close(); err != nil {
		return fmt.Errorf("search: finish building %s: %w", dir, err)
	}
	return nil
}

// buildGCPercent is the Go collector's GOGC while a build runs. Analysis
// allocates several times each document's size in short-lived tokens over
// a live heap of about 100 MB (the builder's batch and the chunks in
// flight), so at Go's default of 100 the collector ran every 100 MB
// allocated: measured at a million ideas, its marking took 13% of the
// rebuild's CPU and allocation under it much of the rest, and the rebuild
// 382 s. At 400 it took 281 s (BENCHMARKS, session 17), the heap growing
// to about five times what is live between collections. A memory limit
// (GOMEMLIMIT; the server sets 256 MiB) still bounds it: near the limit
// the collector runs as often as it must.
const buildGCPercent = 400

// gcRaised counts the builds running in this process (a test may run
// several), and keeps the GOGC to restore when the last one ends.
var gcRaised struct {
	sync.Mutex
	builds int
	was    int
}

// collectLess raises GOGC to buildGCPercent, unless the operator set GOGC
// (then it is theirs) or it is higher already, until the function it
// returns is called.
func collectLess() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	gcRaised.Lock()
	defer gcRaised.Unlock()
	if gcRaised.builds == 0 {
		gcRaised.was = debug.SetGCPercent(buildGCPercent)
		if gcRaised.was > buildGCPercent {
			debug.SetGCPercent(gcRaised.was)
		}
	}
	gcRaised.builds++
	return func() {
		gcRaised.Lock()
		defer gcRaised.Unlock()
		if gcRaised.builds--; gcRaised.builds == 0 {
			debug.SetGCPercent(gcRaised.was)
		}
	}
}

// newBuilder starts an offline build in dir: what bleve.NewBuilder does,
// except that it takes analysed documents and stamps the schema version
// (bleve.NewBuilder has no way to store either).
func newBuilder(dir string, m mapping.IndexMapping) (*scorch.Builder, error) {
	mappingJSON, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("search: encode mapping: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("search: create %s: %w", dir, err)
	}
	meta := []byte(`{"storage":"` + scorch.Name + `","index_type":"` + scorch.Name + `"}`)
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), meta, 0o600); err != nil {
		return nil, fmt.Errorf("search: write index meta: %w", err)
	}
	b, err := scorch.NewBuilder(map[string]any{
		"path":            filepath.Join(dir, "store"),
		"buildPathPrefix": dir, // temporary segments beside the index, not in /tmp
		"batchSize":       builderBatch,
		"mergeMax":        builderMerge,
		"internal": map[string][]byte{
			string(util.MappingInternalKey): mappingJSON,
			string(schemaKey):               []byte(schemaVersion),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("search: start building %s: %w", dir, err)
	}
	return b, nil
}

func stopped(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// analyse maps and analyses docs as the index would.
func analyse(m mapping.IndexMapping, docs []Doc) ([]*document.Document, error) {
	out := make([]*document.Document, len(docs))
	for i := range docs {
		d := &docs[i]
		if err := validType(d.Type); err != nil {
			return nil, err
		}
		bd := document.NewDocument(docID(d.Type, d.ID))
		if err := m.MapDocument(bd, d.fields()); err != nil {
			return nil, fmt.Errorf("search: map %s %d: %w", d.Type, d.ID, err)
		}
		var title, text document.Field
		for j, f := range bd.Fields {
			if f.Options().IsIndexed() {
				f.Analyze()
			}
			switch f.Name() {
			case fieldTitle:
				title = f
			case fieldText:
				text = f
			}
			bd.Fields[j] = analysed{f}
		}
		if title != nil && text != nil {
			bd.AddField(newTitleInText(title, text))
		}
		out[i] = bd
	}
	return out, nil
}

// analysed is a field whose analysis is done; the builder's own call to
// Analyze, made serially under its lock, is then a no-op.
type analysed struct{ document.Field }

func (analysed) Analyze() {}

// titleInText is the field fieldTitleInText of a document: each term of
// its title as the text field has it (the text holds the title too), with
// the text field's frequency and length, so its postings score like the
// text field's for these documents. Ranked scores the documents with every
// word in the title from these short postings instead of the text field's,
// which list every document with the word anywhere (Bleve's postings
// iterator walks the whole list of every term it scores).
type titleInText struct {
	options index.FieldIndexingOptions
	length  int
	freqs   index.TokenFrequencies
}

func newTitleInText(title, text document.Field) *titleInText {
	all := text.AnalyzedTokenFrequencies()
	f := &titleInText{options: text.Options(), length: text.AnalyzedLength(), freqs: index.TokenFrequencies{}}
	for term := range title.AnalyzedTokenFrequencies() {
		if tf, ok := all[term]; ok {
			t := &index.TokenFreq{Term: tf.Term}
			t.SetFrequency(tf.Frequency())
			f.freqs[term] = t
		}
	}
	return f
}

func (f *titleInText) Name() string                                     { return fieldTitleInText }
func (f *titleInText) ArrayPositions() []uint64                         { return nil }
func (f *titleInText) Options() index.FieldIndexingOptions              { return f.options }
func (f *titleInText) Analyze()                                         {}
func (f *titleInText) Value() []byte                                    { return nil }
func (f *titleInText) NumPlainTextBytes() uint64                        { return 0 }
func (f *titleInText) Size() int                                        { return 64 + 48*len(f.freqs) }
func (f *titleInText) EncodedFieldType() byte                           { return 't' }
func (f *titleInText) AnalyzedLength() int                              { return f.length }
func (f *titleInText) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// errBuildFailed tells feed to stop: the indexing goroutine failed and
// Rebuild returns its error.
var errBuildFailed = errors.New("search: rebuild stopped")

// swap replaces dir with tmp.
func swap(dir, tmp string) error {
	old := dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("search: remove %s: %w", old, err)
	}
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("search: move old index aside: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("search: move new index into place: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("search: remove old index: %w", err)
	}
	return nil
}
