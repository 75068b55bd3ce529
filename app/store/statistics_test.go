package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// hire registers a worker with her own employer (one private servant per
// household) and an employment from December 2024.
func (w *world) hire(t testing.TB, n int, nationality string, sex models.Sex, dob time.Time, category models.JobCategory) models.Employment {
	t.Helper()
	ctx := context.Background()
	emp := models.Employer{MissionID: w.mission.ID, FamilyName: fmt.Sprintf("Employer%d", n), GivenNames: "A", Title: "Counsellor", EntitledToPrivateServant: true}
	must(t, w.s.Employers.Create(ctx, w.clerk, &emp))
	wk := newWorker(fmt.Sprintf("Worker%d", n), "B", fmt.Sprintf("P%07d", 9000000+n))
	wk.Nationality, wk.Sex, wk.DateOfBirth = nationality, sex, dob
	must(t, w.s.Workers.Create(ctx, w.clerk, &wk))
	job := models.Employment{WorkerID: wk.ID, EmployerID: emp.ID, StartsOn: date(2024, 12, 1), JobCategory: category, WeeklyHours: 38, LiveIn: true}
	must(t, w.s.Employments.Create(ctx, w.clerk, &job))
	return job
}

// record schedules and records the interview of application id.
func (w *world) record(t testing.TB, id int64, r func(heldAt time.Time) models.InterviewRecording) {
	t.Helper()
	iv := w.scheduled(t, id)
	_, err := w.s.Interviews.Record(context.Background(), w.interviewer, iv.ID, r(w.now.Add(-time.Hour)))
	must(t, err)
}

func cleared(heldAt time.Time) models.InterviewRecording {
	return fullRecord(heldAt, true, models.OutcomeCleared)
}

func (w *world) collect(t testing.TB, card *models.Card, passport string) {
	t.Helper()
	_, err := w.s.Cards.Collect(context.Background(), w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport,
		IdentityDocumentNumber: passport, HandedToWorkerInPerson: true})
	must(t, err)
}

