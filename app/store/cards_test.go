package store_test

import (
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

var (
	pdfBytes = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
)

// world is a small Directorate: staff, a mission, an employer, a worker with
// an employment, and a clock the test moves.
type world struct {
	s                                 *store.Store
	now                               time.Time
	clerk, clerk2, interviewer, admin models.Actor
	mission                           models.Mission
	employer                          models.Employer
	worker                            models.Worker
	employment                        models.Employment
}

func as(u *models.User) models.Actor { return models.Actor{User: u, Via: "web"} }

func newWorld(t testing.TB, s *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{s: s, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	s.Now = func() time.Time { return w.now }
	mk := func(email string, roles ...models.Role) models.Actor {
		u, _, err := s.Users.Create(ctx, system, models.NewUser{Email: email, Name: email, Roles: roles}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		return as(u)
	}
	w.clerk, w.clerk2 = mk("clerk@example.be", models.RoleClerk), mk("clerk2@example.be", models.RoleClerk)
	w.interviewer, w.admin = mk("interviewer@example.be", models.RoleInterviewer), mk("admin@example.be", models.RoleAdmin)
	w.mission = models.Mission{Name: "Embassy of the Philippines", Kind: models.MissionEmbassy, CountryCode: "PH"}
	must(t, s.Missions.Create(ctx, w.clerk, &w.mission))
	// A head of mission: up to three servants in the household, so tests
	// with several workers of one employer pass the cap (rules_test.go
	// tests the cap with an employer of its own).
	w.employer = models.Employer{MissionID: w.mission.ID, FamilyName: "Santos", GivenNames: "Maria", Title: "Ambassador",
		HeadOfMission: true, EntitledToPrivateServant: true}
	must(t, s.Employers.Create(ctx, w.clerk, &w.employer))
	w.worker = newWorker("Reyes", "Ana", "P1234567")
	must(t, s.Workers.Create(ctx, w.clerk, &w.worker))
	w.employment = models.Employment{WorkerID: w.worker.ID, EmployerID: w.employer.ID, StartsOn: date(2026, 2, 1), JobCategory: models.JobHousehold, WeeklyHours: 38, LiveIn: true}
	must(t, s.Employments.Create(ctx, w.clerk, &w.employment))
	return w
}

func newWorker(family, given, passport string) models.Worker {
	return models.Worker{FamilyName: family, GivenNames: given, DateOfBirth: date(1990, 5, 17), Sex: models.SexFemale, Nationality: "PH",
		PassportNumber: passport, PassportExpiresOn: date(2030, 1, 1), Languages: "tl,en", Phone: "+32470123456",
		IBAN: "BE68539007547034", AccountInSoleName: true, ResidenceStatus: models.ResidenceSpecialIDPending}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// submitted opens an application with every document and submits it.
func (w *world) submitted(t testing.TB, kind models.ApplicationKind, replaces *int64) int64 {
	t.Helper()
	ctx := context.Background()
	app, err := w.s.Applications.Open(ctx, w.clerk, kind, w.employment.ID, replaces)
	must(t, err)
	for _, k := range models.RequiredDocuments(kind) {
		_, err := w.s.Applications.AttachDocument(ctx, w.clerk, app.ID, k, string(k)+".pdf", pdfBytes)
		must(t, err)
	}
	w.contracted(t, app.ID)
	must(t, w.s.Applications.Submit(ctx, w.clerk, app.ID))
	return app.ID
}

// contracted generates the contract of application id at a salary above the
// seed scale's minimum, meals deducted, no lodging: every application needs
// one before it is submitted.
func (w *world) contracted(t testing.TB, id int64) {
	t.Helper()
	terms := contractTerms(215000)
	terms.Board.Lodging = false // the helpers' other workers live out: meals only
	_, err := w.s.Contracts.Generate(context.Background(), w.clerk, id, terms)
	must(t, err)
}

// interviewed schedules and records the interview of application id.
func (w *world) interviewed(t testing.TB, id int64, absent bool, outcome models.InterviewOutcome) *models.Interview {
	t.Helper()
	ctx := context.Background()
	iv, err := w.s.Interviews.Schedule(ctx, w.clerk, id, w.interviewer.UserID(), w.now.Add(2*time.Hour), "Room 2.14")
	must(t, err)
	w.now = w.now.Add(3 * time.Hour)
	iv, err = w.s.Interviews.Record(ctx, w.interviewer, iv.ID, fullRecord(w.now.Add(-time.Hour), absent, outcome))
	must(t, err)
	return iv
}

func TestCardLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)

		// Before any interview: refused, and nothing is written.
		if _, err := s.Cards.Issue(ctx, w.clerk, id); models.ErrorCode(err) != models.CodeInterviewRequired {
			t.Fatalf("issue before interview: %v", err)
		}
		w.interviewed(t, id, true, models.OutcomeCleared)
		if _, err := s.Cards.Issue(ctx, w.interviewer, id); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer issuing: %v", err)
		}
		card, err := s.Cards.Issue(ctx, w.clerk, id)
		must(t, err)
		if _, err := models.ValidateCardNumber(card.Number); err != nil || card.Status != models.CardReadyForCollection {
			t.Errorf("card %+v: %v", card, err)
		}
		if want := date(2027, 3, 1); !card.ExpiresOn.Equal(want) {
			t.Errorf("expires %v, want %v", card.ExpiresOn, want)
		}
		if _, err := s.Cards.Issue(ctx, w.clerk2, id); err == nil {
			t.Error("a second card was issued for the same application")
		}
		// Collection: in person, with the worker's passport.
		_, err = s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport, IdentityDocumentNumber: "P1234567", HandedToWorkerInPerson: false})
		if models.ErrorCode(err) != "invalid_input" {
			t.Errorf("collection not in person: %v", err)
		}
		_, err = s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport, IdentityDocumentNumber: "X999", HandedToWorkerInPerson: true})
		if models.ErrorCode(err) != "invalid_input" {
			t.Errorf("collection with another passport: %v", err)
		}
		card, err = s.Cards.Collect(ctx, w.clerk, card.ID, models.Collection{IdentityDocumentKind: models.IDPassport, IdentityDocumentNumber: "p1234567", HandedToWorkerInPerson: true})
		must(t, err)
		view, err := s.Applications.Get(ctx, w.clerk, id)
		must(t, err)
		if view.Status != models.ApplicationCollected || view.Card == nil || view.Card.Status != models.CardCollected {
			t.Errorf("after collection: %s %+v", view.Status, view.Card)
		}

		// A year later: the card is due for renewal; the renewal needs its own interview.
		w.now = date(2027, 2, 10).Add(9 * time.Hour)
		due, err := renewalsDue(ctx, s, w.clerk)
		must(t, err)
		if len(due) != 1 || due[0].ID != card.ID || due[0].DueReason != models.RenewalExpiring {
			t.Fatalf("renewals due: %+v", due)
		}
		renewal, err := s.Cards.OpenRenewal(ctx, w.clerk, card.ID)
		must(t, err)
		for _, k := range models.RequiredDocuments(models.ApplicationRenewal) {
			_, err := s.Applications.AttachDocument(ctx, w.clerk, renewal.ID, k, "", pngBytes)
			must(t, err)
		}
		// A renewal is submitted with a contract checked against the scale in force.
		_, err = s.Contracts.Generate(ctx, w.clerk, renewal.ID, contractTerms(215000))
		must(t, err)
		must(t, s.Applications.Submit(ctx, w.clerk, renewal.ID))
		if _, err := s.Cards.Issue(ctx, w.clerk, renewal.ID); models.ErrorCode(err) != models.CodeInterviewRequired {
			t.Errorf("renewal issued on the earlier interview: %v", err)
		}
		if due, _ := renewalsDue(ctx, s, w.clerk); len(due) != 0 {
			t.Errorf("card still due with a renewal under way: %+v", due)
		}
	})
}

