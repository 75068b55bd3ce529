// Package generate fills a Carddesk database with realistic, reproducible
// data at scale (issue 14): missions, employers, workers with names in many
// scripts, their employments, applications over twenty years with their
// histories, interviews and cards, indicator observations, and an audit
// trail. The same seed gives the same records.
//
// It writes in bulk (COPY on PostgreSQL, multi-row INSERTs on SQLite) with
// every trigger on: each application's history goes through the status
// table's transitions, each interview is recorded after the event that
// records it, each card passes the issuing gate, and the audit trail is
// hash-chained as the store chains it (store.AuditRowHash), so `carddesk
// audit verify` finds it intact.
package generate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Options size the generated data.
type Options struct {
	Seed         uint64
	Workers      int
	Applications int
	Observations int
	AuditRows    int
	// Awaiting is how many of the workers were registered in the last
	// weeks, each with an employer of their own, and have their first
	// application approved after a recorded, cleared private interview,
	// with its standard contract: the cards waiting to be issued, which the
	// load test's issue_card scenario issues. Their contracts are drawn up
	// through the store (Contracts.Generate: the pay checked against the
	// scale, a real PDF), so a card issued for one passes every rule.
	Awaiting int
	// Years is the span of the history, ending at Now.
	Years int
	Now   time.Time
	// Password is the generated staff's password (all share it);
	// PasswordParams its hashing cost (zero: password.Default).
	Password       string
	PasswordParams password.Params
	// DatabaseURL is the PostgreSQL URL for COPY (empty on SQLite).
	DatabaseURL string
	// Progress receives a line per step (nil: none).
	Progress io.Writer
}

// Full is the size of issue 14.
func Full() Options {
	return Options{Seed: 1, Workers: 100_000, Applications: 300_000, Observations: 1_000_000, AuditRows: 10_000_000, Years: 20,
		Awaiting: 2000}
}

// Scaled divides the sizes of o by d (at least one of each).
func (o Options) Scaled(d int) Options {
	if d > 1 {
		o.Workers, o.Applications = max(1, o.Workers/d), max(1, o.Applications/d)
		o.Observations, o.AuditRows = o.Observations/d, o.AuditRows/d
		// Enough cards to issue for a load test of some seconds, and never
		// more than a tenth of the workers (the others' histories).
		o.Awaiting = max(o.Awaiting/d, min(o.Awaiting, 500, o.Workers/10))
	}
	o.Awaiting = min(o.Awaiting, o.Workers)
	return o
}

// Report counts what was written.
type Report struct {
	Staff, Missions, Employers, Workers, Employments int
	Applications, Events, Interviews, Cards          int
	Contracts                                        int
	Observations, AuditRows                          int
	Elapsed                                          time.Duration
	StaffEmails                                      []string
	FirstWorkerID, FirstApplicationID                int64
}

// ErrNotEmpty refuses to generate into a database that holds records.
var ErrNotEmpty = errors.New("the database already holds workers or applications: generate into an empty, migrated database")

// gen carries the state of one run.
type gen struct {
	o     Options
	rng   *rand.Rand
	sink  sink
	start time.Time
	span  time.Duration
	rep   Report
	last  time.Time
	began time.Time

	// staff
	clerks, interviewers, admins []int64
	emails                       map[int64]string
	// first id of each table (the tables are empty, ids start after any
	// row another process left, such as staff created by hand)
	userBase, missionBase, employerBase, workerBase, employmentBase int64
	appBase, eventBase, interviewBase, cardBase, obsBase            int64

	workers   []workerPlan
	employers []employerPlan

	// The calendar refuses an interviewer or a room booked twice for
	// overlapping times while neither booking is recorded (migration
	// 00017): each interviewer has their own room, and their bookings take
	// distinct hours, within a generation (written before it is recorded)
	// and against the bookings left unrecorded by earlier generations.
	unheld map[int64]map[int64]bool // interviewer -> hour (Unix/3600) left unrecorded
}

// interviewSlot is the first hour from at (truncated to the hour) that
// interviewer has free in this generation's taken hours and in the unheld
// bookings of earlier ones, marked taken.
func (g *gen) interviewSlot(taken map[int64]map[int64]bool, interviewer int64, at time.Time) time.Time {
	if taken[interviewer] == nil {
		taken[interviewer] = map[int64]bool{}
	}
	h := at.Truncate(time.Hour).Unix() / 3600
	for taken[interviewer][h] || g.unheld[interviewer][h] {
		h++
	}
	taken[interviewer][h] = true
	return time.Unix(h*3600, 0).UTC()
}

type employerPlan struct {
	id, mission int64
	postingEnds time.Time
}

type workerPlan struct {
	id, employment, employer int64
	registered               time.Time
	awaiting                 bool // Options.Awaiting
	passport                 string
	languages                string
	apps                     []appPlan
	obs                      int
}

type appPlan struct {
	id, interview, card, replaces int64
	at                            time.Time
	stage                         stage
	expires                       time.Time
}

// stage is how far an application got.
type stage int

