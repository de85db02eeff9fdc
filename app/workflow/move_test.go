package workflow

import (
	"slices"
	"strings"
	"testing"

	"cocreate/app/domain"
)

// The whole move table, written out so that a change to the rules shows up
// here as a deliberate edit. Rows are from, columns to, in the order of
// Stages: triage, accepted, concept, prototype, fan_test, pilot, launched,
// shelved. "+" allowed, "." refused.
var moveTable = []string{
	/* triage    */ ".+.....+",
	/* accepted  */ "..+....+",
	/* concept   */ "...+...+",
	/* prototype */ "....+..+",
	/* fan_test  */ ".....+.+",
	/* pilot     */ "......++",
	/* launched  */ "........",
	/* shelved   */ "+.......",
}

func TestCheckMoveEveryPair(t *testing.T) {
	if len(Stages) != len(moveTable) {
		t.Fatalf("%d stages, %d rows in the table", len(Stages), len(moveTable))
	}
	for i, from := range Stages {
		for j, to := range Stages {
			want := moveTable[i][j] == '+'
			// A note that satisfies shelving, so only the move is judged.
			err := CheckMove(from, to, "tooling costs too high")
			if want && err != nil {
				t.Errorf("%s -> %s: %v, want allowed", from, to, err)
			}
			if !want {
				e := domain.AsError(err)
				if e == nil || e.Kind != domain.KindConflict || e.Code != "stage_move_not_allowed" {
					t.Errorf("%s -> %s: %v, want stage_move_not_allowed conflict", from, to, err)
				} else if want := "cannot move from " + string(from) + " to " + string(to); e.Message != want {
					t.Errorf("%s -> %s: message %q, want %q", from, to, e.Message, want)
				}
			}
		}
	}
}

func TestAllowedMovesAgreesWithCheckMove(t *testing.T) {
	for _, from := range append(slices.Clone(Stages), "", "unknown") {
		moves := AllowedMoves(from)
		if moves == nil {
			t.Errorf("AllowedMoves(%q) is nil", from)
		}
		for _, to := range Stages {
			if got, want := slices.Contains(moves, to), CheckMove(from, to, "reason") == nil; got != want {
				t.Errorf("%q -> %s: offered %v, allowed %v", from, to, got, want)
			}
		}
		next, ok := Next(from)
		if ok && CheckMove(from, next, "") != nil {
			t.Errorf("Next(%q) = %s, which CheckMove refuses", from, next)
		}
	}
	if got, want := AllowedMoves(Pilot), []Stage{Launched, Shelved}; !slices.Equal(got, want) {
		t.Errorf("AllowedMoves(pilot) = %v, want %v", got, want)
	}
}

func TestCheckMoveNote(t *testing.T) {
	tests := []struct {
		name        string
		from, to    Stage
		note        string
		field, code string
	}{
		{"shelving with a reason", Concept, Shelved, "supplier pulled out", "", ""},
		{"shelving with a Chinese reason", Triage, Shelved, "成本太高", "", ""},
		{"shelving without a note", Prototype, Shelved, "", "note", "note_required"},
		{"shelving with a blank note", Prototype, Shelved, " \n\t\u3000", "note", "note_required"},
		{"advancing without a note", Concept, Prototype, "", "", ""},
		{"restarting without a note", Shelved, Triage, "", "", ""},
		{"note at the limit in characters", Pilot, Shelved, strings.Repeat("停", MaxNoteLength), "", ""},
		{"note over the limit", Pilot, Shelved, strings.Repeat("a", MaxNoteLength+1), "note", "too_long"},
		{"over-long note on an advance", Pilot, Launched, strings.Repeat("a", MaxNoteLength+1), "note", "too_long"},
		{"malformed UTF-8", Triage, Accepted, "ok \xff", "note", "invalid_utf8"},
		{"disallowed move wins over a bad note", Launched, Shelved, "", "", "stage_move_not_allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckMove(tt.from, tt.to, tt.note)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			e := domain.AsError(err)
			if e == nil || e.Field != tt.field || e.Code != tt.code {
				t.Fatalf("got %v, want code %q on field %q", err, tt.code, tt.field)
			}
			if tt.field != "" && e.Kind != domain.KindInvalid {
				t.Fatalf("kind %v, want invalid", e.Kind)
			}
		})
	}
}
