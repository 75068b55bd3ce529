package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"POST /scales/:id/correct":         models.PermScalePublish,
		"POST /api/v1/scales/:id/correct":  models.PermScalePublish,
		"GET /scales/below-minimum":        models.PermScalePublish,
		"GET /api/v1/scales/below-minimum": models.PermScalePublish,
	})
}

// scaleDraftForm is the edit form of a draft with one step (0 years): each
// category of cats at monthly, hourly.
func scaleDraftForm(effective, monthly, hourly string, cats ...string) url.Values {
	form := url.Values{"effective_date": {effective}, "reference_weekly_hours": {"38"}, "deduction_cap_percent": {"20"},
		"whole_dwelling_cap_percent": {"40"}, "source_note": {"Test amounts"}, "steps": {"0"},
		"board.breakfast": {"0.55"}, "board.midday": {"1.09"}, "board.evening": {"0.84"}, "board.lodging": {"0.74"}}
	labels := map[string]string{"cleaning": "Cleaning", "household": "Household work", "childcare": "Childcare", "gardening": "Gardening"}
	for i, cat := range cats {
		form.Set(fmt.Sprintf("categories[%d].code", i), cat)
		form.Set(fmt.Sprintf("categories[%d].label", i), labels[cat])
		form.Set("rates."+cat+".0.monthly", monthly)
		form.Set("rates."+cat+".0.hourly", hourly)
	}
	return form
}

// scaleVersion reads a version as the admin sees it.
func scaleVersion(t *testing.T, e *env, id int64) salaryscales.Version {
	t.Helper()
	v, err := e.store.Scales.Get(context.Background(), models.Actor{User: e.users["admin"]}, id)
	mustDo(t, err)
	return v.Version
}

func countScaleVersions(t *testing.T, e *env) int {
	t.Helper()
	ov, err := e.store.Scales.Versions(context.Background(), models.Actor{User: e.users["admin"]})
	mustDo(t, err)
	return len(ov.Versions)
}

// TestScaleRowsAndCategoriesHTTP: a draft with a category employments
// cannot have, or a row whose hourly and monthly minimums disagree with the
// reference week, is refused with the message by the field and nothing is
// saved; a version without the category an employment uses is refused at
// publication, on the page and through the API, naming the category and
// the count, and stays a draft.
func TestScaleRowsAndCategoriesHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, _ := newScaleEnv(t, engine) // one household employment from 2026-02-01
			admin := e.as("admin")
			if res, _ := admin.postForm("/scales", nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("start draft: %d", res.StatusCode)
			}
			before := scaleVersion(t, e, 2)

			// A category outside the domain's list.
			res, page := admin.postForm("/scales/2", scaleDraftForm("2026-03-02", "2111.89", "12.83", "cleaning", "household", "childcare", "gardening"))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("gardening: %d", res.StatusCode)
			}
			wantIn(t, "gardening refused", page, "gardening is not one of the categories of work", `value="Gardening"`)
			// Hourly and monthly that disagree with 38 hours a week.
			res, page = admin.postForm("/scales/2", scaleDraftForm("2026-03-02", "2111.89", "12.60", "cleaning", "household", "childcare"))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("12.60 an hour for 2111.89 a month: %d", res.StatusCode)
			}
			wantIn(t, "disagreeing row", page, "EUR 12.60 an hour for 38 hours a week makes EUR 2,074.80 a month",
				"EUR 2,111.89 a month makes EUR 12.83 an hour", `name="rates.household.0.hourly" value="12.60"`)
			if got := scaleVersion(t, e, 2); fmt.Sprint(got.Rates, got.Categories) != fmt.Sprint(before.Rates, before.Categories) {
				t.Errorf("a refused draft was saved: %+v", got.Rates)
			}
			// Both directions agree to the cent: 12.83 × 38 × 52/12 = 2112.65.
			if res, page = admin.postForm("/scales/2", scaleDraftForm("2026-03-02", "2112.65", "12.83", "cleaning", "household", "childcare")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("monthly set by the hourly rate: %d %s", res.StatusCode, mainOf(page))
			}

			// Without household, which the employment uses.
			if res, page = admin.postForm("/scales/2", scaleDraftForm("2026-03-02", "2111.89", "12.83", "cleaning", "childcare")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save without household: %d %s", res.StatusCode, mainOf(page))
			}
			res, page = admin.postForm("/scales/2/publish", url.Values{"confirm": {"yes"}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("publish without household: %d", res.StatusCode)
			}
			wantIn(t, "publish refused", page, "no minimum for the category household, which 1 employment(s) use from 2026-03-02 on")
			res, page = admin.postForm("/scales/2/publish", nil) // the confirmation step refuses first
			if res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(page, "can never be edited or withdrawn") {
				t.Errorf("first step of publishing without household: %d", res.StatusCode)
			}
			api := e.apiSession("admin")
			res, problem := api.json("POST", "/api/v1/scales/2/publish", map[string]any{"confirm": true})
			errs, _ := problem["errors"].([]any)
			if res.StatusCode != http.StatusUnprocessableEntity || len(errs) != 1 {
				t.Fatalf("API publish without household: %d %v", res.StatusCode, problem)
			}
			fe := errs[0].(map[string]any)
			if msg, _ := fe["message"].(string); fe["field"] != "categories" || fe["code"] != "category_in_use" ||
				!strings.Contains(msg, "category household, which 1 employment(s) use") {
				t.Errorf("API problem: %v", fe)
			}
			if v := scaleVersion(t, e, 2); v.Status != salaryscales.StatusDraft {
				t.Errorf("a refused version was published: %s", v.Status)
			}
			if res, out := e.apiSession("clerk").json("GET", "/api/v1/scales/in-force", nil); res.StatusCode != 200 || out["id"] != float64(1) {
				t.Errorf("in force after the refusals: %v", out["id"])
			}
		})
	}
}

