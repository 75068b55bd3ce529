package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// applicationRow is how an application is stored; its history is in
// application_events and loaded separately.
type applicationRow struct {
	ID                 int64
	Kind               models.ApplicationKind
	WorkerID           int64
	EmployerID         int64
	EmploymentID       int64
	ReplacesCardID     *int64
	Status             models.ApplicationStatus
	CapExceptionReason string
	CapExceptionByID   *int64
	CreatedByID        int64
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (applicationRow) TableName() string { return "applications" }

func (r applicationRow) domain(events []models.ApplicationEvent) models.Application {
	return models.Application{ID: r.ID, Kind: r.Kind, WorkerID: r.WorkerID, EmployerID: r.EmployerID,
		EmploymentID: r.EmploymentID, ReplacesCardID: r.ReplacesCardID, Status: r.Status, Events: events,
		CapExceptionReason: r.CapExceptionReason, CapExceptionByID: r.CapExceptionByID,
		CreatedByID: r.CreatedByID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// loadApplication reads an application and its history; lock takes the row
// lock that serialises every state change of that application.
func (s *core) loadApplication(tx *gorm.DB, id int64, lock bool) (*applicationRow, models.Application, error) {
	q := tx
	if lock {
		q = s.forUpdate(tx)
	}
	var row applicationRow
	if err := q.First(&row, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, models.Application{}, notFound("application")
		}
		return nil, models.Application{}, fmt.Errorf("load application %d: %w", id, err)
	}
	events, err := find[models.ApplicationEvent, eventRow](tx.Where("application_id = ?", id).Order("seq"), "application events")
	if err != nil {
		return nil, models.Application{}, fmt.Errorf("load history of application %d: %w", id, err)
	}
	return &row, row.domain(events), nil
}

// appendEvent stores the event the domain appended and the status it led to.
func (s *core) appendEvent(tx *gorm.DB, app *models.Application, ev models.ApplicationEvent) error {
	row := withStatus(ev, app.Status) // integrity.go: the database checks the status it led to
	row.ID = 0
	if err := tx.Create(row).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return models.Fail(models.KindConflict, "concurrent_change", "Someone else changed this application at the same moment; reload it and try again.")
		}
		return fmt.Errorf("append %s to application %d: %w", ev.Action, app.ID, err)
	}
	if err := tx.Model(&applicationRow{ID: app.ID}).Updates(map[string]any{"status": app.Status, "updated_at": ev.At}).Error; err != nil {
		return fmt.Errorf("status of application %d: %w", app.ID, err)
	}
	return nil
}

