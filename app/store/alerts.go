package store

import (
	"context"
	"slices"
	"strings"

	"github.com/carddesk/carddesk/models"
	"gorm.io/gorm"
)

// WorkerCount is a worker named by an employer or mission view.
type WorkerCount struct {
	ID           int64
	Name         string
	Observations int
}

// EmployerObservations is the employer view: the current observations of
// every worker the employer has had, the alert, and its restrictions.
type EmployerObservations struct {
	Employer     EmployerView
	Entries      []ObservationItem
	Workers      []WorkerCount
	Alert        models.EmployerAlert
	Restrictions []Restriction
	Active       *Restriction
}

// EmployerObservations returns the employer view. It shows no notes (the
// worker's timeline does); it is audited for the employer and for each
// worker whose observations it shows.
func (s *Alerts) Employer(ctx context.Context, actor models.Actor, employerID int64) (*EmployerObservations, error) {
	if err := actor.Require(models.PermIndicatorRead); err != nil {
		return nil, err
	}
	var v *EmployerObservations
	err := s.transact(ctx, func(tx *gorm.DB) error {
		e, err := s.employer(tx, employerID)
		if err != nil {
			return err
		}
		m, err := s.mission(tx, e.MissionID)
		if err != nil {
			return err
		}
		v = &EmployerObservations{Employer: EmployerView{Employer: *e, Mission: *m}}
		obs, err := find[models.IndicatorObservation, observationRow](tx.Where("employer_id = ?", employerID).Order("id"), "observations")
		if err != nil {
			return err
		}
		if v.Entries, v.Workers, err = s.groupObservations(tx, obs); err != nil {
			return err
		}
		v.Alert = models.EmployerAlertFor(employerID, obs)
		if v.Restrictions, err = s.restrictionsOf(tx, "employer_id = ?", employerID); err != nil {
			return err
		}
		v.Active = activeRestriction(v.Restrictions, employerID, s.local())
		if err := s.audit(tx, actor, auditEmployerView, "employer", idText(employerID), "employer view"); err != nil {
			return err
		}
		return s.auditWorkersShown(tx, actor, v.Workers, "shown in the view of employer "+idText(employerID))
	})
	return v, err
}

func (s *core) auditWorkersShown(tx *gorm.DB, actor models.Actor, workers []WorkerCount, summary string) error {
	for _, w := range workers {
		if err := s.audit(tx, actor, auditHistoryView, "worker", idText(w.ID), summary); err != nil {
			return err
		}
	}
	return nil
}

// groupObservations returns the current observations (newest first) and
// the workers they concern, without notes.
func (s *core) groupObservations(tx *gorm.DB, obs []models.IndicatorObservation) ([]ObservationItem, []WorkerCount, error) {
	n, err := loadNames(tx)
	if err != nil {
		return nil, nil, err
	}
	apps, err := interviewApplications(tx, obs, nil)
	if err != nil {
		return nil, nil, err
	}
	workerNames := map[int64]string{}
	var ids []int64
	for _, o := range obs {
		if !slices.Contains(ids, o.WorkerID) {
			ids = append(ids, o.WorkerID)
		}
	}
	if len(ids) > 0 {
		ws, err := find[models.Worker, workerRow](tx.Where("id IN ?", ids), "workers")
		if err != nil {
			return nil, nil, err
		}
		for _, w := range ws {
			workerNames[w.ID] = w.FullName()
		}
	}
	var items []ObservationItem
	count := map[int64]int{}
	for _, e := range models.Timeline(obs, models.TimelineFilter{}) {
		if !e.Current() {
			continue
		}
		item := s.observationItem(e, n, apps, nil)
		item.WorkerName = workerNames[e.WorkerID]
		items = append(items, item)
		count[e.WorkerID]++
	}
	var workers []WorkerCount
	for _, id := range ids {
		if count[id] > 0 {
			workers = append(workers, WorkerCount{ID: id, Name: workerNames[id], Observations: count[id]})
		}
	}
	slices.SortFunc(workers, func(a, b WorkerCount) int { return strings.Compare(a.Name, b.Name) })
	return items, workers, nil
}

// EmployerSummary is one employer of a mission view.
type EmployerSummary struct {
	EmployerView
	Observations int
	Workers      int
	Alert        models.EmployerAlert
	Active       *Restriction
}

