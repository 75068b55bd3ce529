package store_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// fullRecord is a complete, unremarkable record: every attestation, the
// checklist all yes, the 11 ILO indicators all no; a referral outcome comes
// with a referral to PAG-ASA.
func fullRecord(heldAt time.Time, employerAbsent bool, outcome models.InterviewOutcome) models.InterviewRecording {
	r := models.InterviewRecording{
		HeldAt: heldAt,
		Attestations: models.InterviewAttestations{EmployerAndMissionAbsent: employerAbsent, WorkerInformedOfRights: true,
			RightsLanguage: "Tagalog", LeafletHandedOver: true, LeafletLanguage: "en"},
		Outcome: outcome,
	}
	for _, item := range models.ChecklistItems {
		r.Checklist = append(r.Checklist, models.ChecklistEntry{Item: item, Answer: models.ChecklistYes})
	}
	for _, ind := range models.Indicators(models.TaxonomyILOForcedLabour) {
		r.Indicators = append(r.Indicators, models.IndicatorResponse{Code: ind.Code, Answer: models.IndicatorNo})
	}
	if outcome == models.OutcomeReferral {
		r.Referral = &models.Referral{Partner: models.PartnerPagAsa, Date: models.CalendarDay(heldAt), Contact: "Intake desk"}
	}
	return r
}

// answer sets the answer and note of one indicator in r.
func answer(r *models.InterviewRecording, code string, a models.IndicatorAnswer, note string) {
	for i := range r.Indicators {
		if r.Indicators[i].Code == code {
			r.Indicators[i].Answer, r.Indicators[i].Note = a, note
			return
		}
	}
	r.Indicators = append(r.Indicators, models.IndicatorResponse{Code: code, Answer: a, Note: note})
}

// Distinctive texts that must never appear anywhere but in the sealed
// columns and on the pages of interviewers and admins.
const (
	secretNotes     = "Zanzibar-owl free notes: she sleeps in the laundry room"
	secretChecklist = "Quetzal checklist note: passport kept in the employer's safe"
	secretOvertime  = "Marmoset overtime note: works from 6 to 23 every day"
	secretIsolation = "Pangolin isolation note: not allowed to phone home"
	secretSignal    = "Axolotl signal note: neighbour heard shouting"
)

// concernsRecord is a record with concerns and a referral: notes
// everywhere, overtime answered yes, isolation unclear, and a strong ILO-EC
// indicator.
func concernsRecord(heldAt time.Time) models.InterviewRecording {
	r := fullRecord(heldAt, true, models.OutcomeReferral)
	r.Notes = secretNotes
	r.Checklist[0] = models.ChecklistEntry{Item: models.ChecklistHoldsOwnPassport, Answer: models.ChecklistNo, Note: secretChecklist}
	answer(&r, models.ILOExcessiveOvertime, models.IndicatorYes, secretOvertime)
	answer(&r, models.ILOIsolation, models.IndicatorUnclear, secretIsolation)
	answer(&r, "coercion_at_destination.confiscation_of_documents", models.IndicatorYes, "")
	r.Referral.Reference = "PA-2026-017"
	return r
}

// scheduled books an interview of application id with the world's interviewer.
func (w *world) scheduled(t testing.TB, id int64) *models.Interview {
	t.Helper()
	iv, err := w.s.Interviews.Schedule(context.Background(), w.clerk, id, w.interviewer.UserID(), w.now.Add(time.Hour), "Room 2.14")
	must(t, err)
	w.now = w.now.Add(2 * time.Hour)
	return iv
}

func fieldCodes(err error) map[string]string {
	out := map[string]string{}
	if e, ok := err.(*models.Error); ok {
		for _, f := range e.Fields {
			out[f.Field] = f.Code
		}
	}
	return out
}

