package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"cocreate/app/domain"
)

// readDemandRules decodes a challenge's buying options and price bands
// (JSON; an empty column is none).
func readDemandRules(c *domain.Challenge, options, bands string) error {
	if options != "" {
		if err := json.Unmarshal([]byte(options), &c.BuyOptions); err != nil {
			return fmt.Errorf("store: challenge %d has unreadable buy_options: %w", c.ID, err)
		}
	}
	if bands != "" {
		if err := json.Unmarshal([]byte(bands), &c.PriceBands); err != nil {
			return fmt.Errorf("store: challenge %d has unreadable price_bands: %w", c.ID, err)
		}
	}
	return nil
}

// writeDemandRules saves a challenge's DemandRules, inside its write.
func writeDemandRules(tx *sql.Tx, c domain.Challenge) error {
	var options, bands string
	if len(c.BuyOptions) > 0 {
		b, _ := json.Marshal(c.BuyOptions)
		options = string(b)
	}
	if len(c.PriceBands) > 0 {
		b, _ := json.Marshal(c.PriceBands)
		bands = string(b)
	}
	if _, err := tx.Exec(`UPDATE challenges SET buy_options = ?, price_bands = ?, support_threshold = ?, threshold_days = ? WHERE id = ?`,
		options, bands, c.SupportThreshold, c.ThresholdDays, c.ID); err != nil {
		return fmt.Errorf("store: unable to save the buying options of challenge %d: %w", c.ID, err)
	}
	return nil
}

// IntentCheck decides, inside the intent's transaction, whether it may be
// written or withdrawn.
type IntentCheck func(c domain.Challenge, idea domain.Idea) error

// Tally is an idea's "I'd buy it" counters.
type Tally struct {
	Buyers, Units int
}

