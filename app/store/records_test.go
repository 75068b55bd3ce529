package store_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// recordsState is what a refused change must leave as it was.
func recordsState(t *testing.T, s *store.Store) [5]int64 {
	t.Helper()
	return [5]int64{countRows(t, s, "record_versions", "1 = 1"), countRows(t, s, "audit_events", "1 = 1"),
		countRows(t, s, "workers", "phone = '+32470123456'"), countRows(t, s, "employments", "ends_on IS NULL"),
		countRows(t, s, "missions", "status = 'active'")}
}

// refusedLeavesAll runs a change that must be refused with code and checks
// that nothing was written.
func refusedLeavesAll(t *testing.T, s *store.Store, name, code string, change func() error) {
	t.Helper()
	before := recordsState(t, s)
	err := change()
	if models.ErrorCode(err) != code {
		t.Errorf("%s: got %v, want %s", name, err, code)
	}
	if after := recordsState(t, s); after != before {
		t.Errorf("%s: the refusal changed something: %v, then %v", name, before, after)
	}
}

// TestPassportCorrectedThenRenewed: a passport's expiry typed wrongly is
// corrected; the card is issued and collected; at renewal the passport has
// expired and the submission asks for the new one; once it is recorded the
// renewal passes. The card and the contract keep what they printed.
func TestPassportCorrectedThenRenewed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		fix := models.ChangeRequest{Kind: models.ChangeCorrection, Reason: "expiry typed wrongly from the passport"}
		next := w.worker
		next.PassportExpiresOn = date(2027, 1, 31)
		got, err := s.Records.UpdateWorker(ctx, w.clerk, w.worker.ID, next, fix)
		must(t, err)
		if !got.PassportExpiresOn.Equal(date(2027, 1, 31)) {
			t.Fatalf("expiry %v", got.PassportExpiresOn)
		}

		first, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		contract, err := s.Contracts.Generate(ctx, w.clerk, first.ID, contractTerms(215000))
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, first.ID, k, string(k)+".pdf", pdfBytes)
			must(t, err)
		}
		must(t, s.Applications.Submit(ctx, w.clerk, first.ID))
		w.interviewed(t, first.ID, true, models.OutcomeCleared)
		card, err := s.Cards.Issue(ctx, w.clerk, first.ID)
		must(t, err)
		card, err = s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport, IdentityDocumentNumber: "P1234567", HandedToWorkerInPerson: true})
		must(t, err)

		// A year later the passport has expired.
		w.now = date(2027, 2, 10).Add(9 * time.Hour)
		renewal, err := s.Cards.OpenRenewal(ctx, w.clerk, card.ID)
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationRenewal) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, renewal.ID, k, "", pdfBytes)
			must(t, err)
		}
		_, err = s.Contracts.Generate(ctx, w.clerk, renewal.ID, contractTerms(215000))
		must(t, err)
		err = s.Applications.Submit(ctx, w.clerk, renewal.ID)
		if f, ok := errField(err, "worker.passport_expires_on"); !ok || f.Code != models.CodePassportExpired {
			t.Fatalf("renewal with the expired passport: %v", err)
		}

		// Refusals on the way change nothing.
		other := newWorker("Cruz", "Liza", "P5550001")
		must(t, s.Workers.Create(ctx, w.clerk, &other))
		renewed := w.worker
		renewed.PassportNumber, renewed.PassportExpiresOn = "P7654321", date(2037, 1, 31)
		update := models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "new passport issued at the embassy"}
		steal := other
		steal.PassportNumber = "p 765 4321"
		must(t, func() error { _, err := s.Records.UpdateWorker(ctx, w.clerk, other.ID, steal, update); return err }())
		refusedLeavesAll(t, s, "another worker's passport", models.CodeDuplicateWorker, func() error {
			_, err := s.Records.UpdateWorker(ctx, w.clerk, w.worker.ID, renewed, update)
			return err
		})
		back := steal
		back.PassportNumber = "P5550001"
		_, err = s.Records.UpdateWorker(ctx, w.clerk, other.ID, back, models.ChangeRequest{Kind: models.ChangeCorrection, Reason: "wrong worker"})
		must(t, err)
		twin := w.worker
		twin.ID = 0
		sameAsAna := other
		sameAsAna.FamilyName, sameAsAna.GivenNames = "REYES", "Ána"
		refusedLeavesAll(t, s, "another worker's name and birth", models.CodeDuplicateWorker, func() error {
			_, err := s.Records.UpdateWorker(ctx, w.clerk, other.ID, sameAsAna, update)
			return err
		})
		refusedLeavesAll(t, s, "no reason", "invalid_input", func() error {
			_, err := s.Records.UpdateWorker(ctx, w.clerk, w.worker.ID, renewed, models.ChangeRequest{Kind: models.ChangeUpdate})
			return err
		})
		refusedLeavesAll(t, s, "an interviewer", "forbidden", func() error {
			_, err := s.Records.UpdateWorker(ctx, w.interviewer, w.worker.ID, renewed, update)
			return err
		})
		refusedLeavesAll(t, s, "nothing differs", models.CodeNoChange, func() error {
			cur, err := s.Workers.Get(ctx, w.clerk, w.worker.ID)
			must(t, err)
			_, err = s.Records.UpdateWorker(ctx, w.clerk, w.worker.ID, *cur, update)
			return err
		})

		// The new passport, then the renewal passes.
		_, err = s.Records.UpdateWorker(ctx, w.clerk, w.worker.ID, renewed, update)
		must(t, err)
		must(t, s.Applications.Submit(ctx, w.clerk, renewal.ID))

		// History: two versions, oldest first, with who, why and the values.
		vs, err := s.Records.Versions(ctx, w.interviewer, models.EntityWorker, w.worker.ID)
		must(t, err)
		if len(vs) != 2 || vs[0].Version != 1 || vs[1].Version != 2 || vs[1].Kind != models.ChangeUpdate ||
			vs[1].Reason != update.Reason || vs[1].ChangedBy != "clerk@example.be" || !vs[1].ChangedAt.Equal(w.now) {
			t.Fatalf("versions: %+v", vs)
		}
		if c := vs[1].Changes; len(c) != 2 || c[0] != (models.FieldChange{Field: "passport_number", Old: "P1234567", New: "P7654321"}) ||
			c[1] != (models.FieldChange{Field: "passport_expires_on", Old: "2027-01-31", New: "2037-01-31"}) {
			t.Errorf("changes: %+v", c)
		}
		if n := countRows(t, s, "audit_events", "action = 'worker.edit' AND record_id = ?", itoa(w.worker.ID)); n != 2 {
			t.Errorf("%d changes audited, want 2", n)
		}

		// What the card and the contract printed is not rewritten.
		view, err := s.Applications.Get(ctx, w.clerk, first.ID)
		must(t, err)
		if view.Card == nil || view.Card.Number != card.Number || view.Card.IdentityDocumentNumber != "P1234567" ||
			!view.Card.ExpiresOn.Equal(card.ExpiresOn) {
			t.Errorf("card after the change: %+v", view.Card)
		}
		again, err := s.Contracts.PDF(ctx, w.clerk, contract.ID)
		must(t, err)
		if !bytes.Equal(again.PDF, contract.PDF) || again.SHA256 != contract.SHA256 {
			t.Error("the contract's PDF changed with the worker's record")
		}

		// The database refuses a change without its version, and deletion.
		db := s.DB()
		if err := db.Exec("UPDATE workers SET passport_number = 'X0000000' WHERE id = ?", w.worker.ID).Error; err == nil {
			t.Error("a worker was updated without a version")
		}
		if err := db.Exec("DELETE FROM workers WHERE id = ?", other.ID).Error; err == nil {
			t.Error("a worker was deleted")
		}
		if err := db.Exec("UPDATE record_versions SET reason = 'rewritten'").Error; err == nil {
			t.Error("a version was rewritten")
		}
		if err := db.Exec("DELETE FROM record_versions").Error; err == nil {
			t.Error("a version was deleted")
		}
	})
}