const (
	stageSubmitted stage = iota
	stageRejected
	stageWithdrawn
	stageScheduled
	stageApproved
	stageIssued
	stageCollected
)

// Run generates into st, which must be migrated and hold no workers or
// applications.
func Run(ctx context.Context, st *store.Store, o Options) (*Report, error) {
	if o.Years <= 0 {
		o.Years = 20
	}
	if o.Now.IsZero() {
		o.Now = time.Now().UTC()
	}
	if o.Password == "" {
		return nil, errors.New("generate: a password for the generated staff is required")
	}
	if o.Awaiting < 0 {
		return nil, errors.New("generate: awaiting cannot be negative")
	}
	if o.Workers < 1 || o.Applications < o.Workers {
		return nil, fmt.Errorf("generate: want at least one worker and one application per worker (got %d workers, %d applications)", o.Workers, o.Applications)
	}
	g := &gen{o: o, rng: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), began: time.Now()}
	g.start = models.CalendarDay(o.Now.AddDate(-o.Years, 0, 0))
	g.span = models.CalendarDay(o.Now).Sub(g.start)
	var err error
	if st.Engine() == store.Postgres {
		if o.DatabaseURL == "" {
			return nil, errors.New("generate: PostgreSQL needs the database URL for COPY")
		}
		g.sink, err = newPGSink(ctx, o.DatabaseURL)
	} else {
		sqlDB, dbErr := st.DB().DB()
		if dbErr != nil {
			return nil, dbErr
		}
		g.sink, err = newSQLiteSink(ctx, sqlDB)
	}
	if err != nil {
		return nil, err
	}
	defer g.sink.close(ctx)
	if err := g.run(ctx, st); err != nil {
		return nil, err
	}
	g.rep.Elapsed = time.Since(g.began)
	return &g.rep, nil
}

func (g *gen) run(ctx context.Context, st *store.Store) error {
	n, err := g.sink.queryInt64(ctx, "SELECT (SELECT count(*) FROM workers) + (SELECT count(*) FROM applications)")
	if err != nil {
		return fmt.Errorf("generate: count records: %w", err)
	}
	if n > 0 {
		return ErrNotEmpty
	}
	for _, b := range []struct {
		table string
		to    *int64
	}{{"users", &g.userBase}, {"missions", &g.missionBase}, {"employers", &g.employerBase}, {"workers", &g.workerBase},
		{"employments", &g.employmentBase}, {"applications", &g.appBase}, {"application_events", &g.eventBase},
		{"interviews", &g.interviewBase}, {"cards", &g.cardBase}, {"indicator_observations", &g.obsBase}} {
		if *b.to, err = g.sink.queryInt64(ctx, "SELECT coalesce(max(id), 0) FROM "+b.table); err != nil {
			return fmt.Errorf("generate: ids of %s: %w", b.table, err)
		}
	}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"staff", g.staff}, {"missions and employers", g.missionsAndEmployers}, {"workers", g.workersAndEmployments},
		{"applications, interviews and cards", g.lifecycles}, {"indicator observations", g.observations},
		{"sequences", g.sequences}, {"audit trail", g.audit},
	}
	// The audit trail comes last and is committed as it goes: a run
	// stopped during it leaves a complete database with a shorter, intact
	// trail.
	for _, s := range steps {
		g.progress("%s…", s.name)
		if err := s.fn(ctx); err != nil {
			return fmt.Errorf("generate %s: %w", s.name, err)
		}
		if err := g.sink.commit(ctx); err != nil {
			return fmt.Errorf("generate %s: commit: %w", s.name, err)
		}
	}
	// The card sequence continues after the generated cards (through the
	// store, which waits for the write lock the sink would hold).
	g.sink.close(ctx)
	if _, err := st.AdvanceCardSequence(ctx, models.System("generate"), 0); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if st.Engine() == store.SQLite {
		// Statistics for SQLite's planner too (sqlite_stat1): without them
		// it guesses every index equally selective.
		if err := st.DB().WithContext(ctx).Exec("ANALYZE").Error; err != nil {
			return fmt.Errorf("generate: analyze: %w", err)
		}
	}
	if st.Engine() == store.Postgres {
		// Fresh statistics for the planner, the audit trail included, and
		// the dead versions the generation's updates left (cards, interviews,
		// applications) cleared from the indexes: before, the renewals-due
		// count read the whole cards table until autovacuum came by.
		if err := st.DB().WithContext(ctx).Exec("VACUUM (ANALYZE)").Error; err != nil {
			return fmt.Errorf("generate: vacuum and analyze: %w", err)
		}
		// The audit chain head's row was updated once per audit row, 500
		// to a transaction: its dead versions spread over hundreds of pages
		// each read of it visits until they are vacuumed with the index
		// (migration 00032).
		if err := st.DB().WithContext(ctx).Exec("VACUUM (INDEX_CLEANUP ON) audit_chain_head").Error; err != nil {
			return fmt.Errorf("generate: vacuum the audit chain head: %w", err)
		}
	}
	if err := g.awaitingContracts(ctx, st); err != nil {
		return fmt.Errorf("generate contracts: %w", err)
	}
	g.progress("done: %d workers, %d applications, %d cards, %d observations, %d audit rows, %d contracts",
		g.rep.Workers, g.rep.Applications, g.rep.Cards, g.rep.Observations, g.rep.AuditRows, g.rep.Contracts)
	return nil
}

