package service

import "context"

// The operator's reads: health and the gauges of /metrics. They say how much
// is waiting, never what, so they need no person; the routes that call them
// decide who may ask.

// Healthy reports whether the database answers.
func (s *Service) Healthy(ctx context.Context) error {
	_, err := s.store.HasUsers(ctx)
	return err
}

// OutboxLen counts searchable changes not yet in the index.
func (s *Service) OutboxLen(ctx context.Context) (int, error) { return s.store.OutboxLen(ctx) }

// PendingMail counts emails waiting to be sent.
func (s *Service) PendingMail(ctx context.Context) (int, error) { return s.store.PendingMail(ctx) }

// Version is a number that grows with every committed write: what is read
// after reading it is at least that new (the list cache keys on it).
func (s *Service) Version() uint64 { return s.store.Version() }

// HasChallenges reports whether any challenge exists, drafts included (the
// demo loads only into an empty installation).
func (s *Service) HasChallenges(ctx context.Context) (bool, error) {
	all, err := s.store.Challenges(ctx)
	return len(all) > 0, err
}
