package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// Review mends (h9mend): the card's end keeps to the card's days, one
// tolerance for an interview's time, the producer's export in a fixed
// number of queries, and job_categories checked alike on both engines.

// h9Count runs a count query q.
func h9Count(t *testing.T, s *store.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	must(t, s.DB().Raw(q, args...).Scan(&n).Error)
	return n
}

// TestCardEndKeepsToTheCardsDays: a return dated before the collection and
// the destruction of a cancelled card dated before the cancellation are
// refused, by the domain (through the store) and by the database (typed
// straight into it), and nothing changes; the day itself is accepted.
func TestCardEndKeepsToTheCardsDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeCleared)
		card, err := s.Cards.Issue(ctx, w.clerk, id)
		must(t, err)
		issuedOn := models.CalendarDay(w.now)
		w.now = w.now.AddDate(0, 0, 10)
		card, err = s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport,
			IdentityDocumentNumber: w.worker.PassportNumber, HandedToWorkerInPerson: true})
		must(t, err)
		collectedOn := models.CalendarDay(w.now)
		w.now = w.now.AddDate(0, 0, 10)
		ends := func() int64 { return h9Count(t, s, "SELECT count(*) FROM card_ends WHERE card_id = ?", card.ID) }
		status := func() string {
			var st string
			must(t, s.DB().Raw("SELECT status FROM cards WHERE id = ?", card.ID).Scan(&st).Error)
			return st
		}

		// The domain: a return before the collection (after the issue).
		_, _, err = s.Cards.End(ctx, w.clerk, card.ID, models.CardEnd{Event: models.CardEndReturned, Reason: models.EndOfPosting, On: issuedOn.AddDate(0, 0, 5)})
		if fieldCode(err, "ended_on") != "before_collection" {
			t.Fatalf("return before the collection: %v", err)
		}
		if ends() != 0 || status() != string(models.CardCollected) {
			t.Fatalf("a refused return changed the card: %d end(s), %s", ends(), status())
		}
		// The database: the card made returned, then a return dated before
		// its collection typed in; the collection's day is accepted.
		insertEnd := func(tx *gorm.DB, event string, on time.Time) error {
			return tx.Exec("INSERT INTO card_ends (card_id, event, reason, note, ended_on, recorded_at) VALUES (?, ?, 'end_of_posting', '', ?, ?)",
				card.ID, event, on, w.now).Error
		}
		err = s.DB().Transaction(func(tx *gorm.DB) error {
			must(t, tx.Exec("UPDATE cards SET status = 'returned' WHERE id = ?", card.ID).Error)
			return insertEnd(tx, "returned", collectedOn.AddDate(0, 0, -3))
		})
		if err == nil || errors.Is(err, errRollback) {
			t.Fatalf("the database took a return dated before the collection: %v", err)
		}
		err = s.DB().Transaction(func(tx *gorm.DB) error {
			must(t, tx.Exec("UPDATE cards SET status = 'returned' WHERE id = ?", card.ID).Error)
			if err := insertEnd(tx, "returned", collectedOn); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("the database refused a return on the collection's day: %v", err)
		}
		if ends() != 0 || status() != string(models.CardCollected) {
			t.Fatalf("the refusals changed the card: %d end(s), %s", ends(), status())
		}

		// A cancelled card: destroyed neither before its cancellation...
		cancelledOn := models.CalendarDay(w.now)
		_, err = s.Cards.ChangeStatus(ctx, w.clerk, card.ID, models.CardCancel, "Withdrawn by the Directorate")
		must(t, err)
		_, _, err = s.Cards.End(ctx, w.clerk, card.ID, models.CardEnd{Event: models.CardEndDestroyed, Reason: models.EndOther, Note: "Shredded",
			On: cancelledOn.AddDate(0, 0, -5)})
		if fieldCode(err, "ended_on") != "before_cancellation" {
			t.Fatalf("destruction before the cancellation: %v", err)
		}
		if err := insertEnd(s.DB(), "destroyed", cancelledOn.AddDate(0, 0, -5)); err == nil {
			t.Fatal("the database took a destruction dated before the cancellation")
		}
		if ends() != 0 || status() != string(models.CardCancelled) {
			t.Fatalf("a refused destruction changed the card: %d end(s), %s", ends(), status())
		}
		// ... and on its day it is.
		_, _, err = s.Cards.End(ctx, w.clerk, card.ID, models.CardEnd{Event: models.CardEndDestroyed, Reason: models.EndOther, Note: "Shredded", On: cancelledOn})
		must(t, err)
		if ends() != 1 {
			t.Errorf("the destruction is not recorded: %d end(s)", ends())
		}
	})
}