// progress prints a line with the time since the start.
func (g *gen) progress(format string, args ...any) {
	if g.o.Progress == nil {
		return
	}
	fmt.Fprintf(g.o.Progress, "[%6.1fs] %s\n", time.Since(g.began).Seconds(), fmt.Sprintf(format, args...))
}

// tick prints progress at most every two seconds.
func (g *gen) tick(format string, args ...any) {
	if time.Since(g.last) < 2*time.Second {
		return
	}
	g.last = time.Now()
	g.progress(format, args...)
}

// at is a moment f (0..1) into the history.
func (g *gen) at(f float64) time.Time {
	return g.start.Add(time.Duration(f * float64(g.span))).Truncate(time.Microsecond)
}

func (g *gen) pick(ids []int64) int64 { return ids[g.rng.IntN(len(ids))] }

func (g *gen) staff(ctx context.Context) error {
	params := g.o.PasswordParams
	if params == (password.Params{}) {
		params = password.Default
	}
	hash, err := params.Hash(g.o.Password)
	if err != nil {
		return err
	}
	g.emails = map[int64]string{}
	var users, roles [][]any
	id := g.userBase
	add := func(role models.Role, n int, to *[]int64) {
		for i := 1; i <= n; i++ {
			id++
			email := fmt.Sprintf("%s%d@generated.example", role, i)
			users = append(users, []any{id, email, fmt.Sprintf("Generated %s %d", role, i), "en", hash, false, true, g.start, g.start})
			roles = append(roles, []any{id, string(role)})
			*to = append(*to, id)
			g.emails[id] = email
			g.rep.StaffEmails = append(g.rep.StaffEmails, email)
		}
	}
	add(models.RoleClerk, 12, &g.clerks)
	add(models.RoleInterviewer, 8, &g.interviewers)
	add(models.RoleAdmin, 3, &g.admins)
	g.rep.Staff = len(users)
	if err := g.sink.insert(ctx, "users", []string{"id", "email", "name", "locale", "password_hash", "must_change_password", "active", "created_at", "updated_at"}, users); err != nil {
		return err
	}
	return g.sink.insert(ctx, "user_roles", []string{"user_id", "role"}, roles)
}

func (g *gen) missionsAndEmployers(ctx context.Context) error {
	nMissions := max(3, g.o.Workers/550)
	// The workers awaiting a card come last, each with an employer of
	// their own: no other servant of the household holds a card.
	nEmployers := max(1, (g.o.Workers-g.o.Awaiting)/3) + g.o.Awaiting
	var missions, employers [][]any
	kinds := []string{"embassy", "embassy", "embassy", "consulate", "international_organisation"}
	for i := 1; i <= nMissions; i++ {
		country := missionCountries[(i-1)%len(missionCountries)]
		kind := kinds[g.rng.IntN(len(kinds))]
		name := fmt.Sprintf("%s of %s %d", map[string]string{"embassy": "Embassy", "consulate": "Consulate", "international_organisation": "Delegation"}[kind], country, i)
		missions = append(missions, []any{g.missionBase + int64(i), name, kind, country, "active", nil, g.start, g.start})
	}
	for i := 1; i <= nEmployers; i++ {
		id := g.employerBase + int64(i)
		mission := g.missionBase + 1 + int64(g.rng.IntN(nMissions))
		family := employerFamilies[g.rng.IntN(len(employerFamilies))]
		given := fmt.Sprintf("Member %d", i)
		ends := g.o.Now.AddDate(1+g.rng.IntN(4), g.rng.IntN(12), 0)
		e := models.Employer{FamilyName: family, GivenNames: given}
		search := models.FoldName(e.FamilyName + " " + e.GivenNames)
		employers = append(employers, []any{id, mission, family, given, search, "Counsellor", false, true, models.CalendarDay(ends), g.start, g.start})
		g.employers = append(g.employers, employerPlan{id: id, mission: mission, postingEnds: models.CalendarDay(ends)})
	}
	g.rep.Missions, g.rep.Employers = len(missions), len(employers)
	if err := g.sink.insert(ctx, "missions", []string{"id", "name", "kind", "country_code", "status", "closed_on", "created_at", "updated_at"}, missions); err != nil {
		return err
	}
	return g.sink.insert(ctx, "employers", []string{"id", "mission_id", "family_name", "given_names", "search_name", "title",
		"head_of_mission", "entitled_to_private_servant", "posting_ends_on", "created_at", "updated_at"}, employers)
}

var workerCols = []string{"id", "family_name", "given_names", "search_name", "date_of_birth", "sex", "nationality",
	"passport_number", "passport_expires_on", "languages", "phone", "iban", "account_in_sole_name", "residence_status",
	"passport_key", "name_birth_key", "created_at", "updated_at"}