// TestRecordInterviewInFull: the full record is validated as a whole,
// stored with sealed notes, puts the application on hold, and feeds the
// worker's history; its content is for interviewers and admins only.
func TestRecordInterviewInFull(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)

		// An interpreter linked to the employer cannot be booked.
		_, err := s.Interviews.Book(ctx, w.clerk, id, models.InterviewBooking{InterviewerID: w.interviewer.UserID(), At: w.now.Add(time.Hour),
			Room: "Room 2.14", Interpreter: &models.Interpreter{Language: "Tagalog", NameOrService: "The ambassador's driver", LinkedToEmployerOrMission: true}})
		if fieldCodes(err)["interpreter"] != "interpreter_not_independent" {
			t.Fatalf("linked interpreter booked: %v", err)
		}
		iv, err := s.Interviews.Book(ctx, w.clerk, id, models.InterviewBooking{InterviewerID: w.interviewer.UserID(), At: w.now.Add(time.Hour),
			Room: "Room 2.14", Interpreter: &models.Interpreter{Language: "tl", NameOrService: "Interpreting service of the FPS"}})
		must(t, err)
		view, err := s.Applications.Get(ctx, w.clerk, id)
		must(t, err)
		if view.Interviews[0].InterpreterLanguage != "tl" {
			t.Errorf("booked interpreter not shown: %+v", view.Interviews[0])
		}
		pdf, langs, err := s.Interviews.Summons(ctx, w.clerk, iv.ID, time.UTC)
		must(t, err)
		// The worker reads Tagalog (tl) first: the letter is in Tagalog, with
		// English beside it while the Tagalog text is an unreviewed draft.
		if !bytes.HasPrefix(pdf, []byte("%PDF")) || !slices.Equal(langs, []string{"tl", "en"}) {
			t.Errorf("summons: %d bytes, languages %v", len(pdf), langs)
		}
		if _, _, err := s.Interviews.Summons(ctx, w.interviewer, iv.ID, time.UTC); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer printing a summons: %v", err)
		}
		w.now = w.now.Add(2 * time.Hour)

		// Everything wrong at once is reported at once, and nothing is written.
		bad := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeReferral)
		bad.Checklist = bad.Checklist[1:]
		bad.Indicators = bad.Indicators[1:]
		bad.Referral = nil
		bad.Attestations.LeafletHandedOver = false
		bad.Interpreter = &models.Interpreter{Language: "tl", NameOrService: "Cousin of the employer", LinkedToEmployerOrMission: true}
		_, err = s.Interviews.Record(ctx, w.interviewer, iv.ID, bad)
		got := fieldCodes(err)
		for field, code := range map[string]string{
			"checklist.holds_own_passport":      "required",
			"indicators.abuse_of_vulnerability": "required",
			"referral":                          "required",
			"attestations.leaflet_handed_over":  "attestation_required",
			"interpreter":                       "interpreter_not_independent",
		} {
			if got[field] != code {
				t.Errorf("field %s: %q, want %q (%v)", field, got[field], code, got)
			}
		}
		if _, err := s.Interviews.Record(ctx, w.clerk, iv.ID, concernsRecord(w.now.Add(-time.Hour))); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk recording: %v", err)
		}
		// A clerk reading the content, before and after: refused.
		if _, err := s.Interviews.ForRecording(ctx, w.clerk, iv.ID); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk preparing the interview: %v", err)
		}

		rec := concernsRecord(w.now.Add(-time.Hour))
		rec.Interpreter = &models.Interpreter{Language: "tl", NameOrService: "Interpreting service of the FPS"}
		rec.Attestations.InterpreterIndependent = true
		if _, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, rec); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, rec); models.ErrorCode(err) != models.CodeInterviewAlreadyRecorded {
			t.Errorf("recorded twice: %v", err)
		}
		view, err = s.Applications.Get(ctx, w.clerk, id)
		must(t, err)
		if view.Status != models.ApplicationOnHold || view.Interviews[0].State != store.InterviewOnHold || view.Hold != nil {
			t.Errorf("clerk's view: %s %+v hold %+v", view.Status, view.Interviews, view.Hold)
		}
		if _, err := s.Cards.Issue(ctx, w.clerk, id); models.ErrorCode(err) != models.CodeInterviewNotCleared {
			t.Errorf("issue on hold: %v", err)
		}

		// The interviewer reads the record back, notes open.
		rv, err := s.Interviews.Get(ctx, w.interviewer, iv.ID)
		must(t, err)
		if rv.Notes.Text != secretNotes || rv.Checklist[0].Note.Text != secretChecklist || rv.Referral == nil ||
			rv.Referral.Partner != models.PartnerPagAsa || rv.Interpreter == nil || !rv.Attestations.InterpreterIndependent {
			t.Errorf("record read back: %+v", rv)
		}
		notes := map[string]string{}
		for _, a := range rv.Indicators {
			notes[a.Indicator.Code] = a.Note.Text
		}
		if notes[models.ILOExcessiveOvertime] != secretOvertime || notes[models.ILOIsolation] != secretIsolation || len(rv.Indicators) != 12 {
			t.Errorf("indicator answers: %v", notes)
		}
		if cs := rv.Signal.Dimension(models.DimensionCoercionAtDestination); cs.Strong != 1 || rv.Signal.Positive {
			t.Errorf("screening signal: %+v", rv.Signal)
		}
		for _, actor := range []models.Actor{w.clerk, w.clerk2} {
			if _, err := s.Interviews.Get(ctx, actor, iv.ID); models.ErrorKind(err) != models.KindForbidden {
				t.Errorf("clerk reading the record: %v", err)
			}
			if _, err := s.History.Worker(ctx, actor, w.worker.ID, models.TimelineFilter{}); models.ErrorKind(err) != models.KindForbidden {
				t.Errorf("clerk reading the history: %v", err)
			}
			if _, err := s.Alerts.Employer(ctx, actor, w.employer.ID); models.ErrorKind(err) != models.KindForbidden {
				t.Errorf("clerk reading the employer view: %v", err)
			}
		}

		// The history: yes and unclear answers, with the employer, notes sealed.
		h, err := s.History.Worker(ctx, w.admin, w.worker.ID, models.TimelineFilter{})
		must(t, err)
		if len(h.Entries) != 3 || h.Current != 3 || len(h.Interviews) != 1 || h.Interviews[0].ReferralPartner != models.PartnerPagAsa {
			t.Fatalf("history: %+v", h)
		}
		for _, e := range h.Entries {
			if e.EmployerID == nil || *e.EmployerID != w.employer.ID || e.Source != models.ObservationFromInterview || e.RecordedByID != w.interviewer.UserID() {
				t.Errorf("observation %+v", e.IndicatorObservation)
			}
		}
		if !slices.Contains(h.CTDC, models.CTDCExcessiveWorkingHours) || !slices.Contains(h.CTDC, models.CTDCWithholdsDocuments) ||
			slices.Contains(h.CTDC, models.CTDCRestrictsMovement) { // isolation was only unclear
			t.Errorf("CTDC summary %v", h.CTDC)
		}
		// A view of the history or the record is audited; a summary never
		// carries content.
		_, events, err := s.Audit.WorkerAccessLog(ctx, w.admin, w.worker.ID)
		must(t, err)
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action+" by "+e.ActorEmail)
		}
		for _, want := range []string{"worker_history.view by admin@example.be", "interview.view by interviewer@example.be"} {
			if !slices.Contains(actions, want) {
				t.Errorf("access log lacks %q: %v", want, actions)
			}
		}
		if _, _, err := s.Audit.WorkerAccessLog(ctx, w.interviewer, w.worker.ID); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer reading the access log: %v", err)
		}
		assertNoSecrets(t, s)
	})
}

