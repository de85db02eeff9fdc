package service

import (
	"context"

	"cocreate/app/domain"
	"cocreate/app/password"
)

// SignUpSharingHash lets an admin open accounts that all have one password
// with a single password hash between them: for loading the demo's
// throwaway accounts (its click farm), whose password is published anyway,
// so that the demo loads in seconds. An equal hash shows equal passwords,
// which for them tells nothing; never use it for real people. Each account
// is validated as a sign-up is.
func (s *Service) SignUpSharingHash(ctx context.Context, actor *domain.User, pw string, ins []domain.SignUp) ([]domain.User, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return nil, err
	}
	hash, err := password.HashContext(ctx, pw)
	if err != nil {
		return nil, err
	}
	var out []domain.User
	for _, in := range ins {
		in.Password = pw
		in.Normalize()
		if err := in.Validate(); err != nil {
			return nil, err
		}
		u, err := s.store.CreateUser(ctx, in, hash, false)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}
