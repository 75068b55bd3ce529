package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// QueueCount is one queue of the reader's home page with how many items wait
// in it.
type QueueCount struct {
	models.QueueDef
	Count int64
}

// Counts returns the queues actor may see (models.QueuesFor) with their
// counts. The applications' queues are counted by one aggregate query with
// the same conditions as the list they link to (ApplicationFilter.Queue);
// the others reuse their list's domain rule. loc is the Directorate's time
// zone, which decides where today and this week begin.
func (s *Queues) Counts(ctx context.Context, actor models.Actor, loc *time.Location) ([]QueueCount, error) {
	if err := actor.Require(models.PermAuthenticated); err != nil {
		return nil, err
	}
	defs := models.QueuesFor(actor)
	out := make([]QueueCount, len(defs))
	db := s.db.WithContext(ctx)
	var cases []string
	var args []any
	var appIdx []int
	for i, d := range defs {
		out[i].QueueDef = d
		if !d.OnApplications {
			continue
		}
		cond, cargs := s.queueCondition(d.Queue, actor, loc)
		cases = append(cases, "COALESCE(SUM(CASE WHEN "+cond+" THEN 1 ELSE 0 END), 0)")
		args = append(args, cargs...)
		appIdx = append(appIdx, i)
	}
	if len(cases) > 0 {
		counts := make([]int64, len(cases))
		dest := make([]any, len(cases))
		for i := range counts {
			dest[i] = &counts[i]
		}
		if err := db.Raw("SELECT "+strings.Join(cases, ", ")+" FROM applications a", args...).Row().Scan(dest...); err != nil {
			return nil, fmt.Errorf("count queues: %w", err)
		}
		for j, i := range appIdx {
			out[i].Count = counts[j]
		}
	}
	for i := range out {
		var err error
		switch out[i].Queue {
		case models.QueueRenewalsDue:
			out[i].Count, err = s.renewalsDueCount(db)
		case models.QueueAlerts:
			out[i].Count, err = s.alertCount(db)
		case models.QueueReferralsDue:
			var due []DueLine
			due, err = s.due(db)
			out[i].Count = int64(len(due))
		case models.QueueScalesStale:
			out[i].Count, err = s.staleScaleCount(ctx, actor)
		case models.QueueAccountsToReview:
			out[i].Count, err = s.accountsToReviewCount(db)
		}
		if err != nil {
			return nil, fmt.Errorf("count queue %s: %w", out[i].Queue, err)
		}
	}
	return out, nil
}

// queueCondition is the SQL condition on applications (aliased a) that puts
// an application in queue q for actor, with its arguments. The count and the
// list share it, so a count never disagrees with the list it opens.
func (c *core) queueCondition(q models.Queue, actor models.Actor, loc *time.Location) (string, []any) {
	now := c.now()
	switch q {
	case models.QueueToComplete:
		cond, args := documentsComplete()
		return "a.status = 'draft' AND NOT (" + cond + ")", args
	case models.QueueToSubmit:
		cond, args := documentsComplete()
		return "a.status = 'draft' AND (" + cond + ")", args
	case models.QueueToSchedule:
		return "a.status = 'submitted'", nil
	case models.QueueToIssue:
		return "a.status = 'approved'", nil
	case models.QueueToCollect:
		return "a.status = 'card_ready'", nil
	case models.QueueHoldsToDecide:
		return "a.status = 'on_hold'", nil
	case models.QueueInterviewsToday, models.QueueInterviewsWeek:
		w := models.DayWindow(now, loc)
		if q == models.QueueInterviewsWeek {
			w = models.WeekWindow(now, loc)
		}
		return `a.status = 'interview_scheduled' AND EXISTS (SELECT 1 FROM interviews i WHERE i.id = (` + currentBookingSQL + `)
			AND i.interviewer_id = ? AND i.recorded_at IS NULL AND i.scheduled_at >= ? AND i.scheduled_at < ?)`,
			[]any{actor.UserID(), w.From.UTC(), w.To.UTC()}
	case models.QueueRecordsToFinish:
		return `a.status IN ('interview_scheduled', 'interviewed') AND EXISTS (SELECT 1 FROM interviews i WHERE i.id = (` + currentBookingSQL + `)
			AND i.interviewer_id = ? AND i.recorded_at IS NULL AND i.scheduled_at < ?)`, []any{actor.UserID(), now.UTC()}
	}
	return "1 = 0", nil
}

