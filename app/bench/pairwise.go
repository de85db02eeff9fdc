package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	neturl "net/url"
	"strconv"
	"time"

	"cocreate/app/domain"
)

// pairwise is the pairwise method's figure (#16): many fans answering
// "which of these two?" at once, each asking for a pair (GET …/pair, which
// chooses it adaptively from the fitted scores and the fan's judged pairs)
// and answering it (POST …/pair with the token), as API.md says. It runs on
// -ideas ideas with the votes scenario's connections, so it stands beside
// the same ceiling and beside votes/s. The proof: every idea's served
// comparisons equal the answers the server acknowledged (skips are not
// counted), a token answered once is refused the second time, and
// `cocreate check` (after every scenario) proves comparisons and wins
// equal the stored rows.
type pairwise struct {
	cfg       *Config
	challenge int64
	ideas     []int64
}

func (p *pairwise) Name() string { return "pairwise" }

// Conns is the votes scenario's (or -pair-conns): one fan per connection
// at most.
func (p *pairwise) Conns() int {
	conns := p.cfg.Conns
	if p.cfg.PairConns > 0 {
		conns = p.cfg.PairConns
	}
	return max(1, min(conns, p.cfg.Fans))
}

func (p *pairwise) Seed(ctx context.Context, s *Seeder) error {
	open := domain.SetTime(time.Now().Add(-90 * 24 * time.Hour))
	title, kind, method, zero := "Bench: fans comparing pairs", domain.OpenCall, string(domain.MethodPairwise), 0
	c, err := s.Service.CreateChallenge(ctx, &s.Admin, domain.ChallengeInput{
		Title: &title, Kind: &kind, VotingMethod: &method,
		SubmissionsOpenAt: open, VotingOpenAt: open,
		VoteBudget: &zero, IdeasPerFan: &zero,
	})
	if err != nil {
		return err
	}
	p.challenge = c.ID
	p.ideas, err = s.Ideas(ctx, c.ID, p.cfg.Ideas, 0)
	return err
}

// answer is one fan's answer to one pair (idea indices, low first); the
// ledger keeps its winner, -1 for a skip.
type answer struct {
	fan       int32
	low, high int32
}

// pairLedger is one worker's record of what the server acknowledged.
type pairLedger struct {
	fans []int32
	// getHead and postHead are each of fans' headers for GET and POST (its
	// bearer token; and the answer's content type), made once.
	getHead, postHead []http.Header
	rng               *rand.Rand
	done              map[int32]bool   // fans the server had no pair left for
	acked             map[answer]int32 // winner index, -1 for a skip
	unsure            map[answer]bool  // answered with no (or a 5xx) reply
	replay            struct {
		fan   int32
		token string
	}
}

func (p *pairwise) Run(ctx context.Context, t *Target) ([]Row, error) {
	conns := p.Conns()
	index := make(map[int64]int32, len(p.ideas))
	for i, id := range p.ideas {
		index[id] = int32(i)
	}
	ledgers := make([]*pairLedger, conns)
	for w := range ledgers {
		l := &pairLedger{rng: rand.New(rand.NewPCG(uint64(w), 16)), done: map[int32]bool{},
			acked: map[answer]int32{}, unsure: map[answer]bool{}}
		for f := w; f < len(t.Fans); f += conns {
			l.fans = append(l.fans, int32(f))
			get, post := t.Fans[f].Header(), t.Fans[f].Header()
			post.Set("Content-Type", "application/json")
			l.getHead, l.postHead = append(l.getHead, get), append(l.postHead, post)
		}
		ledgers[w] = l
	}
	path := "/api/v1/challenges/" + strconv.FormatInt(p.challenge, 10) + "/pair"
	url := t.Base + path
	base, err := neturl.Parse(t.Base)
	if err != nil {
		return nil, err
	}
	worker := func(w int, deadline time.Time, rec *Recorder) {
		l := ledgers[w]
		for i := 0; time.Now().Before(deadline) && len(l.done) < len(l.fans); i++ {
			j := i % len(l.fans)
			f := l.fans[j]
			if l.done[f] {
				continue
			}
			status, body, err := rec.Send(http.MethodGet, base, path, l.getHead[j])
			if err != nil || status != http.StatusOK {
				if status == http.StatusNoContent {
					l.done[f] = true
				}
				continue
			}
			var q pairQuestion
			jerr := q.read(&rec.json, body)
			a, aok := index[q.Left]
			b, bok := index[q.Right]
			if jerr != nil || !aok || !bok || a == b || q.Token == "" {
				rec.Fail(fmt.Sprintf("GET pair: not a pair of this challenge's ideas: %.200s", body))
				continue
			}
			choice, winner := "left", a
			switch r := l.rng.Float64(); {
			case r < 0.1:
				choice, winner = "skip", -1
			case r < 0.55:
				choice, winner = "right", b
			}
			key := answer{fan: f, low: min(a, b), high: max(a, b)}
			if _, again := l.acked[key]; again {
				rec.Fail(fmt.Sprintf("GET pair: fan %d was asked a pair it had answered", f))
				continue
			}
			raw, _ := json.Marshal(map[string]string{"pair_token": q.Token, "choice": choice})
			req, _ := rec.NewRequest(http.MethodPost, url, bytes.NewReader(raw))
			req.Header = l.postHead[j]
			status, _, err = rec.Do(req)
			switch {
			case err != nil || status >= 500:
				l.unsure[key] = true
			case status == http.StatusOK:
				l.acked[key] = winner
				l.replay.fan, l.replay.token = f, q.Token
			}
			// A 4xx (an idea no longer comparable, say) changed nothing.
		}
	}
	st := t.Load("pairwise", conns, t.Cfg.Duration, worker)
	ceil := t.Ceiling(conns)
	answered, skipped := 0, 0
	for _, l := range ledgers {
		for _, w := range l.acked {
			if w < 0 {
				skipped++
			} else {
				answered++
			}
		}
	}
	perSec := float64(answered+skipped) / st.Seconds
	t.Cfg.logf("pairwise: %d conns: %.0f requests/s, %.0f answers/s acknowledged (%d answered, %d skipped), p50 %.2f ms, p99 %.2f ms, %d errors %s",
		conns, st.PerSec, perSec, answered, skipped, st.P50, st.P99, st.Errors, st.FirstError)
	// With -pair-conns the figures are at other connections than votes':
	// their names say how many.
	at := ""
	if p.cfg.PairConns > 0 {
		at = fmt.Sprintf(" (%d conns)", conns)
	}

	pr := p.prove(ctx, t, ledgers)
	replayed := p.replay(ctx, t, url, ledgers)
	rows := []Row{
		{Figure: "pairwise: requests/s (GET …/pair, then POST …/pair)" + at, Value: st.PerSec, Unit: "/s", Ceiling: ceil.PerSec},
		{Figure: "pairwise: answers acknowledged/s (a GET and a POST each)" + at, Value: perSec, Unit: "/s"},
		{Figure: "pairwise: p50 latency" + at, Value: st.P50, Unit: "ms", Ceiling: ceil.P50},
		{Figure: "pairwise: p99 latency" + at, Value: st.P99, Unit: "ms", Ceiling: ceil.P99, Target: "< 50 ms", Met: yes(st.P99 < 50)},
		{Figure: "pairwise: errors", Value: float64(st.Errors), Target: "0", Met: yes(st.Errors == 0)},
	}
	if votes, ok := t.loads["votes"]; ok && votes.PerSec > 0 {
		ratio := perSec / votes.PerSec
		rows = append(rows, Row{Figure: "pairwise: answers/s over votes/s of this run" + at, Value: ratio, Unit: "×",
			Target: "same order (≥ 0.1)", Met: yes(ratio >= 0.1)})
	}
	rows = append(rows,
		Row{Figure: "pairwise: comparisons equal acknowledged answers", Text: pr.String(), Target: "exact", Met: yes(pr.OK())},
		Row{Figure: "pairwise: an answered token sent again", Text: replayed, Target: "409 pair_answered", Met: yes(replayed == "409 pair_answered")},
	)
	if !pr.OK() {
		return rows, fmt.Errorf("pairwise: %d of %d ideas' comparisons differ from the acknowledged answers:\n%s", pr.Mismatched, pr.Ideas, pr.Detail)
	}
	if replayed != "409 pair_answered" {
		return rows, fmt.Errorf("pairwise: an answered pair token sent again got %s", replayed)
	}
	return rows, nil
}

