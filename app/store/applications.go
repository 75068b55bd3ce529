package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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
		CreatedByID: r.CreatedByID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// loadApplication reads an application and its history; lock takes the row
// lock that serialises every state change of that application.
func (s *Store) loadApplication(tx *gorm.DB, id int64, lock bool) (*applicationRow, models.Application, error) {
	q := tx
	if lock {
		q = s.lock(tx)
	}
	var row applicationRow
	if err := q.First(&row, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, models.Application{}, notFound("application")
		}
		return nil, models.Application{}, fmt.Errorf("load application %d: %w", id, err)
	}
	var events []models.ApplicationEvent
	if err := tx.Where("application_id = ?", id).Order("seq").Find(&events).Error; err != nil {
		return nil, models.Application{}, fmt.Errorf("load history of application %d: %w", id, err)
	}
	return &row, row.domain(events), nil
}

// appendEvent stores the event the domain appended and the status it led to.
func (s *Store) appendEvent(tx *gorm.DB, app *models.Application, ev models.ApplicationEvent) error {
	ev.ID = 0
	if err := tx.Omit(clause.Associations).Create(withStatus(ev, app.Status)).Error; err != nil { // integrity.go
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return models.Errorf(models.KindConflict, "concurrent_change", "Someone else changed this application at the same moment; reload it and try again.")
		}
		return fmt.Errorf("append %s to application %d: %w", ev.Action, app.ID, err)
	}
	return tx.Model(&applicationRow{ID: app.ID}).Updates(map[string]any{"status": app.Status, "updated_at": ev.At}).Error
}

