// Package service holds cocreate's use cases: each one checks who may do it
// (with the domain's rules), validates input, and calls the store. The HTML
// pages and the JSON API both call these functions, so a rule is enforced in
// one place whichever way a person arrives.
package service

import (
	"time"

	"cocreate/app/images"
	"cocreate/app/indexer"
	"cocreate/app/store"
)

// Service is the product's use cases over one store.
type Service struct {
	Store  *store.Store
	Images images.Dir
	// Indexer keeps and serves the search index; nil means no search.
	Indexer *indexer.Indexer
	// MailSecret is the installation's mail key (mail.LoadSecret), which
	// signs the links in emails that stop them; none are valid without it.
	MailSecret []byte
}

// New returns the use cases over st, keeping uploads in imageDir.
func New(st *store.Store, imageDir string) *Service {
	return &Service{Store: st, Images: images.Dir{Path: imageDir}}
}

func (s *Service) now() time.Time { return s.Store.Now() }
