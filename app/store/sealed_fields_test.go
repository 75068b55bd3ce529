package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// Distinctive texts for the short free-text fields sealed in text columns.
const (
	secretInterpreter     = "Okapi-interpreter Ms Dlamini of the FPS Justice"
	secretContact         = "Narwhal-contact inspector Wouters, ECOSOC team 3"
	secretReference       = "Tapir-ref PV 2026/4471"
	secretCorrection      = "Caracal-reason: overtime entered on the isolation line"
	secretObservationNote = "Fossa-reason: the worker withdrew this at the follow-up"
)

// sealedFieldsWorld records, on s, an interview booked with an interpreter,
// with a referral (contact and reference), corrected with a reason, and an
// observation corrected with a reason. It returns the world, the
// application, the first record and its correction.
func sealedFieldsWorld(t *testing.T, s *store.Store) (*world, int64, int64, int64) {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, s)
	id := w.submitted(t, models.ApplicationFirstIssuance, nil)
	iv, err := s.Interviews.Book(ctx, w.clerk, id, models.InterviewBooking{InterviewerID: w.interviewer.UserID(), At: w.now.Add(time.Hour),
		Room: "Room 2.14", Interpreter: &models.Interpreter{Language: "am", NameOrService: secretInterpreter}})
	must(t, err)
	w.now = w.now.Add(2 * time.Hour)
	rec := concernsRecord(w.now.Add(-time.Hour))
	rec.Interpreter = &models.Interpreter{Language: "am", NameOrService: secretInterpreter}
	rec.Attestations.InterpreterIndependent = true
	rec.Referral.Contact, rec.Referral.Reference = secretContact, secretReference
	_, err = s.Interviews.Record(ctx, w.interviewer, iv.ID, rec)
	must(t, err)
	w.now = w.now.Add(time.Hour)
	c, err := s.Interviews.Correct(ctx, w.interviewer, iv.ID, rec, secretCorrection)
	must(t, err)
	h, err := s.History.Worker(ctx, w.interviewer, w.worker.ID, models.TimelineFilter{})
	must(t, err)
	_, err = s.History.CorrectObservation(ctx, w.interviewer, h.Entries[0].ID, models.ObservationCorrection{
		IndicatorCode: h.Entries[0].IndicatorCode, Answer: models.IndicatorNo, Reason: secretObservationNote})
	must(t, err)
	return w, id, iv.ID, c.ID
}

// readSealedFields reads every sealed field of the world back through the
// store, as an interviewer, and fails unless each reads as written.
func readSealedFields(t *testing.T, s *store.Store, w *world, first, correction int64) {
	t.Helper()
	ctx := context.Background()
	v, err := s.Interviews.Get(ctx, w.interviewer, correction)
	must(t, err)
	if v.Interpreter == nil || v.Interpreter.NameOrService != secretInterpreter {
		t.Errorf("interpreter read back: %+v", v.Interpreter)
	}
	if v.Referral == nil || v.Referral.Contact != secretContact || v.Referral.Reference != secretReference || v.Referral.Partner != models.PartnerPagAsa {
		t.Errorf("referral read back: %+v", v.Referral)
	}
	if v.CorrectionReason != secretCorrection || len(v.Versions) != 2 || v.Versions[1].CorrectionReason != secretCorrection {
		t.Errorf("correction reason read back: %q, versions %+v", v.CorrectionReason, v.Versions)
	}
	h, err := s.History.Worker(ctx, w.interviewer, w.worker.ID, models.TimelineFilter{IncludeSuperseded: true})
	must(t, err)
	var reasons []string
	for _, e := range h.Entries {
		if e.CorrectionReason != "" {
			reasons = append(reasons, e.CorrectionReason)
		}
	}
	if !slices.Equal(reasons, []string{secretObservationNote}) {
		t.Errorf("observation correction reasons read back: %q", reasons)
	}
	var past []string
	for _, p := range h.Interviews {
		past = append(past, p.CorrectionReason)
	}
	if !slices.Contains(past, secretCorrection) {
		t.Errorf("past interviews' reasons: %q", past)
	}
	rc, err := s.Interviews.Get(ctx, w.admin, first)
	must(t, err)
	if rc.Interpreter == nil || rc.Interpreter.NameOrService != secretInterpreter {
		t.Errorf("first record's interpreter: %+v", rc.Interpreter)
	}
}