// assertNoSecrets reads every column that could hold a note, and the audit
// trail, raw from the database: no distinctive text may be readable there.
func assertNoSecrets(t *testing.T, s *store.Store) {
	t.Helper()
	var blobs [][]byte
	for _, q := range []string{
		"SELECT notes FROM interviews WHERE notes IS NOT NULL",
		"SELECT note FROM interview_checklist_answers WHERE note IS NOT NULL",
		"SELECT note FROM interview_indicator_answers WHERE note IS NOT NULL",
		"SELECT note FROM indicator_observations WHERE note IS NOT NULL",
		"SELECT note FROM signals WHERE note IS NOT NULL",
	} {
		var rows [][]byte
		must(t, s.DB().Raw(q).Scan(&rows).Error)
		blobs = append(blobs, rows...)
	}
	if len(blobs) == 0 {
		t.Fatal("no sealed note found")
	}
	var audit []string
	must(t, s.DB().Raw("SELECT summary FROM audit_events").Scan(&audit).Error)
	for _, secret := range []string{secretNotes, secretChecklist, secretOvertime, secretIsolation, secretSignal} {
		word := strings.Fields(secret)[0] // "Zanzibar-owl", ...
		for _, b := range blobs {
			if bytes.Contains(b, []byte(word)) || bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(word))) {
				t.Errorf("a note column holds %q in clear", word)
			}
		}
		for _, a := range audit {
			if strings.Contains(a, word) {
				t.Errorf("an audit summary holds %q: %s", word, a)
			}
		}
	}
}

