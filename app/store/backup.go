package store

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
)

// Backup writes a consistent copy of the database at dbPath to dest while
// the server may be serving: VACUUM INTO reads one snapshot through a
// read-only connection, so writers are never blocked and the copy is
// compact. dest must not exist.
func Backup(dbPath, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("store: %s exists; choose a new file", dest)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "10000")
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("store: unable to open %s: %w", dbPath, err)
	}
	defer db.Close()
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if _, err := db.Exec(`VACUUM INTO ?`, abs); err != nil {
		return fmt.Errorf("store: unable to back up to %s: %w", dest, err)
	}
	return nil
}

// ErrLocked says another process (a running server) holds the data directory.
var ErrLocked = errors.New("store: the data directory is in use by a running server")

// Lock takes the data directory's lock for as long as the process runs (or
// until unlock is called), so that restore refuses while a server serves.
func Lock(dataDir string) (unlock func(), err error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil { // a new one is its owner's alone (Open)
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dataDir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, ErrLocked
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