// TestScaleCorrectionHTTP: a contract drawn up under the seed; the admin
// corrects the seed from its own day with a reason, the correction is in
// force in its place, the contract is listed below the new minimum (page and
// API) until an amended contract is generated. Refusals change nothing.
func TestScaleCorrectionHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, appID := newScaleEnv(t, engine)
			admin, clerk := e.as("admin"), e.as("clerk")
			cpath := fmt.Sprintf("/applications/%d/contracts", appID)
			if res, _ := clerk.postForm(cpath, contractForm("gross_monthly_salary", "2100,00")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("contract under the seed: %d", res.StatusCode)
			}
			list, err := e.store.Contracts.OfApplication(context.Background(), models.System("test"), appID)
			mustDo(t, err)
			ref := list[0].Reference

			// Clerks neither correct nor see the list.
			if res, _ := clerk.postForm("/scales/1/correct", url.Values{"reason": {"x"}}); res.StatusCode != http.StatusForbidden {
				t.Errorf("clerk correcting: %d", res.StatusCode)
			}
			if res, _ := clerk.get("/scales/below-minimum"); res.StatusCode != http.StatusForbidden {
				t.Errorf("clerk listing: %d", res.StatusCode)
			}
			if _, page := clerk.get("/scales/1"); strings.Contains(page, `action="/scales/1/correct"`) {
				t.Error("the clerk is offered to correct")
			}
			_, page := admin.get("/scales/1")
			wantIn(t, "seed page", page, `action="/scales/1/correct"`)
			_, page = admin.get("/scales/below-minimum")
			wantIn(t, "list before any correction", page, `id="below-none"`)

			// No reason: refused on the page, nothing created.
			res, page := admin.postForm("/scales/1/correct", url.Values{"reason": {"  "}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("correction without a reason: %d", res.StatusCode)
			}
			wantIn(t, "no reason", page, `id="reason-error">Say why.`)
			if n := countScaleVersions(t, e); n != 1 {
				t.Errorf("%d versions after a refusal", n)
			}
			reason := "The seed left out the indexation of May 2024"
			res, _ = admin.postForm("/scales/1/correct", url.Values{"reason": {reason}})
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/scales/2" {
				t.Fatalf("start correction: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			_, page = admin.get("/scales/2")
			wantIn(t, "correcting draft", page, `id="correction-notice"`, "corrects version 1", reason)
			// The amounts are corrected; the day stays the seed's whatever is sent.
			if res, page = admin.postForm("/scales/2", scaleDraftForm("2026-01-01", "2150.00", "13.06", "cleaning", "household", "childcare")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save correction: %d %s", res.StatusCode, mainOf(page))
			}
			if res, page = admin.postForm("/scales/2/publish", nil); res.StatusCode != http.StatusOK || !strings.Contains(page, "can never be edited or withdrawn") {
				t.Fatalf("publish correction, first step: %d", res.StatusCode)
			}
			if res, _ = admin.postForm("/scales/2/publish", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("publish correction: %d", res.StatusCode)
			}
			api, capi := e.apiSession("admin"), e.apiSession("clerk")
			for _, day := range []string{"2024-05-01", "2025-01-01", "2026-03-02"} {
				if res, out := capi.json("GET", "/api/v1/scales/in-force?date="+day, nil); res.StatusCode != 200 || out["id"] != float64(2) ||
					out["corrects_id"] != float64(1) || out["correction_reason"] != reason || out["effective_date"] != "2024-05-01" {
					t.Errorf("in force on %s: %d %v %v", day, res.StatusCode, out["id"], out["effective_date"])
				}
			}
			if res, out := capi.json("GET", "/api/v1/scales/1", nil); out["superseded"] != true || out["corrected_by_id"] != float64(2) {
				t.Errorf("the seed after its correction: %d %v", res.StatusCode, out)
			}
			_, page = admin.get("/scales/1")
			wantIn(t, "corrected seed", page, `id="corrected-by"`)
			wantNotIn(t, "corrected seed", page, `action="/scales/1/correct"`)

			// Corrected once: a second correction of the seed is refused.
			if res, out := api.json("POST", "/api/v1/scales/1/correct", map[string]any{"reason": "again"}); res.StatusCode != http.StatusConflict || out["code"] != "scale_already_corrected" {
				t.Errorf("second correction: %d %v", res.StatusCode, out)
			}
			if res, out := api.json("POST", "/api/v1/scales/1/correct", map[string]any{}); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusConflict {
				t.Errorf("correction without reason: %d %v", res.StatusCode, out)
			}
			if n := countScaleVersions(t, e); n != 2 {
				t.Errorf("%d versions after the refusals", n)
			}

			// The contract is below the new minimum: page and API.
			_, page = admin.get("/scales/below-minimum")
			wantIn(t, "below the new minimum", page, ref, "Nguyễn, Thị Hường", "EUR 2100.00", "EUR 2070.48", "EUR 2150.00", "EUR 50.00")
			res, out := api.json("GET", "/api/v1/scales/below-minimum", nil)
			rows, _ := out["contracts"].([]any)
			if res.StatusCode != 200 || len(rows) != 1 {
				t.Fatalf("API list: %d %v", res.StatusCode, out)
			}
			row := rows[0].(map[string]any)
			if row["reference"] != ref || row["gross_monthly_salary"] != "2100.00" || row["new_minimum"] != "2150.00" ||
				row["shortfall"] != "50.00" || row["old_version_id"] != float64(1) || row["new_version_id"] != float64(2) {
				t.Errorf("API row: %v", row)
			}
			if res, _ := capi.json("GET", "/api/v1/scales/below-minimum", nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("clerk listing through the API: %d", res.StatusCode)
			}

			// The pay rule now reads the correction: 2100 is refused, 2200 goes.
			if res, page = clerk.postForm(cpath, contractForm("gross_monthly_salary", "2100,00")); res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("2100 after the correction: %d", res.StatusCode)
			}
			wantIn(t, "below the corrected minimum", page, "EUR 2150.00", "salary scale version 2 of 2024-05-01")
			if n := countContracts(t, e, appID); n != 1 {
				t.Errorf("%d contracts after a refusal", n)
			}
			if res, _ = clerk.postForm(cpath, contractForm("gross_monthly_salary", "2200,00")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("amended contract: %d", res.StatusCode)
			}
			_, page = admin.get("/scales/below-minimum")
			wantIn(t, "list after the amended contract", page, `id="below-none"`)
			wantNotIn(t, "list after the amended contract", page, ref)

			var audited int64
			e.store.DB().Table("audit_events").Where("action IN ? AND summary LIKE ?",
				[]string{"scale.correction_started", "scale.correction_published"}, "%"+reason+"%").Count(&audited)
			if audited != 2 {
				t.Errorf("%d audit rows with the reason, want 2", audited)
			}
		})
	}
}

