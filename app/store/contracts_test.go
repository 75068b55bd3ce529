package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/contracts/pdftest"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// contractTerms are complete terms for a live-in worker with full board.
func contractTerms(gross salaryscales.Cents) salaryscales.ContractTerms {
	return salaryscales.ContractTerms{
		Language: "en", SecondLanguage: "fr", GrossMonthly: gross,
		Board:            salaryscales.BoardTerms{Breakfast: true, Midday: true, Evening: true, Lodging: true},
		EmployerFunction: "First Secretary", EmployerAddress: "Avenue Louise 231, 1050 Brussels",
		WorkerAddress: "Avenue Louise 231, 1050 Brussels", Workplace: "Avenue Louise 231, 1050 Brussels",
		Duties: "cleaning the residence, laundry, preparing family meals", Place: "Brussels",
		DaysPerWeek: 5, RestDays: []time.Weekday{time.Saturday, time.Sunday}, AnnualLeaveDays: 20,
		RepatriationTo: "Manila, Philippines",
	}
}

// pdfText is the PDF's text (pdftest.Text).
func pdfText(t *testing.T, pdf []byte) string { return pdftest.Text(t, pdf) }

func wantText(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("contract text lacks %q:\n%s", w, text)
		}
	}
}

func countRows(t *testing.T, s *store.Store, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	q := s.DB().Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	must(t, q.Count(&n).Error)
	return n
}

// publishIndexed publishes the version in force raised by percent, effective on day.
func (w *world) publishIndexed(t *testing.T, percent float64, day time.Time) *salaryscales.Version {
	t.Helper()
	ctx := context.Background()
	d, err := w.s.Scales.StartDraft(ctx, w.admin, 0)
	must(t, err)
	must(t, w.s.Scales.IndexDraft(ctx, w.admin, d.ID, percent))
	v, err := w.s.Scales.Get(ctx, w.admin, d.ID)
	must(t, err)
	v.EffectiveDate = day
	v.SourceNote = "Test indexation"
	must(t, w.s.Scales.SaveDraft(ctx, w.admin, v.Version))
	pub, err := w.s.Scales.Publish(ctx, w.admin, d.ID)
	must(t, err)
	return pub
}