// PutIntent records (or changes) a fan's intent to buy a design, with the
// vote-integrity signals, and moves the idea's buyers and units in the same
// transaction. It returns the idea's tallies.
func (s *Store) PutIntent(ctx context.Context, in domain.Intent, sig VoteSignals, check IntentCheck) (Tally, error) {
	now := s.Now()
	var t Tally
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.actingTx(tx, in.UserID); err != nil {
			return err
		}
		if err := s.shareQuarantineOf(tx, sig, in.IdeaID, in.UserID); err != nil {
			return err
		}
		idea, c, err := s.intentTarget(tx, in.IdeaID)
		if err != nil {
			return err
		}
		if err := check(c, idea); err != nil {
			return err
		}
		old := 0
		err = tx.QueryRow(`SELECT quantity FROM intents WHERE idea_id = ? AND user_id = ?`, in.IdeaID, in.UserID).Scan(&old)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("store: unable to read intent: %w", err)
		}
		options, _ := json.Marshal(in.Options) // map keys sorted: the same choice is the same text
		// held: the row's, or for a new intent of a quarantined account
		// (heldIf) 1, held as it is cast.
		var held bool
		if err := tx.QueryRow(`INSERT INTO intents (idea_id, user_id, challenge_id, quantity, options, max_price, created_at, updated_at, net, ua, age, held)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+heldIf(sig)+`)
			ON CONFLICT (idea_id, user_id) DO UPDATE SET quantity = excluded.quantity, options = excluded.options,
				max_price = excluded.max_price, updated_at = excluded.updated_at, net = excluded.net, ua = excluded.ua, age = excluded.age
			RETURNING held`,
			append([]any{in.IdeaID, in.UserID, c.ID, in.Quantity, string(options), in.MaxPrice, ms(now), ms(now),
				nullable(sig.Net), nullable(sig.UA), nullable(sig.Age)}, heldArgs(sig, c.ID, in.UserID)...)...).Scan(&held); err != nil {
			return fmt.Errorf("store: unable to record intent: %w", err)
		}
		if held {
			// Held for review (vote integrity): changed, still not counted.
			t = Tally{idea.Buyers, idea.Units}
			return nil
		}
		buyer := 0
		if old == 0 {
			buyer = 1
		}
		return tx.QueryRow(`UPDATE ideas SET buyers = buyers + ?, units = units + ? WHERE id = ? RETURNING buyers, units`,
			buyer, in.Quantity-old, in.IdeaID).Scan(&t.Buyers, &t.Units)
	})
	return t, err
}

// DeleteIntent withdraws a fan's intent, if any, and returns the tallies.
func (s *Store) DeleteIntent(ctx context.Context, userID, ideaID int64, check IntentCheck) (Tally, error) {
	var t Tally
	err := s.write(ctx, func(tx *sql.Tx) error {
		idea, c, err := s.intentTarget(tx, ideaID)
		if err != nil {
			return err
		}
		if err := check(c, idea); err != nil {
			return err
		}
		t = Tally{idea.Buyers, idea.Units}
		var q int
		var held bool
		err = tx.QueryRow(`DELETE FROM intents WHERE idea_id = ? AND user_id = ? RETURNING quantity, held`, ideaID, userID).Scan(&q, &held)
		if err == sql.ErrNoRows || held {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: unable to withdraw intent: %w", err)
		}
		return tx.QueryRow(`UPDATE ideas SET buyers = buyers - 1, units = units - ? WHERE id = ? RETURNING buyers, units`,
			q, ideaID).Scan(&t.Buyers, &t.Units)
	})
	return t, err
}

// intentTarget is voteTarget with the idea's intent tallies.
func (s *Store) intentTarget(tx *sql.Tx, ideaID int64) (domain.Idea, domain.Challenge, error) {
	idea, c, err := s.voteTarget(tx, ideaID)
	if err != nil {
		return idea, c, err
	}
	if err := tx.QueryRow(`SELECT buyers, units FROM ideas WHERE id = ?`, ideaID).Scan(&idea.Buyers, &idea.Units); err != nil {
		return idea, c, fmt.Errorf("store: unable to load idea %d: %w", ideaID, err)
	}
	return idea, c, nil
}

// Intent is a fan's intent on a design; ok is false when there is none.
func (s *Store) Intent(ctx context.Context, userID, ideaID int64) (in domain.Intent, ok bool, err error) {
	var options string
	err = s.r.QueryRowContext(ctx, `SELECT quantity, options, max_price FROM intents WHERE idea_id = ? AND user_id = ?`, ideaID, userID).
		Scan(&in.Quantity, &options, &in.MaxPrice)
	if err == sql.ErrNoRows {
		return in, false, nil
	}
	if err != nil {
		return in, false, fmt.Errorf("store: unable to read intent: %w", err)
	}
	in.IdeaID, in.UserID = ideaID, userID
	if err := json.Unmarshal([]byte(options), &in.Options); err != nil {
		return in, false, fmt.Errorf("store: unreadable intent options: %w", err)
	}
	return in, true, nil
}

// IntentGroups counts a challenge's intents by design, options and price:
// the work grows with the distinct choices, not with the fans. Answers are
// kept per ContentVersion, which every intent moves (and nothing moves once
// voting is over but other content), so a demand page read by everyone
// after the vote costs the query once. The slice is shared: read it only.
func (s *Store) IntentGroups(ctx context.Context, challengeID int64) ([]domain.IntentGroup, error) {
	version := s.ContentVersion() // before the read
	if g, ok := s.demandReads.get(version, challengeID); ok {
		return g, nil
	}
	g, err := s.intentGroups(ctx, challengeID)
	if err == nil {
		s.demandReads.put(version, challengeID, g)
	}
	return g, err
}

func (s *Store) intentGroups(ctx context.Context, challengeID int64) ([]domain.IntentGroup, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT idea_id, options, max_price, COUNT(*), SUM(quantity) FROM intents
		WHERE challenge_id = ? AND held = 0 GROUP BY idea_id, options, max_price ORDER BY idea_id, options, max_price`, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count intents: %w", err)
	}
	defer rows.Close()
	var out []domain.IntentGroup
	for rows.Next() {
		var g domain.IntentGroup
		var options string
		if err := rows.Scan(&g.IdeaID, &options, &g.MaxPrice, &g.Buyers, &g.Units); err != nil {
			return nil, fmt.Errorf("store: unable to read intents: %w", err)
		}
		if err := json.Unmarshal([]byte(options), &g.Options); err != nil {
			return nil, fmt.Errorf("store: unreadable intent options: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// DemandIdea is a design as the demand report lists it.
type DemandIdea struct {
	ID           int64
	Title        string
	State        domain.State
	Buyers       int
	Units        int
	ProductionAt *time.Time
}

// DemandIdeas lists a challenge's designs (at most 1,000: design polls are
// posted by their organiser) with their tallies, most units first.
func (s *Store) DemandIdeas(ctx context.Context, challengeID int64) ([]DemandIdea, error) {
	return list(ctx, s.r, "designs", func(rows *sql.Rows) (DemandIdea, error) {
		var d DemandIdea
		var prod sql.NullInt64
		err := rows.Scan(&d.ID, &d.Title, &d.State, &d.Buyers, &d.Units, &prod)
		d.ProductionAt = timePtr(prod)
		return d, err
	}, `SELECT id, title, state, buyers, units, production_at FROM ideas WHERE challenge_id = ?
		ORDER BY units DESC, buyers DESC, id LIMIT 1000`, challengeID)
}

// ProductionAt is when an admin marked a design for production (nil: not).
func (s *Store) ProductionAt(ctx context.Context, ideaID int64) (*time.Time, error) {
	var at sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT production_at FROM ideas WHERE id = ?`, ideaID).Scan(&at); err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("store: unable to read idea %d: %w", ideaID, err)
	}
	return timePtr(at), nil
}

// MarkProduction marks a design as going into production and, in the same
// transaction, tells the notices tell chooses for its would-be buyers
// (each a notification and, by the mail queue, an email). A design
// already marked is a conflict and tells no one twice.
func (s *Store) MarkProduction(ctx context.Context, ideaID int64, check IntentCheck, tellBuyers BuyersTell) (int, error) {
	now := s.Now()
	var told int
	err := s.write(ctx, func(tx *sql.Tx) error {
		idea, c, err := s.ideaInTx(tx, ideaID)
		if err != nil {
			return err
		}
		if err := check(c, idea); err != nil {
			return err
		}
		res, err := tx.Exec(`UPDATE ideas SET production_at = ? WHERE id = ? AND production_at IS NULL`, ms(now), ideaID)
		if err != nil {
			return fmt.Errorf("store: unable to mark idea %d: %w", ideaID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Conflict("already_in_production", "this design is already going into production")
		}
		buyers, err := userIDs(tx, `SELECT user_id FROM intents WHERE idea_id = ? AND held = 0 ORDER BY user_id`, ideaID)
		if err != nil {
			return err
		}
		out := tellBuyers(idea, buyers)
		told = len(out)
		return tell(tx, now, out)
	})
	return told, err
}

// BuyersTell chooses the notices of a design's would-be buyers that it is
// going into production.
type BuyersTell func(idea domain.Idea, buyers []int64) []domain.Outgoing

// tellReleased writes, in a release's transaction, the notices tellBuyers
// chooses for the fans whose intents the release counted again (held 1 →
// 0) on designs already going into production: MarkProduction told only
// the buyers counted then. A notice a fan already has (of the same kind,
// about the same design: told by MarkProduction, or by an earlier release)
// is not written again, so a fan held and released twice hears it once.
// It says whether it wrote any. A nil tellBuyers tells no one.
func (s *Store) tellReleased(tx *sql.Tx, now time.Time, released []ideaBuyer, tellBuyers BuyersTell) (bool, error) {
	if len(released) == 0 || tellBuyers == nil {
		return false, nil
	}
	byIdea := map[int64][]int64{}
	var ideas []int64
	for _, r := range released {
		if _, ok := byIdea[r.idea]; !ok {
			ideas = append(ideas, r.idea)
		}
		byIdea[r.idea] = append(byIdea[r.idea], r.user)
	}
	cond, args := s.inIDs("id", ideas)
	made, err := int64s(tx, `SELECT id FROM ideas WHERE production_at IS NOT NULL AND `+cond+` ORDER BY id`, args...)
	if err != nil {
		return false, fmt.Errorf("store: unable to read the designs going into production: %w", err)
	}
	wrote := false
	for _, id := range made {
		idea, err := s.ideaToChange(tx, id)
		if err != nil {
			return wrote, err
		}
		buyers := slices.Sorted(slices.Values(byIdea[id]))
		out := tellBuyers(idea, buyers)
		if len(out) == 0 {
			continue
		}
		cond, args := s.inIDs("user_id", buyers)
		rows, err := tx.Query(`SELECT user_id, kind FROM notifications WHERE idea_id = ? AND `+cond, append([]any{id}, args...)...)
		if err != nil {
			return wrote, fmt.Errorf("store: unable to read the notices of idea %d: %w", id, err)
		}
		type notice struct {
			user int64
			kind string
		}
		had := map[notice]bool{}
		for rows.Next() {
			var n notice
			if err := rows.Scan(&n.user, &n.kind); err != nil {
				rows.Close()
				return wrote, err
			}
			had[n] = true
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return wrote, fmt.Errorf("store: unable to read the notices of idea %d: %w", id, err)
		}
		if err := rows.Close(); err != nil {
			return wrote, fmt.Errorf("store: unable to read the notices of idea %d: %w", id, err)
		}
		fresh := out[:0:0]
		for _, o := range out {
			if !had[notice{o.To, string(o.Kind)}] {
				fresh = append(fresh, o)
			}
		}
		if err := tell(tx, now, fresh); err != nil {
			return wrote, err
		}
		wrote = wrote || len(fresh) > 0
	}
	return wrote, nil
}

func userIDs(tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.Query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read people: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: unable to read people: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ThresholdDue lists ideas whose supporter threshold needs settling at now
// (at most limit): submitted ideas, never qualified, of open calls with a
// threshold and no results yet, that have reached it or whose days are
// over, counted from their submission and from the opening of the vote
// (domain.ThresholdDeadline; domain.Reached, domain.Expires decide).
func (s *Store) ThresholdDue(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	return list(ctx, s.r, "ideas due", scanOne[int64], `SELECT i.id FROM ideas i JOIN challenges c ON c.id = i.challenge_id
		WHERE c.support_threshold > 0 AND c.kind = 'open_call' AND i.state = 'submitted'
		AND i.qualified_at IS NULL AND c.results_at IS NULL
		AND (i.votes >= c.support_threshold OR (c.threshold_days > 0 AND c.voting_open_at IS NOT NULL
			AND i.created_at + c.threshold_days * 86400000 <= ? AND c.voting_open_at + c.threshold_days * 86400000 <= ?))
		ORDER BY i.id LIMIT ?`, ms(now), ms(now), limit)
}

// ThresholdMove decides, inside the transaction, where a racing idea goes
// (its own state when nothing is due), whom to tell (given its author and
// supporters), and whether its votes go back to the fans (ReleasesVotes).
type ThresholdMove func(c domain.Challenge, idea domain.Idea, supporters []int64) (to domain.State, out []domain.Outgoing, release bool)

// SettleThreshold moves an idea by its supporter threshold: shortlisted
// (qualified_at set) or expired, with its history, notices and the search
// index's outbox in the same transaction (votes given back are told as
// tellReturned chooses). moved is false when nothing was due.
func (s *Store) SettleThreshold(ctx context.Context, ideaID int64, move ThresholdMove, tellReturned ReturnTell) (moved bool, err error) {
	now := s.Now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		idea, c, err := s.ideaInTx(tx, ideaID)
		if err != nil {
			return err
		}
		supporters, err := userIDs(tx, `SELECT user_id FROM votes WHERE idea_id = ? AND held = 0 ORDER BY created_at`, ideaID)
		if err != nil {
			return err
		}
		to, out, release := move(c, idea, supporters)
		if to == idea.State {
			return nil
		}
		moved = true
		var qualified any // NULL keeps what is there
		if to == domain.StateShortlisted {
			qualified = ms(now)
		}
		if _, err := tx.Exec(`UPDATE ideas SET state = ?, updated_at = ?, qualified_at = COALESCE(?, qualified_at) WHERE id = ?`,
			string(to), ms(now), qualified, ideaID); err != nil {
			return fmt.Errorf("store: unable to settle idea %d: %w", ideaID, err)
		}
		if err := recordEvent(tx, ideaID, 0, idea.State, to, "", now); err != nil {
			return err
		}
		if release {
			if err := s.releaseVotes(tx, idea, now, tellReturned); err != nil {
				return err
			}
		}
		if err := tell(tx, now, out); err != nil {
			return err
		}
		return queue(tx, "idea", ideaID, now)
	})
	return moved, err
}

// ideaInTx loads an idea with its challenge inside a write.
func (s *Store) ideaInTx(tx *sql.Tx, ideaID int64) (domain.Idea, domain.Challenge, error) {
	idea, err := s.ideaToChange(tx, ideaID)
	if err != nil {
		return idea, domain.Challenge{}, err
	}
	c, err := s.challengeTx(tx, idea.ChallengeID)
	return idea, c, err
}
