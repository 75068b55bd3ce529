package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/contracts/pdftest"
	"github.com/carddesk/carddesk/models"
)

// TestRescheduleIssuesNewSummonsNumber: rescheduling books a new appointment
// whose summons carries a new number; the old appointment's summons is
// refused, and the application's history keeps both numbers.
func TestRescheduleIssuesNewSummonsNumber(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	clerk := e.as("clerk")
	ivID := itoa64(e.users["interviewer"].ID)
	app := itoa64(h.apps[0])
	at := time.Now().In(brussels()).Add(50 * time.Hour).Truncate(time.Hour)
	book := func(at time.Time) int64 {
		t.Helper()
		res, body := clerk.postForm("/applications/"+app+"/interviews", url.Values{"scheduled_at": {at.Format("2006-01-02T15:04")},
			"interviewer_id": {ivID}, "room": {"Egmont II, room 0.14"}})
		if res.StatusCode != 303 {
			t.Fatalf("booking: %d %.300s", res.StatusCode, body)
		}
		v, err := e.store.Applications.Get(t.Context(), e.actor("clerk"), h.apps[0])
		must(t, err)
		for _, iv := range v.Interviews {
			if iv.Current {
				return iv.ID
			}
		}
		t.Fatal("no current appointment")
		return 0
	}
	first := book(at)
	second := book(at.Add(24 * time.Hour))
	oldNo, newNo := models.SummonsNumber(first), models.SummonsNumber(second)
	if first == second || oldNo == newNo {
		t.Fatalf("the reschedule kept the summons number %s", oldNo)
	}
	res, body := clerk.get("/api/v1/interviews/" + itoa64(second) + "/summons")
	if res.StatusCode != 200 {
		t.Fatalf("new summons: %d", res.StatusCode)
	}
	if text := pdftest.Text(t, []byte(body)); !strings.Contains(text, newNo) || strings.Contains(text, oldNo) {
		t.Errorf("the new summons should carry %s only: %.400s", newNo, text)
	}
	if res, body := clerk.get("/api/v1/interviews/" + itoa64(first) + "/summons"); res.StatusCode != 409 || !strings.Contains(body, "interview_replaced") {
		t.Errorf("the replaced appointment's summons: %d %.200s", res.StatusCode, body)
	}
	_, page := clerk.get("/applications/" + app)
	hist := page[strings.Index(page, "<table"):]
	if strings.Count(page, newNo) < 2 || !strings.Contains(hist, oldNo) || !strings.Contains(hist, newNo) {
		t.Errorf("the page should show the current summons %s and the history both numbers (%s): %v %v", newNo, oldNo,
			strings.Contains(hist, oldNo), strings.Contains(hist, newNo))
	}
}
