package workflow

import (
	"fmt"
	"strings"

	"cocreate/app/domain"
)

// MaxNoteLength is the longest note a move may carry, in characters. The
// note becomes a public update, so it is a paragraph, not a report.
const MaxNoteLength = 2000

// CheckMove reports whether a project may move from one stage to another
// with the given note. The moves are: each pipeline stage to the next one;
// any stage before launched to shelved; shelved back to triage. Nothing
// else, not even staying put: a launched product stays launched, and going
// back a stage is done by shelving and restarting so that the public
// timeline never quietly rewinds.
//
// A disallowed move is a conflict with the project's state whatever the
// note says, so it is reported before any problem with the note. Shelving
// needs a non-blank note because the reason is shown to the fans who
// followed the idea; other moves may carry one.
func CheckMove(from, to Stage, note string) error {
	if !allowed(from, to) {
		return domain.Conflict("stage_move_not_allowed", fmt.Sprintf("cannot move from %s to %s", from, to))
	}
	if err := domain.TextField("note", note, 0, MaxNoteLength); err != nil {
		return err
	}
	if to == Shelved && strings.TrimSpace(note) == "" {
		return domain.Invalid("note", "note_required", "a project can only be shelved with a note saying why")
	}
	return nil
}

// AllowedMoves lists the stages a project in from may move to, in the order
// of Stages, for the buttons a page offers. It is never nil, so it encodes
// as [] in JSON. A move to shelved still needs a note.
func AllowedMoves(from Stage) []Stage {
	moves := []Stage{}
	for _, to := range all() {
		if allowed(from, to) {
			moves = append(moves, to)
		}
	}
	return moves
}

func allowed(from, to Stage) bool {
	switch {
	case to == Shelved:
		return from != Launched && position(from) >= 0
	case from == Shelved:
		return to == Triage
	}
	next, ok := Next(from)
	return ok && next == to
}