// prove compares every idea's served comparisons (GET /api/v1/ideas/{id})
// with the answers the ledgers acknowledged, skips left out: exact where
// every POST was answered, within the unanswered ones where some were not.
func (p *pairwise) prove(ctx context.Context, t *Target, ledgers []*pairLedger) proof {
	lo, unsure := make([]int, len(p.ideas)), make([]int, len(p.ideas))
	for _, l := range ledgers {
		for k, w := range l.acked {
			if w >= 0 {
				lo[k.low]++
				lo[k.high]++
			}
		}
		for k := range l.unsure {
			unsure[k.low]++
			unsure[k.high]++
		}
	}
	got := make([]int, len(p.ideas))
	errs := make([]error, len(p.ideas))
	_ = Parallel(ctx, len(p.ideas), func(i int) error { // errors are kept per idea
		got[i], errs[i] = ideaCount(ctx, t.Client, t.Base, p.ideas[i], "comparisons")
		return nil
	})
	var pr proof
	for i := range p.ideas {
		pr.Ideas++
		pr.Acknowledged += lo[i]
		switch {
		case errs[i] != nil:
			pr.Mismatched++
			pr.Detail += fmt.Sprintf("  idea %d: %v\n", p.ideas[i], errs[i])
		case unsure[i] == 0 && got[i] == lo[i]:
			pr.Exact++
		case unsure[i] > 0 && got[i] >= lo[i] && got[i] <= lo[i]+unsure[i]:
			pr.Ranged++
		default:
			pr.Mismatched++
			pr.Detail += fmt.Sprintf("  idea %d: the server says %d comparisons, the acknowledged answers are %d (+%d unanswered)\n",
				p.ideas[i], got[i], lo[i], unsure[i])
		}
	}
	pr.Acknowledged /= 2 // each answer names two ideas
	pr.Standing = "answers, skips aside"
	return pr
}

// replay sends one acknowledged answer's token again: the server must
// refuse it (a token is single-use), changing nothing.
func (p *pairwise) replay(ctx context.Context, t *Target, url string, ledgers []*pairLedger) string {
	for _, l := range ledgers {
		if l.replay.token == "" {
			continue
		}
		raw, _ := json.Marshal(map[string]string{"pair_token": l.replay.token, "choice": "left"})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(raw))
		if err != nil {
			return err.Error()
		}
		req.Header = t.Fans[l.replay.fan].Header()
		req.Header.Set("Content-Type", "application/json")
		res, err := t.Client.Do(req)
		if err != nil {
			return err.Error()
		}
		defer res.Body.Close()
		var e struct {
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		_ = json.NewDecoder(res.Body).Decode(&e) // an empty code says enough
		return fmt.Sprintf("%d %s", res.StatusCode, e.Error.Code)
	}
	return "no answer was acknowledged"
}