func errField(err error, field string) (models.FieldError, bool) {
	var de *models.Error
	if e, ok := err.(*models.Error); ok {
		de = e
	}
	if de == nil {
		return models.FieldError{}, false
	}
	return de.Field(field)
}

// TestEndEmploymentAndCloseMission: both name their consequence first and
// change nothing until confirmed; a mission closed by mistake is reopened.
func TestEndEmploymentAndCloseMission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeCleared)
		_, err := s.Cards.Issue(ctx, w.clerk, id)
		must(t, err)

		end := models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "the worker resigned"}
		refusedLeavesAll(t, s, "end without confirmation", models.CodeConfirmEmploymentEnd, func() error {
			_, err := s.Records.EndEmployment(ctx, w.clerk, w.employment.ID, date(2026, 6, 30), end, false)
			if de, ok := err.(*models.Error); !ok || de.Args["cards"] != 1 || de.Args["ends_on"] != "2026-06-30" {
				t.Errorf("consequence: %v", err)
			}
			return err
		})
		refusedLeavesAll(t, s, "end before the start", "invalid_input", func() error {
			_, err := s.Records.EndEmployment(ctx, w.clerk, w.employment.ID, date(2025, 6, 30), end, true)
			return err
		})
		job, err := s.Records.EndEmployment(ctx, w.clerk, w.employment.ID, date(2026, 6, 30), end, true)
		must(t, err)
		if job.EndsOn == nil || !job.EndsOn.Equal(date(2026, 6, 30)) {
			t.Fatalf("ends %v", job.EndsOn)
		}
		refusedLeavesAll(t, s, "terms after the end", "invalid_input", func() error {
			_, err := s.Records.ChangeEmploymentTerms(ctx, w.clerk, w.employment.ID, date(2026, 7, 1), 40, models.JobChildcare, end)
			return err
		})
		job, err = s.Records.ChangeEmploymentTerms(ctx, w.clerk, w.employment.ID, date(2026, 4, 1), 40, models.JobChildcare,
			models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "looks after the children from April"})
		must(t, err)
		if job.WeeklyHours != 40 || job.JobCategory != models.JobChildcare || !job.EndsOn.Equal(date(2026, 6, 30)) {
			t.Errorf("terms: %+v", job)
		}
		vs, err := s.Records.Versions(ctx, w.clerk, models.EntityEmployment, w.employment.ID)
		must(t, err)
		if len(vs) != 2 || vs[0].Action != "end" || !vs[0].EffectiveOn.Equal(date(2026, 6, 30)) || vs[1].Action != "terms" ||
			!vs[1].EffectiveOn.Equal(date(2026, 4, 1)) || len(vs[1].Changes) != 2 {
			t.Errorf("versions: %+v", vs)
		}

		reason := "the embassy closed on the sending state's decision"
		refusedLeavesAll(t, s, "close without confirmation", models.CodeConfirmMissionClose, func() error {
			err := s.Missions.Close(ctx, w.clerk, w.mission.ID, date(2026, 5, 1), reason, false)
			if de, ok := err.(*models.Error); !ok || de.Args["workers"] != 1 {
				t.Errorf("consequence: %v", err)
			}
			return err
		})
		refusedLeavesAll(t, s, "close without a reason", "invalid_input", func() error {
			return s.Missions.Close(ctx, w.clerk, w.mission.ID, date(2026, 5, 1), "", true)
		})
		refusedLeavesAll(t, s, "reopen an active mission", models.CodeMissionNotClose, func() error {
			_, err := s.Records.ReopenMission(ctx, w.clerk, w.mission.ID, "mistake")
			return err
		})
		must(t, s.Missions.Close(ctx, w.clerk, w.mission.ID, date(2026, 5, 1), reason, true))
		m, err := s.Missions.Get(ctx, w.clerk, w.mission.ID)
		must(t, err)
		if m.Active() {
			t.Fatal("the mission is still active")
		}
		m, err = s.Records.ReopenMission(ctx, w.clerk, w.mission.ID, "closed by mistake: it was the consulate")
		must(t, err)
		if !m.Active() || m.ClosedOn != nil {
			t.Errorf("reopened: %+v", m)
		}
		vs, err = s.Records.Versions(ctx, w.clerk, models.EntityMission, w.mission.ID)
		must(t, err)
		if len(vs) != 2 || vs[0].Action != "close" || vs[0].Reason != reason || vs[1].Action != "reopen" {
			t.Errorf("mission versions: %+v", vs)
		}

		emp := w.employer
		emp.Title, emp.PostingEndsOn = "Counsellor", ptr(date(2029, 8, 31))
		e, err := s.Records.UpdateEmployer(ctx, w.clerk, w.employer.ID, emp, models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "promoted"})
		must(t, err)
		if e.Title != "Counsellor" || e.MissionID != w.mission.ID {
			t.Errorf("employer: %+v", e)
		}
		refusedLeavesAll(t, s, "employer by an interviewer", "forbidden", func() error {
			_, err := s.Records.UpdateEmployer(ctx, w.interviewer, w.employer.ID, emp, models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "x"})
			return err
		})
	})
}

