package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/carddesk/carddesk/app/store/storetest"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// TestScaleCorrectionConsequenceHTTP: the confirmation step of publishing
// a correction names its real consequence, the contracts under the
// corrected version that will be listed below the new minimum, on the page
// (in the admin's language) and in the API's 409 args; nothing is published
// until confirmed, and then the list holds that contract.
func TestScaleCorrectionConsequenceHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, appID := newScaleEnv(t, engine)
			admin, clerk := e.as("admin"), e.as("clerk")
			if res, _ := clerk.postForm(fmt.Sprintf("/applications/%d/contracts", appID), contractForm("gross_monthly_salary", "2100,00")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("contract under the seed: %d", res.StatusCode)
			}
			if res, _ := admin.postForm("/scales/1/correct", url.Values{"reason": {"The seed left out the indexation of May 2024"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("start correction: %d", res.StatusCode)
			}
			if res, page := admin.postForm("/scales/2", scaleDraftForm("2024-05-01", "2150.00", "13.06", "cleaning", "household", "childcare")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save correction: %d %s", res.StatusCode, mainOf(page))
			}

			res, page := admin.postForm("/scales/2/publish", nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("publish correction, first step: %d", res.StatusCode)
			}
			wantIn(t, "confirmation of the correction", page, `id="consequence"`, "in place of version 1 from 2024-05-01",
				"1 contract(s) drawn up under the corrected version pay less than the new minimum", "Contracts below the new minimum")
			wantNotIn(t, "confirmation of the correction", page, "contract(s) of applications in progress")

			french := e.as("admin")
			u, _ := url.Parse(e.srv.URL)
			french.http.Jar.SetCookies(u, []*http.Cookie{{Name: "carddesk_lang", Value: "fr", Path: "/"}})
			_, page = french.postForm("/scales/2/publish", nil)
			wantIn(t, "confirmation in French", page, "1 contrat(s) établi(s) sous la version corrigée paient moins que le nouveau minimum")

			api := e.apiSession("admin")
			res, out := api.json("POST", "/api/v1/scales/2/publish", map[string]any{})
			args, _ := out["args"].(map[string]any)
			if res.StatusCode != http.StatusConflict || out["code"] != "confirm_scale_correction" || args["below_minimum"] != float64(1) ||
				args["corrects_id"] != float64(1) || args["effective_date"] != "2024-05-01" || args["confirm_required"] != true {
				t.Fatalf("API first step: %d %v", res.StatusCode, out)
			}
			if v := scaleVersion(t, e, 2); v.Status != salaryscales.StatusDraft {
				t.Fatal("the correction was published without confirmation")
			}
			if _, out := api.json("GET", "/api/v1/scales/below-minimum", nil); len(out["contracts"].([]any)) != 0 {
				t.Errorf("listed before publication: %v", out)
			}
			if res, _ := api.json("POST", "/api/v1/scales/2/publish", map[string]any{"confirm": true}); res.StatusCode != http.StatusOK {
				t.Fatalf("confirmed publication: %d", res.StatusCode)
			}
			if _, out := api.json("GET", "/api/v1/scales/below-minimum", nil); len(out["contracts"].([]any)) != 1 {
				t.Errorf("the list after publication: %v", out)
			}
		})
	}
}