// TestContractBelowMinimumRefused: a salary under the minimum is refused with
// the figures (offered, minimum, version), and nothing is stored.
func TestContractBelowMinimumRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		seed, err := s.Scales.InForce(ctx, w.clerk, w.now)
		must(t, err)

		_, err = s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(200000))
		de, ok := err.(*models.Error)
		if !ok || de.Code != salaryscales.ErrSalaryBelowMinimum {
			t.Fatalf("salary below the minimum: %v", err)
		}
		if de.Args["offered"] != salaryscales.Cents(200000) || de.Args["minimum"] != salaryscales.Cents(207048) || de.Args["version_id"] != seed.ID {
			t.Errorf("figures: %v", de.Args)
		}
		msg := models.Render(de.Message, de.Args)
		for _, want := range []string{"EUR 2000.00", "EUR 2070.48", "version " + itoa(seed.ID), "2024-05-01"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message lacks %q: %s", want, msg)
			}
		}
		if _, ok := de.Field("gross_monthly_salary"); !ok {
			t.Errorf("no field error on the salary: %+v", de.Fields)
		}
		if n := countRows(t, s, "contracts", ""); n != 0 {
			t.Errorf("%d contract rows after a refusal", n)
		}
		if n := countRows(t, s, "audit_events", "action LIKE 'contract.%'"); n != 0 {
			t.Errorf("%d contract audit rows after a refusal", n)
		}

		// Other refusals: missing terms are named; a clerk without the
		// permission is refused; the page's language is never a default.
		bad := contractTerms(250000)
		bad.Language, bad.EmployerAddress = "", ""
		_, err = s.Contracts.Generate(ctx, w.clerk, app.ID, bad)
		if fieldCode(err, "language") != "required" || fieldCode(err, "employer_address") != "required" {
			t.Errorf("missing language and address: %v", err)
		}
		bad = contractTerms(250000)
		bad.SecondLanguage = "en"
		if _, err = s.Contracts.Generate(ctx, w.clerk, app.ID, bad); fieldCode(err, "second_language") != "same_language" {
			t.Errorf("same second language: %v", err)
		}
		if _, err = s.Contracts.Generate(ctx, w.interviewer, app.ID, contractTerms(250000)); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer generating: %v", err)
		}
		if _, err = s.Contracts.Generate(ctx, w.admin, app.ID, contractTerms(250000)); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("admin generating: %v", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestContractStoredAndReprinted: a contract is stored with its SHA-256 and
// the figures; a reprint returns the same bytes and is counted and audited;
// the database refuses to change or delete it.
func TestContractStoredAndReprinted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		c, err := s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(215000))
		must(t, err)
		sum := sha256.Sum256(c.PDF)
		if c.SHA256 != hex.EncodeToString(sum[:]) || c.SizeBytes != int64(len(c.PDF)) || !bytes.HasPrefix(c.PDF, []byte("%PDF-")) {
			t.Errorf("stored %s, %d bytes", c.SHA256, c.SizeBytes)
		}
		if c.Reference != "CT-"+pad6(app.ID)+"-01" || c.Language != "en" || c.SecondLanguage != "fr" || c.GeneratedByID != w.clerk.UserID() {
			t.Errorf("contract %s %s/%s by %d", c.Reference, c.Language, c.SecondLanguage, c.GeneratedByID)
		}
		// Full board, 365/12 days: 3.22 a day = 97.94 a month, under the 20% cap.
		if c.MinimumMonthlyCents != 207048 || c.DeductedCents != 9794 || c.CashPaidCents != 215000-9794 || !c.ScaleStale {
			t.Errorf("figures: minimum %d, deducted %d, cash %d, stale %v", c.MinimumMonthlyCents, c.DeductedCents, c.CashPaidCents, c.ScaleStale)
		}
		if !c.ContractDate.Equal(date(2026, 3, 2)) || !c.StartDate.Equal(date(2026, 3, 2)) {
			t.Errorf("contract date %v, start %v", c.ContractDate, c.StartDate)
		}
		text := pdfText(t, c.PDF)
		wantText(t, text, "EUR 2,150.00", "EUR 2,070.48", "Salary scale version 1, in force from 1 May 2024", c.Reference, "Ana Reyes")

		w.now = w.now.Add(48 * time.Hour)
		for want := 1; want <= 2; want++ {
			again, err := s.Contracts.Reprint(ctx, w.clerk2, c.ID)
			must(t, err)
			if !bytes.Equal(again.PDF, c.PDF) || again.ReprintCount != want {
				t.Errorf("reprint %d: same bytes %v, count %d", want, bytes.Equal(again.PDF, c.PDF), again.ReprintCount)
			}
		}
		if n := countRows(t, s, "audit_events", "action = 'contract.reprinted' AND record_id = ?", itoa(c.ID)); n != 2 {
			t.Errorf("%d reprints audited, want 2", n)
		}
		if _, err := s.Contracts.Reprint(ctx, w.interviewer, c.ID); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer reprinting: %v", err)
		}
		// Reading is not reprinting.
		got, err := s.Contracts.PDF(ctx, w.interviewer, c.ID)
		must(t, err)
		if !bytes.Equal(got.PDF, c.PDF) || got.ReprintCount != 2 {
			t.Errorf("read back: same %v, count %d", bytes.Equal(got.PDF, c.PDF), got.ReprintCount)
		}

		db := s.DB()
		if err := db.Exec("UPDATE contracts SET gross_monthly_cents = gross_monthly_cents + 100, cash_paid_cents = cash_paid_cents + 100 WHERE id = ?", c.ID).Error; err == nil {
			t.Error("UPDATE of a contract's salary succeeded")
		}
		if err := db.Exec("UPDATE contracts SET pdf = ? WHERE id = ?", []byte("%PDF-forged"), c.ID).Error; err == nil {
			t.Error("UPDATE of a contract's PDF succeeded")
		}
		if err := db.Exec("UPDATE contracts SET reprint_count = 0 WHERE id = ?", c.ID).Error; err == nil {
			t.Error("reprint count went down")
		}
		if err := db.Exec("DELETE FROM contracts WHERE id = ?", c.ID).Error; err == nil {
			t.Error("DELETE of a contract succeeded")
		}
		got, err = s.Contracts.PDF(ctx, w.clerk, c.ID)
		must(t, err)
		if !bytes.Equal(got.PDF, c.PDF) || got.GrossMonthlyCents != 215000 {
			t.Error("the stored contract changed")
		}
		list, err := s.Contracts.OfApplication(ctx, w.interviewer, app.ID)
		must(t, err)
		if len(list) != 1 || list[0].PDF != nil || !list[0].ScaleEffectiveDate.Equal(date(2024, 5, 1)) || list[0].GeneratedByName == "" {
			t.Errorf("list: %+v", list)
		}
	})
}