var employmentCols = []string{"id", "worker_id", "employer_id", "starts_on", "ends_on", "job_category", "weekly_hours",
	"live_in", "created_at", "updated_at"}

func (g *gen) workersAndEmployments(ctx context.Context) error {
	totalWeight := 0
	for _, c := range cultures {
		totalWeight += c.weight
	}
	seen := make(map[string]bool, g.o.Workers)
	jobs := []string{"cleaning", "household", "childcare"}
	residence := []models.ResidenceStatus{models.ResidenceSpecialIDHolder, models.ResidenceSpecialIDHolder, models.ResidenceSpecialIDPending, models.ResidenceNoneYet}
	var rows, jobsRows [][]any
	flush := func() error {
		if err := g.sink.insert(ctx, "workers", workerCols, rows); err != nil {
			return err
		}
		if err := g.sink.insert(ctx, "employments", employmentCols, jobsRows); err != nil {
			return err
		}
		rows, jobsRows = rows[:0], jobsRows[:0]
		return nil
	}
	for i := 0; i < g.o.Workers; i++ {
		pick := g.rng.IntN(totalWeight)
		c := cultures[0]
		for _, k := range cultures {
			if pick < k.weight {
				c = k
				break
			}
			pick -= k.weight
		}
		registered := g.at(float64(i)/float64(g.o.Workers) + g.rng.Float64()/float64(g.o.Workers))
		w := models.Worker{
			FamilyName:  c.families[g.rng.IntN(len(c.families))],
			GivenNames:  c.givens[g.rng.IntN(len(c.givens))],
			DateOfBirth: registered.AddDate(-(21 + g.rng.IntN(35)), -g.rng.IntN(12), -g.rng.IntN(28)),
			Sex:         models.SexFemale, Nationality: c.nationality, Languages: c.languages,
			// Letters of the country, then digits from the worker's place:
			// unique, and searchable by prefix like real numbers.
			PassportNumber:    fmt.Sprintf("%s%07d", c.nationality, 1_000_000+(i*7919)%9_000_000),
			PassportExpiresOn: registered.AddDate(10, 0, 0),
			Phone:             fmt.Sprintf("+32 47%d %02d %02d %02d", g.rng.IntN(10), g.rng.IntN(100), g.rng.IntN(100), g.rng.IntN(100)),
			ResidenceStatus:   residence[g.rng.IntN(len(residence))],
		}
		if g.rng.IntN(5) == 0 {
			w.Sex = models.SexMale
		}
		w.Normalize()
		for seen[w.NameBirthKey] { // the same names, born the same day: another day
			w.DateOfBirth = w.DateOfBirth.AddDate(0, 0, 1)
			w.Normalize()
		}
		seen[w.NameBirthKey] = true
		id, job := g.workerBase+int64(i+1), g.employmentBase+int64(i+1)
		awaiting := i >= g.o.Workers-g.o.Awaiting
		shared := len(g.employers) - g.o.Awaiting
		emp := g.employers[(i*31+g.rng.IntN(3))%shared]
		if awaiting {
			emp = g.employers[shared+i-(g.o.Workers-g.o.Awaiting)]
			// Registered about a month ago: the first application, a day
			// later, was interviewed a fortnight after (lifecycles).
			registered = g.o.Now.Add(-time.Duration(29*24+g.rng.IntN(72)) * time.Hour).Truncate(time.Microsecond)
		}
		rows = append(rows, []any{id, w.FamilyName, w.GivenNames, w.SearchName, w.DateOfBirth, string(w.Sex), w.Nationality,
			w.PassportNumber, w.PassportExpiresOn, w.Languages, w.Phone, "", false, string(w.ResidenceStatus),
			w.PassportKey, w.NameBirthKey, registered, registered})
		starts := models.CalendarDay(registered.AddDate(0, 0, -30))
		jobsRows = append(jobsRows, []any{id, id, emp.id, starts, nil, jobs[g.rng.IntN(len(jobs))], 38, g.rng.IntN(2) == 0, registered, registered})
		jobsRows[len(jobsRows)-1][0] = job
		g.workers = append(g.workers, workerPlan{id: id, employment: job, employer: emp.id, registered: registered, awaiting: awaiting,
			passport: w.PassportNumber, languages: w.Languages})
		if len(rows) == 5000 {
			if err := flush(); err != nil {
				return err
			}
			g.tick("workers %d/%d", i+1, g.o.Workers)
		}
	}
	g.rep.Workers, g.rep.Employments = g.o.Workers, g.o.Workers
	g.rep.FirstWorkerID = g.workerBase + 1
	return flush()
}

// applicationDays is the time from one application to the next: cards are
// valid a year, and renewed shortly before they expire.
const applicationDays = 330