// knownRecords builds two years of records whose every figure is known:
// the expectations are written beside each step in TestYearlyReport.
func knownRecords(t testing.TB, s *store.Store) *world {
	ctx := context.Background()
	w := newWorld(t, s)
	// 2025.
	w.now = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	// W1: Philippine woman of 34, household; cleared with an interpreter,
	// card 5 days after submission, collected the same day.
	job1 := w.hire(t, 1, "PH", models.SexFemale, date(1990, 5, 17), models.JobHousehold)
	a1 := w.submittedFor(t, job1)
	w.now = w.now.Add(5 * 24 * time.Hour)
	w.record(t, a1, func(at time.Time) models.InterviewRecording {
		r := cleared(at)
		r.Interpreter = &models.Interpreter{Language: "Tagalog", NameOrService: "Interpreting service"}
		r.Attestations.InterpreterIndependent = true
		return r
	})
	card1, err := s.Cards.Issue(ctx, w.clerk, a1)
	must(t, err)
	w.collect(t, card1, "P9000001")
	// W2: Indian man of 21, cleaning; concerns (three indicators), hold
	// released, card 12 days after submission, never collected.
	job2 := w.hire(t, 2, "IN", models.SexMale, date(2004, 1, 10), models.JobCleaning)
	a2 := w.submittedFor(t, job2)
	w.now = w.now.Add(10 * 24 * time.Hour)
	w.record(t, a2, func(at time.Time) models.InterviewRecording {
		r := concernsRecord(at)
		r.Outcome, r.Referral = models.OutcomeConcerns, nil
		return r
	})
	w.now = w.now.Add(2*24*time.Hour - 2*time.Hour)
	must(t, s.Holds.Decide(ctx, w.admin, a2, models.HoldRelease, "Second interview: all is well."))
	card2, err := s.Cards.Issue(ctx, w.clerk, a2)
	must(t, err)
	// W3: referral to PAG-ASA, closed as referred.
	job3 := w.hire(t, 3, "PH", models.SexFemale, date(1970, 6, 1), models.JobChildcare)
	a3 := w.submittedFor(t, job3)
	w.record(t, a3, func(at time.Time) models.InterviewRecording { return fullRecord(at, true, models.OutcomeReferral) })
	must(t, s.Holds.Decide(ctx, w.admin, a3, models.HoldCloseReferred, "In PAG-ASA's care."))
	// W4: rejected; W5: withdrawn while a draft.
	a4 := w.submittedFor(t, w.hire(t, 4, "ID", models.SexFemale, date(1985, 1, 1), models.JobCleaning))
	must(t, s.Applications.Close(ctx, w.clerk, a4, models.ActionReject, "The mission withdrew its note verbale."))
	job5 := w.hire(t, 5, "ID", models.SexFemale, date(1985, 2, 1), models.JobCleaning)
	draft, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, job5.ID, nil)
	must(t, err)
	must(t, s.Applications.Close(ctx, w.clerk, draft.ID, models.ActionWithdraw, "Opened by mistake."))

	// 2026.
	// W1's renewal, issued after her card expired (2 March 2026).
	w.now = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	renewal, err := s.Cards.OpenRenewal(ctx, w.clerk, card1.ID)
	must(t, err)
	for _, k := range models.RequiredDocuments(models.ApplicationRenewal) {
		_, err := s.Applications.AttachDocument(ctx, w.clerk, renewal.ID, k, "", pngBytes)
		must(t, err)
	}
	_, err = s.Contracts.Generate(ctx, w.clerk, renewal.ID, contractTerms(215000))
	must(t, err)
	must(t, s.Applications.Submit(ctx, w.clerk, renewal.ID))
	w.record(t, renewal.ID, cleared)
	card1r, err := s.Cards.Issue(ctx, w.clerk, renewal.ID)
	must(t, err)
	w.collect(t, card1r, "P9000001")
	// W6: Moroccan woman of 26, childcare; collected 40 days after issue.
	job6 := w.hire(t, 6, "MA", models.SexFemale, date(2000, 2, 1), models.JobChildcare)
	a6 := w.submittedFor(t, job6)
	w.record(t, a6, cleared)
	card6, err := s.Cards.Issue(ctx, w.clerk, a6)
	must(t, err)
	w.now = w.now.Add(40 * 24 * time.Hour)
	w.collect(t, card6, "P9000006")
	// An NGO's signal about W2 (two indicators), and a restriction on his
	// employer.
	emp2 := job2.EmployerID
	_, err = s.History.RecordSignal(ctx, w.interviewer, models.Signal{WorkerID: job2.WorkerID, EmployerID: &emp2, Source: models.SignalNGO,
		SourceDetail: "NGO hotline", ReceivedOn: models.CalendarDay(w.now),
		Indicators: []string{models.ILOIsolation, "coercion_at_destination.confiscation_of_documents"}}, "")
	must(t, err)
	_, err = s.Alerts.Restrict(ctx, w.admin, models.EmployerRestriction{EmployerID: emp2, Reason: "Decision of 25 April 2026", From: models.CalendarDay(w.now)})
	must(t, err)
	_ = card2
	w.now = time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	return w
}

