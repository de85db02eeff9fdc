package service

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"log/slog"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pairwise"
	"cocreate/app/store"
)

// pairState is the service's part of pairwise: the key that signs pair
// tokens (derived from the mail key), what each challenge was last fitted
// from, and the node's copies that answer "which pair next?" without SQL.
type pairState struct {
	once   sync.Once
	key    []byte
	mu     sync.Mutex
	fitted map[int64]int64 // challenge id → newest comparison id fitted
	// cands keeps each challenge's candidates for candidatesFor.
	cmu   sync.Mutex
	cands map[int64]*pairCandidates
	// shown keeps the ideas put to fans (see askedIdea).
	shown shownIdeas
	// life is how long a copy of candidates serves; 0 is candidatesLife
	// (tests lengthen it to see the copy itself).
	life time.Duration
	// rand, when set (tests), gives the random source of each choice of a
	// pair; nil seeds a new one each time. It may be called concurrently.
	rand func() *rand.Rand
}

// candidatesLife is how long a node answers "which pair next?" from its
// copy of a challenge's candidates before reading them again. Reading
// every listed idea for every question cost a millisecond or two of CPU at
// 1,000 ideas (37% of the server's CPU in the pairwise bench). The copy is
// used only while the store's ShapeVersion is the one it was read at (no
// write but pair answers and refits since: the same listed ideas), so a new
// idea joins the pairs at once and a hidden one leaves them at once; its
// answer counts move with this node's answers at once (other nodes'
// within candidatesLife); a refit on this node drops it.
const candidatesLife = time.Second

// pairCandidates is one challenge's candidates as read at a moment, with
// the answer counts this node has recorded since. mu guards the counts:
// readers choose a pair under RLock, answered moves them under Lock.
type pairCandidates struct {
	at    time.Time
	shape uint64 // the store's ShapeVersion before the read
	mu    sync.RWMutex
	cands []store.PairCandidate
	items []pairwise.Item // the model's view of cands (itemOf)
	index map[int64]int   // idea id → position in both
}

// candidatesFor returns the node's copy of the challenge's listed ideas
// with their scores and answer counts, read again when it is older than
// candidatesLife, when the store's ShapeVersion moved since, or when fresh
// asks for it (a chosen idea has gone since the copy was made). The copy is
// shared: read it under its RLock.
func (s *Service) candidatesFor(ctx context.Context, challengeID int64, fresh bool) (*pairCandidates, error) {
	now := time.Now()
	shape := s.store.ShapeVersion() // before the read
	s.pairs.cmu.Lock()
	e := s.pairs.cands[challengeID]
	life := s.pairs.life
	if life == 0 {
		life = candidatesLife
	}
	s.pairs.cmu.Unlock()
	if e != nil && !fresh && now.Sub(e.at) < life && e.shape == shape {
		return e, nil
	}
	cands, err := s.store.PairCandidates(ctx, challengeID)
	if err != nil {
		return nil, err
	}
	e = &pairCandidates{at: now, shape: shape, cands: cands,
		items: make([]pairwise.Item, len(cands)), index: make(map[int64]int, len(cands))}
	for i, c := range cands {
		e.items[i] = itemOf(c)
		e.index[c.ID] = i
	}
	s.pairs.cmu.Lock()
	if s.pairs.cands == nil {
		s.pairs.cands = map[int64]*pairCandidates{}
	}
	s.pairs.cands[challengeID] = e
	s.pairs.cmu.Unlock()
	return e, nil
}

// answered moves this node's copy of a challenge's answer counts after an
// answer that counts, as the store moved the ideas' own.
func (s *Service) answered(challengeID int64, ideas ...int64) {
	s.pairs.cmu.Lock()
	e := s.pairs.cands[challengeID]
	s.pairs.cmu.Unlock()
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range ideas {
		if i, ok := e.index[id]; ok {
			e.cands[i].Comparisons++
			e.items[i].SE = pairwise.LiveSE(e.cands[i].Comparisons)
		}
	}
}

// dropCandidates forgets the node's copy of a challenge's candidates (a
// refit has written new scores): the next question reads them again.
func (s *Service) dropCandidates(challengeID int64) {
	s.pairs.cmu.Lock()
	delete(s.pairs.cands, challengeID)
	s.pairs.cmu.Unlock()
}