// planApplications gives each worker its applications, yearly renewals
// from the registration, as many in all as asked for where the twenty years
// leave room.
func (g *gen) planApplications() {
	room := make([]int, len(g.workers))
	counts := make([]int, len(g.workers))
	end := models.CalendarDay(g.o.Now)
	for i, w := range g.workers {
		room[i] = max(1, int(end.Sub(w.registered).Hours()/24/applicationDays))
		counts[i] = 1
	}
	left := g.o.Applications - len(g.workers)
	for tries := 0; left > 0 && tries < 50*g.o.Applications; tries++ {
		i := g.rng.IntN(len(g.workers))
		if counts[i] < room[i] {
			counts[i]++
			left--
		}
	}
	appID, interviewID, cardID := g.appBase, g.interviewBase, g.cardBase
	// Ids are handed out generation by generation (every worker's first
	// application, then every second one...), the order they are written in.
	for gen := 0; ; gen++ {
		more := false
		for i := range g.workers {
			if counts[i] <= gen {
				continue
			}
			more = true
			w := &g.workers[i]
			appID++
			a := appPlan{id: appID, at: w.registered.AddDate(0, 0, gen*applicationDays+g.rng.IntN(20))}
			if w.awaiting {
				a.at = w.registered.Add(24 * time.Hour)
			}
			if gen > 0 {
				prev := w.apps[gen-1]
				a.replaces = prev.card
			}
			last := gen == counts[i]-1
			age := end.Sub(a.at)
			switch {
			case !last:
				a.stage = stageCollected
			case w.awaiting:
				a.stage = stageApproved
			case age < 7*24*time.Hour:
				a.stage = stageSubmitted
			case age < 21*24*time.Hour:
				a.stage = stageScheduled
			case age < 28*24*time.Hour:
				a.stage = stageApproved
			case age < 35*24*time.Hour:
				a.stage = stageIssued
			default:
				switch g.rng.IntN(50) {
				case 0:
					a.stage = stageRejected
				case 1:
					a.stage = stageWithdrawn
				default:
					a.stage = stageCollected
				}
			}
			if a.stage >= stageScheduled {
				interviewID++
				a.interview = interviewID
			}
			if a.stage >= stageIssued {
				cardID++
				a.card = cardID
				a.expires = models.CalendarDay(a.at.AddDate(0, 0, 21)).AddDate(1, 0, -1)
			}
			w.apps = append(w.apps, a)
		}
		if !more {
			return
		}
	}
}

var appCols = []string{"id", "kind", "worker_id", "employer_id", "employment_id", "replaces_card_id", "status",
	"created_by_id", "created_at", "updated_at"}
var interviewCols = []string{"id", "application_id", "interviewer_id", "scheduled_at", "room", "scheduled_by_id",
	"employer_absent", "created_at"}
var eventCols = []string{"id", "application_id", "seq", "action", "actor_id", "at", "reason", "interview_id", "card_id", "status_after"}
var cardCols = []string{"id", "number", "sequence", "application_id", "interview_id", "worker_id", "employer_id",
	"replaces_card_id", "issued_at", "issued_by_id", "expires_on", "status", "created_at", "updated_at"}

