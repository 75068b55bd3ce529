package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestStatusTableMatchesModels: the database's copy of the status table is
// models' table, row for row, and a copy that differs stops Migrate.
func TestStatusTableMatchesModels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CheckStatusTable(ctx); err != nil {
			t.Fatal(err)
		}
		var transitions, actions int64
		s.DB().Table("application_transitions").Count(&transitions)
		s.DB().Table("application_actions").Count(&actions)
		want := 0
		for _, st := range models.ApplicationStatuses {
			want += len(models.AllowedActions(st))
		}
		if transitions != int64(want) || actions != int64(len(models.Actions)) {
			t.Errorf("%d transitions and %d actions stored, models has %d and %d", transitions, actions, want, len(models.Actions))
		}

		// A database owner drops the guard and opens the gate.
		drop, create := "DROP TRIGGER application_transitions_fixed ON application_transitions",
			"CREATE TRIGGER application_transitions_fixed BEFORE INSERT OR UPDATE OR DELETE ON application_transitions FOR EACH ROW EXECUTE FUNCTION carddesk_status_table_fixed()"
		if !storetest.IsPostgres(s) {
			drop, create = "DROP TRIGGER application_transitions_fixed_insert", ""
		}
		must(t, s.DB().Exec(drop).Error)
		must(t, s.DB().Exec("INSERT INTO application_transitions VALUES ('interview_scheduled', 'issue_card', 'card_ready')").Error)
		if create != "" {
			must(t, s.DB().Exec(create).Error)
		}
		err := s.CheckStatusTable(ctx)
		if !errors.Is(err, store.ErrStatusTableDiffers) || !strings.Contains(err.Error(), "extra: interview_scheduled --issue_card--> card_ready") {
			t.Errorf("altered status table: %v", err)
		}
		if _, err := s.Migrate(ctx); !errors.Is(err, store.ErrStatusTableDiffers) {
			t.Errorf("Migrate with an altered status table: %v", err)
		}
	})
}

// TestIntegrityMigrationRefusesABrokenHistory: a history edited into one
// the status table does not allow stops the migration, naming it.
func TestIntegrityMigrationRefusesABrokenHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		id := w.submitted(t, models.ApplicationFirstIssuance, nil)
		must(t, s.MigrateDownTo(ctx, 4))
		disable, enable := "ALTER TABLE application_events DISABLE TRIGGER application_events_append_only",
			"ALTER TABLE application_events ENABLE TRIGGER application_events_append_only"
		if !storetest.IsPostgres(s) {
			disable = "DROP TRIGGER application_events_no_update"
			enable = "CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events BEGIN SELECT RAISE(ABORT, 'application_events is append-only (UPDATE refused)'); END"
		}
		must(t, s.DB().Exec(disable).Error)
		must(t, s.DB().Exec("UPDATE application_events SET action = 'issue_card' WHERE application_id = ?", id).Error)
		must(t, s.DB().Exec(enable).Error)
		_, err := s.Migrate(ctx)
		if err == nil || !strings.Contains(err.Error(), "breaks the status table") {
			t.Fatalf("migrating a broken history: %v", err)
		}
		if v, _ := s.SchemaVersion(ctx); v != 4 {
			t.Errorf("schema at %d after a refused migration, want 4", v)
		}
	})
}