func ptr[T any](v T) *T { return &v }

// TestRemoveDocument: a document attached by mistake leaves the file of an
// application not yet decided, with a reason; its bytes stay; the file
// counts it out; a submitted file keeps its only copy of a required kind,
// and a decided one keeps everything.
func TestRemoveDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		w.contracted(t, app.ID) // every application needs its contract (rules on every path)
		docs := map[models.DocumentKind]int64{}
		for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
			d, err := s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
			must(t, err)
			docs[k] = d.ID
		}
		wrong := append([]byte{}, pdfBytes...)
		wrong = append(wrong, []byte("another worker's passport")...)
		extra, err := s.Applications.AttachDocument(ctx, w.clerk, app.ID, models.DocPassportCopy, "cruz-passport.pdf", wrong)
		must(t, err)

		state := func() [3]int64 {
			return [3]int64{countRows(t, s, "document_removals", "1 = 1"), countRows(t, s, "documents", "1 = 1"), countRows(t, s, "audit_events", "1 = 1")}
		}
		refused := func(name, code string, f func() error) {
			t.Helper()
			before := state()
			if err := f(); models.ErrorCode(err) != code {
				t.Errorf("%s: got %v, want %s", name, err, code)
			}
			if after := state(); after != before {
				t.Errorf("%s: the refusal wrote something: %v, then %v", name, before, after)
			}
		}
		remove := func(a models.Actor, id int64, reason string) func() error {
			return func() error { _, err := s.Records.RemoveDocument(ctx, a, id, reason); return err }
		}
		refused("no reason", "invalid_input", remove(w.clerk, extra.ID, " "))
		refused("an interviewer", "forbidden", remove(w.interviewer, extra.ID, "wrong worker"))
		refused("an unknown document", "not_found", remove(w.clerk, 999999, "wrong worker"))
		r, err := s.Records.RemoveDocument(ctx, w.clerk, extra.ID, "another worker's passport copy")
		must(t, err)
		if r.ApplicationID != app.ID || r.RemovedBy != "clerk@example.be" {
			t.Errorf("removal: %+v", r)
		}
		refused("twice", models.CodeDocumentRemoved, remove(w.clerk, extra.ID, "again"))
		view, err := s.Applications.Get(ctx, w.clerk, app.ID)
		must(t, err)
		if len(view.Documents) != 7 || len(view.RemovedDocuments) != 1 || view.RemovedDocuments[0].ID != extra.ID ||
			view.RemovedDocuments[0].Removal.Reason != "another worker's passport copy" || len(view.Missing) != 0 {
			t.Errorf("view: %d documents, removed %+v, missing %v", len(view.Documents), view.RemovedDocuments, view.Missing)
		}
		_, content, err := s.Applications.Document(ctx, w.admin, extra.ID)
		must(t, err)
		if !bytes.Equal(content, wrong) {
			t.Error("the removed document's bytes were not kept")
		}

		// A draft may lose a required document; the submission then misses it.
		_, err = s.Records.RemoveDocument(ctx, w.clerk, docs[models.DocNoteVerbale], "the note verbale of another application")
		must(t, err)
		err = s.Applications.Submit(ctx, w.clerk, app.ID)
		if f, ok := errField(err, "documents.note_verbale"); !ok || f.Code != models.CodeDocumentMissing {
			t.Fatalf("submit without the note verbale: %v", err)
		}
		_, err = s.Applications.AttachDocument(ctx, w.clerk, app.ID, models.DocNoteVerbale, "note.pdf", pdfBytes)
		must(t, err)
		must(t, s.Applications.Submit(ctx, w.clerk, app.ID))
		refused("the only passport copy of a submitted file", models.CodeDocumentNeeded, remove(w.clerk, docs[models.DocPassportCopy], "wrong"))

		w.interviewed(t, app.ID, true, models.OutcomeCleared)
		refused("a decided file", models.CodeApplicationDecided, remove(w.clerk, docs[models.DocSocialSecurity], "wrong"))
		db := s.DB()
		if err := db.Exec("INSERT INTO document_removals (document_id, application_id, reason, removed_at) VALUES (?, ?, 'forced', ?)",
			docs[models.DocSocialSecurity], app.ID, w.now).Error; err == nil {
			t.Error("the database took a removal from a decided file")
		}
		if err := db.Exec("UPDATE document_removals SET reason = 'rewritten'").Error; err == nil {
			t.Error("a removal was rewritten")
		}
		if err := db.Exec("DELETE FROM document_removals").Error; err == nil {
			t.Error("a removal was deleted")
		}
	})
}