// TestBookingTolerance: a booking a few seconds behind the clock (the form
// on its way) is taken, as a reassignment's is; beyond the tolerance it is
// refused and no interview is written.
func TestBookingTolerance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		interviews := func() int64 { return h9Count(t, s, "SELECT count(*) FROM interviews WHERE application_id = ?", id) }
		_, err := s.Interviews.Schedule(ctx, w.clerk, id, w.interviewer.UserID(), w.now.Add(-models.ScheduleTolerance-time.Second), "Room 2.14")
		if fieldCode(err, "scheduled_at") != "in_past" {
			t.Fatalf("booking beyond the tolerance: %v", err)
		}
		if n := interviews(); n != 0 {
			t.Fatalf("a refused booking wrote %d interview(s)", n)
		}
		iv, err := s.Interviews.Schedule(ctx, w.clerk, id, w.interviewer.UserID(), w.now.Add(-30*time.Second), "Room 2.14")
		if err != nil {
			t.Fatalf("booking 30 s behind the clock: %v", err)
		}
		if n := interviews(); n != 1 || !iv.ScheduledAt.Equal(w.now.Add(-30*time.Second)) {
			t.Errorf("%d interview(s), at %s", n, iv.ScheduledAt)
		}
	})
}

// TestJobCategoriesAlikeOnBothEngines: typed straight into the database,
// a code of the wrong form is refused, and so is deleting or renaming a
// category an employment names; a well-formed, unused category comes and
// goes. Each refusal leaves the table as it was.
func TestJobCategoriesAlikeOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s) // its employment names household
		db := s.DB()
		table := func() []string {
			var codes []string
			must(t, db.Table("job_categories").Order("position").Pluck("code", &codes).Error)
			return codes
		}
		want := table()
		for _, stmt := range []struct {
			name string
			sql  string
			args []any
		}{
			{"upper case", "INSERT INTO job_categories (code, position) VALUES (?, 90)", []any{"Gardening"}},
			{"a hyphen", "INSERT INTO job_categories (code, position) VALUES (?, 90)", []any{"garden-work"}},
			{"a leading digit", "INSERT INTO job_categories (code, position) VALUES (?, 90)", []any{"1garden"}},
			{"empty", "INSERT INTO job_categories (code, position) VALUES (?, 90)", []any{""}},
			{"41 characters", "INSERT INTO job_categories (code, position) VALUES (?, 90)", []any{"g" + string(bytes.Repeat([]byte("a"), 40))}},
			{"a letter with an accent", "INSERT INTO job_categories (code, position) VALUES (?, 90)", []any{"ménage"}},
			{"a trailing newline", "INSERT INTO job_categories (code, position) VALUES (?, 90)", []any{"garden\n"}},
			{"renamed to a bad code", "UPDATE job_categories SET code = ? WHERE code = 'cleaning'", []any{"Cleaning"}},
			{"an employment's category deleted", "DELETE FROM job_categories WHERE code = ?", []any{string(w.employment.JobCategory)}},
			{"an employment's category renamed", "UPDATE job_categories SET code = 'house_work' WHERE code = ?", []any{string(w.employment.JobCategory)}},
		} {
			if err := db.Exec(stmt.sql, stmt.args...).Error; err == nil {
				t.Errorf("%s: the database took %q", stmt.name, stmt.sql)
			}
			if got := table(); !equalStrings(got, want) {
				t.Fatalf("%s: job_categories %v, want %v", stmt.name, got, want)
			}
		}
		// Both engines take a well-formed category nobody names, and let
		// it go again.
		must(t, db.Exec("INSERT INTO job_categories (code, position) VALUES ('garden_work2', 90)").Error)
		must(t, db.Exec("UPDATE job_categories SET code = 'gardening' WHERE code = 'garden_work2'").Error)
		must(t, db.Exec("DELETE FROM job_categories WHERE code = 'gardening'").Error)
		if got := table(); !equalStrings(got, want) {
			t.Errorf("job_categories %v, want %v", got, want)
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestMigration00036Reversible: 00036 rolls back and applies again on both
// engines, and its checks stand after it is applied again.
func TestMigration00036Reversible(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		must(t, s.MigrateDownTo(ctx, 35))
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Exec("INSERT INTO job_categories (code, position) VALUES ('Bad-Code', 90)").Error; err == nil {
			t.Error("after 00036 applied again, a bad code was taken")
		}
	})
}
