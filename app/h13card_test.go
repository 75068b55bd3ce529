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

// TestEntryRefusesPastDates: a worker on an expired passport and an employer
// whose posting already ended are refused at registration, on the form (the
// values kept, the message by the field, in the page's language) and in the
// API (per-field codes); nothing is written. The worker's record is then
// still correctable once its passport has expired.
func TestEntryRefusesPastDates(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	clerk := e.as("clerk")
	count := func(table string) (n int64) {
		must(t, e.store.DB().Table(table).Count(&n).Error)
		return n
	}
	workers, employers := count("workers"), count("employers")

	form := url.Values{"family_name": {"Mendoza"}, "given_names": {"Luz"}, "date_of_birth": {"1985-02-03"}, "sex": {"female"},
		"nationality": {"PH"}, "passport_number": {"P2020202"}, "passport_expires_on": {"2020-06-30"}, "languages": {"tl"},
		"residence_status": {"special_id_pending"}}
	res, body := clerk.postForm("/workers", form)
	if res.StatusCode != 422 || !strings.Contains(body, `id="passport_expires_on-error"`) || !strings.Contains(body, "2020-06-30") ||
		!strings.Contains(body, "expired on 2020-06-30") || !strings.Contains(body, `value="Mendoza"`) || !strings.Contains(body, `href="#passport_expires_on"`) {
		t.Errorf("worker form: %d; field error %v, value kept %v", res.StatusCode, strings.Contains(body, `id="passport_expires_on-error"`),
			strings.Contains(body, `value="Mendoza"`))
	}
	res, js := clerk.json("POST", "/api/v1/workers", map[string]any{"family_name": "Mendoza", "given_names": "Luz", "date_of_birth": "1985-02-03",
		"sex": "female", "nationality": "PH", "passport_number": "P2020202", "passport_expires_on": "2020-06-30", "languages": []string{"tl"},
		"residence_status": "special_id_pending"})
	assertProblem(t, res, js, 422, "invalid_input")
	if f := fieldErrors(js); f["passport_expires_on"] != models.CodePassportExpired {
		t.Errorf("worker API fields: %v", f)
	}

	mission := itoa64(h.mission)
	res, body = clerk.postForm("/employers", url.Values{"mission_id": {mission}, "family_name": {"Lopez"}, "posting_ends_on": {"2019-08-31"}})
	if res.StatusCode != 422 || !strings.Contains(body, `id="posting_ends_on-error"`) || !strings.Contains(body, "ended on 2019-08-31") || !strings.Contains(body, `value="Lopez"`) {
		t.Errorf("employer form: %d; field error %v", res.StatusCode, strings.Contains(body, `id="posting_ends_on-error"`))
	}
	res, js = clerk.json("POST", "/api/v1/employers", map[string]any{"mission_id": h.mission, "family_name": "Lopez", "posting_ends_on": "2019-08-31"})
	assertProblem(t, res, js, 422, "invalid_input")
	if f := fieldErrors(js); f["posting_ends_on"] != models.CodePostingEnded {
		t.Errorf("employer API fields: %v", f)
	}
	if workers != count("workers") || employers != count("employers") {
		t.Error("a refused registration wrote a record")
	}
	fr := e.as("clerk")
	fr.postForm("/language", url.Values{"lang": {"fr"}})
	if _, body := fr.postForm("/workers", form); !strings.Contains(body, "Ce passeport a expiré le 2020-06-30") {
		t.Error("the French page does not say the passport expired")
	}
	if res, _ := clerk.json("POST", "/api/v1/employers", map[string]any{"mission_id": h.mission, "family_name": "Lopez",
		"posting_ends_on": time.Now().AddDate(1, 0, 0).Format(time.DateOnly)}); res.StatusCode != 201 {
		t.Errorf("a posting running on: %d", res.StatusCode)
	}

	// The registered worker's passport expires; a correction of another
	// field is still recorded, an "update" to an expired passport is not.
	change := map[string]any{"family_name": "Reyes", "given_names": "Ana", "date_of_birth": "1990-05-17", "sex": "female", "nationality": "PH",
		"passport_number": "P1234567", "passport_expires_on": "2021-01-31", "languages": []string{"tl", "en"}, "phone": "+32470123456",
		"iban": "BE68539007547034", "account_in_sole_name": true, "residence_status": "special_id_pending", "change_kind": "correction", "reason": "expiry misread"}
	if res, js := clerk.json("POST", "/api/v1/workers/"+itoa64(h.workers[0])+"/versions", change); res.StatusCode != 200 {
		t.Errorf("correcting the expiry to a past day: %d %v", res.StatusCode, js)
	}
	change["given_names"], change["reason"] = "Ana Maria", "second given name"
	if res, js := clerk.json("POST", "/api/v1/workers/"+itoa64(h.workers[0])+"/versions", change); res.StatusCode != 200 {
		t.Errorf("correcting an old record: %d %v", res.StatusCode, js)
	}
	change["passport_number"], change["passport_expires_on"], change["change_kind"], change["reason"] = "P3333333", "2022-01-31", "update", "new passport"
	res, js = clerk.json("POST", "/api/v1/workers/"+itoa64(h.workers[0])+"/versions", change)
	if f := fieldErrors(js); res.StatusCode != 422 || f["passport_expires_on"] != models.CodePassportExpired {
		t.Errorf("an expired new passport: %d %v", res.StatusCode, f)
	}
}