// TestNotesSealedToTheirRow: the interview notes column holds no readable
// text; the key opens it only with the additional data of its own row.
func TestNotesSealedToTheirRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, concernsRecord(w.now.Add(-time.Hour)))
		must(t, err)
		var raw []byte
		must(t, s.DB().Raw("SELECT notes FROM interviews WHERE id = ?", iv.ID).Row().Scan(&raw))
		if len(raw) == 0 || bytes.Contains(raw, []byte("Zanzibar")) || bytes.Contains(raw, []byte("laundry")) {
			t.Fatalf("raw notes column: %q", raw)
		}
		sealer := storetest.Sealer(t)
		plain, err := sealer.Open(raw, models.InterviewNoteAAD(iv.ID))
		if err != nil || string(plain) != secretNotes {
			t.Fatalf("open with its own row: %q %v", plain, err)
		}
		if _, err := sealer.Open(raw, models.InterviewNoteAAD(iv.ID+1)); err == nil {
			t.Error("a note copied to another row opens")
		}
		var checklistNote []byte
		must(t, s.DB().Raw("SELECT note FROM interview_checklist_answers WHERE interview_id = ? AND item = ?", iv.ID, models.ChecklistHoldsOwnPassport).
			Row().Scan(&checklistNote))
		if _, err := sealer.Open(checklistNote, models.ChecklistNoteAAD(iv.ID, models.ChecklistHasPhone)); err == nil {
			t.Error("a checklist note opens as another item's")
		}
		// The record cannot be changed or added to, even around the store.
		for _, q := range []string{
			"UPDATE interviews SET notes = NULL WHERE id = ?",
			"UPDATE interview_indicator_answers SET answer = 'no' WHERE interview_id = ?",
			"DELETE FROM interview_checklist_answers WHERE interview_id = ?",
			"INSERT INTO interview_checklist_answers (interview_id, item, answer) VALUES (?, 'has_phone', 'no')",
			"UPDATE indicator_observations SET answer = 'no' WHERE interview_id = ?",
			"DELETE FROM referrals WHERE interview_id = ?",
		} {
			if err := s.DB().Exec(q, iv.ID).Error; err == nil {
				t.Errorf("database accepted: %s", q)
			}
		}
	})
}

// TestInterviewCorrection: a recorded interview is corrected by a new record
// that supersedes it, with a reason; both remain; the history follows.
func TestInterviewCorrection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		first := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeConcerns)
		answer(&first, models.ILOExcessiveOvertime, models.IndicatorYes, secretOvertime)
		answer(&first, models.ILOIsolation, models.IndicatorUnclear, "")
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, first)
		must(t, err)

		// A clearance cannot lift the hold, even as a correction.
		cleared := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeCleared)
		if _, err := s.Interviews.Correct(ctx, w.interviewer, iv.ID, cleared, "misread my notes"); models.ErrorCode(err) != models.CodeActionNotAllowed {
			t.Errorf("correction to cleared while on hold: %v", err)
		}
		if _, err := s.Interviews.Correct(ctx, w.interviewer, iv.ID, first, " "); fieldCodes(err)["correction_reason"] != "required" {
			t.Errorf("correction without reason: %v", err)
		}
		second := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeConcerns)
		answer(&second, models.ILOIsolation, models.IndicatorUnclear, "")
		answer(&second, models.ILODeception, models.IndicatorYes, "contract differs from the promise")
		w.now = w.now.Add(time.Hour)
		c, err := s.Interviews.Correct(ctx, w.interviewer, iv.ID, second, "overtime answer was entered on the wrong line")
		must(t, err)
		if c.SupersedesID == nil || *c.SupersedesID != iv.ID {
			t.Fatalf("correction %+v", c)
		}
		if _, err := s.Interviews.Correct(ctx, w.interviewer, iv.ID, second, "again"); models.ErrorCode(err) != "already_superseded" {
			t.Errorf("correcting a superseded record: %v", err)
		}
		rv, err := s.Interviews.Get(ctx, w.admin, iv.ID)
		must(t, err)
		if len(rv.Versions) != 2 || rv.SupersededByID != c.ID || rv.Versions[1].CorrectionReason != "overtime answer was entered on the wrong line" {
			t.Errorf("versions %+v superseded by %d", rv.Versions, rv.SupersededByID)
		}
		view, err := s.Applications.Get(ctx, w.admin, id)
		must(t, err)
		if view.Status != models.ApplicationOnHold || view.Hold == nil || view.Hold.InterviewID != c.ID {
			t.Errorf("after correction: %s %+v", view.Status, view.Hold)
		}

		h, err := s.History.Worker(ctx, w.interviewer, w.worker.ID, models.TimelineFilter{IncludeSuperseded: true})
		must(t, err)
		byCode := map[string][]models.IndicatorAnswer{}
		for _, e := range h.Entries {
			byCode[e.IndicatorCode] = append(byCode[e.IndicatorCode], e.Answer)
		}
		// Overtime: kept, withdrawn by the correction; isolation unchanged;
		// deception added.
		if !slices.Equal(byCode[models.ILOExcessiveOvertime], []models.IndicatorAnswer{models.IndicatorNo, models.IndicatorYes}) ||
			len(byCode[models.ILOIsolation]) != 1 || len(byCode[models.ILODeception]) != 1 || h.Current != 2 {
			t.Errorf("history after correction: %v (current %d)", byCode, h.Current)
		}
		current, err := s.History.Worker(ctx, w.interviewer, w.worker.ID, models.TimelineFilter{})
		must(t, err)
		for _, e := range current.Entries {
			if e.IndicatorCode == models.ILOExcessiveOvertime && e.Answer != models.IndicatorNo {
				t.Errorf("superseded entry shown by default: %+v", e.IndicatorObservation)
			}
		}
	})
}