// shownIdeas keeps the ideas put to fans as the store held them at one
// ShapeVersion (read after it): their text, images, author and state stay
// what they were until it moves. What moves without it (votes, answer
// counts and wins, fitted scores), and every other count, is read live
// when shown (liveCounters). Bounded by shownBytes: when full, further
// ideas are read per question and not kept, until the version moves and
// it starts afresh.
type shownIdeas struct {
	mu    sync.Mutex
	shape uint64
	m     map[int64]domain.Idea
	bytes int
}

// shownBytes bounds shownIdeas: a few thousand typical ideas (about 1 KB
// each), a few hundred of the longest (a 20,000-character body).
const shownBytes = 8 << 20

// shownSize is about what an idea holds in memory.
func shownSize(idea domain.Idea) int {
	n := 256 + len(idea.Title) + len(idea.Summary) + len(idea.Body) + len(idea.Response) + len(idea.Author.Name) + 128*len(idea.Images)
	for _, t := range idea.Tags {
		n += 16 + len(t)
	}
	return n
}

func (c *shownIdeas) get(shape uint64, id int64) (domain.Idea, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.shape != shape {
		return domain.Idea{}, false
	}
	idea, ok := c.m[id]
	return idea, ok
}

func (c *shownIdeas) put(shape uint64, idea domain.Idea) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case shape < c.shape:
		return
	case shape > c.shape || c.m == nil:
		c.m, c.shape, c.bytes = map[int64]domain.Idea{}, shape, 0
	}
	size := shownSize(idea)
	if _, ok := c.m[idea.ID]; ok || c.bytes+size > shownBytes {
		return
	}
	c.m[idea.ID] = idea
	c.bytes += size
}

// askedIdea is the idea id of challenge c as actor may see it, from the
// node's copy while the store's ShapeVersion stands (the copy is shared:
// nothing may change what its slices hold); its counts are the copy's
// until liveCounters. A NotFound error: the idea is no longer one actor
// may see.
func (s *Service) askedIdea(ctx context.Context, actor *domain.User, c domain.Challenge, id int64) (domain.Idea, error) {
	shape := s.store.ShapeVersion() // before the read
	idea, ok := s.pairs.shown.get(shape, id)
	if !ok {
		var err error
		if idea, _, err = s.ideaIn(ctx, actor, id); err != nil {
			return idea, err
		}
		if idea.ChallengeID == c.ID && idea.State.Listed() {
			s.pairs.shown.put(shape, idea)
		}
	}
	if idea.ChallengeID != c.ID || !idea.State.Listed() {
		return domain.Idea{}, domain.NotFound("idea")
	}
	if err := unseen(actor, c, idea, s.now()); err != nil {
		return domain.Idea{}, err
	}
	return idea, nil
}

// liveCounters sets the counts and scores of the two ideas of a pair
// question to the store's, read in one query: a copy kept by ShapeVersion
// would show the votes, answers, wins and scores of when it was read
// (another node's answers and refits too). A NotFound error: one of them
// is gone.
func (s *Service) liveCounters(ctx context.Context, left, right *domain.Idea) error {
	counters, err := s.store.IdeaCounters(ctx, left.ID, right.ID)
	if err != nil {
		return err
	}
	found := 0
	for _, c := range counters {
		if c.ID == left.ID {
			c.Apply(left)
			found++
		}
		if c.ID == right.ID {
			c.Apply(right)
			found++
		}
	}
	if found < 2 {
		return domain.NotFound("idea")
	}
	return nil
}

// pairRand is the random source of one choice of a pair: the test's when
// set, else freshly seeded.
func (s *Service) pairRand() *rand.Rand {
	if s.pairs.rand != nil {
		return s.pairs.rand()
	}
	return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
}

func (s *Service) pairKey() []byte {
	s.pairs.once.Do(func() {
		h := hmac.New(sha256.New, s.MailSecret)
		h.Write([]byte("cocreate pair tokens"))
		s.pairs.key = h.Sum(nil)
	})
	return s.pairs.key
}

