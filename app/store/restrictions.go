package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// restrictionRow is how an employer restriction is stored; an admin may lift
// it early, with a reason, which is the only change a row accepts.
type restrictionRow struct {
	ID          int64
	EmployerID  int64
	Kind        models.RestrictionKind
	Reason      string
	StartsOn    time.Time
	EndsOn      *time.Time
	DecidedByID int64
	CreatedAt   time.Time
	LiftedAt    *time.Time
	LiftedByID  *int64
	LiftReason  string
}

func (restrictionRow) TableName() string { return "employer_restrictions" }

// Restriction is an employer restriction as pages show it.
type Restriction struct {
	models.EmployerRestriction
	LiftedAt      *time.Time
	LiftedByID    *int64
	LiftReason    string
	EmployerName  string
	MissionName   string
	DecidedByName string
	LiftedByName  string
}

// ActiveNow reports whether the restriction bars new applications at now.
func (r Restriction) ActiveNow(now time.Time) bool { return r.LiftedAt == nil && r.ActiveOn(now) }

func (r restrictionRow) domain() models.EmployerRestriction {
	return models.EmployerRestriction{ID: r.ID, EmployerID: r.EmployerID, Kind: r.Kind, Reason: r.Reason, From: r.StartsOn,
		Until: r.EndsOn, DecidedByID: r.DecidedByID, CreatedAt: r.CreatedAt}
}

func (s *core) restrictionsOf(tx *gorm.DB, where string, args ...any) ([]Restriction, error) {
	var rows []restrictionRow
	if err := tx.Where(where, args...).Order("starts_on DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("employer restrictions: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	n, err := loadNames(tx)
	if err != nil {
		return nil, err
	}
	out := make([]Restriction, len(rows))
	for i, r := range rows {
		e := n.employerView(r.EmployerID)
		out[i] = Restriction{EmployerRestriction: r.domain(), LiftedAt: r.LiftedAt, LiftedByID: r.LiftedByID, LiftReason: r.LiftReason,
			EmployerName: e.FullName(), MissionName: e.Mission.Name, DecidedByName: n.users[r.DecidedByID]}
		if r.LiftedByID != nil {
			out[i].LiftedByName = n.users[*r.LiftedByID]
		}
	}
	return out, nil
}

func activeRestriction(list []Restriction, employerID int64, now time.Time) *Restriction {
	for i := range list {
		if list[i].EmployerID == employerID && list[i].ActiveNow(now) {
			return &list[i]
		}
	}
	return nil
}

// activeRestrictionReason returns the reason of the restriction that bars
// employerID on now's day, if any. A failure to read the restrictions bars
// the application too: a restriction must never be skipped by an outage.
func (s *core) activeRestrictionReason(tx *gorm.DB, employerID int64, now time.Time) (string, bool) {
	var rows []restrictionRow
	if err := tx.Where("employer_id = ? AND lifted_at IS NULL", employerID).Find(&rows).Error; err != nil {
		s.opts.Logger.Error("read employer restrictions", "employer_id", employerID, "error", err.Error())
		return "the employer's restrictions could not be checked; try again", true
	}
	list := make([]models.EmployerRestriction, len(rows))
	for i, r := range rows {
		list[i] = r.domain()
	}
	if r, ok := models.ActiveEmployerRestriction(employerID, list, now); ok {
		return r.Reason, true
	}
	return "", false
}

// RestrictEmployer places an admin's restriction on an employer ("no new
// private servants", with a reason and a start date, until a date or further
// notice). Applications for that employer are then refused at submit with
// the reason, which clerks read: it must not carry interview content.
func (s *Alerts) Restrict(ctx context.Context, actor models.Actor, r models.EmployerRestriction) (*Restriction, error) {
	if err := actor.Require(models.PermEmployerRestrict); err != nil {
		return nil, err
	}
	r.ID, r.DecidedByID, r.CreatedAt = 0, actor.UserID(), s.now()
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Kind == "" {
		r.Kind = models.RestrictionNoNewPrivateServants
	}
	if !r.From.IsZero() {
		r.From = models.CalendarDay(r.From)
	}
	if r.Until != nil {
		u := models.CalendarDay(*r.Until)
		r.Until = &u
	}
	var out *Restriction
	err := s.transact(ctx, func(tx *gorm.DB) error {
		// A restriction is a person's decision: it names the deciding admin.
		if err := models.CanRestrictEmployer(actor, r); err != nil {
			return err
		}
		if _, err := s.employer(tx, r.EmployerID); err != nil {
			return err
		}
		row := restrictionRow{EmployerID: r.EmployerID, Kind: r.Kind, Reason: r.Reason, StartsOn: r.From, EndsOn: r.Until,
			DecidedByID: r.DecidedByID, CreatedAt: r.CreatedAt}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store restriction: %w", err)
		}
		list, err := s.restrictionsOf(tx, "id = ?", row.ID)
		if err != nil {
			return err
		}
		out = &list[0]
		return s.audit(tx, actor, "employer.restricted", "employer", idText(r.EmployerID), "restriction "+idText(row.ID)+" placed")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LiftRestriction ends a restriction early, with a reason; the restriction
// and its lifting both stay on record.
func (s *Alerts) Lift(ctx context.Context, actor models.Actor, id int64, reason string) (*Restriction, error) {
	if err := actor.Require(models.PermEmployerRestrict); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		var v models.Validation
		v.Add("reason", "required", "Say why the restriction is lifted.")
		return nil, v.Err()
	}
	var out *Restriction
	err := s.transact(ctx, func(tx *gorm.DB) error {
		row := &restrictionRow{}
		if err := s.forUpdate(tx).First(row, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return notFound("restriction")
			}
			return fmt.Errorf("load restriction %d: %w", id, err)
		}
		if row.LiftedAt != nil {
			return models.Fail(models.KindConflict, "restriction_lifted", "This restriction was already lifted.")
		}
		by := actor.UserID()
		if by <= 0 {
			return models.Fail(models.KindForbidden, "forbidden", "Only an admin can lift a restriction.")
		}
		if err := tx.Model(&restrictionRow{ID: id}).Updates(map[string]any{"lifted_at": s.now(), "lifted_by_id": by, "lift_reason": reason}).Error; err != nil {
			return fmt.Errorf("lift restriction %d: %w", id, err)
		}
		list, err := s.restrictionsOf(tx, "id = ?", id)
		if err != nil {
			return err
		}
		out = &list[0]
		return s.audit(tx, actor, "employer.restriction_lifted", "employer", idText(row.EmployerID), "restriction "+idText(id)+" lifted")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