// lifecycles writes the applications generation by generation: a renewal
// names the card it replaces, which the generation before issued.
func (g *gen) lifecycles(ctx context.Context) error {
	g.planApplications()
	eventID := g.eventBase
	for gen := 0; ; gen++ {
		var apps, interviews, events, cards, later [][]any
		var firstApp, lastApp, firstInterview, lastInterview, firstCard, lastCard int64
		taken := map[int64]map[int64]bool{}
		if g.unheld == nil {
			g.unheld = map[int64]map[int64]bool{}
		}
		var unheld [][2]int64 // this generation's bookings left unrecorded
		for i := range g.workers {
			w := &g.workers[i]
			if gen >= len(w.apps) {
				continue
			}
			a := w.apps[gen]
			if firstApp == 0 {
				firstApp = a.id
			}
			lastApp = a.id
			clerk, interviewer := g.pick(g.clerks), g.pick(g.interviewers)
			kind, replaces := "first_issuance", any(nil)
			if a.replaces != 0 {
				kind, replaces = "renewal", a.replaces
			}
			apps = append(apps, []any{a.id, kind, w.id, w.employer, w.employment, replaces, "draft", clerk, a.at, a.at})
			seq := 0
			event := func(to *[][]any, action string, actor int64, at time.Time, reason string, interview, card any, after string) {
				eventID++
				seq++
				*to = append(*to, []any{eventID, a.id, seq, action, actor, at, reason, interview, card, after})
			}
			event(&events, "submit", clerk, a.at, "", nil, nil, "submitted")
			switch a.stage {
			case stageRejected:
				event(&events, "reject", clerk, a.at.Add(72*time.Hour), "The employer is not entitled to a private servant.", nil, nil, "rejected")
				continue
			case stageWithdrawn:
				event(&events, "withdraw", clerk, a.at.Add(48*time.Hour), "Withdrawn by the mission.", nil, nil, "withdrawn")
				continue
			case stageSubmitted:
				continue
			}
			interviewAt := g.interviewSlot(taken, interviewer, a.at.Add(14*24*time.Hour))
			room := fmt.Sprintf("Interview room %d", interviewer)
			interviews = append(interviews, []any{a.interview, a.id, interviewer, interviewAt, room, clerk, false, a.at.Add(24 * time.Hour)})
			if firstInterview == 0 {
				firstInterview = a.interview
			}
			event(&events, "schedule_interview", clerk, a.at.Add(24*time.Hour), "", a.interview, nil, "interview_scheduled")
			if a.stage == stageScheduled {
				unheld = append(unheld, [2]int64{interviewer, interviewAt.Unix() / 3600})
				continue
			}
			lastInterview = a.interview
			event(&events, "record_interview_cleared", interviewer, interviewAt.Add(time.Hour), "", a.interview, nil, "approved")
			if a.stage == stageApproved {
				continue
			}
			issued := a.at.Add(21 * 24 * time.Hour)
			number, err := models.FormatCardNumber(a.card)
			if err != nil {
				return err
			}
			cards = append(cards, []any{a.card, number, a.card, a.id, a.interview, w.id, w.employer, replaces, issued, clerk, a.expires, "ready_for_collection", issued, issued})
			if firstCard == 0 {
				firstCard = a.card
			}
			lastCard = a.card
			event(&later, "issue_card", clerk, issued, "", nil, a.card, "card_ready")
			if a.stage == stageCollected {
				event(&later, "collect", clerk, issued.Add(72*time.Hour), "", nil, a.card, "collected")
			}
		}
		if len(apps) == 0 {
			break
		}
		if err := g.writeGeneration(ctx, apps, interviews, events, cards, later,
			[3][2]int64{{firstApp, lastApp}, {firstInterview, lastInterview}, {firstCard, lastCard}}); err != nil {
			return fmt.Errorf("generation %d: %w", gen+1, err)
		}
		for _, u := range unheld {
			if g.unheld[u[0]] == nil {
				g.unheld[u[0]] = map[int64]bool{}
			}
			g.unheld[u[0]][u[1]] = true
		}
		g.rep.Applications += len(apps)
		g.rep.Interviews += len(interviews)
		g.rep.Cards += len(cards)
		g.rep.Events += len(events) + len(later)
		g.progress("  generation %d: %d applications (%d/%d)", gen+1, len(apps), g.rep.Applications, g.o.Applications)
	}
	g.rep.FirstApplicationID = g.appBase + 1
	// Cards past their validity have expired; a worker's last card, not
	// renewed for three months, was handed back when the employment ended
	// (so the renewals-due list holds what a desk really has to follow).
	today := models.CalendarDay(g.o.Now)
	if err := g.sink.exec(ctx, `UPDATE cards SET status = 'returned', status_changed_at = expires_on, updated_at = expires_on,
		status_reason = 'Employment ended; card handed back.'
		WHERE status = 'collected' AND expires_on < ? AND NOT EXISTS (SELECT 1 FROM applications a
			WHERE a.replaces_card_id = cards.id AND a.status NOT IN ('withdrawn', 'rejected'))`,
		today.AddDate(0, 0, -90)); err != nil {
		return err
	}
	return g.sink.exec(ctx, `UPDATE cards SET status = 'expired', status_changed_at = expires_on, updated_at = expires_on
		WHERE status = 'collected' AND expires_on < ?`, today)
}

// writeGeneration writes one generation in the order the triggers ask for:
// the applications as drafts, the appointments, the history up to the
// record, the interviews' records, the cards, the history after them, and
// the applications' and cards' status.
func (g *gen) writeGeneration(ctx context.Context, apps, interviews, events, cards, later [][]any, ranges [3][2]int64) error {
	if err := g.sink.insert(ctx, "applications", appCols, apps); err != nil {
		return err
	}
	if err := g.sink.insert(ctx, "interviews", interviewCols, interviews); err != nil {
		return err
	}
	if err := g.sink.insert(ctx, "application_events", eventCols, events); err != nil {
		return err
	}
	// Without statistics of the rows just copied, PostgreSQL planned the
	// record's UPDATE below as a nested loop over every event of the first
	// generation for each interview: at 100,000 workers it ran for more than
	// twenty minutes and had not ended.
	if err := g.sink.analyze(ctx, "applications", "interviews", "application_events"); err != nil {
		return err
	}
	if ranges[1][1] > 0 {
		// Recorded by the interviewer who held it, an hour after, in private,
		// the worker informed of their rights in their best language.
		if err := g.sink.exec(ctx, `UPDATE interviews SET held_at = scheduled_at, recorded_at = scheduled_at,
			recorded_by_id = interviewer_id, outcome = 'cleared', employer_absent = true, informed_of_rights = true,
			rights_language = 'en', leaflet_handed_over = true, leaflet_language = 'en'
			WHERE id BETWEEN ? AND ? AND id IN (SELECT interview_id FROM application_events
				WHERE action = 'record_interview_cleared' AND application_id BETWEEN ? AND ?)`,
			ranges[1][0], ranges[1][1], ranges[0][0], ranges[0][1]); err != nil {
			return err
		}
	}
	// Again once the interviews are recorded: planned on statistics that
	// still said no interview was held, the issuing gate's lookup of the
	// card's interview walked the whole interviews_held_at index for each
	// card (quadratic: 30 minutes and counting for the first generation).
	if err := g.sink.analyze(ctx, "interviews"); err != nil {
		return err
	}
	if err := g.sink.insert(ctx, "cards", cardCols, cards); err != nil {
		return err
	}
	if err := g.sink.analyze(ctx, "cards"); err != nil {
		return err
	}
	if err := g.sink.insert(ctx, "application_events", eventCols, later); err != nil {
		return err
	}
	if err := g.sink.analyze(ctx, "application_events"); err != nil {
		return err
	}
	if err := g.sink.exec(ctx, `UPDATE applications SET status = (SELECT e.status_after FROM application_events e
		WHERE e.application_id = applications.id ORDER BY e.seq DESC LIMIT 1) WHERE id BETWEEN ? AND ?`, ranges[0][0], ranges[0][1]); err != nil {
		return err
	}
	if ranges[2][1] > 0 {
		if err := g.sink.exec(ctx, `UPDATE cards SET status = 'collected', collected_at = issued_at, status_changed_at = issued_at,
			collected_by_clerk_id = issued_by_id, identity_document_kind = 'passport',
			identity_document_number = (SELECT w.passport_number FROM workers w WHERE w.id = cards.worker_id),
			collected_by_worker_in_person = true
			WHERE id BETWEEN ? AND ? AND application_id IN (SELECT application_id FROM application_events
				WHERE action = 'collect' AND application_id BETWEEN ? AND ?)`,
			ranges[2][0], ranges[2][1], ranges[0][0], ranges[0][1]); err != nil {
			return err
		}
	}
	return g.sink.commit(ctx)
}

