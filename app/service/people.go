package service

import (
	"context"
	"slices"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/workflow"
)

// KnownUser is the person with this id, for callers that have already
// proven who it is: a signed session cookie names its person, the demo
// loader acts as the admin it was given. A deleted account is not_found.
func (s *Service) KnownUser(ctx context.Context, id int64) (domain.User, error) {
	return s.store.User(ctx, id)
}

// FirstAdmin is an administrator of the installation, for the demo loader
// which acts in an admin's name; not_found when there is none.
func (s *Service) FirstAdmin(ctx context.Context) (domain.User, error) {
	admins, err := s.store.UsersWithRole(ctx, domain.RoleAdmin)
	if err != nil {
		return domain.User{}, err
	}
	if len(admins) == 0 {
		return domain.User{}, domain.NotFound("no administrator")
	}
	return admins[0], nil // the first, also when a thousand accounts came after
}

// Engineers lists the people with the engineer role, to whom an idea in
// triage can be given: for engineers and admins, as the triage queue is.
func (s *Service) Engineers(ctx context.Context, actor *domain.User) ([]domain.User, error) {
	if actor == nil {
		return nil, domain.Unauthorized("sign in first")
	}
	if !actor.Has(domain.RoleEngineer) && !actor.Has(domain.RoleAdmin) {
		return nil, domain.Forbidden("the list of engineers is for engineers")
	}
	all, err := s.store.UsersWithRole(ctx, domain.RoleEngineer)
	// Only those who may own a project are offered (workflow.CanOwn: a
	// suspended engineer owns nothing).
	return slices.DeleteFunc(all, func(u domain.User) bool { return workflow.CanOwn(u) != nil }), err
}

// Judges lists the people with the judge role, every one of them, for the
// admin's judging desk.
func (s *Service) Judges(ctx context.Context, actor *domain.User) ([]domain.User, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.UsersWithRole(ctx, domain.RoleJudge)
}

// SetLocale keeps the signed-in person's language (for their emails).
func (s *Service) SetLocale(ctx context.Context, actor *domain.User, lang string) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if err := CheckLocale("lang", lang); err != nil {
		return err
	}
	return s.store.SetLocale(ctx, actor.ID, lang)
}

// CheckLocale refuses, naming field, a language the site is not written
// in.
func CheckLocale(field, lang string) error {
	if !slices.Contains(i18n.Languages, lang) {
		return domain.Invalid(field, "invalid_lang", "language must be en or zh")
	}
	return nil
}