// sealedTexts reads every sealed text column raw.
func sealedTexts(t *testing.T, s *store.Store) []string {
	t.Helper()
	var out []string
	for _, c := range store.SealedTextColumns() {
		table, col, _ := strings.Cut(c, ".")
		var vals []string
		must(t, s.DB().Raw("SELECT "+col+" FROM "+table+" WHERE "+col+" <> ''").Scan(&vals).Error)
		out = append(out, vals...)
	}
	return out
}

var fieldSecrets = []string{secretInterpreter, secretContact, secretReference, secretCorrection, secretObservationNote}

// assertFieldsSealed: no sealed text column holds a distinctive word in
// clear, and every value is in the sealed text form.
func assertFieldsSealed(t *testing.T, s *store.Store) {
	t.Helper()
	vals := sealedTexts(t, s)
	if len(vals) < 7 {
		t.Fatalf("%d sealed field values, want at least 7", len(vals))
	}
	for _, v := range vals {
		if !sealed.IsText(v) {
			t.Errorf("a field is stored in clear: %.20q…", v)
		}
		for _, secret := range fieldSecrets {
			if strings.Contains(strings.ToLower(v), strings.ToLower(strings.Fields(secret)[0])) {
				t.Errorf("a field column holds %q in clear", strings.Fields(secret)[0])
			}
		}
	}
	var audit []string
	must(t, s.DB().Raw("SELECT summary FROM audit_events").Scan(&audit).Error)
	for _, a := range audit {
		for _, secret := range fieldSecrets {
			if strings.Contains(a, strings.Fields(secret)[0]) {
				t.Errorf("an audit summary holds %q", secret)
			}
		}
	}
}

// TestFreeTextFieldsSealed: the interpreter's name, the referral's contact
// and reference, and the correction reasons are sealed to their rows and read
// back on the interviewers' pages; the partner and the outcome stay readable.
func TestFreeTextFieldsSealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w, appID, first, correction := sealedFieldsWorld(t, s)
		assertFieldsSealed(t, s)
		readSealedFields(t, s, w, first, correction)

		// Sealed to their rows: the contact does not open as the reference,
		// nor as another interview's.
		sealer := storetest.Sealer(t)
		var contact string
		must(t, s.DB().Raw("SELECT contact FROM referrals WHERE interview_id = ?", first).Row().Scan(&contact))
		b, err := sealed.DecodeText(contact)
		must(t, err)
		if plain, err := sealer.Open(b, models.ReferralContactAAD(first)); err != nil || string(plain) != secretContact {
			t.Errorf("contact opened with its row: %q %v", plain, err)
		}
		for _, aad := range [][]byte{models.ReferralReferenceAAD(first), models.ReferralContactAAD(correction)} {
			if _, err := sealer.Open(b, aad); err == nil {
				t.Errorf("the contact opens as %s", aad)
			}
		}
		// By design in clear: the partner and the outcome.
		var partner, outcome string
		must(t, s.DB().Raw("SELECT partner FROM referrals WHERE interview_id = ?", first).Row().Scan(&partner))
		must(t, s.DB().Raw("SELECT outcome FROM interviews WHERE id = ?", correction).Row().Scan(&outcome))
		if partner != string(models.PartnerPagAsa) || outcome != string(models.OutcomeReferral) {
			t.Errorf("partner %q, outcome %q", partner, outcome)
		}
		// The clerk's view names the interpreter's language, never the name.
		view, err := s.Applications.Get(context.Background(), w.clerk, appID)
		must(t, err)
		for _, iv := range view.Interviews {
			if strings.Contains(iv.InterpreterLanguage, "Okapi") {
				t.Errorf("clerk's view: %+v", iv)
			}
		}
	})
}

// withoutTriggers runs fn with the triggers of table out of the way, as a
// database owner could: on PostgreSQL disabled, on SQLite dropped and
// created again as they were.
func withoutTriggers(t *testing.T, s *store.Store, table string, fn func()) {
	t.Helper()
	if storetest.IsPostgres(s) {
		must(t, s.DB().Exec("ALTER TABLE "+table+" DISABLE TRIGGER USER").Error)
		defer func() { must(t, s.DB().Exec("ALTER TABLE "+table+" ENABLE TRIGGER USER").Error) }()
		fn()
		return
	}
	var triggers []struct{ Name, SQL string }
	must(t, s.DB().Raw("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", table).Scan(&triggers).Error)
	for _, tr := range triggers {
		must(t, s.DB().Exec("DROP TRIGGER "+tr.Name).Error)
	}
	defer func() {
		for _, tr := range triggers {
			must(t, s.DB().Exec(tr.SQL).Error)
		}
	}()
	fn()
}