// TestHoldDecisions: only another admin releases, with a reason; then the
// card can be issued. A referral can be closed as referred; a hold refused.
func TestHoldDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		both, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "admin-interviewer@example.be", Name: "Admin and interviewer",
			Roles: []models.Role{models.RoleAdmin, models.RoleInterviewer}}, "a long enough password")
		must(t, err)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		// A second worker of the same household (a head of mission's, cap 3),
		// submitted before the first card exists.
		id2 := w.submittedFor(t, newWorkerFor(t, w, "Cruz", "Liza", "P7654321"))
		iv, err := s.Interviews.Schedule(ctx, w.clerk, id, both.ID, w.now.Add(time.Hour), "Room 2.14")
		must(t, err)
		w.now = w.now.Add(2 * time.Hour)
		_, err = s.Interviews.Record(ctx, as(both), iv.ID, concernsRecord(w.now.Add(-time.Hour)))
		must(t, err)

		if err := s.Holds.Decide(ctx, w.clerk, id, models.HoldRelease, "ok"); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk deciding: %v", err)
		}
		if err := s.Holds.Decide(ctx, as(both), id, models.HoldRelease, "I know her well"); models.ErrorCode(err) != store.CodeReleaseByInterviewer {
			t.Errorf("release by the interviewer: %v", err)
		}
		if err := s.Holds.Decide(ctx, w.admin, id, models.HoldRelease, ""); fieldCodes(err)["reason"] != "required" {
			t.Errorf("release without reason: %v", err)
		}
		view, err := s.Applications.Get(ctx, as(both), id)
		must(t, err)
		if view.Hold == nil || !view.Hold.SamePerson || !view.Hold.HasReferral {
			t.Errorf("hold info for the interviewer-admin: %+v", view.Hold)
		}
		holds, err := s.Holds.List(ctx, w.admin)
		must(t, err)
		if len(holds) != 1 || holds[0].ReferralPartner != models.PartnerPagAsa || holds[0].Outcome != models.OutcomeReferral {
			t.Errorf("holds: %+v", holds)
		}
		must(t, s.Holds.Decide(ctx, w.admin, id, models.HoldRelease, "Second interview: situation regularised with PAG-ASA's help."))
		view, err = s.Applications.Get(ctx, w.clerk, id)
		must(t, err)
		last := view.History[len(view.History)-1]
		if view.Status != models.ApplicationApproved || last.Action != models.ActionReleaseHold || last.Reason == "" {
			t.Errorf("after release: %s %+v", view.Status, last)
		}
		if _, err := s.Cards.Issue(ctx, w.clerk, id); err != nil {
			t.Errorf("issue after release: %v", err)
		}

		// Close as referred needs a referral; refuse does not.
		iv2 := w.scheduled(t, id2)
		_, err = s.Interviews.Record(ctx, w.interviewer, iv2.ID, fullRecord(w.now.Add(-time.Hour), true, models.OutcomeConcerns))
		must(t, err)
		if err := s.Holds.Decide(ctx, w.admin, id2, models.HoldCloseReferred, "x"); models.ErrorCode(err) != "referral_required" {
			t.Errorf("close without referral: %v", err)
		}
		must(t, s.Holds.Decide(ctx, w.admin, id2, models.HoldRefuse, "Employer refused a second interview."))
		if err := s.Holds.Decide(ctx, w.admin, id2, models.HoldRelease, "x"); models.ErrorCode(err) != "not_on_hold" {
			t.Errorf("decision on a closed application: %v", err)
		}
	})
}

