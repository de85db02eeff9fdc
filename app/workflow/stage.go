// Package workflow holds the rules of a prototype project's life: the stages
// a winning idea goes through on its way to a launched product, which moves
// between them are allowed, and how far along a project is. The store
// records moves and the web layer shows buttons; both ask this package, so
// the page never offers a move the API would refuse.
package workflow

import (
	"strings"

	"cocreate/app/domain"
)

// Stage is where a project stands. The values are the API's and the
// database's spelling.
type Stage string

const (
	Triage    Stage = "triage"
	Accepted  Stage = "accepted"
	Concept   Stage = "concept"
	Prototype Stage = "prototype"
	FanTest   Stage = "fan_test"
	Pilot     Stage = "pilot"
	Launched  Stage = "launched"
	Shelved   Stage = "shelved"
)

// Stages lists every stage in display order: the pipeline from triage to
// launched, then shelved. It is for menus and filters; the rules below use
// their own copy, so nothing a caller does to this slice changes them.
var Stages = []Stage{Triage, Accepted, Concept, Prototype, FanTest, Pilot, Launched, Shelved}

// pipeline is the road to launch, in order: six steps from triage.
var pipeline = [...]Stage{Triage, Accepted, Concept, Prototype, FanTest, Pilot, Launched}

// all is Stages as the rules see it, built fresh from the pipeline (the
// capped slice makes append copy) so a caller editing Stages changes nothing.
func all() []Stage {
	return append(pipeline[:len(pipeline):len(pipeline)], Shelved)
}

// Valid reports whether s is one of the stages.
func (s Stage) Valid() bool {
	return s == Shelved || position(s) >= 0
}

// ParseStage turns user input into a stage, reporting problems against
// field (the transition body calls it "to", the project filter "stage").
// The match is exact: stages are identifiers, not prose.
func ParseStage(s, field string) (Stage, error) {
	if s == "" {
		return "", domain.Invalid(field, "required", field+" is required")
	}
	if st := Stage(s); st.Valid() {
		return st, nil
	}
	var names []string
	for _, st := range all() {
		names = append(names, string(st))
	}
	return "", domain.Invalid(field, "invalid_stage",
		field+" must be one of "+strings.Join(names, ", "))
}

// Progress reports how many of the pipeline's steps a project has taken, for
// a progress bar: triage is 0 of 6, launched 6 of 6. A shelved project
// reports 0 of 6: the stage it was shelved from is history, not state, and
// an empty bar beside the "shelved" label reads right, since a project that
// returns from the shelf restarts at triage. An unknown stage also reports
// 0 of 6.
func Progress(s Stage) (step, total int) {
	return max(position(s), 0), len(pipeline) - 1
}

// Next returns the stage after s on the pipeline. Launched and Shelved have
// none: launched is the end, and leaving the shelf (back to triage) is a
// restart rather than a step forward.
func Next(s Stage) (Stage, bool) {
	p := position(s)
	if p < 0 || p == len(pipeline)-1 {
		return "", false
	}
	return pipeline[p+1], true
}

// position is s's index on the pipeline, or -1 for Shelved and unknown
// stages.
func position(s Stage) int {
	for i, st := range pipeline {
		if st == s {
			return i
		}
	}
	return -1
}