// OpenApplication opens a draft application. For a renewal or a duplicate,
// replacesCardID names the card; the employment must join the worker to the
// employer.
func (s *Applications) Open(ctx context.Context, actor models.Actor, kind models.ApplicationKind, employmentID int64, replacesCardID *int64) (*models.Application, error) {
	if err := actor.Require(models.PermApplicationCreate); err != nil {
		return nil, err
	}
	var out models.Application
	err := s.transact(ctx, func(tx *gorm.DB) error {
		job, err := s.employment(tx, employmentID)
		if err != nil {
			var v models.Validation
			v.Add("employment_id", "required", "Choose the worker's employment this application is for.")
			return v.Err()
		}
		app := models.NewApplication(kind, job.WorkerID, job.EmployerID, job.ID, replacesCardID, actor.UserID(), s.now())
		if err := app.Validate(); err != nil {
			return err
		}
		if replacesCardID != nil {
			card, err := s.card(tx, *replacesCardID, false)
			if err != nil {
				var v models.Validation
				v.Add("replaces_card_id", models.CodeReplacedCardInvalid, "No such card.")
				return v.Err()
			}
			if err := models.ValidateReplacedCard(app, *card); err != nil {
				return err
			}
		}
		row := applicationRow{Kind: app.Kind, WorkerID: app.WorkerID, EmployerID: app.EmployerID, EmploymentID: app.EmploymentID,
			ReplacesCardID: app.ReplacesCardID, Status: app.Status, CreatedByID: app.CreatedByID, CreatedAt: app.CreatedAt, UpdatedAt: app.UpdatedAt}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create application: %w", err)
		}
		app.ID = row.ID
		out = app
		return s.audit(tx, actor, "application.opened", "application", idText(row.ID), string(kind)+" application opened for worker "+idText(app.WorkerID))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// parties are the records an application is about.
type parties struct {
	Worker     *models.Worker
	Employer   *models.Employer
	Mission    *models.Mission
	Employment *models.Employment
}

// partiesOf loads, inside tx, the worker, employer, mission and employment of
// an application.
func (s *core) partiesOf(tx *gorm.DB, app models.Application) (p parties, err error) {
	if p.Worker, err = s.worker(tx, app.WorkerID); err != nil {
		return p, err
	}
	if p.Employer, err = s.employer(tx, app.EmployerID); err != nil {
		return p, err
	}
	if p.Mission, err = s.mission(tx, p.Employer.MissionID); err != nil {
		return p, err
	}
	p.Employment, err = s.employment(tx, app.EmploymentID)
	return p, err
}

// eligibilityInput gathers, inside tx, everything the eligibility rules need.
func (s *core) eligibilityInput(tx *gorm.DB, app models.Application, now time.Time) (models.EligibilityInput, error) {
	in := models.EligibilityInput{Application: app, SubmitOn: now.In(s.opts.Location), CapException: app.HasCapException()}
	p, err := s.partiesOf(tx, app)
	if err != nil {
		return in, err
	}
	w, e := p.Worker, p.Employer
	in.Worker, in.Employer, in.Mission, in.Employment = *p.Worker, *p.Employer, *p.Mission, *p.Employment
	if err := notRemoved(tx.Model(&documentRow{}).Where("application_id = ?", app.ID)).Distinct().Pluck("kind", &in.Documents).Error; err != nil {
		return in, fmt.Errorf("documents of application %d: %w", app.ID, err)
	}
	// Other servants of this household: other workers with a card in use
	// or an application in progress for this employer (models.HouseholdServants).
	if in.OtherServants, err = s.householdServants(tx, app, now, true); err != nil {
		return in, err
	}
	periods, err := s.servicePeriods(tx, w.ID, 0)
	if err != nil {
		return in, err
	}
	in.CumulativeServiceDays = models.TotalDays(periods)
	if r, ok := s.restrictionOf(tx, e.ID, now.In(s.opts.Location)); ok {
		in.EmployerRestricted, in.EmployerRestrictionReason = true, r
	}
	return in, nil
}

// lockHousehold locks the employer's row until the transaction ends, so
// that submissions and issues for one household are judged one after the
// other (SQLite's immediate transactions already are).
func (s *core) lockHousehold(tx *gorm.DB, employerID int64) error {
	var row employerRow
	if err := s.forUpdate(tx).Select("id").First(&row, employerID).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return notFound("employer")
		}
		return fmt.Errorf("lock employer %d: %w", employerID, err)
	}
	return nil
}

// householdServants counts, inside tx, the other workers of app's employer
// with a card in use and, when withApplications, an application in
// progress (the application itself excluded).
func (s *core) householdServants(tx *gorm.DB, app models.Application, now time.Time, withApplications bool) (int, error) {
	cards, err := find[models.Card, cardRow](tx.Where("employer_id = ? AND worker_id <> ? AND status IN ?",
		app.EmployerID, app.WorkerID, []models.CardStatus{models.CardReadyForCollection, models.CardCollected}), "cards")
	if err != nil {
		return 0, fmt.Errorf("household of employer %d: %w", app.EmployerID, err)
	}
	var apps []models.Application
	if withApplications {
		var rows []applicationRow
		if err := tx.Where("employer_id = ? AND worker_id <> ? AND id <> ? AND status NOT IN ?", app.EmployerID, app.WorkerID, app.ID,
			[]models.ApplicationStatus{models.ApplicationDraft, models.ApplicationCollected, models.ApplicationWithdrawn,
				models.ApplicationRejected, models.ApplicationRefused, models.ApplicationReferred}).Find(&rows).Error; err != nil {
			return 0, fmt.Errorf("applications of employer %d: %w", app.EmployerID, err)
		}
		for _, r := range rows {
			apps = append(apps, r.domain(nil))
		}
	}
	return models.HouseholdServants(app.WorkerID, cards, apps, s.dayOf(now)), nil
}