var observationCols = []string{"id", "worker_id", "employer_id", "taxonomy", "indicator_code", "answer", "grade",
	"source", "interview_id", "signal_id", "signal_source", "observed_on", "recorded_by_id", "supersedes_id",
	"correction_reason", "created_at"}

// observations spreads the indicator observations over the workers who had
// a recorded interview: every fiftieth such worker has a history of fifty
// (the benchmark's long history), the rest share what is left at random.
func (g *gen) observations(ctx context.Context) error {
	var interviewed []int
	for i, w := range g.workers {
		if w.apps[0].stage >= stageApproved {
			interviewed = append(interviewed, i)
		}
	}
	if len(interviewed) == 0 || g.o.Observations == 0 {
		return nil
	}
	left := g.o.Observations
	for k, i := range interviewed {
		if k%50 == 0 && left >= 50 {
			g.workers[i].obs = 50
			left -= 50
		}
	}
	for ; left > 0; left-- {
		i := interviewed[g.rng.IntN(len(interviewed))]
		if g.workers[i].obs == 50 && (len(interviewed) > 1) {
			left++
			continue
		}
		g.workers[i].obs++
	}
	id := g.obsBase
	var rows [][]any
	answers := []string{"yes", "yes", "unclear"}
	grades := []string{"", "strong", "medium", "weak"}
	for _, i := range interviewed {
		w := g.workers[i]
		var recorded []appPlan
		for _, a := range w.apps {
			if a.stage >= stageApproved {
				recorded = append(recorded, a)
			}
		}
		for k := 0; k < w.obs; k++ {
			a := recorded[k%len(recorded)]
			id++
			on := models.CalendarDay(a.at.Add(14 * 24 * time.Hour))
			rows = append(rows, []any{id, w.id, w.employer, "ilo_forced_labour", iloCodes[g.rng.IntN(len(iloCodes))],
				answers[g.rng.IntN(len(answers))], grades[g.rng.IntN(len(grades))], "interview", a.interview, nil, "",
				on, g.pick(g.interviewers), nil, "", on.Add(time.Hour)})
			if len(rows) == 10000 {
				if err := g.sink.insert(ctx, "indicator_observations", observationCols, rows); err != nil {
					return err
				}
				g.rep.Observations += len(rows)
				rows = rows[:0]
				g.tick("observations %d/%d", g.rep.Observations, g.o.Observations)
				// Committed a batch at a time: the observations' triggers
				// update a few counter rows (indicator_counts) once per
				// observation, and PostgreSQL cannot prune the versions a
				// transaction leaves before it ends. In one transaction
				// each update walked all the earlier ones: 10,000
				// observations took 5 s at first and 57 s at 490,000.
				if err := g.sink.commit(ctx); err != nil {
					return err
				}
			}
		}
	}
	g.rep.Observations += len(rows)
	return g.sink.insert(ctx, "indicator_observations", observationCols, rows)
}

var auditCols = []string{"at", "actor_id", "actor_email", "action", "record_type", "record_id", "request_id", "ip",
	"via", "summary", "prev_hash", "hash"}