func pad6(n int64) string { return fmt.Sprintf("%06d", n) }

// TestNewScaleVersionChangesNewContractsOnly: after an admin publishes an
// indexed version, the next contract shows the new figures while the stored
// PDF of the earlier contract is unchanged.
func TestNewScaleVersionChangesNewContractsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		first, err := s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(211000))
		must(t, err)
		before := bytes.Clone(first.PDF)

		pub := w.publishIndexed(t, 2, calendarDay(w.now))
		if _, err := s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(211000)); models.ErrorCode(err) != salaryscales.ErrSalaryBelowMinimum {
			t.Fatalf("2,110.00 under the indexed minimum of 2,111.89: %v", err)
		}
		second, err := s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(215000))
		must(t, err)
		if second.ScaleVersionID != pub.ID || second.MinimumMonthlyCents != 211189 || second.ScaleStale || second.Reference == first.Reference {
			t.Errorf("second contract: version %d, minimum %d, stale %v, %s", second.ScaleVersionID, second.MinimumMonthlyCents, second.ScaleStale, second.Reference)
		}
		wantText(t, pdfText(t, second.PDF), "EUR 2,150.00", "EUR 2,111.89", "Salary scale version "+itoa(pub.ID)+", in force from 2 March 2026")

		stored, err := s.Contracts.PDF(ctx, w.clerk, first.ID)
		must(t, err)
		if !bytes.Equal(stored.PDF, before) || stored.ScaleVersionID == pub.ID {
			t.Error("the earlier contract's stored PDF changed")
		}
		wantText(t, pdfText(t, stored.PDF), "EUR 2,110.00", "EUR 2,070.48", "Salary scale version 1, in force from 1 May 2024")
	})
}

func calendarDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// TestRenewalNeedsContractAtCurrentMinimum: a renewal is submitted only with
// a contract of its own that pays at least the minimum of the version in
// force that day, at the worker's new seniority.
func TestRenewalNeedsContractAtCurrentMinimum(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeCleared)
		card, err := s.Cards.Issue(ctx, w.clerk, id)
		must(t, err)
		_, err = s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport, IdentityDocumentNumber: "P1234567", HandedToWorkerInPerson: true})
		must(t, err)

		// A year on, the worker has one year of seniority; a new version
		// pays more from year 1.
		w.now = date(2027, 2, 10).Add(9 * time.Hour)
		d, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		v := d.Clone()
		v.EffectiveDate, v.SourceNote, v.Steps = date(2027, 1, 1), "Test scale with a step at one year", []int{0, 1}
		for _, c := range v.Categories {
			v.Rates = append(v.Rates, salaryscales.Rate{Category: c.Code, FromYears: 1, Monthly: 220000, Hourly: 1336})
		}
		must(t, s.Scales.SaveDraft(ctx, w.admin, v))
		_, err = s.Scales.Publish(ctx, w.admin, d.ID)
		must(t, err)

		renewal, err := s.Cards.OpenRenewal(ctx, w.clerk, card.ID)
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationRenewal) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, renewal.ID, k, "", pngBytes)
			must(t, err)
		}
		err = s.Applications.Submit(ctx, w.clerk, renewal.ID)
		if models.ErrorCode(err) != salaryscales.CodeContractRequired || !strings.Contains(err.Error(), "EUR 2200.00") {
			t.Fatalf("renewal without a contract: %v", err)
		}
		// A contract generated while the seed was in force (start date in
		// 2026) pays the old minimum: refused at today's.
		old := contractTerms(215000)
		old.StartDate = date(2026, 12, 1)
		_, err = s.Contracts.Generate(ctx, w.clerk, renewal.ID, old)
		must(t, err)
		err = s.Applications.Submit(ctx, w.clerk, renewal.ID)
		de, _ := err.(*models.Error)
		if de == nil || de.Code != salaryscales.CodeContractBelowMinimum || de.Args["offered"] != models.EuroCents(215000) ||
			de.Args["minimum"] != models.EuroCents(220000) || de.Args["seniority"] != 1 || de.Args["version_id"] != d.ID {
			t.Fatalf("renewal on a contract below today's minimum: %v %v", err, de)
		}
		view, err := s.Applications.Get(ctx, w.clerk, renewal.ID)
		must(t, err)
		if view.Status != models.ApplicationDraft {
			t.Errorf("refused renewal is %s", view.Status)
		}
		// An amended contract at the new minimum lets it through.
		_, err = s.Contracts.Generate(ctx, w.clerk, renewal.ID, contractTerms(220000))
		must(t, err)
		must(t, s.Applications.Submit(ctx, w.clerk, renewal.ID))
	})
}

// TestContractForAWorkerWhoReadsNone: the world's worker reads Tagalog and
// English; a contract in French alone is refused with the Tagalog
// translation offered; with it beside the French, or with the clerk's
// confirmation of an explanation (recorded in the audit row), it is drawn up.
func TestContractForAWorkerWhoReadsNone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		opened, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		app := opened.ID
		terms := contractTerms(250000)
		terms.Language, terms.SecondLanguage = "fr", ""
		_, err = s.Contracts.Generate(ctx, w.clerk, app, terms)
		var de *models.Error
		if fieldCode(err, "second_language") != "worker_reads_none_offer" || !errors.As(err, &de) {
			t.Fatalf("French alone: %v", err)
		}
		if f, _ := de.Field("second_language"); f.Args["offer"] != "tl" {
			t.Errorf("offered %v", f.Args)
		}
		terms.SecondLanguage = "nl"
		if _, err := s.Contracts.Generate(ctx, w.clerk, app, terms); fieldCode(err, "second_language") != "worker_reads_none_offer" {
			t.Errorf("French and Dutch: %v", err)
		}
		terms.SecondLanguage = "tl"
		c, err := s.Contracts.Generate(ctx, w.clerk, app, terms)
		must(t, err)
		wantText(t, pdfText(t, c.PDF), "Kontrata sa trabaho ng isang pribadong kasambahay")
		terms.SecondLanguage, terms.LanguagesConfirmed = "nl", true
		_, err = s.Contracts.Generate(ctx, w.clerk, app, terms)
		must(t, err)
		if n := countRows(t, s, "audit_events", "action = 'contract.generated' AND summary LIKE '%explanation confirmed%'"); n != 1 {
			t.Errorf("%d audit rows say the explanation was confirmed", n)
		}
	})
}
