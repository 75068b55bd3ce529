package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/carddesk/carddesk/models"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// CreateEmployment records that a worker works for an employer.
func (s *Employments) Create(ctx context.Context, actor models.Actor, e *models.Employment) error {
	if err := actor.Require(models.PermWorkerManage); err != nil {
		return err
	}
	e.Normalize()
	now := s.now()
	var all models.Validation
	all.Merge(e.Validate())
	all.Merge(models.CheckEmploymentNotEnded(*e, s.local())) // issue 13: a posting ended in 2019 was accepted
	if err := all.Err(); err != nil {
		return err
	}
	e.ID, e.CreatedAt, e.UpdatedAt = 0, now, now
	return s.transact(ctx, func(tx *gorm.DB) error {
		var v models.Validation
		if _, err := s.worker(tx, e.WorkerID); err != nil {
			v.Add("worker_id", "required", "Choose the worker.")
		}
		if _, err := s.employer(tx, e.EmployerID); err != nil {
			v.Add("employer_id", "required", "Choose the employer.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.checkEmploymentCovered(tx, *e); err != nil { // issue 9: the scale has the category
			return err
		}
		if err := tx.Create((*employmentRow)(e)).Error; err != nil {
			return fmt.Errorf("create employment: %w", err)
		}
		return s.audit(tx, actor, "employment.created", "employment", idText(e.ID), "employment recorded for worker "+idText(e.WorkerID))
	})
}

// EmploymentView is an employment with its employer.
type EmploymentView struct {
	models.Employment
	Employer EmployerView
}

// Employments lists a worker's employments, newest first.
func (s *Employments) OfWorker(ctx context.Context, actor models.Actor, workerID int64) ([]EmploymentView, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	// One query for the worker's dossier: each employment with its
	// employer and the employer's mission.
	var rows []employmentJoinRow
	err := s.db.WithContext(ctx).Table("employments em").Select(employmentJoinColumns()).
		Joins("JOIN employers e ON e.id = em.employer_id").Joins("JOIN missions m ON m.id = e.mission_id").
		Where("em.worker_id = ?", workerID).Order("em.starts_on DESC, em.id DESC").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("employments of worker %d: %w", workerID, err)
	}
	out := make([]EmploymentView, len(rows))
	for i, r := range rows {
		out[i] = EmploymentView{Employment: r.Employment.model(), Employer: EmployerView{Employer: r.Employer.model(), Mission: r.Mission.model()}}
	}
	return out, nil
}

// employmentJoinRow is an employment with its employer and mission, read
// in one row; the columns carry the tables' prefixes.
type employmentJoinRow struct {
	Employment employmentRow `gorm:"embedded;embeddedPrefix:em_"`
	Employer   employerRow   `gorm:"embedded;embeddedPrefix:e_"`
	Mission    missionRow    `gorm:"embedded;embeddedPrefix:m_"`
}

// employerViewRow is an employer with its mission, read in one row.
type employerViewRow struct {
	Employer employerRow `gorm:"embedded;embeddedPrefix:e_"`
	Mission  missionRow  `gorm:"embedded;embeddedPrefix:m_"`
}

// employmentJoinColumns selects every column of the three tables under its
// prefix, the names taken from the row types, so a new column is read too.
var employmentJoinColumns = sync.OnceValue(func() string {
	return prefixedColumns([]any{&employmentRow{}, &employerRow{}, &missionRow{}}, []string{"em", "e", "m"})
})

// employerViewColumns selects an employer's and its mission's columns.
var employerViewColumns = sync.OnceValue(func() string {
	return prefixedColumns([]any{&employerRow{}, &missionRow{}}, []string{"e", "m"})
})

// prefixedColumns lists the columns of each row type as alias.column AS
// alias_column.
func prefixedColumns(rows []any, aliases []string) string {
	var cols []string
	for i, row := range rows {
		t := struct {
			row   any
			alias string
		}{row, aliases[i]}
		sch, err := schema.Parse(t.row, &sync.Map{}, schema.NamingStrategy{})
		if err != nil {
			panic(fmt.Sprintf("employment join columns: %v", err))
		}
		for _, name := range sch.DBNames {
			cols = append(cols, t.alias+"."+name+" AS "+t.alias+"_"+name)
		}
	}
	return strings.Join(cols, ", ")
}