// PairQuestion is a pair put to a fan: the token that answers it and the
// two ideas, as the fan may see them.
type PairQuestion struct {
	Token       string
	Left, Right domain.Idea
	Challenge   domain.Challenge
	// Enough: no pair is asked because the fan judged PairsPerFan of the
	// challenge's pairs.
	Enough bool
	// Answered is how many of the challenge's pairs the fan has answered
	// (skips included): the page's progress.
	Answered int
}

// NextPair chooses the next pair to ask actor in a pairwise challenge
// while voting is open (pairwise.Choose); ok is false when the fan has
// judged every pair of the listed ideas, or PairsPerFan of them (Enough).
func (s *Service) NextPair(ctx context.Context, actor *domain.User, challengeID int64) (PairQuestion, bool, error) {
	var q PairQuestion
	if actor == nil {
		return q, false, domain.Unauthorized("sign in to compare ideas")
	}
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return q, false, err
	}
	q.Challenge = c
	now := s.now()
	if err := pairwise.CanCompare(actor, c, now); err != nil {
		return q, false, err
	}
	if err := domain.CanVoteAs(actor, c); err != nil {
		return q, false, err
	}
	pairs, err := s.store.JudgedPairs(ctx, actor.ID, challengeID)
	if err != nil {
		return q, false, err
	}
	q.Answered = len(pairs)
	if len(pairs) >= s.PairsPerFan {
		q.Enough = true
		return q, false, nil
	}
	judged := make(map[pairwise.Pair]bool, len(pairs))
	for _, p := range pairs {
		judged[pairwise.Pair{Low: p[0], High: p[1]}] = true
	}
	rng := s.pairRand()
	var left, right pairwise.Item
	for attempt := range 2 {
		// The node's copy of the candidates may hold an idea hidden or
		// withdrawn since (by another node, not yet heard of): then
		// choose again from a fresh read.
		e, err := s.candidatesFor(ctx, challengeID, attempt > 0)
		if err != nil {
			return q, false, err
		}
		var ok bool
		e.mu.RLock()
		left, right, ok = pairwise.Choose(e.items, judged, rng, pairwise.Explore)
		e.mu.RUnlock()
		if !ok {
			return q, false, nil
		}
		q.Left, err = s.askedIdea(ctx, actor, c, left.ID)
		if err == nil {
			q.Right, err = s.askedIdea(ctx, actor, c, right.ID)
		}
		if err == nil {
			err = s.liveCounters(ctx, &q.Left, &q.Right)
		}
		if err == nil {
			break
		}
		if e := domain.AsError(err); attempt > 0 || e == nil || e.Kind != domain.KindNotFound {
			return q, false, err
		}
	}
	two := []domain.Idea{q.Left, q.Right}
	if err := s.masked(ctx, actor, c, two); err != nil {
		return q, false, err
	}
	q.Left, q.Right = two[0], two[1]
	q.Token = pairwise.Sign(s.pairKey(), pairwise.Question{Challenge: challengeID, User: actor.ID,
		Left: left.ID, Right: right.ID, Expires: now.Add(pairwise.TokenLife)})
	return q, true, nil
}

// itemOf reads an idea's stored score back into the model's terms: the
// log-strength of the last fit (a never-fitted idea is a typical one) and
// the uncertainty its live answer count leaves (pairwise.LiveSE), so that
// fans asking between two refits spread over the ideas.
func itemOf(c store.PairCandidate) pairwise.Item {
	it := pairwise.Item{ID: c.ID, SE: pairwise.LiveSE(c.Comparisons)}
	if c.ScoreSD > 0 {
		p := math.Min(math.Max(c.Score/100, 1e-6), 1-1e-6)
		it.Theta = math.Log(p / (1 - p))
	}
	return it
}