// newWorkerFor registers another worker employed by the world's employer.
func newWorkerFor(t testing.TB, w *world, family, given, passport string) models.Employment {
	t.Helper()
	ctx := context.Background()
	wk := newWorker(family, given, passport)
	must(t, w.s.Workers.Create(ctx, w.clerk, &wk))
	job := models.Employment{WorkerID: wk.ID, EmployerID: w.employer.ID, StartsOn: date(2026, 2, 1), JobCategory: models.JobCleaning, WeeklyHours: 38}
	must(t, w.s.Employments.Create(ctx, w.clerk, &job))
	return job
}

// submittedFor opens and submits a first issuance for job.
func (w *world) submittedFor(t testing.TB, job models.Employment) int64 {
	t.Helper()
	ctx := context.Background()
	app, err := w.s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, job.ID, nil)
	must(t, err)
	for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
		_, err := w.s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
		must(t, err)
	}
	w.contracted(t, app.ID)
	must(t, w.s.Applications.Submit(ctx, w.clerk, app.ID))
	return app.ID
}

// TestRenewalShowsEarlierObservations: a year after an interview with an
// unclear answer, the interviewer preparing the renewal's interview sees the
// earlier observation and interview before it begins.
func TestRenewalShowsEarlierObservations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		r := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeCleared)
		answer(&r, models.ILOExcessiveOvertime, models.IndicatorUnclear, secretOvertime)
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, r)
		must(t, err)
		card, err := s.Cards.Issue(ctx, w.clerk, id)
		must(t, err)
		_, err = s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport, IdentityDocumentNumber: "P1234567", HandedToWorkerInPerson: true})
		must(t, err)

		// A year later.
		w.now = date(2027, 2, 10).Add(9 * time.Hour)
		renewal, err := s.Cards.OpenRenewal(ctx, w.clerk, card.ID)
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationRenewal) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, renewal.ID, k, "", pdfBytes)
			must(t, err)
		}
		if _, err := s.Contracts.Generate(ctx, w.clerk, renewal.ID, contractTerms(salaryscales.Cents(250000))); err != nil {
			t.Fatalf("contract for the renewal: %v", err)
		}
		must(t, s.Applications.Submit(ctx, w.clerk, renewal.ID))
		next := w.scheduled(t, renewal.ID)
		rc, err := s.Interviews.ForRecording(ctx, w.interviewer, next.ID)
		must(t, err)
		if rc.History == nil || len(rc.History.Entries) != 1 || len(rc.History.Interviews) != 1 {
			t.Fatalf("history before the renewal's interview: %+v", rc.History)
		}
		e := rc.History.Entries[0]
		if e.IndicatorCode != models.ILOExcessiveOvertime || e.Answer != models.IndicatorUnclear || e.Note.Text != secretOvertime ||
			!e.ObservedOn.Equal(date(2026, 3, 2)) || e.EmployerName != w.employer.FullName() {
			t.Errorf("earlier observation: %+v note %q", e.IndicatorObservation, e.Note.Text)
		}
		if rc.History.Interviews[0].ApplicationID != id || rc.History.Interviews[0].Outcome != models.OutcomeCleared {
			t.Errorf("earlier interview: %+v", rc.History.Interviews[0])
		}
		// The admin can see that the interviewer looked.
		_, events, err := s.Audit.WorkerAccessLog(ctx, w.admin, w.worker.ID)
		must(t, err)
		if len(events) == 0 || events[0].ActorEmail != "interviewer@example.be" || !strings.Contains(events[0].Summary, "before interview") {
			t.Errorf("access log: %+v", events)
		}
	})
}

