package app_test

import (
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
)

// TestLeaflet: every staff member can print the rights leaflet in the
// language asked for; an unknown language is refused.
func TestLeaflet(t *testing.T) {
	e := newEnv(t, store.SQLite)
	for _, lang := range []string{"en", "fr", "nl", "de"} {
		res, body := e.as("interviewer").get("/leaflets/" + lang)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
			t.Errorf("leaflet %s: %d %s", lang, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	if res, _ := e.as("clerk").get("/leaflets/xx"); res.StatusCode != 422 {
		t.Errorf("unknown language: %d", res.StatusCode)
	}
	if res, _ := e.anonymous().get("/leaflets/en"); res.StatusCode != 303 {
		t.Errorf("anonymous: %d", res.StatusCode)
	}
}
