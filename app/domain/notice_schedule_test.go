package domain

import (
	"reflect"
	"testing"
	"time"
)

// filled is c with every field but its schedule set to a value that is not
// zero (a field added later included), so a rule reading any of them reads
// something a notice's item (NoticeItem, a schedule only) lacks.
func filled(c Challenge) Challenge {
	v := reflect.ValueOf(&c).Elem()
	var fill func(f reflect.Value)
	fill = func(f reflect.Value) {
		switch f.Kind() {
		case reflect.Struct:
			if f.Type() == reflect.TypeOf(time.Time{}) {
				f.Set(reflect.ValueOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
				return
			}
			for i := 0; i < f.NumField(); i++ {
				if f.Type().Field(i).IsExported() {
					fill(f.Field(i))
				}
			}
		case reflect.String:
			f.SetString("board")
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int64, reflect.Int32:
			f.SetInt(3)
		case reflect.Float64, reflect.Float32:
			f.SetFloat(0.5)
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
			fill(f.Elem())
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
			fill(f.Index(0))
		}
	}
	for i := 0; i < v.NumField(); i++ {
		if v.Type().Field(i).Name != "Schedule" {
			fill(v.Field(i))
		}
	}
	return c
}

// A notice keeps only its challenge's schedule, so the rules a notice is
// read by (MaySeeChallenge, MaySeeIdea, through MaySeeNotice) must read
// nothing else of a challenge: with every other field of the challenge set,
// each gives what the schedule alone gives. If a rule comes to read more,
// this fails: give the notices what the rule reads (store, noticeItemCols).
func TestMaySeeChallengeReadsOnlyTheSchedule(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	const authorID = 7
	users := map[string]*User{
		"visitor":   nil,
		"fan":       {ID: 1, Roles: []Role{RoleFan}},
		"author":    {ID: authorID, Roles: []Role{RoleFan}},
		"moderator": {ID: 5, Roles: []Role{RoleFan, RoleModerator}},
		"admin":     {ID: 4, Roles: []Role{RoleFan, RoleAdmin}},
	}
	for _, phase := range Phases {
		c := filled(challengeIn(phase, now))
		if c.Kind == "" || c.OrganiserID == 0 || !c.AnonymousUntilResults {
			t.Fatalf("the challenge was not filled: %+v", c)
		}
		for name, u := range users {
			if got, want := MaySeeChallenge(u, c, now), MaySeeSchedule(u, c.Schedule, now); got != want {
				t.Errorf("%s, %s: MaySeeChallenge = %v, its schedule alone %v", name, phase, got, want)
			}
			if got, want := MaySeeNotice(u, NoticeItem{About: true, Schedule: c.Schedule}, now), MaySeeChallenge(u, c, now); got != want {
				t.Errorf("%s, %s: a notice about the challenge seen %v, the challenge %v", name, phase, got, want)
			}
			for _, state := range States {
				idea := Idea{ID: 10, ChallengeID: c.ID, State: state, Author: Author{ID: authorID}}
				if got, want := MaySeeNotice(u, NoticeItem{About: true, Schedule: c.Schedule, Idea: &idea}, now), MaySeeIdea(u, c, idea, now); got != want {
					t.Errorf("%s, %s, %s idea: a notice about the idea seen %v, the idea %v", name, phase, state, got, want)
				}
			}
		}
	}
}