// TestSignalsAndEmployerAlert: observations of two workers of one employer
// (here, an interview and a signal) raise the alert; an admin's restriction
// then refuses the next application at submit, with its reason.
func TestSignalsAndEmployerAlert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.scheduled(t, id)
		r := fullRecord(w.now.Add(-time.Hour), true, models.OutcomeConcerns)
		answer(&r, models.ILOWithholdingOfWages, models.IndicatorUnclear, "")
		_, err := s.Interviews.Record(ctx, w.interviewer, iv.ID, r)
		must(t, err)
		alerts, _, err := s.Alerts.List(ctx, w.admin)
		must(t, err)
		if len(alerts) != 0 {
			t.Errorf("alert with one worker and no strong indicator: %+v", alerts)
		}

		job2 := newWorkerFor(t, w, "Cruz", "Liza", "P7654321")
		sig := models.Signal{WorkerID: job2.WorkerID, Source: models.SignalNGO, SourceDetail: "NGO hotline", ReceivedOn: w.now,
			Indicators: []string{models.ILORestrictionOfMovement, models.ILOIsolation}}
		if _, err := s.History.RecordSignal(ctx, w.clerk, sig, secretSignal); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk recording a signal: %v", err)
		}
		bad := sig
		bad.Indicators = nil
		if _, err := s.History.RecordSignal(ctx, w.interviewer, bad, ""); fieldCodes(err)["indicators"] != "required" {
			t.Errorf("signal without indicator: %v", err)
		}
		stored, err := s.History.RecordSignal(ctx, w.interviewer, sig, secretSignal)
		must(t, err)
		if stored.EmployerID == nil || *stored.EmployerID != w.employer.ID {
			t.Errorf("signal's employer: %v", stored.EmployerID)
		}
		h, err := s.History.Worker(ctx, w.interviewer, job2.WorkerID, models.TimelineFilter{Sources: []models.ObservationSource{models.ObservationFromSignal}})
		must(t, err)
		if len(h.Entries) != 2 || len(h.Signals) != 1 || h.Signals[0].Note.Text != secretSignal || len(h.Signals[0].IndicatorList) != 2 {
			t.Fatalf("signal in the history: %+v", h)
		}
		filtered, err := s.History.Worker(ctx, w.interviewer, job2.WorkerID, models.TimelineFilter{IndicatorCodes: []string{models.ILOIsolation}})
		must(t, err)
		if len(filtered.Entries) != 1 || filtered.Entries[0].IndicatorCode != models.ILOIsolation {
			t.Errorf("filter by indicator: %+v", filtered.Entries)
		}
		none, err := s.History.Worker(ctx, w.interviewer, job2.WorkerID, models.TimelineFilter{Sources: []models.ObservationSource{models.ObservationFromInterview}})
		must(t, err)
		if len(none.Entries) != 0 {
			t.Errorf("filter by source: %+v", none.Entries)
		}

		// Correcting the signal's isolation: withdrawn, both on the timeline.
		corr, err := s.History.CorrectObservation(ctx, w.interviewer, filtered.Entries[0].ID, models.ObservationCorrection{Answer: models.IndicatorNo, Reason: "the NGO corrected its report"})
		must(t, err)
		if _, err := s.History.CorrectObservation(ctx, w.interviewer, filtered.Entries[0].ID, models.ObservationCorrection{Answer: models.IndicatorNo, Reason: "again"}); models.ErrorCode(err) != "already_superseded" {
			t.Errorf("second correction of the same entry: %v", err)
		}
		if corr.SupersedesID == nil || corr.Source != models.ObservationFromSignal {
			t.Errorf("correction %+v", corr)
		}

		alerts, _, err = s.Alerts.List(ctx, w.admin)
		must(t, err)
		if len(alerts) != 1 || alerts[0].Employer.ID != w.employer.ID || alerts[0].Alert.Reasons[0].Code != models.AlertSeveralWorkers {
			t.Fatalf("employer alert: %+v", alerts)
		}
		ev, err := s.Alerts.Employer(ctx, w.interviewer, w.employer.ID)
		must(t, err)
		if !ev.Alert.Raised() || len(ev.Workers) != 2 || len(ev.Entries) != 2 {
			t.Errorf("employer view: alert %+v workers %+v entries %d", ev.Alert, ev.Workers, len(ev.Entries))
		}
		for _, e := range ev.Entries {
			if e.Note.Text != "" {
				t.Errorf("employer view shows a note")
			}
		}
		mv, err := s.Alerts.Mission(ctx, w.admin, w.mission.ID)
		must(t, err)
		if len(mv.Employers) != 1 || !mv.Employers[0].Alert.Raised() || mv.Employers[0].Workers != 2 {
			t.Errorf("mission view: %+v", mv.Employers)
		}
		// Both workers' access logs show the employer view.
		_, events, err := s.Audit.WorkerAccessLog(ctx, w.admin, job2.WorkerID)
		must(t, err)
		found := false
		for _, e := range events {
			found = found || strings.Contains(e.Summary, "view of employer")
		}
		if !found {
			t.Errorf("employer view missing from the worker's access log: %+v", events)
		}

		// The admin restricts the employer; the next application is refused at submit.
		restriction := models.EmployerRestriction{EmployerID: w.employer.ID, Kind: models.RestrictionNoNewPrivateServants,
			Reason: "Decision of 2 March 2026 following a social-inspection report", From: w.now}
		if _, err := s.Alerts.Restrict(ctx, w.interviewer, restriction); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer restricting: %v", err)
		}
		placed, err := s.Alerts.Restrict(ctx, w.admin, restriction)
		must(t, err)
		job3 := newWorkerFor(t, w, "Ramos", "Joy", "P1112223")
		app3, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, job3.ID, nil)
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationFirstIssuance) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, app3.ID, k, "", pdfBytes)
			must(t, err)
		}
		err = s.Applications.Submit(ctx, w.clerk, app3.ID)
		var de *models.Error
		if !asDomain(err, &de) {
			t.Fatalf("submit for a restricted employer: %v", err)
		}
		fe, ok := de.Field("employer.restricted")
		if !ok || fe.Code != models.CodeEmployerRestricted || fe.Args["reason"] != restriction.Reason {
			t.Errorf("refusal: %+v", de)
		}
		// Lifted: the application goes through.
		_, err = s.Alerts.Lift(ctx, w.admin, placed.ID, "Inspection closed without findings")
		must(t, err)
		if _, err := s.Alerts.Lift(ctx, w.admin, placed.ID, "again"); models.ErrorCode(err) != "restriction_lifted" {
			t.Errorf("lifted twice: %v", err)
		}
		w.contracted(t, app3.ID)
		must(t, s.Applications.Submit(ctx, w.clerk, app3.ID))
		assertNoSecrets(t, s)
	})
}