// TestGateRefusals: each way the gate refuses, with its code, and no card
// row left behind.
func TestGateRefusals(t *testing.T) {
	cases := []struct {
		name   string
		absent bool
		out    models.InterviewOutcome
		issuer func(*world) models.Actor
		wait   time.Duration
		code   string
	}{
		{"concerns", true, models.OutcomeConcerns, func(w *world) models.Actor { return w.clerk }, 0, models.CodeInterviewNotCleared},
		{"too old", true, models.OutcomeCleared, func(w *world) models.Actor { return w.clerk }, 92 * 24 * time.Hour, models.CodeInterviewExpired},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ctx := context.Background()
				w := newWorld(t, storetest.Open(t, s.Engine()))
				_ = i
				id := w.submitted(t, models.ApplicationFirstIssuance, nil)
				w.interviewed(t, id, c.absent, c.out)
				w.now = w.now.Add(c.wait)
				_, err := w.s.Cards.Issue(ctx, c.issuer(w), id)
				if models.ErrorCode(err) != c.code {
					t.Errorf("got %v, want %s", err, c.code)
				}
				var n int64
				w.s.DB().Table("cards").Count(&n)
				if n != 0 {
					t.Errorf("%d card rows after a refusal", n)
				}
			})
		}
	})
}

// TestIssuerCannotBeInterviewer: a user who is both interviewer and clerk
// cannot issue on an interview they held.
func TestIssuerCannotBeInterviewer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		both, _, err := s.Users.Create(ctx, system, models.NewUser{Email: "both@example.be", Name: "Both", Roles: []models.Role{models.RoleClerk, models.RoleInterviewer}}, "a long enough password")
		must(t, err)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv, err := s.Interviews.Schedule(ctx, w.clerk, id, both.ID, w.now.Add(time.Hour), "Room 1")
		must(t, err)
		w.now = w.now.Add(2 * time.Hour)
		_, err = s.Interviews.Record(ctx, as(both), iv.ID, fullRecord(w.now.Add(-time.Hour), true, models.OutcomeCleared))
		must(t, err)
		if _, err := s.Cards.Issue(ctx, as(both), id); models.ErrorCode(err) != models.CodeSamePerson {
			t.Errorf("same person: %v", err)
		}
		if _, err := s.Cards.Issue(ctx, w.clerk, id); err != nil {
			t.Errorf("colleague issuing: %v", err)
		}
	})
}

