package service

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
)

// ShareKeys makes every node of an installation on a shared database
// (store.SharesFiles: PostgreSQL) sign and read with the same session and
// mail keys: the first node to start keeps its own (or new ones) in the
// database, and each node writes the kept ones over its files under data,
// where the server reads them. A SQLite installation keeps its files.
func (s *Service) ShareKeys(data string) error {
	if !s.store.SharesFiles() {
		return nil
	}
	for _, k := range []struct {
		name, path string
		size       int
	}{
		{"session", filepath.Join(data, "session.key"), 96},
		{"mail", filepath.Join(data, "mail", "secret"), 32},
	} {
		local, err := os.ReadFile(k.path)
		if err != nil || len(local) != k.size {
			local = make([]byte, k.size)
			if _, err := rand.Read(local); err != nil {
				return err
			}
		}
		key, err := s.store.SharedKey(context.Background(), k.name, local)
		if err != nil {
			return err
		}
		if len(key) != k.size {
			return fmt.Errorf("the database's %s key has %d bytes, want %d", k.name, len(key), k.size)
		}
		if bytes.Equal(key, local) {
			if _, err := os.Stat(k.path); err == nil {
				continue
			}
		}
		if err := os.MkdirAll(filepath.Dir(k.path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(k.path+".tmp", key, 0o600); err != nil {
			return err
		}
		if err := os.Rename(k.path+".tmp", k.path); err != nil {
			return err
		}
	}
	return nil
}