// followUps records referral follow-up lines of two workers, each step's
// expectation beside it (TestYearlyReport).
func followUps(t testing.TB, s *store.Store, w *world) {
	t.Helper()
	ctx := context.Background()
	other := newWorker("Followed", "Up", "P9100001")
	must(t, s.Workers.Create(ctx, w.clerk, &other))
	steps := []struct {
		worker  int64
		partner models.ReferralPartner
		status  models.FollowUpStatus
		on      time.Time
	}{
		// Granted, then closed: granted in 2025.
		{w.worker.ID, models.PartnerPagAsa, models.FollowUpSent, date(2025, 5, 10)},
		{w.worker.ID, models.PartnerPagAsa, models.FollowUpAcknowledged, date(2025, 6, 1)},
		{w.worker.ID, models.PartnerPagAsa, models.FollowUpVictimGranted, date(2025, 9, 1)},
		{w.worker.ID, models.PartnerPagAsa, models.FollowUpClosed, date(2025, 10, 1)},
		// Another worker's line to the same partner, acknowledged only:
		// open in 2025.
		{other.ID, models.PartnerPagAsa, models.FollowUpSent, date(2025, 6, 15)},
		{other.ID, models.PartnerPagAsa, models.FollowUpAcknowledged, date(2025, 7, 1)},
		// Refused in 2026: counted in 2025, the year it was sent.
		{w.worker.ID, models.PartnerPayoke, models.FollowUpSent, date(2025, 11, 20)},
		{w.worker.ID, models.PartnerPayoke, models.FollowUpVictimRefused, date(2026, 2, 10)},
		// Sent only: open in 2026.
		{w.worker.ID, models.PartnerSurya, models.FollowUpSent, date(2026, 1, 15)},
		// Closed without a decision: in none of the tables.
		{w.worker.ID, models.PartnerPolice, models.FollowUpSent, date(2026, 2, 1)},
		{w.worker.ID, models.PartnerPolice, models.FollowUpClosed, date(2026, 3, 1)},
		// Granted in 2026.
		{other.ID, models.PartnerGoodOffices, models.FollowUpSent, date(2026, 3, 1)},
		{other.ID, models.PartnerGoodOffices, models.FollowUpVictimGranted, date(2026, 4, 1)},
	}
	for _, st := range steps {
		_, err := s.FollowUps.Record(ctx, w.interviewer, models.FollowUp{WorkerID: st.worker, Partner: st.partner, Status: st.status, On: st.on})
		must(t, err)
	}
}