// OpenApplication opens a draft application. For a renewal or a duplicate,
// replacesCardID names the card; the employment must join the worker to the
// employer.
func (s *Store) OpenApplication(ctx context.Context, actor models.Actor, kind models.ApplicationKind, employmentID int64, replacesCardID *int64) (*models.Application, error) {
	if err := actor.Require(models.PermApplicationCreate); err != nil {
		return nil, err
	}
	var out models.Application
	err := s.transact(ctx, func(tx *gorm.DB) error {
		job, err := first[models.Employment](tx, "employment", employmentID, false)
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
			card, err := first[models.Card](tx, "card", *replacesCardID, false)
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
func partiesOf(tx *gorm.DB, app models.Application) (p parties, err error) {
	if p.Worker, err = first[models.Worker](tx, "worker", app.WorkerID, false); err != nil {
		return p, err
	}
	if p.Employer, err = first[models.Employer](tx, "employer", app.EmployerID, false); err != nil {
		return p, err
	}
	if p.Mission, err = first[models.Mission](tx, "mission", p.Employer.MissionID, false); err != nil {
		return p, err
	}
	p.Employment, err = first[models.Employment](tx, "employment", app.EmploymentID, false)
	return p, err
}

// eligibilityInput gathers, inside tx, everything the eligibility rules need.
func (s *Store) eligibilityInput(tx *gorm.DB, row *applicationRow, app models.Application, now time.Time) (models.EligibilityInput, error) {
	in := models.EligibilityInput{Application: app, SubmitOn: now, CapException: row.CapExceptionReason != ""}
	p, err := partiesOf(tx, app)
	if err != nil {
		return in, err
	}
	w, e := p.Worker, p.Employer
	in.Worker, in.Employer, in.Mission, in.Employment = *p.Worker, *p.Employer, *p.Mission, *p.Employment
	if err := tx.Model(&models.Document{}).Where("application_id = ?", app.ID).Distinct().Pluck("kind", &in.Documents).Error; err != nil {
		return in, err
	}
	// Other servants of this household: other workers with a card in use
	// for this employer.
	var others int64
	if err := tx.Model(&models.Card{}).Where("employer_id = ? AND worker_id <> ? AND status IN ? AND expires_on >= ?",
		e.ID, w.ID, []models.CardStatus{models.CardReadyForCollection, models.CardCollected}, today(now)).
		Distinct("worker_id").Count(&others).Error; err != nil {
		return in, err
	}
	in.OtherServants = int(others)
	periods, err := s.servicePeriods(tx, w.ID, 0)
	if err != nil {
		return in, err
	}
	in.CumulativeServiceDays = models.TotalDays(periods)
	if r, ok := s.restrictionOf(tx, e.ID, now); ok {
		in.EmployerRestricted, in.EmployerRestrictionReason = true, r
	}
	return in, nil
}

// restrictionOf returns the reason of the admin's restriction that bars the
// employer on now's day, if any (restrictions.go).
func (s *Store) restrictionOf(tx *gorm.DB, employerID int64, now time.Time) (string, bool) {
	return s.activeRestrictionReason(tx, employerID, now)
}

// servicePeriods are the periods the worker's earlier cards count toward the
// cumulative cap, leaving out card exceptID.
func (s *Store) servicePeriods(tx *gorm.DB, workerID, exceptID int64) ([]models.Period, error) {
	var cards []models.Card
	if err := tx.Where("worker_id = ? AND id <> ?", workerID, exceptID).Find(&cards).Error; err != nil {
		return nil, err
	}
	var out []models.Period
	for _, c := range cards {
		if p, ok := c.ServicePeriod(); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// SubmitApplication checks eligibility and, when every condition is met,
// submits the application. A refusal lists every failing condition.
func (s *Store) SubmitApplication(ctx context.Context, actor models.Actor, id int64) error {
	if err := actor.Require(models.PermApplicationSubmit); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		row, app, err := s.loadApplication(tx, id, true)
		if err != nil {
			return err
		}
		now := s.now()
		in, err := s.eligibilityInput(tx, row, app, now)
		if err != nil {
			return err
		}
		ev, err := app.Submit(in, s.opts.Settings, actor.UserID(), now)
		if err != nil {
			return err
		}
		if err := s.checkRenewalContract(tx, app, now); err != nil {
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
func (s *Store) CloseApplication(ctx context.Context, actor models.Actor, id int64, action models.Action, reason string) error {
	if action != models.ActionReject && action != models.ActionWithdraw {
		return models.Errorf(models.KindInvalid, "invalid_choice", "Choose reject or withdraw.")
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
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		// A card printed but not collected is cancelled with the application.
		var cards []models.Card
		if err := s.lock(tx).Where("application_id = ? AND status = ?", id, models.CardReadyForCollection).Find(&cards).Error; err != nil {
			return err
		}
		for _, c := range cards {
			if err := c.Transition(models.CardCancel, now, "application "+string(action)+": "+ev.Reason); err != nil {
				return err
			}
			if err := tx.Model(&models.Card{ID: c.ID}).Updates(map[string]any{"status": c.Status, "status_changed_at": c.StatusChangedAt,
				"status_reason": c.StatusReason, "updated_at": now}).Error; err != nil {
				return err
			}
		}
		return s.audit(tx, actor, "application."+string(action), "application", idText(id), "application "+string(action))
	})
}

// GrantCapException lets an application past the 10-year cumulative cap, by
// an admin's decision with a reason (audited).
func (s *Store) GrantCapException(ctx context.Context, actor models.Actor, id int64, reason string) error {
	if err := actor.Require(models.PermCapException); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		var v models.Validation
		v.Add("reason", "required", "Say why the exception is granted; it is kept with the application.")
		return v.Err()
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		row, app, err := s.loadApplication(tx, id, true)
		if err != nil {
			return err
		}
		if app.Status != models.ApplicationDraft {
			return models.Errorf(models.KindConflict, "application_not_draft", "An exception is granted before the application is submitted.")
		}
		if row.CapExceptionReason != "" {
			return models.Errorf(models.KindConflict, "exception_exists", "An exception was already granted for this application.")
		}
		by := actor.UserID()
		if err := tx.Model(row).Updates(map[string]any{"cap_exception_reason": reason, "cap_exception_by_id": &by, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		return s.audit(tx, actor, "application.cap_exception", "application", idText(id), "exception to the cumulative cap granted")
	})
}
