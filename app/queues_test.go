package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /api/v1/queues":   models.PermAuthenticated,
		"GET /queues/accounts": models.PermUserManage,
	})
}

// TestQueuesOnHomePages: each role's home page counts its queues and links
// each count to the list it counts; the JSON twin says the same; a role
// never sees another's queues.
func TestQueuesOnHomePages(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	ctx := context.Background()
	// Later today in Brussels, whatever the hour the test runs at: an hour
	// ahead crossed midnight when run after 23:00 there.
	brussels, err := time.LoadLocation("Europe/Brussels")
	must(t, err)
	now := time.Now().In(brussels)
	y, m, d := now.Date()
	at := now.Add(time.Date(y, m, d+1, 0, 0, 0, 0, brussels).Sub(now) / 2)
	_, err = e.store.Interviews.Schedule(ctx, e.actor("clerk"), h.apps[0], e.users["interviewer"].ID, at, "Room 1")
	must(t, err)

	clerk := e.as("clerk")
	res, body := clerk.get("/")
	if res.StatusCode != 200 {
		t.Fatalf("clerk home: %d", res.StatusCode)
	}
	for _, want := range []string{`id="queue-to_schedule"`, `href="/applications?queue=to_schedule"`, `href="/cards/due"`, "Interviews to schedule"} {
		if !strings.Contains(body, want) {
			t.Errorf("clerk home lacks %s", want)
		}
	}
	if strings.Contains(body, "queue-holds_to_decide") || strings.Contains(body, "queue-interviews_today") {
		t.Error("clerk home shows another role's queues")
	}
	_, js := clerk.json("GET", "/api/v1/queues", nil)
	counts := map[string]float64{}
	for _, q := range js["queues"].([]any) {
		m := q.(map[string]any)
		counts[m["queue"].(string)] = m["count"].(float64)
		if m["role"] != "clerk" || m["href"] == "" || m["label"] == "" {
			t.Errorf("clerk's queue %v", m)
		}
	}
	if counts["to_schedule"] != 1 || counts["to_submit"] != 0 || len(counts) != 6 {
		t.Errorf("clerk's counts %v", counts)
	}
	// The count's link lists what was counted.
	_, body = clerk.get("/applications?queue=to_schedule")
	if !strings.Contains(body, `href="/applications/`+itoa64(h.apps[1])+`"`) || strings.Contains(body, `href="/applications/`+itoa64(h.apps[0])+`"`) {
		t.Errorf("to_schedule list does not hold application %d alone", h.apps[1])
	}
	if !strings.Contains(body, `id="queue-shown"`) {
		t.Error("the list does not say which queue it shows")
	}
	// Filters: worker's name, mission, interviewer, dates.
	_, body = clerk.get("/applications?worker=cruz")
	if !strings.Contains(body, `href="/applications/`+itoa64(h.apps[1])+`"`) || strings.Contains(body, `href="/applications/`+itoa64(h.apps[0])+`"`) {
		t.Error("worker filter")
	}
	_, body = clerk.get("/applications?interviewer_id=" + itoa64(e.users["interviewer"].ID))
	if !strings.Contains(body, `href="/applications/`+itoa64(h.apps[0])+`"`) || strings.Contains(body, `href="/applications/`+itoa64(h.apps[1])+`"`) {
		t.Error("interviewer filter")
	}
	_, body = clerk.get("/applications?mission_id=" + itoa64(h.mission+99))
	if strings.Contains(body, `href="/applications/`+itoa64(h.apps[0])+`"`) {
		t.Error("mission filter")
	}
	if res, _ := clerk.get("/applications?from=yesterday"); res.StatusCode != 422 && res.StatusCode != 400 {
		t.Errorf("bad date filter: %d", res.StatusCode)
	}

	iv := e.as("interviewer")
	_, body = iv.get("/")
	if !strings.Contains(body, `href="/applications?queue=interviews_today"`) || strings.Contains(body, "queue-to_schedule") {
		t.Error("interviewer home queues")
	}
	_, js = iv.json("GET", "/api/v1/queues", nil)
	for _, q := range js["queues"].([]any) {
		m := q.(map[string]any)
		if m["queue"] == "interviews_today" && m["count"].(float64) != 1 {
			t.Errorf("interviewer today: %v", m)
		}
	}

	admin := e.as("admin")
	_, body = admin.get("/")
	if !strings.Contains(body, `href="/applications?queue=holds_to_decide"`) || !strings.Contains(body, `href="/queues/accounts"`) {
		t.Error("admin home queues")
	}
	if res, _ := admin.get("/queues/accounts"); res.StatusCode != 200 {
		t.Errorf("accounts to review: %d", res.StatusCode)
	}
	if res, _ := clerk.get("/queues/accounts"); res.StatusCode != 403 {
		t.Errorf("clerk on accounts to review: %d", res.StatusCode)
	}
}

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /calendar":                                   models.PermInterviewSchedule,
		"GET /api/v1/calendar":                            models.PermInterviewSchedule,
		"POST /calendar/rooms":                            models.PermInterviewSchedule,
		"POST /api/v1/calendar/rooms":                     models.PermInterviewSchedule,
		"POST /calendar/availability":                     models.PermInterviewSchedule,
		"POST /api/v1/calendar/availability":              models.PermInterviewSchedule,
		"POST /applications/:id/interviews/cancel":        models.PermInterviewSchedule,
		"POST /api/v1/applications/:id/interviews/cancel": models.PermInterviewSchedule,
		"GET /interviews/:id/calendar.ics":                models.PermInterviewRecord,
		"POST /applications/:id/letters":                  models.PermApplicationCreate,
		"POST /api/v1/applications/:id/letters":           models.PermApplicationCreate,
		"GET /api/v1/applications/:id/letters":            models.PermApplicationRead,
		"GET /letters/:id/pdf":                            models.PermApplicationRead,
		"GET /workers/:id/referrals":                      models.PermIndicatorRead,
		"GET /api/v1/workers/:id/referrals":               models.PermIndicatorRead,
		"POST /workers/:id/referrals":                     models.PermIndicatorRecord,
		"POST /api/v1/workers/:id/referrals":              models.PermIndicatorRecord,
		"GET /referrals/due":                              models.PermIndicatorRead,
		"GET /api/v1/referrals/due":                       models.PermIndicatorRead,
		"POST /interviews/:id/draft":                      models.PermInterviewRecord,
	})
}
