package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// nextCardSequence draws the next card number from the one sequence shared by
// every instance; a number drawn is never drawn again, even if the
// transaction that drew it rolls back.
func (s *core) nextCardSequence(tx *gorm.DB) (int64, error) {
	var seq int64
	if s.engine == Postgres {
		if err := tx.Raw("SELECT nextval('card_number_seq')").Scan(&seq).Error; err != nil {
			return 0, fmt.Errorf("card number: %w", err)
		}
		return seq, nil
	}
	if err := tx.Raw("INSERT INTO card_number_seq (at) VALUES (?) RETURNING id", s.now()).Scan(&seq).Error; err != nil {
		return 0, fmt.Errorf("card number: %w", err)
	}
	return seq, nil
}

// Issue issues the card of an application: it loads what models.IssueCard
// decides on (the gate, the cumulative cap with its exception, the expiry)
// inside the transaction, with the application row locked, so concurrent
// requests produce one card at most; the database refuses a card row without
// a completed, cleared interview of that application even if this code were
// wrong. The contract's pay is checked again (models.CheckApplicationPay).
// There is no override.
func (s *Cards) Issue(ctx context.Context, actor models.Actor, appID int64) (*models.Card, error) {
	if err := actor.Require(models.PermCardIssue); err != nil {
		return nil, err
	}
	var card models.Card
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		// The household again, with the employer locked (after the
		// application, as every path locks them): another card of the
		// household issued since this submission counts.
		employer, err := get[models.Employer, employerRow](s.core, tx, "employer", app.EmployerID, true)
		if err != nil {
			return err
		}
		in, job, err := s.issueInput(tx, app, *employer, actor.UserID())
		if err != nil {
			return err
		}
		// The pay rule again: a scale published since submission counts.
		if err := s.checkPayOf(tx, app, *job, in.Now); err != nil {
			return err
		}
		others, err := s.householdServants(tx, app, in.Now, false)
		if err != nil {
			return err
		}
		if err := models.CheckHouseholdAtIssue(app, *employer, others, in.Settings); err != nil {
			return err
		}
		var ev models.ApplicationEvent
		card, ev, err = models.IssueCard(&app, in, func() (int64, error) { return s.nextCardSequence(tx) }, func(c *models.Card) error {
			// Decided on the Directorate's day (in.Now is local); kept
			// and answered in UTC like every other instant.
			c.IssuedAt, c.CreatedAt, c.UpdatedAt = c.IssuedAt.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
			row := cardRow(*c)
			if err := tx.Create(&row).Error; err != nil {
				return fmt.Errorf("create card: %w", err)
			}
			c.ID = row.ID
			return nil
		})
		if err != nil {
			return err
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		return s.audit(tx, actor, "card.issued", "card", idText(card.ID), "card "+card.Number+" issued for application "+idText(appID))
	})
	if err != nil {
		return nil, fmt.Errorf("issue card for application %d: %w", appID, err)
	}
	return &card, nil
}

// issueInput loads, inside tx, everything models.IssueCard decides on,
// with the application's employer already read; it returns the employment
// it read too.
func (s *core) issueInput(tx *gorm.DB, app models.Application, employer models.Employer, issuerID int64) (models.IssueInput, *models.Employment, error) {
	in := models.IssueInput{IssuerID: issuerID, Now: s.local(), Settings: s.opts.Settings}
	var err error
	if in.Interviews, err = s.interviewsOf(tx, app.ID); err != nil {
		return in, nil, err
	}
	job, err := s.employment(tx, app.EmploymentID)
	if err != nil {
		return in, nil, err
	}
	in.PostingEndsOn, in.EmploymentEndsOn = employer.PostingEndsOn, job.EndsOn
	if app.ReplacesCardID != nil {
		if in.ReplacedCard, err = s.card(tx, *app.ReplacesCardID, false); err != nil {
			return in, nil, err
		}
	}
	in.ServicePeriods, err = s.servicePeriods(tx, app.WorkerID, 0)
	return in, job, err
}