// fixture is a Directorate with one record in every guarded table:
// application A waits for its scheduled interview, B has a cleared interview
// and a card, H is on hold after an interview with concerns and a referral.
type fixture struct {
	w                       *world
	appA, appB, appH        int64
	ivA, ivB, ivH           int64
	cardB                   int64
	seqA, seqH              int
	checklist, indicator    int64
	referral, signal, obs   int64
	contract, restriction   int64
	restriction2, draft     int64
	auditFirst, employment2 int64
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, s)
	f := &fixture{w: w}
	jobB := newWorkerFor(t, w, "Cruz", "Liza", "P7654321")
	jobH := newWorkerFor(t, w, "Ramos", "Joy", "P1112223")
	f.employment2 = jobB.ID
	f.appA = w.submitted(t, models.ApplicationFirstIssuance, nil)
	f.appB, f.appH = w.submittedFor(t, jobB), w.submittedFor(t, jobH)
	f.ivA = w.scheduled(t, f.appA).ID
	f.ivB, f.ivH = w.scheduled(t, f.appB).ID, w.scheduled(t, f.appH).ID
	_, err := s.Interviews.Record(ctx, w.interviewer, f.ivB, fullRecord(w.now.Add(-time.Hour), true, models.OutcomeCleared))
	must(t, err)
	_, err = s.Interviews.Record(ctx, w.interviewer, f.ivH, concernsRecord(w.now.Add(-time.Hour)))
	must(t, err)
	card, err := s.Cards.Issue(ctx, w.clerk, f.appB)
	must(t, err)
	f.cardB = card.ID
	sg, err := s.History.RecordSignal(ctx, w.interviewer, models.Signal{WorkerID: w.worker.ID, Source: models.SignalNGO, SourceDetail: "NGO hotline",
		ReceivedOn: w.now, Indicators: []string{models.ILOIsolation}}, "")
	must(t, err)
	f.signal = sg.ID
	other := models.Employer{MissionID: w.mission.ID, FamilyName: "Other", EntitledToPrivateServant: true}
	must(t, s.Employers.Create(ctx, w.clerk, &other))
	r, err := s.Alerts.Restrict(ctx, w.admin, models.EmployerRestriction{EmployerID: other.ID, Reason: "Decision of 2 March 2026", From: w.now})
	must(t, err)
	f.restriction = r.ID
	r, err = s.Alerts.Restrict(ctx, w.admin, models.EmployerRestriction{EmployerID: other.ID, Reason: "Decision of 3 March 2026", From: w.now})
	must(t, err)
	f.restriction2 = r.ID
	draft, err := s.Scales.StartDraft(ctx, w.admin, 0)
	must(t, err)
	f.draft = draft.ID
	c, err := s.Contracts.Generate(ctx, w.clerk, f.appA, contractTerms(215000))
	must(t, err)
	f.contract = c.ID
	id := func(q string, args ...any) int64 {
		var n int64
		must(t, s.DB().Raw(q, args...).Row().Scan(&n))
		return n
	}
	f.checklist = id("SELECT min(id) FROM interview_checklist_answers WHERE interview_id = ?", f.ivH)
	f.indicator = id("SELECT min(id) FROM interview_indicator_answers WHERE interview_id = ?", f.ivH)
	f.referral = id("SELECT id FROM referrals WHERE interview_id = ?", f.ivH)
	f.obs = id("SELECT min(id) FROM indicator_observations WHERE interview_id = ?", f.ivH)
	f.auditFirst = id("SELECT min(id) FROM audit_events")
	f.seqA = int(id("SELECT max(seq) FROM application_events WHERE application_id = ?", f.appA))
	f.seqH = int(id("SELECT max(seq) FROM application_events WHERE application_id = ?", f.appH))
	return f
}

// guardedTables are the tables a refused statement must leave as they were.
var guardedTables = []string{"applications", "application_events", "interviews", "interview_checklist_answers",
	"interview_indicator_answers", "referrals", "signals", "indicator_observations", "scale_versions", "contracts",
	"employer_restrictions", "cards", "audit_events", "audit_chain_head", "application_transitions", "application_actions"}

// snapshot digests every row of the guarded tables.
func snapshot(t *testing.T, s *store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range guardedTables {
		rows, err := s.DB().Raw("SELECT * FROM " + table + " ORDER BY 1, 2").Rows()
		must(t, err)
		cols, err := rows.Columns()
		must(t, err)
		h, n := sha256.New(), 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			fmt.Fprintf(h, "%v\n", vals)
			n++
		}
		must(t, rows.Err())
		rows.Close()
		out[table] = fmt.Sprintf("%d rows, %x", n, h.Sum(nil)[:8])
	}
	return out
}

type stmt struct {
	sql  string
	args []any
}

func q(sql string, args ...any) stmt { return stmt{sql, args} }

// refusal is a statement the database must refuse, the guard whose message
// must say so (per engine when they differ), and optionally the legitimate
// statements next to it, which must succeed.
type refusal struct {
	name    string
	engines []string // nil: both
	bad     stmt
	guard   string
	pgGuard string // when PostgreSQL's refusal comes from another guard
	ok      []stmt
}

var errRollback = errors.New("rolled back on purpose")

