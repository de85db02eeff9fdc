package backup

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// writeTestJournal leaves j in dir as an interrupted restore would.
func writeTestJournal(t *testing.T, dir string, j journal) {
	t.Helper()
	raw, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, JournalName), raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A journal edited by hand, or made up, that names anything but a restore's
// own staging and safety directories and its moves is refused, and the
// installation is left as it is: with staging ".", the undo removed the
// whole data directory.
func TestACraftedJournalIsRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	if _, err := Create(installation(t), file, Options{}); err != nil {
		t.Fatal(err)
	}
	for name, j := range map[string]journal{
		"staging is the data directory": {Staging: "."},
		"staging is the uploads":        {Staging: "uploads"},
		"safety copy is the uploads":    {Staging: ".restore-1", SafetyCopy: "uploads"},
		"a move of its own making":      {Staging: ".restore-1", Moves: [][2]string{{"cocreate.db", "elsewhere.db"}}},
		"a move out of the directory":   {Staging: ".restore-1", Moves: [][2]string{{".restore-1/../../x", "../x"}}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			copyTree(t, installation(t), dir)
			writeTestJournal(t, dir, j)
			if _, err := Restore(dir, file, Options{}); err == nil {
				t.Fatal("a crafted journal was followed")
			}
			for _, f := range []string{DatabaseFile, "uploads"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("%s is gone: %v", f, err)
				}
			}
		})
	}
}

// A journal whose staging directory is missing (a restore that failed
// before its swap, with its journal left) moves no file of the
// installation: a rename out of the staging directory is never taken as
// made without it, where it used to move the live database into it and
// remove it with the staging.
func TestAJournalWithoutItsStagingMovesNothingLive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	copyTree(t, installation(t), dir)
	writeTestJournal(t, dir, journal{Staging: ".restore-9", Moves: [][2]string{
		{".restore-9/" + DatabaseFile, DatabaseFile}, {".restore-9/uploads", "uploads"}}})
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	if err := os.WriteFile(bad, []byte("not an archive"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(dir, bad, Options{}); err == nil {
		t.Fatal("a bad archive was restored")
	}
	for _, f := range []string{DatabaseFile, "uploads"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s is gone: %v", f, err)
		}
	}
}
