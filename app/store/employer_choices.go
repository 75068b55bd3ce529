package store

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/models"
)

// EmployerChoices returns the employers a form's select offers (issue 14:
// the worker's page no longer loads every employer): those whose name, or
// whose mission's name, holds every word of q (all of them when q is
// empty), in name order, at most limit, and whether more matched. The
// employer include (the one chosen before, when a form is drawn again) is
// offered too.
func (s *Employers) Choices(ctx context.Context, actor models.Actor, q string, include int64, limit int) ([]EmployerView, bool, error) {
	if err := actor.Require(models.PermWorkerRead); err != nil {
		return nil, false, err
	}
	db := s.db.WithContext(ctx)
	match := `SELECT e.id FROM employers e WHERE e.search_name LIKE ?
		UNION SELECT e.id FROM employers e JOIN missions m ON m.id = e.mission_id WHERE lower(m.name) LIKE ?`
	if s.engine != Postgres {
		match = `SELECT rowid FROM employers_name_fts WHERE search_name LIKE ?
			UNION SELECT e.id FROM employers e JOIN missions m ON m.id = e.mission_id WHERE lower(m.name) LIKE ?`
	}
	sel := db.Model(&employerRow{})
	for _, term := range models.SearchTerms(q) {
		like := "%" + term + "%"
		sel = sel.Where("employers.id IN ("+match+")", like, like)
	}
	emps, err := find[models.Employer, employerRow](sel.Order("employers.family_name, employers.given_names, employers.id").Limit(limit+1), "employers")
	if err != nil {
		return nil, false, fmt.Errorf("employer choices: %w", err)
	}
	more := len(emps) > limit
	emps = emps[:min(len(emps), limit)]
	if include > 0 {
		found := false
		for _, e := range emps {
			found = found || e.ID == include
		}
		if !found {
			if e, err := s.employer(db, include); err == nil {
				emps = append([]models.Employer{*e}, emps...)
			}
		}
	}
	ids := make([]int64, 0, len(emps))
	for _, e := range emps {
		ids = append(ids, e.MissionID)
	}
	byID := map[int64]models.Mission{}
	if len(ids) > 0 {
		missions, err := find[models.Mission, missionRow](db.Where("id IN ?", ids), "missions")
		if err != nil {
			return nil, false, err
		}
		for _, m := range missions {
			byID[m.ID] = m
		}
	}
	out := make([]EmployerView, len(emps))
	for i, e := range emps {
		out[i] = EmployerView{Employer: e, Mission: byID[e.MissionID]}
	}
	return out, more, nil
}
