package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
)

// TestCalendarPages: rooms and hours entered on the calendar give free
// slots on the application page; a booking on top of another is refused
// with the error summary linking to the fields; the week shows the
// booking with its time zone; the interviewer gets the .ics; cancelling
// keeps the booking, marked.
func TestCalendarPages(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	clerk, iv := e.as("clerk"), e.as("interviewer")
	ivID := itoa64(e.users["interviewer"].ID)

	res, body := clerk.postForm("/calendar/rooms", url.Values{"name": {""}})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#name">`) {
		t.Errorf("empty room: %d, error summary linking to the field: %v", res.StatusCode, strings.Contains(body, `href="#name"`))
	}
	for _, v := range []url.Values{{"name": {"Egmont II, room 0.14"}}, {"name": {"Egmont II, room 0.15"}}} {
		if res, _ := clerk.postForm("/calendar/rooms", v); res.StatusCode != 303 {
			t.Fatalf("add room: %d", res.StatusCode)
		}
	}
	res, body = clerk.postForm("/calendar/availability", url.Values{"interviewer_id": {ivID}, "weekday": {"Monday"}, "from": {"nine"}, "to": {"25:00"}})
	if res.StatusCode != 422 || !strings.Contains(body, `href="#from"`) || !strings.Contains(body, `href="#to"`) {
		t.Errorf("bad hours: %d; every error listed: %v %v", res.StatusCode, strings.Contains(body, `href="#from"`), strings.Contains(body, `href="#to"`))
	}
	for _, d := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		if res, body := clerk.postForm("/calendar/availability", url.Values{"interviewer_id": {ivID}, "weekday": {d}, "from": {"00:00"}, "to": {"24:00"}}); res.StatusCode != 303 {
			t.Fatalf("add hours: %d %.300s", res.StatusCode, body)
		}
	}
	_, body = clerk.get("/applications/" + itoa64(h.apps[0]))
	if !strings.Contains(body, `id="book-slot-0"`) {
		t.Fatal("no free slot proposed")
	}

	at := time.Now().In(brussels()).Add(26 * time.Hour).Truncate(time.Hour)
	book := func(app int64, room string) (int, string) {
		res, body := clerk.postForm("/applications/"+itoa64(app)+"/interviews", url.Values{"scheduled_at": {at.Format("2006-01-02T15:04")},
			"interviewer_id": {ivID}, "room": {room}})
		return res.StatusCode, body
	}
	if code, body := book(h.apps[0], "Egmont II, room 0.14"); code != 303 {
		t.Fatalf("first booking: %d %.300s", code, body)
	}
	code, body := book(h.apps[1], "Egmont II, room 0.14")
	if code != 422 || !strings.Contains(body, `href="#interviewer_id"`) || !strings.Contains(body, `href="#room"`) {
		t.Errorf("double booking: %d; summary links %v %v", code, strings.Contains(body, `href="#interviewer_id"`), strings.Contains(body, `href="#room"`))
	}

	res, body = clerk.get("/calendar?week=" + at.Format(time.DateOnly))
	if res.StatusCode != 200 || !strings.Contains(body, at.Format("2006-01-02 15:04 MST")) || !strings.Contains(body, "Europe/Brussels") {
		t.Errorf("calendar week: %d, time with its zone %v", res.StatusCode, strings.Contains(body, at.Format("15:04 MST")))
	}
	_, js := clerk.json("GET", "/api/v1/calendar?week="+at.Format(time.DateOnly), nil)
	if js["time_zone"] != "Europe/Brussels" || len(js["bookings"].([]any)) != 1 {
		t.Errorf("calendar JSON: %v", js)
	}

	// The interviewer's calendar file: the time in UTC, the room, no worker's name.
	v, err := e.store.Applications.Get(t.Context(), e.actor("clerk"), h.apps[0])
	must(t, err)
	ivIDs := v.Interviews[0].ID
	res, body = iv.get("/interviews/" + itoa64(ivIDs) + "/calendar.ics")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(body, "DTSTART:"+at.UTC().Format("20060102T150405Z")) || !strings.Contains(body, "Egmont II\\, room 0.14") || strings.Contains(body, "Reyes") {
		t.Errorf("ics: %d %s", res.StatusCode, body)
	}
	if res, _ := clerk.get("/interviews/" + itoa64(ivIDs) + "/calendar.ics"); res.StatusCode != 403 {
		t.Errorf("clerk's ics: %d", res.StatusCode)
	}

	// Cancelling: a reason is required; the booking stays, cancelled.
	res, body = clerk.postForm("/applications/"+itoa64(h.apps[0])+"/interviews/cancel", url.Values{"reason": {""}})
	if res.StatusCode != 422 || !strings.Contains(body, `href="#reason-cancel"`) || !strings.Contains(body, `id="reason-cancel"`) {
		t.Errorf("cancel without reason: %d", res.StatusCode)
	}
	if res, _ := clerk.postForm("/applications/"+itoa64(h.apps[0])+"/interviews/cancel", url.Values{"reason": {"The worker asked for another day"}}); res.StatusCode != 303 {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	_, body = clerk.get("/calendar?week=" + at.Format(time.DateOnly))
	if !strings.Contains(body, "The worker asked for another day") {
		t.Error("the cancelled booking is not on the calendar")
	}
	if code, body := book(h.apps[1], "Egmont II, room 0.14"); code != 303 {
		t.Errorf("booking the freed time: %d %.300s", code, body)
	}
}