// TestDatabaseRefusesWhatTheDomainRefuses tries, on each engine, every
// statement a person at the database prompt could use to forge a card or
// rewrite the record, one at a time: each is refused by its guard, nothing
// changes, and the legitimate statement beside it goes through.
func TestDatabaseRefusesWhatTheDomainRefuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		w := f.w
		now, later := w.now, w.now.AddDate(1, 0, 0)
		clerk, interviewer := w.clerk.UserID(), w.interviewer.UserID()
		sqliteOnly := []string{store.SQLite}
		pgOnly := []string{store.Postgres}
		recordA := q(`UPDATE interviews SET held_at = ?, recorded_at = ?, recorded_by_id = ?, employer_absent = true, outcome = 'cleared'
			WHERE id = ?`, now, now, interviewer, f.ivA)
		eventA := func(seq int, action, statusAfter string, interviewID, cardID any, reason string) stmt {
			return q(`INSERT INTO application_events (application_id, seq, action, actor_id, at, reason, interview_id, card_id, status_after)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.appA, seq, action, interviewer, now, reason, interviewID, cardID, statusAfter)
		}
		nextA := f.seqA + 1
		cardFor := func(app, interview, worker, employer int64) stmt {
			return q(`INSERT INTO cards (number, sequence, application_id, interview_id, worker_id, employer_id, issued_at, issued_by_id,
				expires_on, status, created_at, updated_at) VALUES ('S00000009905', 9905, ?, ?, ?, ?, ?, ?, ?, 'ready_for_collection', ?, ?)`,
				app, interview, worker, employer, now, clerk, later, now, now)
		}
		cases := []refusal{
			// The forgery of issue 10, statement by statement.
			{name: "record a scheduled interview as cleared", bad: recordA, guard: "interviews_recorded_through_history",
				ok: []stmt{eventA(nextA, "record_interview_cleared", "approved", f.ivA, nil, ""), recordA}},
			{name: "insert an interview already recorded", guard: "interviews_recorded_through_history",
				bad: q(`INSERT INTO interviews (application_id, interviewer_id, scheduled_at, room, scheduled_by_id, held_at, recorded_by_id,
					recorded_at, employer_absent, outcome, created_at) VALUES (?, ?, ?, 'R', ?, ?, ?, ?, true, 'cleared', ?)`,
					f.appA, interviewer, now, clerk, now, interviewer, now, now),
				ok: []stmt{q(`INSERT INTO interviews (application_id, interviewer_id, scheduled_at, room, scheduled_by_id, created_at)
					VALUES (?, ?, ?, 'R', ?, ?)`, f.appA, interviewer, later, clerk, now)}},
			{name: "card on an application whose interview is only scheduled", bad: cardFor(f.appA, f.ivA, w.worker.ID, w.employer.ID),
				guard: "cards_issue_gate"},
			{name: "card on another application's cleared interview", bad: cardFor(f.appA, f.ivB, w.worker.ID, w.employer.ID),
				guard: "cards_issue_gate"},
			{name: "set an application's status to approved", guard: "applications_status_follows_history",
				bad: q("UPDATE applications SET status = 'approved' WHERE id = ?", f.appA),
				ok:  []stmt{q("UPDATE applications SET updated_at = ? WHERE id = ?", later, f.appA)}},
			{name: "event the status does not allow", guard: "application_events_follow_status_table",
				bad: eventA(nextA, "issue_card", "card_ready", nil, f.cardB, ""),
				ok: []stmt{eventA(nextA, "withdraw", "withdrawn", nil, nil, "withdrawn by the mission"),
					q("UPDATE applications SET status = 'withdrawn' WHERE id = ?", f.appA)}},
			{name: "event out of sequence", guard: "application_events_follow_status_table",
				bad: eventA(nextA+1, "record_interview_cleared", "approved", f.ivA, nil, "")},
			{name: "event rewinding the sequence", guard: "application_events_follow_status_table",
				bad: eventA(1, "submit", "submitted", nil, nil, "")},
			{name: "event whose status is not the table's", guard: "application_events_follow_status_table",
				bad: eventA(nextA, "record_interview_cleared", "card_ready", f.ivA, nil, "")},
			{name: "event without the reason it needs", guard: "application_events_follow_status_table",
				bad: eventA(nextA, "withdraw", "withdrawn", nil, nil, "  ")},
			{name: "event naming another application's interview", guard: "application_events_follow_status_table",
				bad: eventA(nextA, "record_interview_cleared", "approved", f.ivB, nil, "")},
			{name: "record event naming an interview recorded already", guard: "application_events_follow_status_table",
				bad: q(`INSERT INTO application_events (application_id, seq, action, actor_id, at, interview_id, status_after)
					VALUES (?, ?, 'record_interview_concerns', ?, ?, ?, 'on_hold')`, f.appH, f.seqH+1, interviewer, now, f.ivH)},
			{name: "move a card to another application", guard: "cards_identity_fixed",
				bad: q("UPDATE cards SET application_id = ? WHERE id = ?", f.appA, f.cardB),
				ok:  []stmt{q("UPDATE cards SET status = 'cancelled', status_changed_at = ?, status_reason = 'test' WHERE id = ?", now, f.cardB)}},
			{name: "give a card to another worker", guard: "cards_identity_fixed",
				bad: q("UPDATE cards SET worker_id = ? WHERE id = ?", w.worker.ID, f.cardB)},
			{name: "extend a card", guard: "cards_identity_fixed", bad: q("UPDATE cards SET expires_on = ? WHERE id = ?", later.AddDate(5, 0, 0), f.cardB)},
			{name: "delete a card", guard: "cards_identity_fixed", bad: q("DELETE FROM cards WHERE id = ?", f.cardB)},
			{name: "move a cleared application to another worker", guard: "applications_identity_fixed",
				bad: q("UPDATE applications SET worker_id = ?, employment_id = ? WHERE id = ?", w.worker.ID, w.employment.ID, f.appB)},
			{name: "delete an application", guard: "applications_identity_fixed", bad: q("DELETE FROM applications WHERE id = ?", f.appA)},
			{name: "grant a cap exception after submission", guard: "applications_identity_fixed",
				bad: q("UPDATE applications SET cap_exception_reason = 'x', cap_exception_by_id = ? WHERE id = ?", clerk, f.appA)},
			{name: "move an appointment to another application", guard: "interviews_recorded_through_history",
				bad: q("UPDATE interviews SET application_id = ? WHERE id = ?", f.appB, f.ivA),
				ok:  []stmt{q("UPDATE interviews SET interpreter_language = 'tl', interpreter_name = 'FPS service' WHERE id = ?", f.ivA)}},
			{name: "edit a recorded interview", guard: "recorded and cannot be changed",
				bad: q("UPDATE interviews SET outcome = 'cleared' WHERE id = ?", f.ivH)},
			{name: "open the gate in the status table", guard: "application_transitions_fixed",
				bad: q("INSERT INTO application_transitions VALUES ('interview_scheduled', 'issue_card', 'card_ready')")},
			{name: "change the status table", guard: "application_transitions_fixed",
				bad: q("UPDATE application_transitions SET to_status = 'approved' WHERE from_status = 'on_hold' AND action = 'refuse'")},
			{name: "change an action's needs", guard: "application_actions_fixed",
				bad: q("UPDATE application_actions SET needs_reason = false WHERE action = 'release_hold'")},

			// Append-only tables refuse UPDATE and DELETE (00001-00004).
			{name: "rewrite an application event", guard: "application_events is append-only",
				bad: q("UPDATE application_events SET action = 'record_interview_cleared' WHERE application_id = ? AND action = 'record_interview_referral'", f.appH)},
			{name: "delete an application's history", guard: "application_events is append-only",
				bad: q("DELETE FROM application_events WHERE application_id = ?", f.appH)},
			{name: "delete an interview", guard: "(DELETE refused)", bad: q("DELETE FROM interviews WHERE id = ?", f.ivA)},
			{name: "change a checklist answer", guard: "interview_checklist_answers is append-only",
				bad: q("UPDATE interview_checklist_answers SET answer = 'yes' WHERE id = ?", f.checklist)},
			{name: "delete an indicator answer", guard: "interview_indicator_answers is append-only",
				bad: q("DELETE FROM interview_indicator_answers WHERE id = ?", f.indicator)},
			{name: "delete a referral", guard: "referrals is append-only", bad: q("DELETE FROM referrals WHERE id = ?", f.referral)},
			{name: "delete a signal", guard: "signals is append-only", bad: q("DELETE FROM signals WHERE id = ?", f.signal)},
			{name: "withdraw an observation in place", guard: "indicator_observations is append-only",
				bad: q("UPDATE indicator_observations SET answer = 'unclear' WHERE id = ?", f.obs)},
			{name: "lower a published scale", guard: "published and cannot be",
				bad: q("UPDATE scale_versions SET board_lodging_cents = 1 WHERE status = 'published'")},
			{name: "delete a contract", guard: "cannot be deleted", bad: q("DELETE FROM contracts WHERE id = ?", f.contract)},
			{name: "delete a restriction", guard: "cannot be deleted (DELETE refused)", pgGuard: "can only be lifted", bad: q("DELETE FROM employer_restrictions WHERE id = ?", f.restriction)},
			{name: "edit an audit row", guard: "audit_events is append-only", bad: q("UPDATE audit_events SET summary = 'nothing happened' WHERE id = ?", f.auditFirst)},
			{name: "delete the audit trail", guard: "audit_events is append-only", bad: q("DELETE FROM audit_events")},
			{name: "audit row outside the chain", guard: "audit_events_chain_link",
				bad: q("INSERT INTO audit_events (at, action, prev_hash, hash) VALUES (?, 'forged', '', ?)", now, strings.Repeat("0", 64))},
			{name: "move the chain head back", guard: "audit_chain_head_guard",
				bad: q("UPDATE audit_chain_head SET last_id = last_id - 1, row_count = row_count - 1")},
			{name: "delete the chain head", guard: "audit_chain_head_guard", bad: q("DELETE FROM audit_chain_head")},

			// REPLACE deletes the conflicting row without firing DELETE triggers.
			{name: "REPLACE an audit row", engines: sqliteOnly, guard: "audit_events_chain_link",
				bad: q(`INSERT OR REPLACE INTO audit_events (id, at, actor_id, actor_email, action, record_type, record_id, request_id, ip, via, summary, prev_hash, hash)
					SELECT id, at, actor_id, actor_email, action, record_type, record_id, request_id, ip, via, 'nothing happened', prev_hash, hash
					FROM audit_events WHERE id = ?`, f.auditFirst)},
			{name: "REPLACE an application event", engines: sqliteOnly, guard: "application_events_follow_status_table",
				bad: q(`REPLACE INTO application_events (id, application_id, seq, action, actor_id, at, reason, interview_id, card_id, status_after)
					SELECT id, application_id, seq, 'record_interview_cleared', actor_id, at, reason, interview_id, card_id, 'approved'
					FROM application_events WHERE application_id = ? AND seq = ?`, f.appH, f.seqH)},
			{name: "REPLACE a recorded interview", engines: sqliteOnly, guard: "interviews_recorded_through_history",
				bad: q("INSERT OR REPLACE INTO interviews SELECT * FROM interviews WHERE id = ?", f.ivH)},
			{name: "REPLACE a checklist answer", engines: sqliteOnly, guard: "interview_checklist_answers_no_replace",
				bad: q("INSERT OR REPLACE INTO interview_checklist_answers SELECT * FROM interview_checklist_answers WHERE id = ?", f.checklist)},
			{name: "REPLACE an indicator answer by its code", engines: sqliteOnly, guard: "interview_indicator_answers_no_replace",
				bad: q(`INSERT OR REPLACE INTO interview_indicator_answers (interview_id, taxonomy, code, grade, answer)
					SELECT interview_id, taxonomy, code, grade, 'no' FROM interview_indicator_answers WHERE id = ?`, f.indicator)},
			{name: "REPLACE a referral", engines: sqliteOnly, guard: "referrals_no_replace",
				bad: q("INSERT OR REPLACE INTO referrals SELECT * FROM referrals WHERE id = ?", f.referral)},
			{name: "REPLACE a signal", engines: sqliteOnly, guard: "signals_no_replace",
				bad: q("INSERT OR REPLACE INTO signals SELECT * FROM signals WHERE id = ?", f.signal)},
			{name: "REPLACE an observation", engines: sqliteOnly, guard: "indicator_observations_no_replace",
				bad: q("INSERT OR REPLACE INTO indicator_observations SELECT * FROM indicator_observations WHERE id = ?", f.obs)},
			{name: "REPLACE a published scale", engines: sqliteOnly, guard: "scale_versions_no_replace",
				bad: q("INSERT OR REPLACE INTO scale_versions SELECT * FROM scale_versions WHERE status = 'published'")},
			{name: "UPDATE OR REPLACE a draft onto a published date", engines: sqliteOnly, guard: "scale_versions_no_replace",
				bad: q(`UPDATE OR REPLACE scale_versions SET status = 'published', published_at = ?,
					effective_date = (SELECT effective_date FROM scale_versions WHERE status = 'published') WHERE id = ?`, now, f.draft),
				ok: []stmt{q("UPDATE scale_versions SET status = 'published', published_at = ?, effective_date = ? WHERE id = ?", now, later, f.draft)}},
			{name: "UPDATE OR REPLACE a draft onto a published id", engines: sqliteOnly, guard: "scale_versions_no_replace",
				bad: q("UPDATE OR REPLACE scale_versions SET id = (SELECT id FROM scale_versions WHERE status = 'published') WHERE id = ?", f.draft)},
			{name: "UPDATE OR REPLACE a restriction onto another", engines: sqliteOnly, guard: "employer_restrictions_no_replace",
				bad: q("UPDATE OR REPLACE employer_restrictions SET id = ? WHERE id = ?", f.restriction, f.restriction2),
				ok:  []stmt{q("UPDATE employer_restrictions SET lifted_at = ?, lifted_by_id = ?, lift_reason = 'appeal granted' WHERE id = ?", now, w.admin.UserID(), f.restriction2)}},
			{name: "UPDATE OR REPLACE a card onto another's number", engines: sqliteOnly, guard: "cards_identity_fixed",
				bad: q("UPDATE OR REPLACE cards SET number = 'S00000000001' WHERE id = ?", f.cardB)},
			{name: "REPLACE a contract", engines: sqliteOnly, guard: "contracts_no_replace",
				bad: q("INSERT OR REPLACE INTO contracts SELECT * FROM contracts WHERE id = ?", f.contract)},
			{name: "REPLACE a restriction", engines: sqliteOnly, guard: "employer_restrictions_no_replace",
				bad: q("INSERT OR REPLACE INTO employer_restrictions SELECT * FROM employer_restrictions WHERE id = ?", f.restriction)},
			{name: "REPLACE a card", engines: sqliteOnly, guard: "cards_issue_gate",
				bad: q("INSERT OR REPLACE INTO cards SELECT * FROM cards WHERE id = ?", f.cardB)},
			{name: "REPLACE an application", engines: sqliteOnly, guard: "applications_identity_fixed",
				bad: q("INSERT OR REPLACE INTO applications SELECT * FROM applications WHERE id = ?", f.appB)},
			{name: "REPLACE the chain head", engines: sqliteOnly, guard: "audit_chain_head_guard",
				bad: q("INSERT OR REPLACE INTO audit_chain_head VALUES (1, 0, '', 0)")},

			// INSERT ... ON CONFLICT DO UPDATE, on both engines.
			{name: "upsert an audit row", guard: "audit_events_chain_link",
				bad: q(`INSERT INTO audit_events SELECT * FROM audit_events WHERE id = ? ON CONFLICT (id) DO UPDATE SET summary = 'nothing happened'`, f.auditFirst)},
			{name: "upsert an application event", guard: "application_events_follow_status_table",
				bad: q(`INSERT INTO application_events SELECT * FROM application_events WHERE application_id = ? AND seq = ?
					ON CONFLICT (id) DO UPDATE SET action = 'release_hold'`, f.appH, f.seqH)},
			{name: "upsert a signal", guard: "signals_no_replace", pgGuard: "signals is append-only",
				bad: q(`INSERT INTO signals SELECT * FROM signals WHERE id = ? ON CONFLICT (id) DO UPDATE SET source_detail = 'nothing'`, f.signal)},
			{name: "upsert a contract", guard: "contracts_no_replace", pgGuard: "cannot be changed",
				bad: q(`INSERT INTO contracts SELECT * FROM contracts WHERE id = ? ON CONFLICT (id) DO UPDATE SET gross_monthly_cents = 100`, f.contract)},
			{name: "upsert a card onto another application", guard: "cards_issue_gate",
				bad: q(`INSERT INTO cards SELECT * FROM cards WHERE id = ? ON CONFLICT (id) DO UPDATE SET application_id = ?`, f.cardB, f.appA)},
			{name: "upsert an observation", guard: "indicator_observations_no_replace", pgGuard: "indicator_observations is append-only",
				bad: q(`INSERT INTO indicator_observations SELECT * FROM indicator_observations WHERE id = ? ON CONFLICT (id) DO UPDATE SET answer = 'no'`, f.obs)},

			// PostgreSQL's TRUNCATE fires no row trigger; each table has its own.
			{name: "TRUNCATE the history", engines: pgOnly, guard: "application_events_no_truncate", bad: q("TRUNCATE application_events")},
			{name: "TRUNCATE interviews", engines: pgOnly, guard: "interviews_no_truncate", bad: q("TRUNCATE interviews CASCADE")},
			{name: "TRUNCATE applications", engines: pgOnly, guard: "applications_no_truncate", bad: q("TRUNCATE applications CASCADE")},
			{name: "TRUNCATE checklist answers", engines: pgOnly, guard: "interview_checklist_answers_no_truncate", bad: q("TRUNCATE interview_checklist_answers")},
			{name: "TRUNCATE indicator answers", engines: pgOnly, guard: "interview_indicator_answers_no_truncate", bad: q("TRUNCATE interview_indicator_answers")},
			{name: "TRUNCATE referrals", engines: pgOnly, guard: "referrals_no_truncate", bad: q("TRUNCATE referrals")},
			{name: "TRUNCATE signals", engines: pgOnly, guard: "signals_no_truncate", bad: q("TRUNCATE signals CASCADE")},
			{name: "TRUNCATE observations", engines: pgOnly, guard: "indicator_observations_no_truncate", bad: q("TRUNCATE indicator_observations")},
			{name: "TRUNCATE scales", engines: pgOnly, guard: "scale_versions_no_truncate", bad: q("TRUNCATE scale_versions CASCADE")},
			{name: "TRUNCATE contracts", engines: pgOnly, guard: "contracts_no_truncate", bad: q("TRUNCATE contracts")},
			{name: "TRUNCATE restrictions", engines: pgOnly, guard: "employer_restrictions_no_truncate", bad: q("TRUNCATE employer_restrictions")},
			{name: "TRUNCATE cards", engines: pgOnly, guard: "cards_no_truncate", bad: q("TRUNCATE cards CASCADE")},
			{name: "TRUNCATE the audit trail", engines: pgOnly, guard: "append-only (TRUNCATE refused)", bad: q("TRUNCATE audit_events")},
			{name: "TRUNCATE the chain head", engines: pgOnly, guard: "audit_chain_head_no_truncate", bad: q("TRUNCATE audit_chain_head")},
			{name: "TRUNCATE the status table", engines: pgOnly, guard: "application_transitions_fixed_truncate", bad: q("TRUNCATE application_transitions")},
		}
		for _, c := range cases {
			if c.engines != nil && !slices.Contains(c.engines, s.Engine()) {
				continue
			}
			t.Run(c.name, func(t *testing.T) {
				guard := c.guard
				if c.pgGuard != "" && storetest.IsPostgres(s) {
					guard = c.pgGuard
				}
				before := snapshot(t, s)
				err := s.DB().Exec(c.bad.sql, c.bad.args...).Error
				switch {
				case err == nil:
					t.Errorf("accepted: %s", c.bad.sql)
				case !strings.Contains(err.Error(), guard):
					t.Errorf("refused, but not by %s: %v", guard, err)
				default:
					t.Logf("refused: %v", err)
				}
				var pgErr *pgconn.PgError
				if storetest.IsPostgres(s) && errors.As(err, &pgErr) && !slices.Contains([]string{"42501", "23514"}, pgErr.Code) {
					t.Errorf("SQLSTATE %s, want insufficient_privilege or check_violation: %v", pgErr.Code, err)
				}
				if after := snapshot(t, s); !maps.Equal(before, after) {
					t.Errorf("a refused statement changed the database:\nbefore %v\nafter  %v", before, after)
				}
				if len(c.ok) == 0 {
					return
				}
				err = s.DB().Transaction(func(tx *gorm.DB) error {
					for _, st := range c.ok {
						if err := tx.Exec(st.sql, st.args...).Error; err != nil {
							return fmt.Errorf("%s: %w", strings.Join(strings.Fields(st.sql), " "), err)
						}
					}
					return errRollback
				})
				if !errors.Is(err, errRollback) {
					t.Errorf("the legitimate statement was refused: %v", err)
				}
			})
		}
	})
}
