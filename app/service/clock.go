package service

import "time"

// WithClock runs fn with the clock of the service and of the store both
// reading clock, then puts the old clocks back. It is for loading history
// (the demo plays weeks of votes in seconds, and its votes must carry
// believable times, or vote integrity would rightly see them as a burst),
// at start or on a fresh installation's setup page; never with other
// writers about.
func (s *Service) WithClock(clock func() time.Time, fn func() error) error {
	prevStore, prevService := s.store.Now, s.Now
	s.store.Now, s.Now = clock, clock
	defer func() { s.store.Now, s.Now = prevStore, prevService }()
	return fn()
}