func asDomain(err error, out **models.Error) bool {
	e, ok := err.(*models.Error)
	if ok {
		*out = e
	}
	return ok
}

// TestRecordingNeedsThePrivacyAttestation: an interview held with the
// employer or the mission present cannot be recorded as the private
// interview; the refusal says why and leaves the appointment as it was.
func TestRecordingNeedsThePrivacyAttestation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv, err := s.Interviews.Schedule(ctx, w.clerk, id, w.interviewer.UserID(), w.now.Add(2*time.Hour), "Room 2.14")
		must(t, err)
		w.now = w.now.Add(3 * time.Hour)
		_, err = s.Interviews.Record(ctx, w.interviewer, iv.ID, fullRecord(w.now.Add(-time.Hour), false, models.OutcomeCleared))
		if fieldCodes(err)["attestations.employer_and_mission_absent"] != "attestation_required" {
			t.Fatalf("recorded with the employer present: %v", err)
		}
		app, err := s.Applications.Get(ctx, w.interviewer, id)
		must(t, err)
		if app.Status != models.ApplicationInterviewScheduled || len(app.Interviews) != 1 || !app.Interviews[0].Scheduled() {
			t.Errorf("the refusal changed the application: %s %+v", app.Status, app.Interviews)
		}
		if _, err := s.Cards.Issue(ctx, w.clerk, id); models.ErrorCode(err) != models.CodeInterviewRequired {
			t.Errorf("issue after the refused record: %v", err)
		}
	})
}