// CollectCard records the in-person collection of a card by its worker: the
// clerk checked the identity document and handed the card to the worker, not
// to the employer.
func (s *Cards) Collect(ctx context.Context, actor models.Actor, cardID int64, r models.Collection) (*models.Card, error) {
	if err := actor.Require(models.PermCardIssue); err != nil {
		return nil, err
	}
	r.ClerkID, r.At = actor.UserID(), s.local()
	var card *models.Card
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var err error
		if card, err = s.card(tx, cardID, true); err != nil {
			return err
		}
		_, app, err := s.loadApplication(tx, card.ApplicationID, true)
		if err != nil {
			return err
		}
		w, err := s.worker(tx, card.WorkerID)
		if err != nil {
			return err
		}
		if err := card.Collect(*w, r); err != nil {
			return err
		}
		r.At = r.At.UTC() // its day was decided in the Directorate's zone
		card.CollectedAt, card.UpdatedAt = &r.At, r.At
		ev, err := app.Do(models.ApplicationEvent{Action: models.ActionCollect, ActorID: actor.UserID(), At: r.At, CardID: &card.ID})
		if err != nil {
			return err
		}
		row := cardRow(*card)
		if err := tx.Model(&row).Select("status", "collected_at", "collected_by_clerk_id", "identity_document_kind",
			"identity_document_number", "collected_by_worker_in_person", "updated_at").Updates(&row).Error; err != nil {
			return fmt.Errorf("collect card: %w", err)
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		return s.audit(tx, actor, "card.collected", "card", idText(cardID), "collected in person by the worker")
	})
	if err != nil {
		return nil, err
	}
	return card, nil
}

// ChangeCardStatus records a return, a cancellation or a loss (on a police
// report) of a card, with a reason.
func (s *Cards) ChangeStatus(ctx context.Context, actor models.Actor, cardID int64, action models.CardAction, reason string) (*models.Card, error) {
	if err := actor.Require(models.PermCardIssue); err != nil {
		return nil, err
	}
	if action == models.CardCollect {
		return nil, models.Fail(models.KindInvalid, "invalid_choice", "Record a collection with the collection form.")
	}
	var card *models.Card
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var err error
		if card, err = s.card(tx, cardID, true); err != nil {
			return err
		}
		if action == models.CardReturn && strings.TrimSpace(reason) != "" { // a return is a card's end, recorded with its day (card_production.go)
			return s.endCard(tx, actor, card, &models.CardEnd{Event: models.CardEndReturned, Reason: models.EndOther, Note: reason, On: s.local()})
		}
		if err := card.Transition(action, s.now(), reason); err != nil {
			return err
		}
		if err := s.saveCardStatus(tx, *card); err != nil {
			return err
		}
		return s.audit(tx, actor, "card."+string(action), "card", idText(cardID), "card "+card.Number+": "+action.Label())
	})
	return card, err
}

// ExpireCards marks cards whose validity ran out as expired; serve's
// housekeeping runs it as the system actor. It returns how many changed.
func (s *Cards) Expire(ctx context.Context, actor models.Actor) (int, error) {
	if !actor.IsSystem() {
		return 0, models.Fail(models.KindForbidden, "forbidden", "Only the housekeeping job expires cards.")
	}
	n := 0
	err := s.transact(ctx, func(tx *gorm.DB) error {
		day := s.today()
		cards, err := find[models.Card, cardRow](tx.Where("status IN ? AND expires_on < ?", []models.CardStatus{models.CardReadyForCollection, models.CardCollected}, day), "cards")
		if err != nil {
			return err
		}
		var expired []int64
		for _, c := range cards {
			if !c.ShouldExpire(day) {
				continue
			}
			if err := c.Transition(models.CardExpire, s.now(), "validity ended"); err != nil {
				return err
			}
			if err := s.saveCardStatus(tx, c); err != nil {
				return err
			}
			expired = append(expired, c.ID)
		}
		// The audit rows last: each takes the audit chain's head, and a
		// clerk changing one of these cards at the same moment holds the
		// card, then waits for the head; taking the head only after every
		// card avoids the deadlock.
		for _, id := range expired {
			if err := s.audit(tx, actor, "card.expire", "card", idText(id), "validity ended"); err != nil {
				return err
			}
		}
		n = len(expired)
		return nil
	})
	return n, err
}

// CardView is a card with its worker, employer and mission names.
type CardView struct {
	models.Card
	WorkerName   string
	EmployerName string
	MissionName  string
	DueReason    models.RenewalDueReason
	EmploymentID int64
}

