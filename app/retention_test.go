package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
)

// TestLegalHoldsByAdmin: an admin places a hold on a record (the reason is
// required), the page and the API list what falls due, the hold is lifted
// once; every step is audited.
func TestLegalHoldsByAdmin(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	_ = h
	var worker int64
	e.store.DB().Raw("SELECT MIN(id) FROM workers").Scan(&worker)
	admin := e.as("admin")
	res, body := admin.json("POST", "/api/v1/workers/"+itoa64(worker)+"/legal-holds", map[string]any{"kind": "police_request", "reason": ""})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("hold without reason: %d %v", res.StatusCode, body)
	}
	res, body = admin.json("POST", "/api/v1/workers/"+itoa64(worker)+"/legal-holds", map[string]any{"kind": "police_request", "reason": "Request of the Brussels police, zone 5339"})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("hold: %d %v", res.StatusCode, body)
	}
	id := int64(body["id"].(float64))
	if res, _ := e.as("clerk").json("POST", "/api/v1/legal-holds/"+itoa64(id)+"/lift", map[string]any{"reason": "x"}); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk lifting: %d", res.StatusCode)
	}
	if res, body := admin.get("/retention"); res.StatusCode != 200 || !strings.Contains(body, "retention-due") {
		t.Errorf("page: %d", res.StatusCode)
	}
	res, _ = admin.postForm("/legal-holds/"+itoa64(id)+"/lift", url.Values{"reason": {"The police closed the file"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("lift: %d", res.StatusCode)
	}
	if res, body := admin.json("POST", "/api/v1/legal-holds/"+itoa64(id)+"/lift", map[string]any{"reason": "again"}); res.StatusCode != http.StatusConflict {
		t.Errorf("lift twice: %d %v", res.StatusCode, body)
	}
	var n int64
	e.store.DB().Raw("SELECT COUNT(*) FROM audit_events WHERE action IN ('retention.hold', 'retention.lift') AND record_id = ?", itoa64(worker)).Scan(&n)
	if n != 2 {
		t.Errorf("%d audit rows, want 2", n)
	}
}

// TestSubjectAccessFiles: the admin's page produces the JSON file and the
// PDF (in Filipino for a worker who reads Tagalog and English); a section
// left out needs a reason; clerks are refused.
func TestSubjectAccessFiles(t *testing.T) {
	e := newEnv(t, store.SQLite)
	newHousehold(t, e)
	var worker int64
	e.store.DB().Raw("SELECT MIN(id) FROM workers").Scan(&worker)
	path := "/workers/" + itoa64(worker) + "/subject-access"
	admin := e.as("admin")
	if res, body := admin.get(path); res.StatusCode != 200 || !strings.Contains(body, `name="omit"`) {
		t.Fatalf("page: %d", res.StatusCode)
	}
	res, body := admin.postForm(path, url.Values{"format": {"json"}})
	if res.StatusCode != 200 || !strings.Contains(body, `"section": "identity"`) || !strings.Contains(body, "Reyes") {
		t.Errorf("JSON: %d %.200s", res.StatusCode, body)
	}
	res, body = admin.postForm(path, url.Values{"format": {"pdf"}, "omit": {"signals"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "sar-error") {
		t.Errorf("left out without a reason: %d", res.StatusCode)
	}
	res, body = admin.postForm(path, url.Values{"format": {"pdf"}, "omit": {"signals"}, "reason": {"The employer opens her mail"}})
	if res.StatusCode != 200 || !strings.HasPrefix(body, "%PDF") || !strings.Contains(body, "/Lang (tl)") {
		t.Errorf("PDF: %d %.40q", res.StatusCode, body)
	}
	if res, _ := e.as("clerk").json("POST", "/api/v1"+path, map[string]any{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk: %d", res.StatusCode)
	}
	if res, doc := admin.json("POST", "/api/v1"+path, map[string]any{"omit": []string{"cards"}, "reason": "risk"}); res.StatusCode != 200 || doc["omitted_reason"] != "risk" {
		t.Errorf("API: %d %v", res.StatusCode, doc)
	}
	var n int64
	e.store.DB().Raw("SELECT COUNT(*) FROM audit_events WHERE action = 'worker.subject_access'").Scan(&n)
	if n != 3 {
		t.Errorf("%d productions audited, want 3", n)
	}
}