// TestScalePublishConsequence: before publishing, the admin is told how many
// contracts of applications in progress start under the new version; a
// draft that cannot be published answers why; nothing is written.
func TestScalePublishConsequence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		_, err = s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(215000)) // starts today, 2026-03-02
		must(t, err)
		d, err := s.Scales.StartDraft(ctx, w.admin, 0)
		must(t, err)
		must(t, s.Scales.IndexDraft(ctx, w.admin, d.ID, 2))
		v, err := s.Scales.Get(ctx, w.admin, d.ID)
		must(t, err)
		v.EffectiveDate, v.SourceNote = date(2026, 3, 2), "Test indexation"
		must(t, s.Scales.SaveDraft(ctx, w.admin, v.Version))

		if err := s.Records.ScalePublishConsequence(ctx, w.clerk, d.ID); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("a clerk: %v", err)
		}
		err = s.Records.ScalePublishConsequence(ctx, w.admin, d.ID)
		if de, ok := err.(*models.Error); !ok || de.Code != models.CodeConfirmScalePublish || de.Args["contracts"] != 1 || de.Args["effective_date"] != "2026-03-02" {
			t.Fatalf("consequence: %v", err)
		}
		v.EffectiveDate = date(2026, 4, 1)
		must(t, s.Scales.SaveDraft(ctx, w.admin, v.Version))
		if de, ok := s.Records.ScalePublishConsequence(ctx, w.admin, d.ID).(*models.Error); !ok || de.Args["contracts"] != 0 {
			t.Errorf("a later version: %v", de)
		}
		if got := countRows(t, s, "scale_versions", "status = 'published'"); got != 1 {
			t.Errorf("%d published versions, want the seed only", got)
		}
		_, err = s.Scales.Publish(ctx, w.admin, d.ID)
		must(t, err)
		if err := s.Records.ScalePublishConsequence(ctx, w.admin, d.ID); models.IsConfirmation(err) || err == nil {
			t.Errorf("a published version: %v", err)
		}
	})
}

