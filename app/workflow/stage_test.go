package workflow

import (
	"slices"
	"testing"

	"cocreate/app/domain"
)

func TestStages(t *testing.T) {
	want := []Stage{"triage", "accepted", "concept", "prototype", "fan_test", "pilot", "launched", "shelved"}
	if !slices.Equal(Stages, want) {
		t.Fatalf("Stages = %v, want %v", Stages, want)
	}
	for _, s := range Stages {
		if !s.Valid() {
			t.Errorf("%s is not valid", s)
		}
	}
	for _, s := range []Stage{"", "Triage", "fan test", "done"} {
		if s.Valid() {
			t.Errorf("%q is valid", s)
		}
	}
}

func TestStagesCannotBeBrokenByCallers(t *testing.T) {
	saved := slices.Clone(Stages)
	defer copy(Stages, saved)
	slices.Reverse(Stages)
	Stages[0] = "oops"
	if err := CheckMove(Triage, Accepted, ""); err != nil {
		t.Fatal(err)
	}
	if got, want := AllowedMoves(Triage), []Stage{Accepted, Shelved}; !slices.Equal(got, want) {
		t.Fatalf("AllowedMoves(triage) = %v, want %v", got, want)
	}
}

func TestParseStage(t *testing.T) {
	tests := []struct {
		in, field   string
		want        Stage
		code        string
		wantMessage string
	}{
		{"triage", "to", Triage, "", ""},
		{"fan_test", "stage", FanTest, "", ""},
		{"shelved", "to", Shelved, "", ""},
		{"", "to", "", "required", "to is required"},
		{"Fan_Test", "stage", "", "invalid_stage",
			"stage must be one of triage, accepted, concept, prototype, fan_test, pilot, launched, shelved"},
		{"fan test", "to", "", "invalid_stage", ""},
		{" triage", "to", "", "invalid_stage", ""},
	}
	for _, tt := range tests {
		got, err := ParseStage(tt.in, tt.field)
		if tt.code == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseStage(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			continue
		}
		e := domain.AsError(err)
		if e == nil || e.Kind != domain.KindInvalid || e.Field != tt.field || e.Code != tt.code || got != "" {
			t.Errorf("ParseStage(%q, %q) = %q, %v; want %s on %s", tt.in, tt.field, got, err, tt.code, tt.field)
		} else if tt.wantMessage != "" && e.Message != tt.wantMessage {
			t.Errorf("ParseStage(%q) message %q, want %q", tt.in, e.Message, tt.wantMessage)
		}
	}
}

func TestProgressAndNext(t *testing.T) {
	tests := []struct {
		stage       Stage
		step, total int
		next        Stage
		hasNext     bool
	}{
		{Triage, 0, 6, Accepted, true},
		{Accepted, 1, 6, Concept, true},
		{Concept, 2, 6, Prototype, true},
		{Prototype, 3, 6, FanTest, true},
		{FanTest, 4, 6, Pilot, true},
		{Pilot, 5, 6, Launched, true},
		{Launched, 6, 6, "", false},
		{Shelved, 0, 6, "", false},
		{"unknown", 0, 6, "", false},
	}
	for _, tt := range tests {
		step, total := Progress(tt.stage)
		if step != tt.step || total != tt.total {
			t.Errorf("Progress(%s) = %d/%d, want %d/%d", tt.stage, step, total, tt.step, tt.total)
		}
		next, ok := Next(tt.stage)
		if next != tt.next || ok != tt.hasNext {
			t.Errorf("Next(%s) = %q, %v; want %q, %v", tt.stage, next, ok, tt.next, tt.hasNext)
		}
	}
}