// currentBookingSQL selects the interview named by an application's latest
// (re)scheduling (scheduledInterviewID, in SQL).
const currentBookingSQL = `SELECT e.interview_id FROM application_events e WHERE e.application_id = a.id
	AND e.action IN ('schedule_interview', 'reschedule_interview') ORDER BY e.seq DESC LIMIT 1`

// documentsComplete is the condition that an application (a) carries every
// document its kind requires (models.RequiredDocuments).
func documentsComplete() (string, []any) {
	var parts []string
	var args []any
	for _, k := range models.ApplicationKinds {
		req := models.RequiredDocuments(k)
		parts = append(parts, `(a.kind = ? AND (SELECT COUNT(DISTINCT d.kind) FROM documents d
			WHERE d.application_id = a.id AND d.kind IN ?) = ?)`)
		args = append(args, string(k), req, len(req))
	}
	return strings.Join(parts, " OR "), args
}

// renewalsDueCount counts the cards the renewals list shows, by the same
// rule (renewalsDueWhere, models.RenewalDue), from the list's own index.
func (s *Queues) renewalsDueCount(db *gorm.DB) (int64, error) {
	return s.countRenewalsDue(db, s.today().AddDate(0, 0, s.opts.Settings.RenewalWindowDays))
}

// alertCount counts the employers whose observations raise an alert, by
// the alerts list's rule (models.EmployerAlerts: current observations of
// two or more workers, or a strong one), without naming any: from
// employer_alert_workers, which the database keeps as observations are
// recorded (migration 00027), so the home page reads no observation.
func (s *Queues) alertCount(db *gorm.DB) (int64, error) {
	var n int64
	err := db.Raw(alertCountSQL).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count alerts: %w", err)
	}
	return n, nil
}

const alertCountSQL = `SELECT count(*) FROM (SELECT employer_id FROM employer_alert_workers WHERE current > 0
	GROUP BY employer_id HAVING count(*) >= 2 OR sum(strong) > 0) alerted`

func (s *Queues) staleScaleCount(ctx context.Context, actor models.Actor) (int64, error) {
	stale, err := (&Scales{s.core}).Stale(ctx, actor)
	if err != nil || stale == nil {
		return 0, err
	}
	return 1, nil
}

// AccountsToReview lists the active accounts an admin should review
// (models.AccountNeedsReview), oldest activity first.
func (s *Queues) AccountsToReview(ctx context.Context, actor models.Actor) ([]models.User, error) {
	if err := actor.Require(models.PermUserManage); err != nil {
		return nil, err
	}
	return s.accountsToReview(s.db.WithContext(ctx))
}