// TestEarlierServiceCountsTowardsTheCap: ten years served before Carddesk
// reach the cumulative cap; the submission says so; a period recorded by
// mistake is withdrawn with a reason and stays listed; a shorter earlier
// period shortens the card to the cap.
func TestEarlierServiceCountsTowardsTheCap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		rows := func() int64 { return countRows(t, s, "earlier_service", "1 = 1") }
		for _, bad := range []models.EarlierService{
			{StartsOn: date(2016, 1, 1), EndsOn: date(2026, 2, 28)},                           // no source
			{StartsOn: date(2016, 1, 1), EndsOn: date(2026, 3, 2), Source: "register"},        // runs until today
			{StartsOn: date(2016, 1, 1), EndsOn: date(2015, 12, 31), Source: "register 2016"}, // ends before it starts
		} {
			n := rows()
			if err := s.Records.RecordEarlierService(ctx, w.clerk, w.worker.ID, &bad); models.ErrorCode(err) != "invalid_input" || rows() != n {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		if err := s.Records.RecordEarlierService(ctx, w.interviewer, w.worker.ID, &models.EarlierService{StartsOn: date(2016, 1, 1),
			EndsOn: date(2026, 2, 28), Source: "register"}); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("an interviewer: %v", err)
		}
		if err := s.Records.RecordEarlierService(ctx, w.clerk, 999999, &models.EarlierService{StartsOn: date(2016, 1, 1),
			EndsOn: date(2026, 2, 28), Source: "register"}); models.ErrorKind(err) != models.KindNotFound {
			t.Errorf("an unknown worker: %v", err)
		}
		ten := models.EarlierService{StartsOn: date(2016, 1, 1), EndsOn: date(2026, 2, 28), Source: "Protocol register 2016-2026, card S-004512"}
		must(t, s.Records.RecordEarlierService(ctx, w.clerk, w.worker.ID, &ten))
		days, capDays, err := s.Records.ServiceDays(ctx, w.interviewer, w.worker.ID)
		must(t, err)
		if days != models.DaysBetween(ten.StartsOn, ten.EndsOn)+1 || capDays != 3653 {
			t.Errorf("service %d of %d days", days, capDays)
		}

		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		w.contracted(t, app.ID) // every application needs its contract (rules on every path)
		for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
			must(t, err)
		}
		err = s.Applications.Submit(ctx, w.clerk, app.ID)
		if f, ok := errField(err, "worker.cumulative_service"); !ok || f.Code != models.CodeCumulativeCapReached {
			t.Fatalf("submit after ten earlier years: %v", err)
		}

		if _, err := s.Records.WithdrawEarlierService(ctx, w.clerk, ten.ID, ""); models.ErrorCode(err) != "invalid_input" {
			t.Errorf("withdrawal without a reason: %v", err)
		}
		got, err := s.Records.WithdrawEarlierService(ctx, w.clerk, ten.ID, "another worker's card in the register")
		must(t, err)
		if got.Counts() {
			t.Error("the withdrawn period still counts")
		}
		if _, err := s.Records.WithdrawEarlierService(ctx, w.clerk, ten.ID, "again"); models.ErrorCode(err) != models.CodeServiceWithdrawn {
			t.Errorf("withdrawn twice: %v", err)
		}
		eight := models.EarlierService{StartsOn: date(2016, 9, 1), EndsOn: date(2026, 2, 28), Source: "note verbale of 3 May 2018"}
		must(t, s.Records.RecordEarlierService(ctx, w.clerk, w.worker.ID, &eight))
		list, err := s.Records.EarlierService(ctx, w.interviewer, w.worker.ID)
		must(t, err)
		if len(list) != 2 || list[0].Counts() || list[0].WithdrawalReason != "another worker's card in the register" ||
			list[0].WithdrawnBy != "clerk@example.be" || !list[1].Counts() || list[1].RecordedBy != "clerk@example.be" {
			t.Errorf("listed: %+v", list)
		}

		must(t, s.Applications.Submit(ctx, w.clerk, app.ID))
		w.interviewed(t, app.ID, true, models.OutcomeCleared)
		card, err := s.Cards.Issue(ctx, w.clerk, app.ID)
		must(t, err)
		// 2016-09-01 to 2026-02-28 is 3468 days: 185 remain of the cap,
		// so the card stops short of its year.
		want, _ := models.CapEndsOn([]models.Period{eight.Period()}, date(2026, 3, 2), 3653)
		if !card.ExpiresOn.Equal(want) || !want.Equal(date(2026, 9, 2)) {
			t.Errorf("card expires %v, want %v", card.ExpiresOn, want)
		}

		db := s.DB()
		if err := db.Exec("UPDATE earlier_service SET ends_on = ? WHERE id = ?", date(2017, 1, 1), eight.ID).Error; err == nil {
			t.Error("an earlier period was edited")
		}
		if err := db.Exec("UPDATE earlier_service SET withdrawal_reason = 'rewritten' WHERE id = ?", ten.ID).Error; err == nil {
			t.Error("a withdrawal was rewritten")
		}
		if err := db.Exec("DELETE FROM earlier_service").Error; err == nil {
			t.Error("an earlier period was deleted")
		}
	})
}