// MissionObservations is the mission view: the observations of all its
// employers' workers, and the alert of each employer.
type MissionObservations struct {
	Mission   models.Mission
	Employers []EmployerSummary
	Entries   []ObservationItem
	Workers   []WorkerCount
}

// MissionObservations returns the mission view, audited like the employer
// view.
func (s *Alerts) Mission(ctx context.Context, actor models.Actor, missionID int64) (*MissionObservations, error) {
	if err := actor.Require(models.PermIndicatorRead); err != nil {
		return nil, err
	}
	var v *MissionObservations
	err := s.transact(ctx, func(tx *gorm.DB) error {
		m, err := s.mission(tx, missionID)
		if err != nil {
			return err
		}
		v = &MissionObservations{Mission: *m}
		emps, err := find[models.Employer, employerRow](tx.Where("mission_id = ?", missionID).Order("family_name, given_names, id"), "employers")
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(emps))
		for _, e := range emps {
			ids = append(ids, e.ID)
		}
		var obs []models.IndicatorObservation
		if len(ids) > 0 {
			if obs, err = find[models.IndicatorObservation, observationRow](tx.Where("employer_id IN ?", ids).Order("id"), "observations"); err != nil {
				return err
			}
		}
		if v.Entries, v.Workers, err = s.groupObservations(tx, obs); err != nil {
			return err
		}
		restrictions, err := s.restrictionsOf(tx, "1 = 1")
		if err != nil {
			return err
		}
		for _, e := range emps {
			sum := EmployerSummary{EmployerView: EmployerView{Employer: e, Mission: *m}, Alert: models.EmployerAlertFor(e.ID, obs),
				Active: activeRestriction(restrictions, e.ID, s.local())}
			workers := map[int64]bool{}
			for _, item := range v.Entries {
				if item.EmployerID != nil && *item.EmployerID == e.ID {
					sum.Observations++
					workers[item.WorkerID] = true
				}
			}
			sum.Workers = len(workers)
			v.Employers = append(v.Employers, sum)
		}
		if err := s.audit(tx, actor, auditMissionView, "mission", idText(missionID), "mission view"); err != nil {
			return err
		}
		return s.auditWorkersShown(tx, actor, v.Workers, "shown in the view of mission "+idText(missionID))
	})
	return v, err
}

// EmployerAlertItem is an employer with a raised alert.
type EmployerAlertItem struct {
	Employer EmployerView
	Alert    models.EmployerAlert
	Active   *Restriction
}

// EmployerAlerts lists the employers whose observations raise the alert
// (two or more workers, or a strong indicator), and the restrictions in
// force. It names employers and counts, never workers or notes.
func (s *Alerts) List(ctx context.Context, actor models.Actor) ([]EmployerAlertItem, []Restriction, error) {
	if err := actor.Require(models.PermIndicatorRead); err != nil {
		return nil, nil, err
	}
	var items []EmployerAlertItem
	var inForce []Restriction
	err := s.transact(ctx, func(tx *gorm.DB) error {
		obs, err := find[models.IndicatorObservation, observationRow](tx.Select("id, worker_id, employer_id, indicator_code, answer, grade, supersedes_id, observed_on").
			Where("employer_id IS NOT NULL").Order("id"), "observations")
		if err != nil {
			return err
		}
		n, err := loadNames(tx)
		if err != nil {
			return err
		}
		restrictions, err := s.restrictionsOf(tx, "1 = 1")
		if err != nil {
			return err
		}
		now := s.local()
		alerts := models.EmployerAlerts(obs)
		ids := make([]int64, len(alerts))
		for i, a := range alerts {
			ids[i] = a.EmployerID
		}
		if err := n.preload(ids); err != nil {
			return err
		}
		for _, a := range alerts {
			items = append(items, EmployerAlertItem{Employer: n.employerView(a.EmployerID), Alert: a, Active: activeRestriction(restrictions, a.EmployerID, now)})
		}
		for _, r := range restrictions {
			if r.ActiveNow(now) {
				inForce = append(inForce, r)
			}
		}
		return s.audit(tx, actor, auditAlertsView, "", "", "employer alerts viewed")
	})
	return items, inForce, err
}