func (s *Queues) accountsToReview(db *gorm.DB) ([]models.User, error) {
	// One aggregate: each active account's latest successful sign-in
	// (attempts are numbered in time order).
	var latest []struct {
		ID     int64
		LastID *int64
	}
	if err := db.Raw(`SELECT u.id AS id, (SELECT MAX(l.id) FROM login_attempts l WHERE l.email = u.email AND l.succeeded) AS last_id
		FROM users u WHERE u.active ORDER BY u.id`).Scan(&latest).Error; err != nil {
		return nil, fmt.Errorf("accounts to review: %w", err)
	}
	var attemptIDs, userIDs []int64
	for _, r := range latest {
		userIDs = append(userIDs, r.ID)
		if r.LastID != nil {
			attemptIDs = append(attemptIDs, *r.LastID)
		}
	}
	at := map[int64]time.Time{}
	if len(attemptIDs) > 0 {
		var attempts []struct {
			ID int64
			At time.Time
		}
		if err := db.Table("login_attempts").Select("id, at").Where("id IN ?", attemptIDs).Scan(&attempts).Error; err != nil {
			return nil, fmt.Errorf("accounts to review: %w", err)
		}
		for _, a := range attempts {
			at[a.ID] = a.At
		}
	}
	var users []userRow
	if len(userIDs) > 0 {
		if err := db.Where("id IN ?", userIDs).Order("id").Find(&users).Error; err != nil {
			return nil, fmt.Errorf("accounts to review: %w", err)
		}
	}
	byID := map[int64]userRow{}
	for _, u := range users {
		byID[u.ID] = u
	}
	now := s.now()
	var out []models.User
	for _, r := range latest {
		var last *time.Time
		if r.LastID != nil {
			if t, ok := at[*r.LastID]; ok {
				last = &t
			}
		}
		if u := byID[r.ID].model(); models.AccountNeedsReview(u, last, now) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (s *Queues) accountsToReviewCount(db *gorm.DB) (int64, error) {
	us, err := s.accountsToReview(db)
	return int64(len(us)), err
}

// ListFilter narrows the applications list beyond status and worker: to a
// queue (the same condition as its count), to a worker by name, an
// employer, a mission, an interviewer (any of the application's
// interviews), and to the days of the last change, From to To inclusive.
type ListFilter struct {
	Queue         models.Queue
	WorkerName    string
	EmployerID    int64
	MissionID     int64
	InterviewerID int64
	From, To      *time.Time
	// Location decides where the queues' today and this week begin.
	Location *time.Location
}

// filterApplications applies f to q (applications a, workers w, employers
// e). A queue the actor may not see selects nothing.
func (c *core) filterApplications(q *gorm.DB, actor models.Actor, f ListFilter) *gorm.DB {
	if f.Queue != "" {
		d, ok := f.Queue.Def()
		switch {
		case !ok || !d.OnApplications || actor.Require(d.Perm) != nil:
			q = q.Where("1 = 0")
		default:
			loc := f.Location
			if loc == nil {
				loc = time.UTC
			}
			cond, args := c.queueCondition(f.Queue, actor, loc)
			q = q.Where(cond, args...)
		}
	}
	if name := strings.TrimSpace(f.WorkerName); name != "" {
		like := "%" + strings.ToLower(name) + "%"
		q = q.Where("(lower(w.family_name) LIKE ? OR lower(w.given_names) LIKE ?)", like, like)
	}
	if f.EmployerID > 0 {
		q = q.Where("a.employer_id = ?", f.EmployerID)
	}
	if f.MissionID > 0 {
		q = q.Where("e.mission_id = ?", f.MissionID)
	}
	if f.InterviewerID > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM interviews fi WHERE fi.application_id = a.id AND fi.interviewer_id = ?)", f.InterviewerID)
	}
	if f.From != nil {
		q = q.Where("a.updated_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("a.updated_at < ?", f.To.UTC().AddDate(0, 0, 1))
	}
	return q
}

// FilterChoice is one choice of a list filter: an id and its name.
type FilterChoice struct {
	ID   int64
	Name string
}

// FilterChoices are the employers, missions and interviewers the
// applications list can be narrowed to. Names only: nothing confidential.
type FilterChoices struct {
	Employers, Missions, Interviewers []FilterChoice
	// EmployersMore: there are more employers than the first
	// MaxEmployerChoices offered (issue 14: a select of every employer
	// weighed more than the list itself).
	EmployersMore bool
}

// MaxEmployerChoices is how many employers the filter offers.
const MaxEmployerChoices = 200

// Choices returns the applications list's filter choices.
func (s *Queues) Choices(ctx context.Context, actor models.Actor) (*FilterChoices, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, err
	}
	// The three lists in one round trip, each in its order (pos).
	rows, err := s.db.WithContext(ctx).Raw(`SELECT 0 AS list, id, name, pos FROM (
			SELECT e.id, trim(e.title || ' ' || e.given_names || ' ' || e.family_name) || ' — ' || m.name AS name,
				row_number() OVER (ORDER BY e.family_name, e.given_names, e.id) AS pos
			FROM employers e JOIN missions m ON m.id = e.mission_id ORDER BY e.family_name, e.given_names, e.id LIMIT ?) AS employers
		UNION ALL SELECT 1, id, name, row_number() OVER (ORDER BY name, id) FROM missions
		UNION ALL SELECT 2, u.id, u.name, row_number() OVER (ORDER BY u.name, u.id) FROM users u
			WHERE EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?)
		ORDER BY list, pos`, MaxEmployerChoices+1, string(models.RoleInterviewer)).Rows()
	if err != nil {
		return nil, fmt.Errorf("filter choices: %w", err)
	}
	defer rows.Close()
	var out FilterChoices
	lists := []*[]FilterChoice{&out.Employers, &out.Missions, &out.Interviewers}
	for rows.Next() {
		var list int
		var pos int64
		var ch FilterChoice
		if err := rows.Scan(&list, &ch.ID, &ch.Name, &pos); err != nil {
			return nil, fmt.Errorf("read filter choices: %w", err)
		}
		if list < 0 || list >= len(lists) {
			return nil, fmt.Errorf("read filter choices: list %d", list)
		}
		*lists[list] = append(*lists[list], ch)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read filter choices: %w", err)
	}
	if len(out.Employers) > MaxEmployerChoices {
		out.Employers, out.EmployersMore = out.Employers[:MaxEmployerChoices], true
	}
	return &out, nil
}