// TestDocumentsPrintNamesInTheirOrder: a contract prints the nationality as
// its adjective in each of its languages, never the ISO code, and the
// worker's name in the worker's one display order; a contract printed
// before the order changed keeps what it printed.
func TestDocumentsPrintNamesInTheirOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		before, err := s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(215000))
		must(t, err)
		text := pdfText(t, before.PDF)
		wantText(t, text, "of Filipino nationality", "de nationalité philippine", "Ana Reyes")
		if strings.Contains(text, "PH nationality") || strings.Contains(text, "nationalité PH") {
			t.Error("the contract prints the ISO code of the nationality")
		}
		next := w.worker
		next.FamilyNameFirst = true
		got, err := s.Records.UpdateWorker(ctx, w.clerk, w.worker.ID, next, models.ChangeRequest{Kind: models.ChangeCorrection,
			Reason: "her name is written family name first"})
		must(t, err)
		if got.FullName() != "Reyes Ana" {
			t.Errorf("full name %q", got.FullName())
		}
		after, err := s.Contracts.Generate(ctx, w.clerk, app.ID, contractTerms(215000))
		must(t, err)
		wantText(t, pdfText(t, after.PDF), "Reyes Ana")
		again, err := s.Contracts.PDF(ctx, w.clerk, before.ID)
		must(t, err)
		if !bytes.Equal(again.PDF, before.PDF) {
			t.Error("the earlier contract was rewritten")
		}
	})
}