// restrictionOf returns the reason of the admin's restriction that bars the
// employer on now's day, if any (restrictions.go).
func (s *core) restrictionOf(tx *gorm.DB, employerID int64, now time.Time) (string, bool) {
	return s.activeRestrictionReason(tx, employerID, now)
}

// servicePeriods are the periods the worker's earlier cards count toward the
// cumulative cap, leaving out card exceptID, and the service recorded from
// before Carddesk.
func (s *core) servicePeriods(tx *gorm.DB, workerID, exceptID int64) ([]models.Period, error) {
	cards, err := find[models.Card, cardRow](tx.Where("worker_id = ? AND id <> ?", workerID, exceptID), "cards")
	if err != nil {
		return nil, err
	}
	var out []models.Period
	for _, c := range cards {
		if p, ok := c.ServicePeriod(s.opts.Location); ok {
			out = append(out, p)
		}
	}
	// Service before Carddesk counts too (records.go).
	earlier, err := s.earlierServicePeriods(tx, workerID)
	if err != nil {
		return nil, err
	}
	out = append(out, earlier...)
	return out, nil
}

// SubmitApplication checks eligibility and, when every condition is met,
// submits the application. A refusal lists every failing condition.
func (s *Applications) Submit(ctx context.Context, actor models.Actor, id int64) error {
	if err := actor.Require(models.PermApplicationSubmit); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, id, true)
		if err != nil {
			return err
		}
		if err := s.lockHousehold(tx, app.EmployerID); err != nil {
			return err
		}
		now := s.now()
		in, err := s.eligibilityInput(tx, app, now)
		if err != nil {
			return err
		}
		ev, err := app.Submit(in, s.opts.Settings, actor.UserID(), now)
		if err != nil {
			return err
		}
		if err := s.checkContractPay(tx, app, now); err != nil {
			return err
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		return s.audit(tx, actor, "application.submitted", "application", idText(id), "eligibility checked; submitted")
	})
}

// CloseApplication rejects (a clerk, on the file) or withdraws (the mission
// withdrew the request) an application, with a reason.
func (s *Applications) Close(ctx context.Context, actor models.Actor, id int64, action models.Action, reason string) error {
	if action != models.ActionReject && action != models.ActionWithdraw {
		return models.Fail(models.KindInvalid, "invalid_choice", "Choose reject or withdraw.")
	}
	if err := actor.Require(action.Permission()); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, id, true)
		if err != nil {
			return err
		}
		now := s.now()
		ev, err := app.Do(models.ApplicationEvent{Action: action, ActorID: actor.UserID(), At: now, Reason: reason})
		if err != nil {
			return err
		}
		if err := s.releaseBooking(tx, app, "application closed: "+string(action)); err != nil { // calendar.go
			return err
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		// A card printed but not collected is cancelled with the application.
		cards, err := find[models.Card, cardRow](s.forUpdate(tx).Where("application_id = ? AND status = ?", id, models.CardReadyForCollection), "cards")
		if err != nil {
			return err
		}
		for _, c := range cards {
			if err := c.Transition(models.CardCancel, now, "application "+string(action)+": "+ev.Reason); err != nil {
				return err
			}
			c.UpdatedAt = now
			if err := s.saveCardStatus(tx, c); err != nil {
				return err
			}
		}
		return s.audit(tx, actor, "application."+string(action), "application", idText(id), "application "+string(action))
	})
}

// GrantCapException lets an application past the 10-year cumulative cap, by
// an admin's decision with a reason (models.Application.GrantCapException),
// audited.
func (s *Applications) GrantCapException(ctx context.Context, actor models.Actor, id int64, reason string) error {
	if err := actor.Require(models.PermCapException); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, id, true)
		if err != nil {
			return err
		}
		if err := app.GrantCapException(actor, reason, s.now()); err != nil {
			return err
		}
		if err := tx.Model(&applicationRow{ID: id}).Updates(map[string]any{"cap_exception_reason": app.CapExceptionReason,
			"cap_exception_by_id": app.CapExceptionByID, "updated_at": app.UpdatedAt}).Error; err != nil {
			return fmt.Errorf("grant cap exception to application %d: %w", id, err)
		}
		return s.audit(tx, actor, "application.cap_exception", "application", idText(id), "exception to the cumulative cap granted")
	})
}