// TestDatabaseBacksTheGate: even a card row written around the domain is
// refused by the database without a cleared interview of its application.
func TestDatabaseBacksTheGate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		iv := w.interviewed(t, id, true, models.OutcomeConcerns)
		insert := func(appID, interviewID, issuer, seq int64) error {
			number, err := models.FormatCardNumber(seq)
			must(t, err)
			return s.DB().Exec(`INSERT INTO cards (number, sequence, application_id, interview_id, worker_id, employer_id, issued_at, issued_by_id,
				expires_on, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ready_for_collection', ?, ?)`,
				number, seq, appID, interviewID, w.worker.ID, w.employer.ID, w.now, issuer, w.now.AddDate(1, 0, 0), w.now, w.now).Error
		}
		refusedByGate := func(what string, err error) {
			t.Helper()
			if err == nil || !strings.Contains(err.Error(), "cards_issue_gate") {
				t.Errorf("%s: %v, want the gate's refusal", what, err)
			}
		}
		refusedByGate("a card on an interview with concerns", insert(id, iv.ID, w.clerk.UserID(), 99))
		// Positive control: the very same statement, for an application
		// whose interview was cleared, is accepted, so the refusal above is
		// the gate's and not the statement's.
		cleared := w.submitted(t, models.ApplicationFirstIssuance, nil)
		civ := w.interviewed(t, cleared, true, models.OutcomeCleared)
		refusedByGate("a card issued by its own interviewer", insert(cleared, civ.ID, w.interviewer.UserID(), 97))
		if err := insert(cleared, civ.ID, w.clerk.UserID(), 98); err != nil {
			t.Fatalf("positive control refused: %v", err)
		}
		if err := s.DB().Exec("UPDATE interviews SET outcome = 'cleared' WHERE id = ?", iv.ID).Error; err == nil || !strings.Contains(err.Error(), "cannot be changed") {
			t.Errorf("database accepted an edit of a recorded interview: %v", err)
		}
		if err := s.DB().Exec("DELETE FROM application_events WHERE application_id = ?", id).Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("database accepted deleting an application's history: %v", err)
		}
	})
}

func TestDuplicateWorkerRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		same := newWorker("REYES", "Ána", "X0000000") // same names and birth date, other passport
		err := s.Workers.Create(ctx, w.clerk, &same)
		if models.ErrorCode(err) != "duplicate_worker" {
			t.Fatalf("duplicate by names: %v", err)
		}
		if de := err.(*models.Error); fmt.Sprint(de.Args["worker_id"]) != fmt.Sprint(w.worker.ID) {
			t.Errorf("duplicate names the wrong record: %v", de.Args)
		}
		other := newWorker("Cruz", "Liza", "P 1234567") // same passport and nationality
		if err := s.Workers.Create(ctx, w.clerk, &other); models.ErrorCode(err) != "duplicate_worker" {
			t.Errorf("duplicate by passport: %v", err)
		}
		hits, total, err := s.Workers.Search(ctx, w.clerk, "ana REYES", store.Page{})
		if err != nil || total != 1 || hits[0].ID != w.worker.ID {
			t.Errorf("search by name: %v %d %v", hits, total, err)
		}
		for _, q := range []string{"santos", "philippines", "p1234567"} {
			if _, total, _ := s.Workers.Search(ctx, w.clerk, q, store.Page{}); total != 1 {
				t.Errorf("search %q: %d hits", q, total)
			}
		}
	})
}

// TestIneligibleSubmitLeavesDraft: a refused submit lists every reason and
// leaves the application a draft with an unchanged history.
func TestIneligibleSubmitLeavesDraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		app, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		err = s.Applications.Submit(ctx, w.clerk, app.ID)
		de, ok := err.(*models.Error)
		if !ok || de.Code != "not_eligible" {
			t.Fatalf("submit without documents: %v", err)
		}
		if f, ok := de.Field("documents.note_verbale"); !ok || f.Code != models.CodeDocumentMissing {
			t.Errorf("missing note verbale not named: %+v", de.Fields)
		}
		view, err := s.Applications.Get(ctx, w.clerk, app.ID)
		must(t, err)
		if view.Status != models.ApplicationDraft || len(view.History) != 0 {
			t.Errorf("after refusal: %s, %d events", view.Status, len(view.History))
		}
		if _, err := s.Applications.AttachDocument(ctx, w.clerk, app.ID, models.DocNoteVerbale, "x.exe", []byte("MZ\x90\x00")); models.ErrorCode(err) != "invalid_input" {
			t.Errorf("executable accepted: %v", err)
		}
	})
}

// TestConfidentialOutcomeMasked: a clerk sees "on hold", never whether the
// interview led to concerns or a referral.
func TestConfidentialOutcomeMasked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeReferral)
		view, err := s.Applications.Get(ctx, w.clerk, id)
		must(t, err)
		for _, h := range view.History {
			if strings.Contains(h.Label, "referral") || strings.Contains(h.Label, "concerns") {
				t.Errorf("clerk sees %q", h.Label)
			}
		}
		if view.Interviews[0].State != store.InterviewOnHold {
			t.Errorf("clerk's interview state %q", view.Interviews[0].State)
		}
		view, _ = s.Applications.Get(ctx, w.admin, id)
		if last := view.History[len(view.History)-1]; last.Label != string(models.ActionRecordInterviewReferral) {
			t.Errorf("admin sees %q", last.Label)
		}
	})
}