// TestSealingFieldsWrittenInClear: rows written before the fields were
// sealed hold them in clear; they read as they are, `notes status` counts
// them as not sealed, and `notes reseal` seals them, after which they read
// the same and the database holds none in clear. The database refuses to
// put a field back in clear.
func TestSealingFieldsWrittenInClear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _, first, correction := sealedFieldsWorld(t, s)
		// As the rows were before this release: every field in clear.
		withoutTriggers(t, s, "referrals", func() {
			must(t, s.DB().Exec("UPDATE referrals SET contact = ?, reference = ?", secretContact, secretReference).Error)
		})
		withoutTriggers(t, s, "interviews", func() {
			must(t, s.DB().Exec("UPDATE interviews SET interpreter_name = ? WHERE interpreter_name <> ''", secretInterpreter).Error)
			must(t, s.DB().Exec("UPDATE interviews SET correction_reason = ? WHERE correction_reason <> ''", secretCorrection).Error)
		})
		withoutTriggers(t, s, "indicator_observations", func() {
			must(t, s.DB().Exec("UPDATE indicator_observations SET correction_reason = ? WHERE supersedes_id IS NOT NULL", secretObservationNote).Error)
		})
		readSealedFields(t, s, w, first, correction)
		if n := keyCounts(t, s)[store.NotSealed]; n < 7 {
			t.Fatalf("%d fields counted as not sealed, want at least 7", n)
		}

		// The database refuses a field put in clear, or erased.
		for _, q := range []string{
			"UPDATE referrals SET contact = 'someone else'",
			"UPDATE referrals SET reference = ''",
			"UPDATE interviews SET interpreter_name = 'someone else' WHERE interpreter_name <> ''",
			"UPDATE indicator_observations SET correction_reason = 'another' WHERE supersedes_id IS NOT NULL",
		} {
			if err := s.DB().Exec(q).Error; err == nil {
				t.Errorf("the database accepted %s", q)
			}
		}

		rep, err := s.ResealNotes(ctx, models.System("cli"), store.ResealOptions{BatchSize: 2})
		must(t, err)
		if rep.Resealed() < 7 {
			t.Errorf("%d values sealed, want at least 7", rep.Resealed())
		}
		if n := keyCounts(t, s)[store.NotSealed]; n != 0 {
			t.Errorf("%d fields still not sealed", n)
		}
		assertFieldsSealed(t, s)
		readSealedFields(t, s, w, first, correction)

		// Sealed, a field may be re-sealed under another key, not put back
		// in clear.
		for _, q := range []string{
			"UPDATE referrals SET contact = 'back in clear'",
			"UPDATE interviews SET correction_reason = 'back in clear' WHERE correction_reason <> ''",
		} {
			if err := s.DB().Exec(q).Error; err == nil {
				t.Errorf("the database accepted %s", q)
			}
		}
		var contact string
		must(t, s.DB().Raw("SELECT contact FROM referrals WHERE interview_id = ?", first).Row().Scan(&contact))
		b, err := sealed.DecodeText(contact)
		must(t, err)
		same, err := storetest.Sealer(t).Reseal(b, models.ReferralContactAAD(first))
		must(t, err)
		if err := s.DB().Exec("UPDATE referrals SET contact = ? WHERE interview_id = ?", sealed.EncodeText(same), first).Error; err == nil {
			t.Error("the database accepted a re-seal under the same key")
		}
		other, err := newSealer(t, newKey(t)).Seal([]byte(secretContact), models.ReferralContactAAD(first))
		must(t, err)
		if err := s.DB().Exec("UPDATE referrals SET contact = ?, partner = 'police' WHERE interview_id = ?", sealed.EncodeText(other), first).Error; err == nil {
			t.Error("the database accepted a re-seal with another column changed")
		}
		if err := s.DB().Exec("UPDATE referrals SET contact = ? WHERE interview_id = ?", sealed.EncodeText(other), first).Error; err != nil {
			t.Errorf("re-seal under another key refused: %v", err)
		}
	})
}
