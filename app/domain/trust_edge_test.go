package domain

import (
	"strings"
	"testing"
)

// A confirmation link names a user by a positive id: user 0, a negative id
// or an overlong link is refused before anything is looked up.
func TestVerificationUserRefusesNoUser(t *testing.T) {
	for _, tok := range []string{"0.1.y", "-7.1.y", "7.1." + strings.Repeat("y", 200), "7", ""} {
		if id, err := VerificationUser(tok); err == nil {
			t.Errorf("VerificationUser(%q) = %d, want an error", tok, id)
		}
	}
	for _, tok := range []string{"1.1.y", "1.1." + strings.Repeat("y", 196)} { // the second is 200 bytes, the most allowed
		if id, err := VerificationUser(tok); err != nil || id != 1 {
			t.Errorf("VerificationUser(%q) = %d, %v; want user 1", tok, id, err)
		}
	}
}
