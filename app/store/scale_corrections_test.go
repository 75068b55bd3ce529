package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// TestJobCategoriesOneList: the database's list of categories is the
// domain's, and the database refuses any other in an employment or a scale.
func TestJobCategoriesOneList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		db := s.DB()
		var codes []string
		must(t, db.Table("job_categories").Order("position").Pluck("code", &codes).Error)
		var want []string
		for _, c := range models.JobCategories {
			want = append(want, string(c))
		}
		if !slices.Equal(codes, want) {
			t.Errorf("job_categories = %v, models.JobCategories = %v", codes, want)
		}
		for _, c := range salaryscales.DefaultCategories() {
			if !slices.Contains(codes, c.Code) {
				t.Errorf("scale category %s is not in job_categories", c.Code)
			}
		}
		if err := db.Exec("UPDATE employments SET job_category = 'gardening' WHERE id = ?", w.employment.ID).Error; err == nil {
			t.Error("the database took an employment in the category gardening")
		}
		draft, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		for _, col := range []string{
			`categories = '[{"code":"gardening","label":"Gardening"}]'`,
			`rates = '[{"category":"gardening","from_years":0,"monthly":207048,"hourly":1257}]'`,
		} {
			if err := db.Exec("UPDATE scale_versions SET "+col+" WHERE id = ?", draft.ID).Error; err == nil {
				t.Errorf("the database took a scale version with %s", col)
			}
		}
		got, err := s.Scales.Get(ctx, w.admin, draft.ID)
		must(t, err)
		if len(got.Categories) != 3 || got.Categories[0].Code != "cleaning" {
			t.Errorf("draft changed: %+v", got.Categories)
		}
	})
}

// TestScaleCoverageOnPublish: a version without the category an employment
// uses is refused with the category and the count, and stays a draft; the
// same version is published once no employment needs the category from its
// date on.
func TestScaleCoverageOnPublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s) // one household employment from 2026-02-01
		draft, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		v := draft.Clone()
		v.EffectiveDate = date(2026, 3, 2)
		v.Categories = slices.DeleteFunc(v.Categories, func(c salaryscales.Category) bool { return c.Code == "household" })
		v.Rates = slices.DeleteFunc(v.Rates, func(r salaryscales.Rate) bool { return r.Category == "household" })
		must(t, s.Scales.SaveDraft(ctx, w.admin, v))
		for name, publish := range map[string]func() error{
			"publish":     func() error { _, err := s.Scales.Publish(ctx, w.admin, draft.ID); return err },
			"consequence": func() error { return s.Records.ScalePublishConsequence(ctx, w.admin, draft.ID) },
		} {
			err := publish()
			de, ok := err.(*models.Error)
			if !ok || fieldCode(err, "categories") != salaryscales.ErrCategoryInUse {
				t.Fatalf("%s without household: %v", name, err)
			}
			f, _ := de.Field("categories")
			if f.Args["category"] != "household" || f.Args["count"] != 1 {
				t.Errorf("%s: args %v", name, f.Args)
			}
		}
		got, err := s.Scales.Get(ctx, w.admin, draft.ID)
		must(t, err)
		if !got.IsDraft() {
			t.Fatal("a refused version was published")
		}
		// The employment ends the day before: nothing needs household any more.
		end := models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "the worker left"}
		_, err = s.Records.EndEmployment(ctx, w.clerk, w.employment.ID, date(2026, 3, 1), end, true)
		must(t, err)
		if _, err := s.Scales.Publish(ctx, w.admin, draft.ID); err != nil {
			t.Fatalf("publish once household is unused: %v", err)
		}
	})
}

