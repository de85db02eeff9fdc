package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"cocreate/app/corpus"
	"cocreate/app/domain"
	"cocreate/app/indexer"
	"cocreate/app/password"
	"cocreate/app/service"
	"cocreate/app/store"
)

// seedPassword is every seeded account's password; the hash is computed
// once, since argon2id per fan (19 MiB, two passes) would take minutes.
const seedPassword = "cocreate-bench"

// seedWorkers is how many goroutines seed at once. The store's writer groups
// whatever is queued into one transaction, so seeding speed comes from
// having many writes queued (fewer fsyncs), not from more cores.
const seedWorkers = 256

// seed fills a fresh data directory: an admin, cfg.Fans fans with a token
// each, then each scenario's data, then the search index, so that the
// server starts as after a clean restart (no rebuild, empty outbox) and the
// load does not compete with indexing it did not cause.
func seed(ctx context.Context, cfg *Config, scens []Scenario) (*Seeder, error) {
	unlock, err := store.Lock(cfg.Data)
	if err != nil {
		return nil, fmt.Errorf("bench: %s: %w", cfg.Data, err)
	}
	defer unlock()
	st, err := store.OpenEngine(cfg.DB, filepath.Join(cfg.Data, "cocreate.db"))
	if err != nil {
		return nil, err
	}
	s := &Seeder{Cfg: cfg, Store: st, Service: service.New(st, filepath.Join(cfg.Data, "uploads"))}
	err = s.people(ctx)
	for _, sc := range scens {
		if err != nil {
			break
		}
		began := time.Now()
		if err = sc.Seed(ctx, s); err == nil {
			cfg.logf("seeded %s in %s", sc.Name(), time.Since(began).Round(time.Millisecond))
		}
	}
	if err == nil {
		// Writes that change no searchable text (votes) overlap the index
		// build: one is the writer's work, the other the indexer's.
		errc := make(chan error, 1)
		go func() { errc <- s.index(ctx) }()
		for _, fn := range s.alongside {
			if err == nil {
				err = fn(ctx)
			}
		}
		if ierr := <-errc; err == nil {
			err = ierr
		}
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Seeder) people(ctx context.Context) error {
	hash, err := password.Hash(seedPassword)
	if err != nil {
		return err
	}
	s.Admin, err = s.Store.CreateUser(ctx, domain.SignUp{Email: "admin@bench.cocreate", Name: "Bench admin"}, hash, true)
	if err != nil {
		return fmt.Errorf("bench: admin: %w", err)
	}
	s.Fans = make([]Fan, s.Cfg.Fans)
	began := time.Now()
	err = Parallel(ctx, len(s.Fans), func(i int) error {
		u, err := s.Store.CreateUser(ctx, domain.SignUp{
			Email: fmt.Sprintf("fan%06d@bench.cocreate", i), Name: fmt.Sprintf("Fan %d", i),
		}, hash, false)
		if err != nil {
			return err
		}
		tok, err := s.Service.NewToken(ctx, &u, "bench", service.PasswordProof(hash))
		s.Fans[i] = Fan{User: u, Token: tok}
		return err
	})
	if err == nil {
		s.Cfg.logf("seeded %d fans with tokens in %s", len(s.Fans), time.Since(began).Round(time.Millisecond))
	}
	return err
}

// Alongside queues seeding that changes no searchable text (votes, say) to
// run while the search index is built, after every scenario's Seed.
func (s *Seeder) Alongside(fn func(ctx context.Context) error) {
	s.alongside = append(s.alongside, fn)
}

// Challenge creates an open call whose submissions and voting are both
// open, with no vote budget and no limit on ideas per fan.
func (s *Seeder) Challenge(ctx context.Context, title string) (domain.Challenge, error) {
	open := domain.SetTime(time.Now().Add(-90 * 24 * time.Hour))
	kind, zero := domain.OpenCall, 0
	return s.Service.CreateChallenge(ctx, &s.Admin, domain.ChallengeInput{
		Title: &title, Kind: &kind,
		SubmissionsOpenAt: open, VotingOpenAt: open,
		VoteBudget: &zero, IdeasPerFan: &zero,
	})
}

// Ideas adds n ideas to a challenge, with text from the corpus (real words
// repeat, as in fans' submissions; random strings would flatter search) and
// authors taken in turn from the fans. With spread > 0 their creation times
// are spread evenly over the spread before now, so that "hot" ranks them by
// age as well as votes. It returns the ids in creation order.
func (s *Seeder) Ideas(ctx context.Context, challengeID int64, n int, spread time.Duration) ([]int64, error) {
	if len(s.Fans) == 0 {
		return nil, fmt.Errorf("bench: ideas need at least one fan")
	}
	gen := corpus.New(challengeID)
	ids := make([]int64, n)
	if spread > 0 {
		// The store reads its clock once per write; a counter keeps the
		// times increasing with (nearly) the ids, as they would be live.
		from, step := time.Now().Add(-spread), spread/time.Duration(n)
		var k atomic.Int64
		s.Store.Now = func() time.Time { return from.Add(time.Duration(k.Add(1)) * step) }
		defer func() { s.Store.Now = time.Now }()
	}
	err := Parallel(ctx, n, func(i int) error {
		g := gen.Idea(i)
		draft := domain.Idea{Title: g.Title, Summary: g.Summary, Body: g.Body, Tags: g.Tags}
		if err := draft.Validate(); err != nil {
			return fmt.Errorf("bench: corpus idea %d: %w", i, err)
		}
		author := s.Fans[i%len(s.Fans)].User.ID
		idea, err := s.Store.CreateIdea(ctx, challengeID, author, func(domain.Challenge, int) (domain.Idea, error) {
			return draft, nil
		})
		ids[i] = idea.ID
		return err
	})
	s.ideas += n
	return ids, err
}

// index builds the search index from what was seeded, then empties the
// outbox: the rebuild read every record after the last write, so the
// outbox holds nothing the index lacks.
func (s *Seeder) index(ctx context.Context) error {
	began := time.Now()
	idx := indexer.New(s.Store, filepath.Join(s.Cfg.Data, "index"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := idx.Rebuild(ctx); err != nil {
		return fmt.Errorf("bench: index: %w", err)
	}
	if err := s.Store.ClearIndexed(ctx, store.IndexPos{TxID: math.MaxInt64, ID: math.MaxInt64}); err != nil {
		return err
	}
	_, docs := idx.Progress()
	s.indexed, s.indexTook = docs, time.Since(began)
	s.Cfg.logf("indexed %d documents in %s", docs, s.indexTook.Round(time.Millisecond))
	return idx.Close()
}

// Parallel calls fn(i) for every i in [0, n) from seedWorkers goroutines and
// returns the first error; after an error the remaining calls are skipped.
func Parallel(ctx context.Context, n int, fn func(i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(seedWorkers, n) {
		wg.Go(func() {
			for !failed.Load() && ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}