// TestConcurrentIssueOneCard: 20 simultaneous issue requests for one
// application produce exactly one card (PostgreSQL, row lock).
func TestConcurrentIssueOneCard(t *testing.T) {
	s := storetest.Open(t, store.Postgres)
	w := newWorld(t, s)
	id := w.submitted(t, models.ApplicationFirstIssuance, nil)
	w.interviewed(t, id, true, models.OutcomeCleared)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Cards.Issue(context.Background(), w.clerk, id)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		if err == nil {
			ok++
		} else if models.ErrorCode(err) != models.CodeActionNotAllowed {
			t.Errorf("unexpected error: %v", err)
		}
	}
	var n int64
	s.DB().Table("cards").Where("application_id = ?", id).Count(&n)
	if ok != 1 || n != 1 {
		t.Errorf("%d successes, %d cards; want 1 and 1", ok, n)
	}
}

// TestCardNumbersUniqueAcrossInstances: two store instances (two servers)
// issuing in parallel on one database never draw the same number.
func TestCardNumbersUniqueAcrossInstances(t *testing.T) {
	opts := storetest.Options(t, store.Postgres)
	open := func() *store.Store {
		s, err := store.Open(context.Background(), opts)
		must(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}
	one := open()
	_, err := one.Migrate(context.Background())
	must(t, err)
	two := open()
	w := newWorld(t, one)
	two.Now = one.Now
	const perInstance = 6
	var ids []int64
	for i := range 2 * perInstance {
		wk := newWorker("Worker", fmt.Sprintf("N%02d", i), fmt.Sprintf("Q%07d", i))
		must(t, one.Workers.Create(context.Background(), w.clerk, &wk))
		job := models.Employment{WorkerID: wk.ID, EmployerID: w.employer.ID, StartsOn: date(2026, 2, 1), JobCategory: models.JobCleaning, WeeklyHours: 38}
		must(t, one.Employments.Create(context.Background(), w.clerk, &job))
		w.employment = job
		// The household cap (1) would refuse the second worker: raise the
		// employer's count by using a head of mission is not enough, so the
		// cards are issued for different employers in turn.
		e := models.Employer{MissionID: w.mission.ID, FamilyName: fmt.Sprintf("Host%02d", i), EntitledToPrivateServant: true}
		must(t, one.Employers.Create(context.Background(), w.clerk, &e))
		job2 := models.Employment{WorkerID: wk.ID, EmployerID: e.ID, StartsOn: date(2026, 2, 1), JobCategory: models.JobCleaning, WeeklyHours: 38}
		must(t, one.Employments.Create(context.Background(), w.clerk, &job2))
		w.employment = job2
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeCleared)
		ids = append(ids, id)
	}
	var wg sync.WaitGroup
	numbers := make(chan string, len(ids))
	for i, id := range ids {
		s := one
		if i%2 == 1 {
			s = two
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := s.Cards.Issue(context.Background(), w.clerk, id)
			if err != nil {
				t.Error(err)
				return
			}
			numbers <- c.Number
		}()
	}
	wg.Wait()
	close(numbers)
	seen := map[string]bool{}
	for n := range numbers {
		if seen[n] {
			t.Errorf("card number %s drawn twice", n)
		}
		seen[n] = true
	}
	if len(seen) != len(ids) {
		t.Errorf("%d distinct numbers for %d cards", len(seen), len(ids))
	}
}

// TestExpireCards: the housekeeping marks a card past its validity expired,
// and only such cards.
func TestExpireCards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		w.interviewed(t, id, true, models.OutcomeCleared)
		card, err := s.Cards.Issue(ctx, w.clerk, id)
		must(t, err)
		if n, err := s.Cards.Expire(ctx, system); err != nil || n != 0 {
			t.Fatalf("expired a valid card: %d %v", n, err)
		}
		w.now = card.ExpiresOn.AddDate(0, 0, 1).Add(8 * time.Hour)
		if n, err := s.Cards.Expire(ctx, system); err != nil || n != 1 {
			t.Fatalf("expire: %d %v", n, err)
		}
		got, err := s.Cards.Get(ctx, w.clerk, card.ID)
		must(t, err)
		if got.Status != models.CardExpired {
			t.Errorf("status %s", got.Status)
		}
	})
}
