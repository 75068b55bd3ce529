package store_test

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// TestScaleCorrectionConsequence: before a correction is published, the
// admin is told how many contracts drawn up under the corrected version pay
// less than the new minimum (not the ordinary count of contracts in
// progress); nothing is written; once published, the list below the new
// minimum holds exactly those contracts.
func TestScaleCorrectionConsequence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		seed, err := s.Scales.InForce(ctx, w.admin, w.now)
		must(t, err)
		// Three contracts under the seed (minimum EUR 2070.48): two at
		// EUR 2150.00, one at EUR 2300.00.
		for i, gross := range []salaryscales.Cents{215000, 230000, 215000} {
			job := w.employment
			if i > 0 {
				job = w.otherEmployment(t, []string{"", "Bautista", "Cruz"}[i], []string{"", "P7654321", "P7654322"}[i])
			}
			app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, job.ID, nil)
			must(t, err)
			_, err = s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(gross))
			must(t, err)
		}
		c, err := s.Scales.StartCorrection(ctx, w.admin, seed.ID, "the indexation of May 2024 was left out")
		must(t, err)
		v := c.Clone()
		for i := range v.Rates {
			v.Rates[i].Monthly, v.Rates[i].Hourly = 220000, salaryscales.HourlyFromMonthly(220000, 38)
		}
		must(t, s.Scales.SaveDraft(ctx, w.admin, v))

		if err := s.Records.ScalePublishConsequence(ctx, w.clerk, c.ID); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("a clerk: %v", err)
		}
		err = s.Records.ScalePublishConsequence(ctx, w.admin, c.ID)
		de, ok := err.(*models.Error)
		if !ok || de.Code != models.CodeConfirmScaleCorrection || !models.IsConfirmation(err) || de.Args["below_minimum"] != 2 ||
			de.Args["corrects_id"] != seed.ID || de.Args["effective_date"] != seed.EffectiveDate.Format("2006-01-02") {
			t.Fatalf("consequence of the correction: %v %+v", err, de)
		}
		if got := countRows(t, s, "scale_versions", "status = 'published'"); got != 1 {
			t.Errorf("%d published versions after the consequence, want the seed only", got)
		}
		below, err := s.Scales.BelowMinimum(ctx, w.admin)
		if err != nil || len(below) != 0 {
			t.Errorf("listed before the correction is published: %v %v", below, err)
		}

		// An ordinary version is still told the contracts in progress.
		d, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		dv, err := s.Scales.Get(ctx, w.admin, d.ID)
		must(t, err)
		dv.EffectiveDate, dv.SourceNote = date(2026, 3, 2), "Test"
		must(t, s.Scales.SaveDraft(ctx, w.admin, dv.Version))
		if de, ok := s.Records.ScalePublishConsequence(ctx, w.admin, d.ID).(*models.Error); !ok || de.Code != models.CodeConfirmScalePublish || de.Args["contracts"] != 3 {
			t.Errorf("consequence of an ordinary version: %v", de)
		}
		must(t, s.Scales.Discard(ctx, w.admin, d.ID))

		_, err = s.Scales.Publish(ctx, w.admin, c.ID)
		must(t, err)
		below, err = s.Scales.BelowMinimum(ctx, w.admin)
		if err != nil || len(below) != 2 {
			t.Fatalf("below the new minimum after publishing: %d %v", len(below), err)
		}
		for _, r := range below {
			if r.Gross != 215000 || r.NewVersionID != c.ID || r.OldVersionID != seed.ID {
				t.Errorf("listed: %+v", r)
			}
		}
	})
}
