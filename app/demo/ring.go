package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand"
	"sync"
	"time"

	"cocreate/app/domain"
	"cocreate/app/service"
)

// simClock is the demo's clock: it moves on by a step at every reading, so
// that votes loaded in seconds carry the times a real crowd would have
// given them over days, and a click farm's the seconds it really takes.
type simClock struct {
	mu   sync.Mutex
	t    time.Time
	rnd  *rand.Rand
	fast bool // a ring at work: under a second between readings
}

func newSimClock(start time.Time) *simClock {
	return &simClock{t: start, rnd: rand.New(rand.NewSource(8))}
}

func (c *simClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	if c.fast {
		c.t = c.t.Add(time.Duration(300+c.rnd.Intn(600)) * time.Millisecond)
	} else {
		c.t = c.t.Add(time.Duration(40+c.rnd.Intn(200)) * time.Second)
	}
	return t
}

func (c *simClock) setFast(f bool) {
	c.mu.Lock()
	c.fast = f
	c.mu.Unlock()
}

// client is where a demo person votes from: honest fans each from their
// own network (addresses from the documentation ranges, hashed like any
// other).
func client(email string) service.Client {
	h := fnv.New32a()
	h.Write([]byte(email))
	n := h.Sum32()
	return service.Client{Addr: fmt.Sprintf("100.%d.%d.%d", 64+n%60, (n>>8)%250, 1+(n>>16)%250), UserAgent: agents[n%uint32(len(agents))]}
}

var agents = []string{
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.49",
	"Mozilla/5.0 (Linux; Android 14; 23127PN0CC) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
}

// ring is a click farm (刷票) at work in a challenge: size accounts signed
// up within seconds from two networks, each voting for the target ideas at
// once. The integrity scan that follows catches it; reason, when given, is
// the organiser removing its votes (they then show in the public log).
func ring(ctx context.Context, svc *service.Service, clock *simClock, admin *domain.User, challengeID int64, name string, size int, targets []int64, reason string) error {
	clock.setFast(true)
	defer clock.setFast(false)
	var ins []domain.SignUp
	for a := 0; a < size; a++ {
		ins = append(ins, domain.SignUp{Email: fmt.Sprintf("%s%02d@demo.cocreate", name, a+1), Name: fmt.Sprintf("用户%d", 8800+a*7)})
	}
	// One random password for the whole farm, shown to nobody: nobody signs
	// in as a farm account, and no installation has a known password.
	users, err := svc.SignUpSharingHash(ctx, admin, password(), ins)
	if err != nil {
		return err
	}
	pairs := !votesBySupport(ctx, svc, challengeID)
	// Four at a time, as a farm's scripts would (concurrent writes also
	// share a commit, so the demo loads in seconds).
	errs := make([]error, size)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := w; a < size; a += 4 {
				from := service.Client{Addr: fmt.Sprintf("203.0.113.%d", 10+a), UserAgent: agents[1]}
				if a%2 == 1 {
					from.Addr = fmt.Sprintf("198.51.100.%d", 10+a)
				}
				if err := farmAct(ctx, svc, &users[a], challengeID, targets, from, pairs); err != nil {
					errs[a] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	clock.setFast(false)
	clock.now() // the farm is gone before the next scan
	rep, err := svc.ScanIntegrity(ctx, admin, challengeID)
	if err != nil {
		return err
	}
	if reason == "" {
		return nil
	}
	for _, g := range rep.Groups {
		if g.Status == "quarantined" {
			if _, err := svc.DecideIntegrityGroup(ctx, admin, challengeID, g.ID, "remove", reason); err != nil {
				return err
			}
		}
	}
	return nil
}

// farmAct is one farm account at work: a vote for each target, or in a
// pairwise poll every pair answered for a target whenever one is shown.
func farmAct(ctx context.Context, svc *service.Service, u *domain.User, challengeID int64, targets []int64, from service.Client, pairs bool) error {
	if !pairs {
		for _, idea := range targets {
			if _, err := svc.VoteFrom(ctx, u, idea, from); err != nil {
				return fmt.Errorf("ring vote: %w", err)
			}
		}
		return nil
	}
	target := map[int64]bool{}
	for _, t := range targets {
		target[t] = true
	}
	for {
		q, ok, err := svc.NextPair(ctx, u, challengeID)
		if err != nil || !ok {
			return err
		}
		choice := "skip"
		if target[q.Left.ID] {
			choice = "left"
		} else if target[q.Right.ID] {
			choice = "right"
		}
		if err := svc.AnswerPair(ctx, u, challengeID, q.Token, choice, from); err != nil {
			return fmt.Errorf("ring pair: %w", err)
		}
	}
}