// auditKinds are the generated audit rows, weighted like a working day:
// mostly reads of workers and applications, sign-ins, then the changes.
var auditKinds = []struct {
	weight                      int
	action, recordType, summary string
	record                      string // "worker", "application", "user" or ""
}{
	{30, "worker.view", "worker", "worker record viewed", "worker"},
	{15, "application.view", "application", "application viewed", "application"},
	{10, "worker_history.view", "worker", "indicator history viewed", "worker"},
	{8, "interview.view", "application", "interview record viewed", "application"},
	{8, models.AuditLoginSucceeded, "user", "signed in", "user"},
	{4, models.AuditLogout, "user", "signed out", "user"},
	{6, "application.submitted", "application", "application submitted", "application"},
	{5, "interview.scheduled", "application", "interview scheduled", "application"},
	{5, "interview.recorded", "application", "interview recorded", "application"},
	{4, "card.issued", "card", "card issued", ""},
	{3, "card.collected", "card", "card collected", ""},
	{2, "worker.created", "worker", "worker registered", "worker"},
}

// audit appends the audit trail in time order over the twenty years, each
// row chained to the one before it as the store chains it. On PostgreSQL
// each row is its own INSERT (pipelined in batches): the chain's AFTER
// trigger moves the head only at the end of a statement, so a COPY's second
// row would not link to the head. The head is a single row updated by each
// append, so the batches are committed as they go: a long transaction would
// leave the head with a long chain of versions to walk on every append.
func (g *gen) audit(ctx context.Context) error {
	if g.o.AuditRows == 0 {
		return nil
	}
	prev, err := g.sink.queryString(ctx, "SELECT last_hash FROM audit_chain_head WHERE id = 1")
	if err != nil {
		return fmt.Errorf("read the chain head: %w", err)
	}
	total := 0
	for _, k := range auditKinds {
		total += k.weight
	}
	batch := 2000
	if _, ok := g.sink.(*pgSink); ok {
		batch = 500
	}
	staff := append(append(append([]int64{}, g.clerks...), g.interviewers...), g.admins...)
	rows := make([][]any, 0, batch)
	for i := 0; i < g.o.AuditRows; i++ {
		f := (float64(i) + g.rng.Float64()*0.5) / float64(g.o.AuditRows)
		at := g.at(f)
		pick := g.rng.IntN(total)
		k := auditKinds[0]
		for _, c := range auditKinds {
			if pick < c.weight {
				k = c
				break
			}
			pick -= c.weight
		}
		actor := g.pick(staff)
		// Records that existed by then: workers and applications are
		// numbered in (roughly) the order they were registered.
		var record string
		switch k.record {
		case "worker":
			record = strconv.FormatInt(g.workerBase+1+int64(g.rng.IntN(max(1, int(f*float64(g.o.Workers))))), 10)
		case "application":
			record = strconv.FormatInt(g.appBase+1+int64(g.rng.IntN(max(1, int(f*float64(g.rep.Applications))))), 10)
		case "user":
			record = strconv.FormatInt(actor, 10)
		default:
			record = strconv.FormatInt(g.cardBase+1+int64(g.rng.IntN(max(1, int(f*float64(max(1, g.rep.Cards)))))), 10)
		}
		ev := models.AuditEvent{At: at, ActorID: &actor, ActorEmail: g.emails[actor], Action: k.action, RecordType: k.recordType,
			RecordID: record, RequestID: fmt.Sprintf("gen-%x", g.rng.Uint64()), IP: fmt.Sprintf("10.20.%d.%d", g.rng.IntN(4), 1+g.rng.IntN(250)),
			Via: "web", Summary: k.summary}
		if g.rng.IntN(5) == 0 {
			ev.Via = "api"
		}
		hash := store.AuditRowHash(prev, ev)
		rows = append(rows, []any{ev.At.UTC().Truncate(time.Microsecond), actor, ev.ActorEmail, ev.Action, ev.RecordType,
			ev.RecordID, ev.RequestID, ev.IP, ev.Via, ev.Summary, prev, hash})
		prev = hash
		if len(rows) == batch || i == g.o.AuditRows-1 {
			if err := g.sink.insertEach(ctx, "audit_events", auditCols, rows); err != nil {
				return err
			}
			if err := g.sink.commit(ctx); err != nil {
				return err
			}
			if pg, ok := g.sink.(*pgSink); ok && (g.rep.AuditRows/batch)%20 == 19 {
				if err := pg.vacuumChainHead(ctx); err != nil {
					return err
				}
			}
			g.rep.AuditRows += len(rows)
			rows = rows[:0]
			g.tick("audit rows %d/%d", g.rep.AuditRows, g.o.AuditRows)
		}
	}
	return nil
}

// sequences moves PostgreSQL's id sequences past the ids written here
// (SQLite's AUTOINCREMENT follows the largest id by itself).
func (g *gen) sequences(ctx context.Context) error {
	if _, ok := g.sink.(*pgSink); !ok {
		return nil
	}
	for _, t := range []string{"users", "missions", "employers", "workers", "employments", "applications",
		"application_events", "interviews", "cards", "indicator_observations"} {
		if err := g.sink.exec(ctx, fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM %s), false)", t, t)); err != nil {
			return err
		}
	}
	return nil
}
