package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/carddesk/carddesk/models"
)

// Dossier is a worker with their employments, each with its employer and
// the employer's mission, newest first: what GET /api/v1/workers/{id}
// answers.
type Dossier struct {
	Worker      models.Worker
	Employments []EmploymentView
}

// dossierRow is one row of the dossier's query: the worker, and one of
// their employments with its employer and mission (all NULL for a worker
// without employment).
type dossierRow struct {
	Worker     workerRow     `gorm:"embedded;embeddedPrefix:w_"`
	Employment employmentRow `gorm:"embedded;embeddedPrefix:em_"`
	Employer   employerRow   `gorm:"embedded;embeddedPrefix:e_"`
	Mission    missionRow    `gorm:"embedded;embeddedPrefix:m_"`
}

// dossierSQL is the dossier's statement, built once: handed to gorm as
// raw SQL, it is not parsed again on every call (a Select of many columns
// is, for field names).
var dossierSQL = sync.OnceValue(func() string {
	return "SELECT " + prefixedColumns([]any{&workerRow{}, &employmentRow{}, &employerRow{}, &missionRow{}}, []string{"w", "em", "e", "m"}) +
		" FROM workers w LEFT JOIN employments em ON em.worker_id = w.id" +
		" LEFT JOIN employers e ON e.id = em.employer_id LEFT JOIN missions m ON m.id = e.mission_id" +
		" WHERE w.id = ? ORDER BY em.starts_on DESC, em.id DESC"
})

// Dossier reads a worker and their employments in one query (issue 14:
// one round trip after authentication), the same as Get and
// Employments.OfWorker read in two. Find, not Scan: gorm's Scan formats
// the statement with its arguments for a log on every call, even with the
// logger discarding it (a tenth of the request's allocations).
func (s *Workers) Dossier(ctx context.Context, actor models.Actor, id int64) (*Dossier, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, err
	}
	// Room for two employments: without it gorm makes room for twenty
	// rows (16 kB) on every read.
	rows := make([]dossierRow, 0, 2)
	err := s.db.WithContext(ctx).Raw(dossierSQL(), id).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("dossier of worker %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, notFound("worker")
	}
	d := &Dossier{Worker: rows[0].Worker.model(), Employments: make([]EmploymentView, 0, len(rows))}
	for _, r := range rows {
		if r.Employment.ID == 0 { // the LEFT JOIN's row of a worker without employment
			continue
		}
		d.Employments = append(d.Employments, EmploymentView{Employment: r.Employment.model(),
			Employer: EmployerView{Employer: r.Employer.model(), Mission: r.Mission.model()}})
	}
	return d, nil
}
