package store_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// fieldCode returns the code of the error on field, "" when there is none.
func fieldCode(err error, field string) string {
	if de, ok := err.(*models.Error); ok {
		if f, ok := de.Field(field); ok {
			return f.Code
		}
	}
	return ""
}

// TestSeedVersionPresent: a fresh database holds exactly the seed version of
// salaryscales.Seed(), published, in force and (in 2026) stale.
func TestSeedVersionPresent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		all, err := s.Scales.Versions(ctx, w.clerk)
		must(t, err)
		if len(all.Versions) != 1 || all.InForce == nil {
			t.Fatalf("versions on a fresh database: %+v", all.Versions)
		}
		got := all.InForce.Version
		want := salaryscales.Seed()
		want.ID = got.ID
		if !reflect.DeepEqual(got, want) {
			t.Errorf("stored seed differs from salaryscales.Seed():\n got %+v\nwant %+v", got, want)
		}
		if !strings.Contains(got.SourceNote, "SEED VERSION") || !strings.Contains(got.SourceNote, "Joint Committee 323") {
			t.Errorf("seed source note: %q", got.SourceNote)
		}
		if !all.InForce.Stale || all.MaxAgeMonths != 12 {
			t.Errorf("seed on %s: stale %v, max age %d", w.now.Format(time.DateOnly), all.InForce.Stale, all.MaxAgeMonths)
		}
		stale, err := s.Scales.Stale(ctx, w.admin)
		must(t, err)
		if stale == nil || stale.ID != got.ID {
			t.Errorf("stale alert: %+v", stale)
		}
		if _, err := s.Scales.Stale(ctx, w.interviewer); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer reading scales: %v", err)
		}
	})
}

// TestScaleDraftIndexPublish: an admin starts a draft from the version in
// force, applies 2%, publishes it; it is then in force and never editable.
func TestScaleDraftIndexPublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		if _, err := s.Scales.StartDraft(ctx, w.clerk, 0); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk starting a draft: %v", err)
		}
		draft, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		seed, err := s.Scales.InForce(ctx, w.admin, w.now)
		must(t, err)
		if draft.BasedOnID != seed.ID || draft.Status != salaryscales.StatusDraft || !draft.EffectiveDate.IsZero() {
			t.Errorf("draft %+v", draft)
		}
		must(t, s.Scales.IndexDraft(ctx, w.admin, draft.ID, 2))
		v, err := s.Scales.Get(ctx, w.clerk, draft.ID)
		must(t, err)
		r, _ := v.Rate(salaryscales.CategoryHousehold, 0)
		if r.Monthly != 211189 || r.Hourly != 1283 {
			t.Errorf("after 2%%: %s a month, %s an hour; want 2111.89 and 12.83", r.Monthly, r.Hourly)
		}
		if v.Board != seed.Board {
			t.Errorf("indexation changed the board amounts: %+v", v.Board)
		}

		// Without an effective date it cannot be published.
		if _, err := s.Scales.Publish(ctx, w.admin, draft.ID); fieldCode(err, "effective_date") != "required" {
			t.Errorf("publish without a date: %v", err)
		}
		// Not on or before the day the version in force took effect.
		v.EffectiveDate = seed.EffectiveDate
		must(t, s.Scales.SaveDraft(ctx, w.admin, v.Version))
		if _, err := s.Scales.Publish(ctx, w.admin, draft.ID); fieldCode(err, "effective_date") != "effective_date_taken" {
			t.Errorf("publish on the seed's date: %v", err)
		}
		v.EffectiveDate = date(2026, 3, 2)
		must(t, s.Scales.SaveDraft(ctx, w.admin, v.Version))
		diff, err := s.Scales.Compare(ctx, w.clerk, draft.ID, 0)
		must(t, err)
		if diff.Old.ID != seed.ID || diff.Changed != 1+6 { // the date, and 3 categories x (monthly, hourly)
			t.Errorf("diff against the seed: %d changes, old %d", diff.Changed, diff.Old.ID)
		}
		pub, err := s.Scales.Publish(ctx, w.admin, draft.ID)
		must(t, err)
		if pub.Status != salaryscales.StatusPublished || !pub.EffectiveDate.Equal(date(2026, 3, 2)) {
			t.Errorf("published %+v", pub)
		}
		cur, err := s.Scales.InForce(ctx, w.clerk, w.now)
		must(t, err)
		if cur.ID != draft.ID || cur.Stale {
			t.Errorf("in force after publishing: %d (stale %v)", cur.ID, cur.Stale)
		}
		if old, _ := s.Scales.InForce(ctx, w.clerk, date(2026, 3, 1)); old == nil || old.ID != seed.ID {
			t.Errorf("in force the day before: %+v", old)
		}
		if stale, err := s.Scales.Stale(ctx, w.admin); err != nil || stale != nil {
			t.Errorf("stale alert after publishing: %+v %v", stale, err)
		}
		// Published: never edited, indexed, republished or discarded.
		if err := s.Scales.SaveDraft(ctx, w.admin, pub.Clone()); models.ErrorCode(err) != "scale_version_published" {
			t.Errorf("saving a published version: %v", err)
		}
		if err := s.Scales.IndexDraft(ctx, w.admin, pub.ID, 1); models.ErrorCode(err) != "scale_version_published" {
			t.Errorf("indexing a published version: %v", err)
		}
		if _, err := s.Scales.Publish(ctx, w.admin, pub.ID); models.ErrorCode(err) != "scale_version_published" {
			t.Errorf("publishing twice: %v", err)
		}
		if err := s.Scales.Discard(ctx, w.admin, pub.ID); models.ErrorCode(err) != "scale_version_published" {
			t.Errorf("discarding a published version: %v", err)
		}
		all, err := s.Scales.Versions(ctx, w.admin)
		must(t, err)
		if len(all.Versions) != 2 || all.InForce.ID != pub.ID || !all.Versions[1].Superseded {
			t.Errorf("history: %+v", all.Versions)
		}
		var audited int64
		s.DB().Table("audit_events").Where("action IN ?", []string{"scale.draft_started", "scale.indexed", "scale.draft_saved", "scale.published"}).Count(&audited)
		if audited != 5 {
			t.Errorf("%d audit rows for 5 writes", audited)
		}
	})
}

