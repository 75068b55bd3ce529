package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
)

// TestErrorSummaryListsEveryError: an empty worker form reports every
// missing field at once, not the dates alone, in a summary at the top whose
// items link to their fields (the GOV.UK pattern).
func TestErrorSummaryListsEveryError(t *testing.T) {
	e := newEnv(t, store.SQLite)
	res, body := e.as("clerk").postForm("/workers", url.Values{})
	if res.StatusCode != 422 {
		t.Fatalf("empty worker form: %d", res.StatusCode)
	}
	summary := body[strings.Index(body, `class="error-summary"`):]
	summary = summary[:strings.Index(summary, "</div>")]
	for _, field := range []string{"family_name", "date_of_birth", "passport_expires_on", "nationality", "sex"} {
		if !strings.Contains(summary, `href="#`+field+`"`) {
			t.Errorf("the summary does not link to %s", field)
		}
		if !strings.Contains(body, `id="`+field+`"`) {
			t.Errorf("no field with id %s for the link", field)
		}
	}
}

// TestInterviewDraft: "save draft" keeps the half-filled record, sealed (the
// database holds no word of it); after signing in again the form comes back
// with it; the record written drops it.
func TestInterviewDraft(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	booked, err := e.store.Interviews.Schedule(t.Context(), e.actor("clerk"), h.apps[0], e.users["interviewer"].ID, time.Now().Add(time.Minute), "Room 1") // recordable at once (InterviewEarlyMinutes)
	must(t, err)
	const words = "Okapi draft: she hesitated about her passport"
	iv := e.as("interviewer")
	res, _ := iv.postForm("/interviews/"+itoa64(booked.ID)+"/draft", url.Values{"notes": {words}, "checklist.holds_own_passport.answer": {"no"}})
	if res.StatusCode != 303 || !strings.HasSuffix(res.Header.Get("Location"), "/record") {
		t.Fatalf("save draft: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var raw []byte
	must(t, e.store.DB().Raw("SELECT content FROM interview_drafts").Row().Scan(&raw))
	if len(raw) == 0 || strings.Contains(string(raw), "Okapi") {
		t.Fatalf("the draft is not sealed: %q", raw)
	}
	again := e.as("interviewer") // a new sign-in
	_, body := again.get("/interviews/" + itoa64(booked.ID) + "/record")
	if !strings.Contains(body, words) || !strings.Contains(body, `id="draft-notice"`) {
		t.Error("the draft is not on the form after a new sign-in")
	}
	// Another interviewer does not see it; a clerk may not save one.
	other := e.as("admin")
	if res, _ := other.postForm("/interviews/"+itoa64(booked.ID)+"/draft", url.Values{"notes": {"x"}}); res.StatusCode != 403 {
		t.Errorf("admin saving a draft: %d", res.StatusCode)
	}
	// Recording drops it.
	res, body = again.postForm("/interviews/"+itoa64(booked.ID)+"/record", recordForm(time.Now().Add(-time.Minute)))
	if res.StatusCode != 303 {
		t.Fatalf("record: %d %.500s", res.StatusCode, body)
	}
	var n int64
	must(t, e.store.DB().Raw("SELECT COUNT(*) FROM interview_drafts").Row().Scan(&n))
	if n != 0 {
		t.Errorf("%d drafts left after the record", n)
	}
	if res, _ := again.postForm("/interviews/"+itoa64(booked.ID)+"/draft", url.Values{"notes": {"late"}}); res.StatusCode != 409 {
		t.Errorf("draft of a recorded interview: %d", res.StatusCode)
	}
}

// TestReferralFollowUpPages: the interviewer records a step on the
// worker's referral page; the admin reads it; the clerk may not; every
// error of the form is listed at once.
func TestReferralFollowUpPages(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	path := "/workers/" + itoa64(h.workers[0]) + "/referrals"
	iv := e.as("interviewer")
	res, body := iv.postForm(path, url.Values{})
	if res.StatusCode != 422 || !strings.Contains(body, `href="#partner"`) || !strings.Contains(body, `href="#status"`) || !strings.Contains(body, `href="#on"`) {
		t.Errorf("empty follow-up form: %d", res.StatusCode)
	}
	today := time.Now().In(brussels()).Format(time.DateOnly)
	if res, body := iv.postForm(path, url.Values{"partner": {"pag_asa"}, "status": {"sent"}, "on": {today}, "partner_reference": {"PA-77"}}); res.StatusCode != 303 {
		t.Fatalf("record: %d %.300s", res.StatusCode, body)
	}
	_, body = e.as("admin").get(path)
	if !strings.Contains(body, "PA-77") || !strings.Contains(body, "PAG-ASA") {
		t.Error("the admin does not see the step")
	}
	if res, _ := e.as("clerk").get(path); res.StatusCode != 403 {
		t.Errorf("clerk on the referrals page: %d", res.StatusCode)
	}
	if res, _ := e.as("admin").get("/referrals/due"); res.StatusCode != 200 {
		t.Errorf("due list: %d", res.StatusCode)
	}
}

// TestNoRepeatedIDs: the pages with several forms give each field its own
// id (a label, an error link or a screen reader would reach the wrong one).
func TestNoRepeatedIDs(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	_, err := e.store.Interviews.Schedule(t.Context(), e.actor("clerk"), h.apps[0], e.users["interviewer"].ID, time.Now().Add(time.Hour), "Room 1")
	must(t, err)
	idAttr := regexp.MustCompile(`\sid="([^"]+)"`)
	for _, p := range []struct{ role, path string }{
		{"clerk", "/applications/" + itoa64(h.apps[0])}, {"clerk", "/applications/" + itoa64(h.apps[1])}, {"clerk", "/calendar"},
		{"clerk", "/"}, {"admin", "/"}, {"interviewer", "/"}, {"interviewer", "/workers/" + itoa64(h.workers[0]) + "/referrals"},
		{"clerk", "/applications?queue=to_schedule"},
	} {
		_, body := e.as(p.role).get(p.path)
		seen := map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("%s %s: id %q repeated", p.role, p.path, m[1])
			}
			seen[m[1]] = true
		}
	}
}

// TestForbiddenNamesTheRoleNotTheCode: a refused page says which role may
// do it, in the reader's language, never the permission's code.
func TestForbiddenNamesTheRoleNotTheCode(t *testing.T) {
	e := newEnv(t, store.SQLite)
	res, body := e.as("clerk").get("/holds")
	if res.StatusCode != 403 || strings.Contains(body, "hold.decide") || !strings.Contains(body, "This is for: Admin") && !strings.Contains(body, "This is for: Administrator") {
		t.Errorf("forbidden page: %d %s", res.StatusCode, body[strings.Index(body, "<main"):min(len(body), strings.Index(body, "<main")+600)])
	}
}
