package people

import "testing"

// A meetup's count never reads more places taken than it has: those let
// in from the waiting list at the door, beyond its places, are counted
// apart.
func TestSeats(t *testing.T) {
	for _, c := range []struct {
		going, capacity, taken, letIn int
	}{
		{0, 1, 0, 0},
		{1, 3, 1, 0},
		{2, 3, 2, 0},
		{3, 3, 3, 0},
		{2, 1, 1, 1}, // one booked did not come, one let in at the door
		{5, 3, 3, 2},
		{1, 0, 0, 1},
		{-1, 3, 0, 0},
	} {
		taken, letIn := Seats(c.going, c.capacity)
		if taken != c.taken || letIn != c.letIn {
			t.Errorf("Seats(%d going, %d places) = %d taken, %d let in; want %d, %d", c.going, c.capacity, taken, letIn, c.taken, c.letIn)
		}
	}
}

// Taking an answer back asks first when it gives away what answering
// again does not bring back: a place at a full meetup, or a place on its
// waiting list; never once the meetup has started, nor for a place at a
// meetup with places left, nor with no answer.
func TestCancelAsks(t *testing.T) {
	for _, c := range []struct {
		name            string
		a               Answer
		going, capacity int
		started, want   bool
	}{
		{"going, full", Going, 3, 3, false, true},
		{"going, over full (let in at the door)", Going, 4, 3, false, true},
		{"going, one place left", Going, 2, 3, false, false},
		{"going, full, started", Going, 3, 3, true, false},
		{"waiting", OnWaitlist, 3, 3, false, true},
		{"waiting, places left (not yet moved up)", OnWaitlist, 2, 3, false, true},
		{"waiting, started", OnWaitlist, 3, 3, true, false},
		{"no answer, full", NoAnswer, 3, 3, false, false},
		{"no answer, empty", NoAnswer, 0, 3, false, false},
	} {
		if got := CancelAsks(c.a, c.going, c.capacity, c.started); got != c.want {
			t.Errorf("%s: CancelAsks = %v, want %v", c.name, got, c.want)
		}
	}
}
