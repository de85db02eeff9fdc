package backup

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/images/imagetest"
	"cocreate/app/service"
	"cocreate/app/store"
)

// The brand's logo (session 51) is an upload like a cover: a backup holds
// it, and one made while its file is missing says so, since the database
// names it.
func TestSite51LogoIsBackedUp(t *testing.T) {
	src := installation(t)
	st, err := store.Open(filepath.Join(src, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(st, filepath.Join(src, UploadsDir))
	admin := &domain.User{ID: 1, Roles: []domain.Role{domain.RoleFan, domain.RoleAdmin}}
	name := "海尔创客"
	site, err := svc.SetSite(context.Background(), admin, domain.SiteInput{NameZH: &name}, imagetest.JPEG(imagetest.Quadrants(600, 200), 85))
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	logo := UploadsDir + "/" + site.Logo.File
	m, err := Create(src, filepath.Join(t.TempDir(), "with-logo.tar.gz"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range m.Files {
		found = found || f.Name == logo
	}
	if !found || m.Missing() != nil {
		t.Fatalf("the logo %s is not in the backup (missing: %v)", logo, m.MissingUploads)
	}

	if err := os.Remove(filepath.Join(src, filepath.FromSlash(logo))); err != nil {
		t.Fatal(err)
	}
	m, err = Create(src, filepath.Join(t.TempDir(), "without-logo.tar.gz"), Options{})
	if err == nil {
		err = m.Missing()
	}
	if err == nil || len(m.MissingUploads) != 1 || m.MissingUploads[0] != logo {
		t.Fatalf("a backup without the logo's file: %v, missing %v, want %s named", err, m.MissingUploads, logo)
	}
}