// TestScaleCorrectionInDatabase: a correction is published on the day of
// the version it corrects and is in force in its place; the database refuses
// a correction on another day, without a reason, or a second correction of
// one version.
func TestScaleCorrectionInDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		seed, err := s.Scales.InForce(ctx, w.admin, w.now)
		must(t, err)
		if _, err := s.Scales.StartCorrection(ctx, w.clerk, seed.ID, "x"); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk correcting: %v", err)
		}
		if _, err := s.Scales.StartCorrection(ctx, w.admin, seed.ID, " "); fieldCode(err, "reason") != "required" {
			t.Errorf("correction without a reason: %v", err)
		}
		c, err := s.Scales.StartCorrection(ctx, w.admin, seed.ID, "the hourly rate was rounded wrongly")
		must(t, err)
		if c.CorrectsID != seed.ID || !c.EffectiveDate.Equal(seed.EffectiveDate) {
			t.Fatalf("correcting draft %+v", c)
		}
		db := s.DB()
		// By hand: a correction published on another day, or without a reason.
		if err := db.Exec("UPDATE scale_versions SET status = 'published', published_at = ?, effective_date = ? WHERE id = ?",
			w.now, date(2025, 1, 1), c.ID).Error; err == nil {
			t.Error("the database published a correction on another day than the version it corrects")
		}
		if err := db.Exec("UPDATE scale_versions SET correction_reason = '' WHERE id = ?", c.ID).Error; err == nil {
			t.Error("the database took a correction without a reason")
		}
		// A second correcting draft, both published by the application: one wins.
		c2, err := s.Scales.StartCorrection(ctx, w.admin, seed.ID, "a second admin saw it too")
		must(t, err)
		v := c.Clone()
		for i := range v.Rates {
			v.Rates[i].Monthly, v.Rates[i].Hourly = 210000, salaryscales.HourlyFromMonthly(210000, 38)
		}
		// The day of a correction is the corrected version's, whatever is sent.
		v.EffectiveDate = date(2026, 1, 1)
		must(t, s.Scales.SaveDraft(ctx, w.admin, v))
		pub, err := s.Scales.Publish(ctx, w.admin, c.ID)
		must(t, err)
		if !pub.EffectiveDate.Equal(seed.EffectiveDate) {
			t.Errorf("correction published from %s", pub.EffectiveDate)
		}
		if _, err := s.Scales.Publish(ctx, w.admin, c2.ID); models.ErrorCode(err) != "scale_already_corrected" {
			t.Errorf("second correction of one version: %v", err)
		}
		var eff any
		must(t, db.Raw("SELECT effective_date FROM scale_versions WHERE id = ?", seed.ID).Row().Scan(&eff))
		if err := db.Exec("UPDATE scale_versions SET status = 'published', published_at = ?, effective_date = ? WHERE id = ?", w.now, eff, c2.ID).Error; err == nil {
			t.Error("the database took two published corrections of one version")
		}
		cur, err := s.Scales.InForce(ctx, w.clerk, w.now)
		must(t, err)
		if cur.ID != c.ID {
			t.Errorf("in force: %d, want the correction %d", cur.ID, c.ID)
		}
		all, err := s.Scales.Versions(ctx, w.admin)
		must(t, err)
		for _, x := range all.Versions {
			if x.ID == seed.ID && !x.Superseded {
				t.Error("the corrected version is not superseded")
			}
		}
		var audit string
		must(t, db.Raw("SELECT summary FROM audit_events WHERE action = 'scale.correction_published'").Row().Scan(&audit))
		if !strings.Contains(audit, "the hourly rate was rounded wrongly") {
			t.Errorf("audit: %q", audit)
		}
	})
}

// TestEmploymentTermsKeepToTheScale: changing an employment's category to
// one that a published version standing from then on lacks is refused, and
// the employment keeps its category.
func TestEmploymentTermsKeepToTheScale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s) // household, 38 hours, from 2026-02-01
		draft, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		v := draft.Clone()
		v.EffectiveDate = date(2027, 1, 1)
		v.Categories = slices.DeleteFunc(v.Categories, func(c salaryscales.Category) bool { return c.Code == "childcare" })
		v.Rates = slices.DeleteFunc(v.Rates, func(r salaryscales.Rate) bool { return r.Category == "childcare" })
		must(t, s.Scales.SaveDraft(ctx, w.admin, v))
		_, err = s.Scales.Publish(ctx, w.admin, draft.ID)
		must(t, err)
		ch := models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "now minds the children"}
		_, err = s.Records.ChangeEmploymentTerms(ctx, w.clerk, w.employment.ID, date(2026, 4, 1), 38, models.JobChildcare, ch)
		if fieldCode(err, "job_category") != salaryscales.ErrCategoryNotInScale {
			t.Fatalf("childcare under a scale without it: %v", err)
		}
		var cat string
		must(t, s.DB().Raw("SELECT job_category FROM employments WHERE id = ?", w.employment.ID).Row().Scan(&cat))
		if cat != "household" {
			t.Errorf("category after the refusal: %s", cat)
		}
		if _, err = s.Records.ChangeEmploymentTerms(ctx, w.clerk, w.employment.ID, date(2026, 4, 1), 38, models.JobCleaning, ch); err != nil {
			t.Errorf("cleaning, which every version has: %v", err)
		}
	})
}