// cardViewSelect reads cards c with the names a list shows, in one query;
// scanCardViews reads its rows. The columns are named and scanned into
// typed fields, not matched by reflection: a page of renewals is a hundred
// cards, and matching each row's columns to struct fields cost more CPU
// than the query itself (issue 14).
const cardViewSelect = `SELECT c.id, c.number, c.sequence, c.application_id, c.interview_id, c.worker_id, c.employer_id,
	c.replaces_card_id, c.issued_at, c.issued_by_id, c.expires_on, c.status, c.collected_at, c.collected_by_clerk_id,
	c.identity_document_kind, c.identity_document_number, c.collected_by_worker_in_person, c.status_changed_at,
	c.status_reason, c.created_at, c.updated_at, c.has_renewal, ` + workerNameSQL + ` AS worker_name,
	trim(e.title || ' ' || e.given_names || ' ' || e.family_name) AS employer_name, m.name AS mission_name, a.employment_id
FROM cards c JOIN workers w ON w.id = c.worker_id JOIN employers e ON e.id = c.employer_id
	JOIN missions m ON m.id = e.mission_id JOIN applications a ON a.id = c.application_id`

// cardViews runs cardViewSelect followed by tail (its WHERE, ORDER and
// LIMIT, with args).
func (s *core) cardViews(db *gorm.DB, tail string, args ...any) ([]CardView, error) {
	return s.cardViewsFrom(db, "cards c", tail, args...)
}

// cardViewsFrom is cardViews reading the cards from from (cards c, or an
// engine's hint of the index to read them by).
func (s *core) cardViewsFrom(db *gorm.DB, from, tail string, args ...any) ([]CardView, error) {
	rows, err := db.Raw(strings.Replace(cardViewSelect, "FROM cards c ", "FROM "+from+" ", 1)+" "+tail, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("list cards: %w", err)
	}
	defer rows.Close()
	var out []CardView
	for rows.Next() {
		var v CardView
		c := &v.Card
		if err := rows.Scan(&c.ID, &c.Number, &c.Sequence, &c.ApplicationID, &c.InterviewID, &c.WorkerID, &c.EmployerID,
			&c.ReplacesCardID, &c.IssuedAt, &c.IssuedByID, &c.ExpiresOn, &c.Status, &c.CollectedAt, &c.CollectedByClerkID,
			&c.IdentityDocumentKind, &c.IdentityDocumentNumber, &c.CollectedByWorkerInPerson, &c.StatusChangedAt,
			&c.StatusReason, &c.CreatedAt, &c.UpdatedAt, &c.HasRenewal, &v.WorkerName, &v.EmployerName, &v.MissionName,
			&v.EmploymentID); err != nil {
			return nil, fmt.Errorf("read cards: %w", err)
		}
		v.WorkerName = strings.TrimSpace(v.WorkerName)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read cards: %w", err)
	}
	return out, nil
}

// Card returns one card.
func (s *Cards) Get(ctx context.Context, actor models.Actor, id int64) (*CardView, error) {
	if err := actor.Require(models.PermCardRead); err != nil {
		return nil, err
	}
	views, err := s.cardViews(s.db.WithContext(ctx), "WHERE c.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(views) == 0 {
		return nil, notFound("card")
	}
	return &views[0], nil
}

// RenewalsFilter selects one page of the renewals due.
type RenewalsFilter struct {
	WindowDays int // the setting when 0
	// After is the last card of the previous page (RenewalsPage.Next): the
	// page goes on from there in the list's order (expiry, then id), so a
	// page far down costs what the first one does.
	After *RenewalsCursor
	Limit int // DefaultRenewalsPage when 0, at most MaxRenewalsPage
}

// RenewalsCursor is where a page of the renewals due ends.
type RenewalsCursor struct {
	ExpiresOn time.Time
	ID        int64
}

// The renewals-due pages' sizes.
const (
	DefaultRenewalsPage = 100
	MaxRenewalsPage     = 500
)

// RenewalsPage is one page of the renewals due, with the number of cards
// due in all and the cursor of the next page (nil on the last).
type RenewalsPage struct {
	Cards []CardView
	Total int64
	Next  *RenewalsCursor
}

// renewalsDueWhere is the renewals-due rule (models.RenewalDue) in SQL on
// cards: in the worker's hands or expired, no renewal under way or done
// (cards.has_renewal, kept by the database), expiring by until. It is the
// predicate of the partial index cards_renewals_due (migration 00026), so
// both the list and its count read that index only. The cards are c.
const renewalsDueWhere = "c.status IN ('collected', 'expired') AND NOT c.has_renewal AND c.expires_on <= ?"