// AnswerPair records actor's answer to a pair token of a challenge: left,
// right or skip. The token must be the fan's own, for this challenge,
// unexpired and unanswered; both ideas must still be listed; voting must
// be open. The answer keeps the same integrity signals as a vote.
func (s *Service) AnswerPair(ctx context.Context, actor *domain.User, challengeID int64, token, choice string, client Client) error {
	if actor == nil {
		return domain.Unauthorized("sign in to compare ideas")
	}
	now := s.now()
	q, err := pairwise.Verify(s.pairKey(), token, challengeID, actor.ID, now)
	if err != nil {
		return err
	}
	ch, err := pairwise.ParseChoice(choice)
	if err != nil {
		return err
	}
	// Pairs asked before the fan reached PairsPerFan (a script gathering
	// questions) are not answered past it.
	if n, err := s.store.JudgedCount(ctx, actor.ID, challengeID); err != nil {
		return err
	} else if n >= s.PairsPerFan {
		return domain.Conflict("pairs_enough", "you have compared a great many pairs of this challenge; it asks you no more")
	}
	sig, err := s.actSignals(ctx, actor, client, now)
	if err != nil {
		return err
	}
	winner := ch.Winner(q)
	counted, err := s.store.Compare(ctx, actor.ID, challengeID, q.Left, q.Right, winner,
		sig,
		func(c domain.Challenge, a, b domain.Idea) error {
			if !domain.MaySeeChallenge(actor, c, now) {
				return domain.NotFound("challenge")
			}
			if err := pairwise.CanCompare(actor, c, now); err != nil {
				return err
			}
			if err := domain.CanVoteAs(actor, c); err != nil {
				return err
			}
			for _, idea := range []domain.Idea{a, b} {
				if idea.ChallengeID != c.ID || !idea.State.Listed() {
					return domain.Conflict("idea_not_votable", "one of these ideas can no longer be compared: ask for a new pair")
				}
			}
			return nil
		})
	if counted { // a skip, or an answer held as cast, counts for neither idea
		s.answered(challengeID, q.Left, q.Right)
	}
	return err
}

// RefitPairwise fits the Bradley–Terry model of a challenge from all its
// counting comparisons and writes every listed idea's score, unless
// nothing changed since the last fit. It runs beside the request path.
func (s *Service) RefitPairwise(ctx context.Context, challengeID int64) error {
	outcomes, newest, err := s.store.Outcomes(ctx, challengeID)
	if err != nil {
		return err
	}
	cands, err := s.store.PairCandidates(ctx, challengeID)
	if err != nil {
		return err
	}
	index := map[int64]int{}
	var ids []int64
	add := func(id int64) int {
		i, ok := index[id]
		if !ok {
			i = len(ids)
			index[id] = i
			ids = append(ids, id)
		}
		return i
	}
	for _, c := range cands {
		add(c.ID)
	}
	out := make([]pairwise.Outcome, len(outcomes))
	for i, o := range outcomes {
		out[i] = pairwise.Outcome{Winner: add(o.Winner), Loser: add(o.Loser)}
	}
	f := pairwise.FitOutcomes(len(ids), out, pairwise.Options{Tolerance: 1e-6})
	scores := make([]store.Scored, len(ids))
	for i, id := range ids {
		scores[i] = store.Scored{ID: id, Score: f.Score[i], ScoreSD: f.SD[i]}
	}
	if err := s.store.SaveScores(ctx, challengeID, scores); err != nil {
		return err
	}
	s.dropCandidates(challengeID) // the next question reads the new scores
	s.pairs.mu.Lock()
	if s.pairs.fitted == nil {
		s.pairs.fitted = map[int64]int64{}
	}
	s.pairs.fitted[challengeID] = newest
	s.pairs.mu.Unlock()
	return nil
}

// pairsChanged marks a challenge's pairwise fit stale when its counting
// comparisons changed without a newer one (held or cleared by vote
// integrity, removed, moved by a merge): the next RefitDue refits it.
func (s *Service) pairsChanged(challengeID int64) {
	s.pairs.mu.Lock()
	delete(s.pairs.fitted, challengeID)
	s.pairs.mu.Unlock()
}

// RefitDue refits every challenge with comparisons newer than its last fit.
func (s *Service) RefitDue(ctx context.Context) error {
	newest, err := s.store.NewestComparisons(ctx)
	if err != nil {
		return err
	}
	for c, id := range newest {
		s.pairs.mu.Lock()
		done := s.pairs.fitted[c] >= id
		s.pairs.mu.Unlock()
		if done {
			continue
		}
		if err := s.RefitPairwise(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// RunPairwise refits, every interval until ctx ends, the challenges whose
// comparisons changed.
func (s *Service) RunPairwise(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := s.RefitDue(ctx); err != nil && ctx.Err() == nil && log != nil {
			log.Error("pairwise refit", "err", err)
		}
	}
}
