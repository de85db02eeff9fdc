package service

import (
	"sync"
	"time"

	"cocreate/app/domain"
)

// photoUse rations each account's photo decoding on this node
// (domain.PhotoAllowed): what it spent in the last hour, and whether one
// of its posts is being read now. On several nodes each node rations its
// own share; the server-wide line (images.maxDecodes) stays per node too.
type photoUse struct {
	mu sync.Mutex
	by map[int64]*photoAccount
	// swept is when by was last rid of the accounts whose spends all
	// left the window (begin, at most once a minute).
	swept time.Time
}

type photoAccount struct {
	busy  bool
	spent []domain.PhotoSpend
}

// begin marks a post of photos by account id as being read, refusing one
// while another of its posts is (domain.PhotosBusy); done ends it, at the
// time now says.
func (p *photoUse) begin(id int64, now func() time.Time) (done func(), err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.by == nil {
		p.by = map[int64]*photoAccount{}
	}
	if t := now(); t.Sub(p.swept) >= time.Minute {
		p.swept = t
		for k, a := range p.by {
			if !a.busy && (len(a.spent) == 0 || t.Sub(a.spent[len(a.spent)-1].At) >= domain.PhotoWindow) {
				delete(p.by, k)
			}
		}
	}
	a := p.by[id]
	if a == nil {
		a = &photoAccount{}
		p.by[id] = a
	}
	if a.busy {
		return nil, domain.PhotosBusy
	}
	a.busy = true
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		a.busy = false
		if len(a.spent) == 0 || now().Sub(a.spent[len(a.spent)-1].At) >= domain.PhotoWindow {
			delete(p.by, id) // nothing left to remember
		}
	}, nil
}

// spend charges account id pixels at now, or refuses past its allowance
// of pixels an hour.
func (p *photoUse) spend(id int64, now time.Time, pixels, allowance int64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	a := p.by[id]
	if a == nil { // begin was not called: nothing to ration against
		return nil
	}
	var err error
	a.spent, err = domain.PhotoAllowed(a.spent, now, pixels, allowance)
	return err
}
