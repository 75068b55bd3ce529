package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/contracts/pdftest"
	"github.com/carddesk/carddesk/models"
)

// sarWorker registers a household and records the first worker as reading
// langs; it returns the worker's subject access page.
func sarWorker(t *testing.T, e *env, langs string) string {
	t.Helper()
	h := newHousehold(t, e)
	ctx, clerk := context.Background(), e.actor("clerk")
	w, err := e.store.Workers.Get(ctx, clerk, h.workers[0])
	must(t, err)
	next := *w
	next.Languages = langs
	_, err = e.store.Records.UpdateWorker(ctx, clerk, w.ID, next, models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "She reads these languages"})
	must(t, err)
	return "/workers/" + itoa64(h.workers[0]) + "/subject-access"
}

func sarAudits(t *testing.T, e *env, like string) int64 {
	t.Helper()
	var n int64
	must(t, e.store.DB().Raw("SELECT COUNT(*) FROM audit_events WHERE action = 'worker.subject_access' AND summary LIKE ?", like).Scan(&n).Error)
	return n
}

// TestSubjectAccessLanguageForm: the form offers the languages of the
// worker's copy with the worker's first translated language chosen; the
// PDF is in it by default, in another when the admin chooses one (and then
// says it is not the worker's language), never in one without a
// translation (refused, nothing audited); no field key or value code is
// printed; the language is audited.
func TestSubjectAccessLanguageForm(t *testing.T) {
	e := newEnv(t, store.SQLite)
	path := sarWorker(t, e, "pl,de,en")
	admin := e.as("admin")
	res, body := admin.get(path)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<option value="de" selected>`) || !strings.Contains(body, `name="language"`) ||
		strings.Contains(body, `id="sar-language-fallback"`) {
		t.Fatalf("form: %d, German not chosen or a fallback announced", res.StatusCode)
	}
	for _, l := range []string{"en", "fr", "nl", "de"} {
		if !strings.Contains(body, `<option value="`+l+`"`) {
			t.Errorf("form does not offer %s", l)
		}
	}
	res, body = admin.postForm(path, url.Values{"format": {"pdf"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "/Lang (de)") {
		t.Fatalf("default PDF: %d %.60q", res.StatusCode, body)
	}
	text := pdftest.Text(t, []byte(body))
	for _, want := range []string{"Was Carddesk über Sie speichert", "Reisepassnummer", "P1234567", "Sonderausweis beantragt", "Hausarbeit", "erste Karte", "17. Mai 1990"} {
		if !strings.Contains(text, want) {
			t.Errorf("German copy lacks %q", want)
		}
	}
	for _, banned := range []string{"passport_number", "passport number", "special_id_pending", "first_issuance", "date of birth", "1990-05-17", "Carddesk hat keine Übersetzung"} {
		if strings.Contains(strings.ToLower(text), banned) {
			t.Errorf("German copy holds %q", banned)
		}
	}
	res, body = admin.postForm(path, url.Values{"format": {"pdf"}, "language": {"fr"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "/Lang (fr)") {
		t.Fatalf("French PDF: %d", res.StatusCode)
	}
	if text := pdftest.Text(t, []byte(body)); !strings.Contains(text, "Numéro de passeport") || !strings.Contains(text, "Carddesk n'a pas de traduction de ce document dans vos langues") {
		t.Errorf("French copy: %.400s", text)
	}
	before := sarAudits(t, e, "%")
	res, body = admin.postForm(path, url.Values{"format": {"pdf"}, "language": {"pl"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "sar-error") || !strings.Contains(body, "no translation of this report in pl") {
		t.Errorf("Polish: %d", res.StatusCode)
	}
	if n := sarAudits(t, e, "%"); n != before {
		t.Errorf("a refused production audited: %d, was %d", n, before)
	}
	if sarAudits(t, e, "%(pdf, de)%") != 1 || sarAudits(t, e, "%(pdf, fr)%not in a language the worker is recorded as reading%") != 1 {
		t.Error("the language of each production is not audited")
	}
}

// TestSubjectAccessUnsupportedLanguageFallsBack: for a worker whose
// languages have no translation, the form says so and chooses the admin's
// staff language; the copy is in it and says why; the JSON says so too.
func TestSubjectAccessUnsupportedLanguageFallsBack(t *testing.T) {
	e := newEnv(t, store.SQLite)
	path := sarWorker(t, e, "pl")
	admin := e.as("admin")
	res, body := admin.get(path)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="sar-language-fallback"`) || !strings.Contains(body, "Polish") ||
		!strings.Contains(body, `<option value="en" selected>`) {
		t.Fatalf("form: %d, no visible fallback to English", res.StatusCode)
	}
	res, body = admin.postForm(path, url.Values{"format": {"pdf"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "/Lang (en)") {
		t.Fatalf("PDF: %d", res.StatusCode)
	}
	if text := pdftest.Text(t, []byte(body)); !strings.Contains(text, "Carddesk has no translation of this document in your languages (Polish), so it is in English.") {
		t.Errorf("the copy does not say why it is in English: %.400s", text)
	}
	res, doc := admin.json("POST", "/api/v1"+path, map[string]any{"language": "nl"})
	if res.StatusCode != http.StatusOK || doc["language"] != "nl" || doc["language_fallback"] != true {
		t.Errorf("API: %d %v %v", res.StatusCode, doc["language"], doc["language_fallback"])
	}
	if res, doc := admin.json("POST", "/api/v1"+path, map[string]any{}); res.StatusCode != http.StatusOK || doc["language"] != "en" || doc["language_fallback"] != true {
		t.Errorf("API default: %d %v", res.StatusCode, doc)
	}
}