// countRenewalsDue counts the cards due for renewal by until, from the
// list's own index: the list's total and the clerk's home queue.
func (s *core) countRenewalsDue(db *gorm.DB, until time.Time) (int64, error) {
	var n int64
	if err := db.Table(s.renewalsDueFrom()).Where(renewalsDueWhere, until).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count renewals due: %w", err)
	}
	return n, nil
}

// renewalsDueFrom names the cards of the renewals due. SQLite's planner
// prefers cards_status_expires_on, which lists every collected or expired
// card of twenty years and leaves has_renewal to each row: at 100,000
// generated workers the count took 250 ms alone, and over 10 s at 50
// connections; from the partial index it takes 17 ms. PostgreSQL picks the
// partial index by itself.
func (s *core) renewalsDueFrom() string {
	if s.engine == SQLite {
		return "cards c INDEXED BY cards_renewals_due"
	}
	return "cards c"
}

// RenewalsDuePage returns one page of the renewals due, in order of expiry.
func (s *Cards) RenewalsDuePage(ctx context.Context, actor models.Actor, f RenewalsFilter) (RenewalsPage, error) {
	if err := actor.Require(models.PermCardRead); err != nil {
		return RenewalsPage{}, err
	}
	windowDays := f.WindowDays
	if windowDays <= 0 {
		windowDays = s.opts.Settings.RenewalWindowDays
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultRenewalsPage
	}
	limit = min(limit, MaxRenewalsPage)
	db := s.db.WithContext(ctx)
	day := s.today()
	until := day.AddDate(0, 0, windowDays)
	var out RenewalsPage
	var err error
	if out.Total, err = s.countRenewalsDue(db, until); err != nil {
		return RenewalsPage{}, err
	}
	// The page and its names in one query, from the partial index
	// cards_renewals_due in the list's order.
	tail, args := "WHERE "+renewalsDueWhere, []any{until}
	if f.After != nil {
		tail += " AND (c.expires_on > ? OR (c.expires_on = ? AND c.id > ?))"
		args = append(args, f.After.ExpiresOn, f.After.ExpiresOn, f.After.ID)
	}
	views, err := s.cardViewsFrom(db, s.renewalsDueFrom(), tail+" ORDER BY c.expires_on, c.id LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return RenewalsPage{}, err
	}
	if len(views) > limit {
		views = views[:limit]
		last := views[limit-1]
		out.Next = &RenewalsCursor{ExpiresOn: last.ExpiresOn, ID: last.ID}
	}
	out.Cards = views[:0]
	for _, v := range views {
		// The rule decides the reason, and again whether the card is due.
		if reason, ok := models.RenewalDue(v.Card, v.HasRenewal, day, windowDays); ok {
			v.DueReason = reason
			out.Cards = append(out.Cards, v)
		}
	}
	return out, nil
}

// OpenRenewal opens the renewal of a card, pre-filled from it: same worker,
// the worker's current employment with the same employer.
func (s *Cards) OpenRenewal(ctx context.Context, actor models.Actor, cardID int64) (*models.Application, error) {
	if err := actor.Require(models.PermApplicationCreate); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	card, err := s.card(db, cardID, false)
	if err != nil {
		return nil, err
	}
	jobs, err := find[models.Employment, employmentRow](db.Where("worker_id = ? AND employer_id = ?", card.WorkerID, card.EmployerID).Order("starts_on DESC, id DESC"), "employments")
	if err != nil {
		return nil, err
	}
	day := s.today()
	for _, j := range jobs {
		if !j.Ended(day) {
			return (&Applications{s.core}).Open(ctx, actor, models.ApplicationRenewal, j.ID, &card.ID)
		}
	}
	return nil, models.Fail(models.KindConflict, "employment_ended", "The worker's employment with this employer has ended: record the current employment before renewing.")
}

// WorkerCards lists a worker's cards, newest first.
func (s *Cards) OfWorker(ctx context.Context, actor models.Actor, workerID int64) ([]models.Card, error) {
	if err := actor.Require(models.PermCardRead); err != nil {
		return nil, err
	}
	return find[models.Card, cardRow](s.db.WithContext(ctx).Where("worker_id = ?", workerID).Order("issued_at DESC, id DESC"), "cards")
}

// saveCardStatus writes a card's status after a transition.
func (s *core) saveCardStatus(tx *gorm.DB, c models.Card) error {
	row := cardRow(c)
	if err := tx.Model(&row).Select("status", "status_changed_at", "status_reason", "updated_at").Updates(&row).Error; err != nil {
		return fmt.Errorf("status of card %d: %w", c.ID, err)
	}
	return nil
}