// TestConcurrentChangesKeepOneWorkerPerPassport: two workers changed at the
// same moment to the same new passport: one change passes, the other is
// refused as a duplicate naming the first, and only one version is written.
func TestConcurrentChangesKeepOneWorkerPerPassport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		other := newWorker("Cruz", "Liza", "P5550001")
		other.DateOfBirth = date(1988, 2, 3)
		must(t, s.Workers.Create(ctx, w.clerk, &other))
		for round := 0; round < 5; round++ {
			passport := fmt.Sprintf("N%07d", round)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, cur := range []models.Worker{w.worker, other} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got, err := s.Workers.Get(ctx, w.clerk, cur.ID)
					if err != nil {
						errs[i] = err
						return
					}
					next := *got
					next.PassportNumber = passport
					_, errs[i] = s.Records.UpdateWorker(ctx, w.clerk, cur.ID, next, models.ChangeRequest{Kind: models.ChangeUpdate, Reason: "new passport"})
				}()
			}
			wg.Wait()
			passed, refused := 0, 0
			for _, err := range errs {
				switch {
				case err == nil:
					passed++
				case models.ErrorCode(err) == models.CodeDuplicateWorker:
					refused++
				default:
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if passed != 1 || refused != 1 {
				t.Fatalf("round %d: %d passed, %d refused", round, passed, refused)
			}
			if n := countRows(t, s, "workers", "passport_number = ?", passport); n != 1 {
				t.Fatalf("round %d: %d workers hold %s", round, n, passport)
			}
		}
		if n := countRows(t, s, "record_versions", "entity = 'worker'"); n != 5 {
			t.Errorf("%d versions for 5 changes", n)
		}
	})
}
