package models

import (
	"testing"
	"time"
)

func TestBookingConflicts(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	win := func(from time.Duration) Window {
		return Window{From: at.Add(from), To: at.Add(from + InterviewDuration)}
	}
	existing := []Booking{{InterviewID: 3, InterviewerID: 1, WorkerID: 10, Room: "Egmont II, room 0.14", Window: win(0)}}
	for _, c := range []struct {
		name string
		b    Booking
		want []string // fields refused
	}{
		{"same interviewer, room and time (interview 5 on top of 3)", Booking{InterviewID: 5, InterviewerID: 1, WorkerID: 11, Room: "egmont ii, room 0.14 ", Window: win(0)}, []string{"interviewer_id", "room"}},
		{"overlapping by half an hour, other room", Booking{InterviewerID: 1, WorkerID: 11, Room: "Room 1", Window: win(30 * time.Minute)}, []string{"interviewer_id"}},
		{"the same worker with another interviewer", Booking{InterviewerID: 2, WorkerID: 10, Room: "Room 1", Window: win(-30 * time.Minute)}, []string{"scheduled_at"}},
		{"back to back", Booking{InterviewerID: 1, WorkerID: 10, Room: "Egmont II, room 0.14", Window: win(InterviewDuration)}, nil},
		{"another interviewer, room and worker", Booking{InterviewerID: 2, WorkerID: 11, Room: "Room 1", Window: win(0)}, nil},
		{"moving the booking itself", Booking{InterviewID: 3, InterviewerID: 1, WorkerID: 10, Room: "Egmont II, room 0.14", Window: win(15 * time.Minute)}, nil},
	} {
		err := BookingConflicts(c.b, existing)
		var got []string
		if e, ok := err.(*Error); ok {
			for _, f := range e.Fields {
				got = append(got, f.Field)
				if f.Code != CodeBookingOverlap {
					t.Errorf("%s: code %s", c.name, f.Code)
				}
			}
		} else if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: refused %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: refused %v, want %v", c.name, got, c.want)
			}
		}
	}
}

func TestFreeSlots(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Brussels")
	// Monday 2 March 2026, 09:10 in Brussels.
	from := time.Date(2026, 3, 2, 9, 10, 0, 0, loc)
	avail := []Availability{
		{InterviewerID: 1, Weekday: time.Monday, FromMinute: 9 * 60, ToMinute: 11 * 60},
		{InterviewerID: 2, Weekday: time.Monday, FromMinute: 10 * 60, ToMinute: 12 * 60},
	}
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, loc) }
	busy := []Booking{
		{InterviewerID: 1, WorkerID: 99, Room: "Room A", Window: Window{at(9, 30), at(10, 30)}},
	}
	slots := FreeSlots(avail, busy, []string{"Room A", "Room B"}, 10, from, 1, loc, 4)
	want := []Slot{
		{At: at(10, 0), InterviewerID: 2, Room: "Room B"},  // 1 busy; room A busy until 10:30
		{At: at(10, 30), InterviewerID: 2, Room: "Room A"}, // 1 is busy until 10:30 but 10:30–11:30 passes 11:00
		{At: at(11, 0), InterviewerID: 2, Room: "Room A"},
	}
	if len(slots) != len(want) {
		t.Fatalf("slots %+v, want %+v", slots, want)
	}
	for i := range want {
		if !slots[i].At.Equal(want[i].At) || slots[i].InterviewerID != want[i].InterviewerID || slots[i].Room != want[i].Room {
			t.Errorf("slot %d: %+v, want %+v", i, slots[i], want[i])
		}
	}
	// The worker booked elsewhere at 10:00 is not offered 10:00 or 10:30.
	busy = append(busy, Booking{InterviewerID: 3, WorkerID: 10, Room: "Room C", Window: Window{at(10, 0), at(11, 0)}})
	slots = FreeSlots(avail, busy, []string{"Room A", "Room B"}, 10, from, 1, loc, 4)
	if len(slots) != 1 || !slots[0].At.Equal(at(11, 0)) {
		t.Errorf("with the worker busy: %+v", slots)
	}
	if FreeSlots(avail, nil, nil, 10, from, 1, loc, 4) != nil {
		t.Error("slots proposed without a room")
	}
}

func TestAvailabilityValidate(t *testing.T) {
	for _, c := range []struct {
		a  Availability
		ok bool
	}{
		{Availability{InterviewerID: 1, Weekday: time.Monday, FromMinute: 540, ToMinute: 720}, true},
		{Availability{InterviewerID: 1, Weekday: time.Monday, FromMinute: 720, ToMinute: 540}, false},
		{Availability{InterviewerID: 1, Weekday: time.Monday, FromMinute: 540, ToMinute: 570}, false},
		{Availability{InterviewerID: 0, Weekday: time.Monday, FromMinute: 540, ToMinute: 720}, false},
		{Availability{InterviewerID: 1, Weekday: 9, FromMinute: 540, ToMinute: 720}, false},
	} {
		if err := c.a.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.a, err)
		}
	}
}