// TestYearlyReport checks every figure of the report on a known set of
// records, on both engines.
func TestYearlyReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := knownRecords(t, s)
		followUps(t, s, w)
		r, err := s.Statistics.ExactReport(ctx, 2026)
		must(t, err)
		if !reflect.DeepEqual(r.Years, []int{2022, 2023, 2024, 2025, 2026}) {
			t.Fatalf("years %v", r.Years)
		}
		// table -> row -> [2025, 2026]
		want := map[string]map[string][2]int{
			models.TableCards:         {"first_issuance": {2, 1}, "renewal": {0, 1}, "duplicate": {0, 0}},
			models.TableClosures:      {"refuse": {0, 0}, "close_referred": {1, 0}, "reject": {1, 0}, "withdraw": {1, 0}},
			models.TableCollection:    {"collected_late": {0, 1}, "never_collected": {1, 0}, "renewed_after_expiry": {0, 1}},
			models.TableInterviews:    {"held": {3, 2}, "with_interpreter": {1, 0}},
			models.TableInterviewGate: {"cards_issued": {2, 2}, "backed_by_interview": {2, 2}},
			models.TableOutcomes:      {"cleared": {1, 2}, "concerns": {1, 0}, "referral": {1, 0}},
			models.TableHolds:         {"opened": {2, 0}, "release_hold": {1, 0}, "refuse": {0, 0}, "close_referred": {1, 0}},
			models.TableReferrals:     {"pag_asa": {1, 0}, "payoke": {0, 0}, "surya": {0, 0}, "police": {0, 0}, "nsso_ecosoc": {0, 0}, "good_offices_commission": {0, 0}},
			// followUps: a line counts once, in the year it was sent, by
			// where it stands now; one closed without a decision nowhere.
			models.TableFollowUpsGranted: {"pag_asa": {1, 0}, "good_offices_commission": {0, 1}, "payoke": {0, 0}, "police": {0, 0}},
			models.TableFollowUpsRefused: {"payoke": {1, 0}, "pag_asa": {0, 0}, "police": {0, 0}},
			models.TableFollowUpsOpen:    {"pag_asa": {1, 0}, "surya": {0, 1}, "police": {0, 0}, "payoke": {0, 0}},
			models.TableIndicatorsILO:    {models.ILOExcessiveOvertime: {1, 0}, models.ILOIsolation: {1, 0}, models.ILODebtBondage: {0, 0}},
			models.TableSignalsILO:       {models.ILOIsolation: {0, 1}, models.ILOExcessiveOvertime: {0, 0}},
			models.TableDimensions:       {"coercion_at_destination": {1, 0}, "deceptive_recruitment": {0, 0}},
			models.TableSignalDimension:  {"coercion_at_destination": {0, 1}},
			models.TableNationality:      {"PH": {1, 1}, "IN": {1, 0}, "MA": {0, 1}},
			models.TableSex:              {"female": {1, 2}, "male": {1, 0}, "unspecified": {0, 0}},
			models.TableAgeBand:          {"30-38": {1, 1}, "21-23": {1, 0}, "24-26": {0, 1}, "48+": {0, 0}},
			models.TableJobCategory:      {"household": {1, 1}, "cleaning": {1, 0}, "childcare": {0, 1}},
			models.TableEmployers:        {"restrictions": {0, 1}, "with_observations": {1, 1}},
		}
		for table, rows := range want {
			for row, n := range rows {
				for i, y := range []int{2025, 2026} {
					if got := r.Count(table, row, y); got != n[i] {
						t.Errorf("%s / %s / %d = %d, want %d", table, row, y, got, n[i])
					}
				}
			}
			tab := r.Table(table)
			if len(tab.Rows) == 0 {
				t.Errorf("table %s missing", table)
			}
			// Nothing before 2025; no row the expectations do not know
			// holds a count.
			for i, row := range tab.Rows {
				for j, n := range tab.Counts[i] {
					if _, known := rows[row]; n != 0 && (!known || r.Years[j] < 2025) {
						t.Errorf("%s / %s / %d = %d, unexpected", table, row, r.Years[j], n)
					}
				}
			}
		}
		// Submission to card: 5 and 12 days in 2025.
		if d := r.Durations[3]; d != (models.DurationFigure{Cards: 2, MedianDays: 5, P90Days: 12}) {
			t.Errorf("2025 submission to card: %+v", d)
		}
		if d := r.Durations[4]; d.Cards != 2 || d.MedianDays != 0 {
			t.Errorf("2026 submission to card: %+v", d)
		}
		// The mission is named year by year: its cards went to two workers
		// in 2025 (W1, W2) and two in 2026 (W1, W6), three over the period.
		// Below a threshold of 2 it is counted under other missions in
		// both years, even at 3, which its three workers of the period
		// would reach; at 2 it is named in both.
		o := models.DefaultOversightSettings()
		for _, c := range []struct {
			threshold    int
			named, other [2]int
		}{{5, [2]int{0, 0}, [2]int{2, 2}}, {3, [2]int{0, 0}, [2]int{2, 2}}, {2, [2]int{2, 2}, [2]int{0, 0}}} {
			o.SuppressionThreshold = c.threshold
			s.SetOversightSettings(o)
			mr, err := s.Statistics.ExactReport(ctx, 2026)
			must(t, err)
			tab := mr.Table(models.TableMission)
			wantRows := []string{models.StatOtherMissions}
			if c.named != [2]int{} {
				wantRows = append(wantRows, w.mission.Name)
			}
			if !reflect.DeepEqual(tab.Rows, wantRows) || tab.FixedRows != 1 || !tab.Partition {
				t.Errorf("threshold %d: mission rows %v (fixed %d)", c.threshold, tab.Rows, tab.FixedRows)
			}
			for i, y := range []int{2025, 2026} {
				if got := mr.Count(models.TableMission, w.mission.Name, y); got != c.named[i] {
					t.Errorf("threshold %d: %d mission named with %d cards, want %d", c.threshold, y, got, c.named[i])
				}
				if got := mr.Count(models.TableMission, models.StatOtherMissions, y); got != c.other[i] {
					t.Errorf("threshold %d: %d other missions %d, want %d", c.threshold, y, got, c.other[i])
				}
			}
		}
		s.SetOversightSettings(models.DefaultOversightSettings())
		// A correction moves the counts: overtime withdrawn, isolation
		// corrected into debt bondage.
		var overtime, isolation int64
		must(t, s.DB().Raw("SELECT id FROM indicator_observations WHERE indicator_code = ? AND source = 'interview'", models.ILOExcessiveOvertime).Scan(&overtime).Error)
		must(t, s.DB().Raw("SELECT id FROM indicator_observations WHERE indicator_code = ? AND source = 'interview'", models.ILOIsolation).Scan(&isolation).Error)
		_, err = s.History.CorrectObservation(ctx, w.interviewer, overtime, models.ObservationCorrection{Answer: models.IndicatorNo, Reason: "misheard"})
		must(t, err)
		_, err = s.History.CorrectObservation(ctx, w.interviewer, isolation, models.ObservationCorrection{IndicatorCode: models.ILODebtBondage,
			Answer: models.IndicatorYes, Reason: "it was a debt"})
		must(t, err)
		r, err = s.Statistics.ExactReport(ctx, 2026)
		must(t, err)
		for code, n := range map[string]int{models.ILOExcessiveOvertime: 0, models.ILOIsolation: 0, models.ILODebtBondage: 1} {
			if got := r.Count(models.TableIndicatorsILO, code, 2025); got != n {
				t.Errorf("after corrections, %s in 2025 = %d, want %d", code, got, n)
			}
		}
	})
}

