package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

// CTDC returns the microdata export of year and the four years before it:
// one record per worker and year with an indicator observed (yes or
// unclear, current), k-anonymised (models.KAnonymise), and the number of
// records suppressed. The export is audited.
func (s *Statistics) CTDC(ctx context.Context, actor models.Actor, year int) ([]models.CTDCRecord, int, error) {
	if err := actor.Require(models.PermMicrodataExport); err != nil {
		return nil, 0, err
	}
	if err := models.ValidStatisticsYear(year, s.local()); err != nil {
		return nil, 0, err
	}
	years := models.ReportYears(year)
	from := time.Date(years[0], 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	var kept []models.CTDCRecord
	var suppressed int
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var obs []struct {
			WorkerID int64
			Y        int
			Code     string
		}
		if err := tx.Raw("SELECT o.worker_id, "+s.yearExpr("o.observed_on")+" AS y, o.indicator_code AS code FROM indicator_observations o"+
			" WHERE o.answer <> 'no' AND o.observed_on >= ? AND o.observed_on < ?"+
			" AND NOT EXISTS (SELECT 1 FROM indicator_observations x WHERE x.supersedes_id = o.id)", from, to).Scan(&obs).Error; err != nil {
			return fmt.Errorf("ctdc observations: %w", err)
		}
		type wy struct {
			worker int64
			year   int
		}
		means := map[wy][]models.CTDCField{}
		var ids []int64
		for _, o := range obs {
			k := wy{o.WorkerID, o.Y}
			if _, ok := means[k]; !ok {
				means[k] = []models.CTDCField{}
				ids = append(ids, o.WorkerID)
			}
			for _, f := range models.CTDCFieldsFor(o.Code) {
				if !slices.Contains(means[k], f) {
					means[k] = append(means[k], f)
				}
			}
		}
		workers := map[int64]models.Worker{}
		jobs := map[int64][]models.Employment{}
		ages := map[int64]int{} // an anonymised worker's age at the first card
		for chunk := range slices.Chunk(ids, 500) {
			ws, err := find[models.Worker, workerRow](tx.Where("id IN ?", chunk), "workers")
			if err != nil {
				return err
			}
			for _, w := range ws {
				workers[w.ID] = w
			}
			es, err := find[models.Employment, employmentRow](tx.Where("worker_id IN ?", chunk).Order("starts_on"), "employments")
			if err != nil {
				return err
			}
			for _, e := range es {
				jobs[e.WorkerID] = append(jobs[e.WorkerID], e)
			}
			var facts []struct {
				WorkerID   int64
				AgeAtIssue int
				IssuedAt   time.Time
			}
			if err := tx.Table("card_facts f").Select("c.worker_id, f.age_at_issue, c.issued_at").Joins("JOIN cards c ON c.id = f.card_id").
				Where("c.worker_id IN ?", chunk).Order("c.issued_at DESC").Scan(&facts).Error; err != nil {
				return err
			}
			for _, f := range facts {
				ages[f.WorkerID] = f.AgeAtIssue - f.IssuedAt.Year() // plus the year asked for
			}
		}
		var records []models.CTDCRecord
		for k, m := range means {
			w := workers[k.worker]
			mid := time.Date(k.year, 7, 1, 0, 0, 0, 0, time.UTC)
			age := models.AgeOn(w.DateOfBirth, mid)
			if a, ok := ages[k.worker]; ok && w.DateOfBirth.Equal(models.AnonymisedDateOfBirth) {
				age = a + k.year
			}
			job := ""
			for _, e := range jobs[k.worker] {
				if !e.StartsOn.After(mid) || job == "" {
					job = string(e.JobCategory)
				}
			}
			slices.Sort(m)
			records = append(records, models.CTDCRecord{Year: strconv.Itoa(k.year), Gender: models.CTDCGender(w.Sex), AgeBroad: models.AgeBand(age),
				Citizenship: w.Nationality, JobCategory: job, Means: m})
		}
		// A stable order that says nothing about who came first.
		slices.SortFunc(records, func(a, b models.CTDCRecord) int {
			if a.String() < b.String() {
				return -1
			}
			if a.String() > b.String() {
				return 1
			}
			return 0
		})
		kept, suppressed, _ = models.KAnonymise(records, s.opts.Settings.Oversight.KAnonymity)
		return s.audit(tx, actor, "statistics.ctdc_export", "statistics", strconv.Itoa(year),
			fmt.Sprintf("CTDC microdata %d-%d: %d records, %d suppressed (k=%d)", years[0], year, len(kept), suppressed, s.opts.Settings.Oversight.KAnonymity))
	})
	return kept, suppressed, err
}