// TestEmploymentCategoryCoveredHTTP: the other side of the one list. A
// scheduled version without childcare is published (no childcare employment
// runs then); a new childcare employment that would run under it is refused
// through the API and the page with the version named, and nothing is
// stored; one that ends before it is recorded; "gardening" is no category.
func TestEmploymentCategoryCoveredHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e, _ := newScaleEnv(t, engine) // worker 1, employer 1, a household employment
			admin := e.as("admin")
			if res, _ := admin.postForm("/scales", nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("start draft: %d", res.StatusCode)
			}
			if res, page := admin.postForm("/scales/2", scaleDraftForm("2027-01-01", "2111.89", "12.83", "cleaning", "household")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d %s", res.StatusCode, mainOf(page))
			}
			if res, _ := admin.postForm("/scales/2/publish", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("publish without childcare: %d", res.StatusCode)
			}
			countJobs := func() int64 {
				var n int64
				e.store.DB().Table("employments").Count(&n)
				return n
			}
			before := countJobs()
			clerk := e.apiSession("clerk")
			body := map[string]any{"employer_id": 1, "starts_on": "2026-04-01", "job_category": "childcare", "weekly_hours": 20}
			res, problem := clerk.json("POST", "/api/v1/workers/1/employments", body)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(problem["errors"]), "category_not_in_scale") ||
				!strings.Contains(fmt.Sprint(problem["errors"]), "salary scale version 2 of 2027-01-01") {
				t.Fatalf("childcare under a scale without it: %d %v", res.StatusCode, problem)
			}
			body["job_category"] = "gardening"
			if res, problem = clerk.json("POST", "/api/v1/workers/1/employments", body); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("gardening: %d %v", res.StatusCode, problem)
			}
			if n := countJobs(); n != before {
				t.Fatalf("%d employments stored by refusals", n-before)
			}
			res, page := e.as("clerk").postForm("/workers/1/employments", url.Values{"employer_id": {"1"}, "starts_on": {"2026-04-01"},
				"job_category": {"childcare"}, "weekly_hours": {"20"}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("page: %d", res.StatusCode)
			}
			wantIn(t, "employment page", page, "salary scale version 2 of 2027-01-01 has no minimum for the category childcare")
			body["job_category"], body["ends_on"] = "childcare", "2026-12-31"
			if res, out := clerk.json("POST", "/api/v1/workers/1/employments", body); res.StatusCode != http.StatusCreated {
				t.Errorf("childcare ending before the version: %d %v", res.StatusCode, out)
			}
		})
	}
}
