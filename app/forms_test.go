package app_test

import (
	"net/url"
	"strings"
	"testing"

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