// TestStatisticsPublishedAndAudited: the oversight role reads the
// published report (small numbers withheld), the view is audited, and the
// clerk is refused.
func TestStatisticsPublishedAndAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := knownRecords(t, s)
		ov, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "rapporteur@example.be", Name: "Rapporteur", Roles: []models.Role{models.RoleOversight}}, "a long enough password")
		must(t, err)
		if _, err := s.Statistics.Yearly(ctx, w.clerk, 2026); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk: %v", err)
		}
		if _, err := s.Statistics.Yearly(ctx, as(ov), 2031); models.ErrorCode(err) != "invalid_year" {
			t.Errorf("future year: %v", err)
		}
		p, err := s.Statistics.Yearly(ctx, as(ov), 2026)
		must(t, err)
		cards, _ := p.Table(models.TableCards)
		for i := range cards.Rows {
			for j, c := range cards.Cells[i] {
				if c.State == models.CellShown {
					t.Errorf("cards %s %d shown: %v", cards.Rows[i], p.Years[j], c)
				}
			}
		}
		if p.Threshold != 5 || p.InterviewShare[4] != -1 || !p.Durations[4].Withheld {
			t.Errorf("published: threshold %d share %v durations %+v", p.Threshold, p.InterviewShare, p.Durations)
		}
		if n := countRows(t, s, "audit_events", "action = 'statistics.view' AND record_id = '2026' AND actor_id = ?", ov.ID); n != 1 {
			t.Errorf("%d audit rows for the view", n)
		}
		// With a threshold of 1, everything shows and the share is 100%.
		r, err := s.Statistics.ExactReport(ctx, 2026)
		must(t, err)
		if pub := models.Publish(r, 1); pub.InterviewShare[3] != 100 || pub.InterviewShare[4] != 100 {
			t.Errorf("share of cards backed by an interview: %v", pub.InterviewShare)
		}
	})
}