// TestScaleDraftValidation: a draft with a step paying less than the one
// before is refused with the field named, and nothing is saved.
func TestScaleDraftValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		draft, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		v := draft.Clone()
		v.Steps = []int{0, 5}
		for _, c := range v.Categories {
			v.Rates = append(v.Rates, salaryscales.Rate{Category: c.Code, FromYears: 5, Monthly: 200000, Hourly: 1215})
		}
		err = s.Scales.SaveDraft(ctx, w.admin, v)
		if fieldCode(err, "rates.household.5.monthly") != "below_previous_step" {
			t.Fatalf("step below the one before: %v", err)
		}
		got, err := s.Scales.Get(ctx, w.admin, draft.ID)
		must(t, err)
		if len(got.Steps) != 1 {
			t.Errorf("refused draft was saved: %+v", got.Steps)
		}
		if err := s.Scales.IndexDraft(ctx, w.admin, draft.ID, -100); fieldCode(err, "percent") != "out_of_range" {
			t.Errorf("indexation of -100%%: %v", err)
		}
		must(t, s.Scales.Discard(ctx, w.admin, draft.ID))
		if _, err := s.Scales.Get(ctx, w.admin, draft.ID); models.ErrorKind(err) != models.KindNotFound {
			t.Errorf("discarded draft: %v", err)
		}
	})
}

// TestPublishedScaleImmutableInDatabase: the database itself refuses to
// change or delete a published version, and a second published version on
// the same effective date.
func TestPublishedScaleImmutableInDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		seed, err := s.Scales.InForce(ctx, w.admin, w.now)
		must(t, err)
		db := s.DB()
		if err := db.Exec("UPDATE scale_versions SET board_lodging_cents = 1 WHERE id = ?", seed.ID).Error; err == nil || !strings.Contains(err.Error(), "published") {
			t.Errorf("UPDATE of a published version: %v", err)
		}
		if err := db.Exec("DELETE FROM scale_versions WHERE id = ?", seed.ID).Error; err == nil || !strings.Contains(err.Error(), "published") {
			t.Errorf("DELETE of a published version: %v", err)
		}
		// A draft, published by hand on the seed's day, hits the unique index.
		draft, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		var eff time.Time
		must(t, db.Raw("SELECT effective_date FROM scale_versions WHERE id = ?", seed.ID).Row().Scan(&eff))
		err = db.Exec("UPDATE scale_versions SET status = 'published', effective_date = ?, published_at = ? WHERE id = ?", eff, w.now, draft.ID).Error
		if err == nil {
			t.Error("two published versions on one effective date")
		}
		// A draft is still a draft: the database lets the application edit it.
		if err := db.Exec("UPDATE scale_versions SET source_note = 'edited' WHERE id = ?", draft.ID).Error; err != nil {
			t.Errorf("UPDATE of a draft: %v", err)
		}
		got, err := s.Scales.InForce(ctx, w.admin, w.now)
		must(t, err)
		if got.Board != seed.Board {
			t.Errorf("seed changed: %+v", got.Board)
		}
	})
}

// TestScaleCSVRoundTrip: the version in force exported and imported again is
// a new draft with the same table.
func TestScaleCSVRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		seed, err := s.Scales.InForce(ctx, w.clerk, w.now)
		must(t, err)
		b, name, err := s.Scales.CSV(ctx, w.clerk, seed.ID)
		must(t, err)
		if !strings.HasSuffix(name, ".csv") || !bytes.Contains(b, []byte("rate,household,0,2070.48,12.57")) {
			t.Errorf("export %s:\n%s", name, b)
		}
		if _, err := s.Scales.ImportCSV(ctx, w.clerk, bytes.NewReader(b)); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk importing: %v", err)
		}
		imported, err := s.Scales.ImportCSV(ctx, w.admin, bytes.NewReader(b))
		must(t, err)
		diff, err := s.Scales.Compare(ctx, w.admin, imported.ID, seed.ID)
		must(t, err)
		if diff.Changed != 0 || !diff.New.IsDraft() {
			t.Errorf("imported copy differs in %d items (draft %v)", diff.Changed, diff.New.IsDraft())
		}
		bad := bytes.Replace(b, []byte("rate,household,0,2070.48"), []byte("rate,household,0,-5"), 1)
		_, err = s.Scales.ImportCSV(ctx, w.admin, bytes.NewReader(bad))
		if de, ok := err.(*models.Error); !ok || len(de.Fields) == 0 || !strings.Contains(de.Fields[0].Message, "line") {
			t.Errorf("bad file: %v", err)
		}
		all, err := s.Scales.Versions(ctx, w.admin)
		must(t, err)
		if len(all.Versions) != 2 {
			t.Errorf("a refused import left a draft: %d versions", len(all.Versions))
		}
	})
}