// TestSubjectAccess: an admin produces what Carddesk holds about a worker,
// leaves sections out with a reason (required), and it is audited.
func TestSubjectAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := knownRecords(t, s)
		var w2 int64
		must(t, s.DB().Raw("SELECT id FROM workers WHERE family_name = 'Worker2'").Scan(&w2).Error)
		// Worker 2's card, never collected, is cancelled and destroyed: its
		// end is part of what is held about him.
		var card2 int64
		must(t, s.DB().Raw("SELECT id FROM cards WHERE worker_id = ?", w2).Scan(&card2).Error)
		_, err := s.Cards.ChangeStatus(ctx, w.clerk, card2, models.CardCancel, "Left before collection")
		must(t, err)
		_, _, err = s.Cards.End(ctx, w.clerk, card2, models.CardEnd{Event: models.CardEndDestroyed, Reason: models.EndOther,
			Note: "Shredded in his absence", On: models.CalendarDay(w.now)})
		must(t, err)
		if _, err := s.Workers.SubjectAccess(ctx, w.clerk, w2, nil, "", "json", "", "en"); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk: %v", err)
		}
		if _, err := s.Workers.SubjectAccess(ctx, w.admin, w2, []string{"signals"}, "", "json", "", "en"); fieldCodes(err)["reason"] != "required" {
			t.Errorf("left out without a reason: %v", err)
		}
		r, err := s.Workers.SubjectAccess(ctx, w.admin, w2, nil, "", "json", "", "en")
		must(t, err)
		counts := map[string]int{}
		for _, sec := range r.Sections {
			counts[sec.Key] = len(sec.Entries)
		}
		want := map[string]int{"identity": 1, "employments": 1, "applications": 1, "cards": 1, "interviews": 1, "indicators": 5, "signals": 1, "documents": 4}
		for k, n := range want {
			if k == "documents" {
				continue // as many as the first issuance requires
			}
			if counts[k] != n {
				t.Errorf("section %s: %d entries, want %d", k, counts[k], n)
			}
		}
		var card map[string]string
		for _, sec := range r.Sections {
			if sec.Key == "cards" && len(sec.Entries) == 1 {
				card = map[string]string{}
				for _, fld := range sec.Entries[0] {
					card[fld.Key] = fld.Value
				}
			}
		}
		wantCard := map[string]string{"status": "cancelled", "status_reason": "Left before collection", "destroyed_on": w.now.Format(time.DateOnly),
			"destroyed_reason": "other", "destroyed_note": "Shredded in his absence"}
		for k, v := range wantCard {
			if card[k] != v {
				t.Errorf("card %s = %q, want %q (%v)", k, card[k], v, card)
			}
		}
		r, err = s.Workers.SubjectAccess(ctx, w.admin, w2, []string{"signals", "indicators"}, "The employer reads the worker's mail", "pdf", "", "en")
		must(t, err)
		for _, sec := range r.Sections {
			if (sec.Key == "signals" || sec.Key == "indicators") != sec.Omitted || (sec.Omitted && len(sec.Entries) > 0) {
				t.Errorf("section %s omitted %v with %d entries", sec.Key, sec.Omitted, len(sec.Entries))
			}
		}
		if n := countRows(t, s, "audit_events", "action = 'worker.subject_access' AND record_id = ? AND summary LIKE ?", itoa(w2), "%employer reads%"); n != 1 {
			t.Errorf("%d audit rows with the reason", n)
		}
	})
}

// TestCTDCExport: the records with indicators, k-anonymised: with k = 11
// the two records of the known set are suppressed; with k = 2 they are
// generalised into one combination and kept.
func TestCTDCExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := knownRecords(t, s)
		if _, _, err := s.Statistics.CTDC(ctx, w.clerk, 2026); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk: %v", err)
		}
		kept, suppressed, err := s.Statistics.CTDC(ctx, w.admin, 2026)
		must(t, err)
		if len(kept) != 0 || suppressed != 2 {
			t.Errorf("k=11: kept %v, suppressed %d", kept, suppressed)
		}
		o := models.DefaultOversightSettings()
		o.KAnonymity = 2
		s.SetOversightSettings(o)
		kept, suppressed, err = s.Statistics.CTDC(ctx, w.admin, 2026)
		must(t, err)
		if q := func(r models.CTDCRecord) string {
			return r.Year + r.Gender + r.AgeBroad + r.Citizenship + r.JobCategory
		}; len(kept) != 2 || suppressed != 0 || q(kept[0]) != q(kept[1]) {
			t.Fatalf("k=2: kept %v, suppressed %d", kept, suppressed)
		}
		if r := kept[0]; r.Citizenship != "IN" || r.Gender != "Male" || r.Year != models.CTDCMissing || r.JobCategory != "domestic_work" || len(r.Means) == 0 {
			t.Errorf("record %v", r)
		}
		if n := countRows(t, s, "audit_events", "action = 'statistics.ctdc_export'"); n != 2 {
			t.Errorf("%d exports audited", n)
		}
	})
}
