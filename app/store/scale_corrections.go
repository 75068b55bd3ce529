package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// Salary scale corrections (issue 9): a version may not lack a category
// that employments use, and a published version that turns out wrong is
// superseded by a correcting version from the same day, after which the
// contracts drawn up under it that pay less than the corrected minimum are
// listed for review.

// jobCategoriesInDB reads the job_categories table in its order: the
// database's copy of models.JobCategories.
func (s *core) jobCategoriesInDB(tx *gorm.DB) ([]string, error) {
	var codes []string
	if err := tx.Table("job_categories").Order("position").Pluck("code", &codes).Error; err != nil {
		return nil, fmt.Errorf("job categories: %w", err)
	}
	return codes, nil
}

// categoriesInUse counts, by category, the employments that run on or
// after day: those current then, and those that start later.
func (s *core) categoriesInUse(tx *gorm.DB, day time.Time) (map[string]int, error) {
	var rows []struct {
		JobCategory string
		N           int
	}
	if err := tx.Table("employments").Select("job_category, COUNT(*) AS n").
		Where("ends_on IS NULL OR ends_on >= ?", salaryscales.Day(day)).Group("job_category").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("categories in use: %w", err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.JobCategory] = r.N
	}
	return out, nil
}

// checkScaleCoverage refuses to publish v when it lacks a category that
// employments running on or after its effective date use.
func (s *core) checkScaleCoverage(tx *gorm.DB, v salaryscales.Version) error {
	inUse, err := s.categoriesInUse(tx, v.EffectiveDate)
	if err != nil {
		return err
	}
	return salaryscales.CheckCoverage(v, inUse)
}

// StartCorrection starts a correcting draft of the published version id,
// with the reason given (salaryscales.NewCorrection). Publishing it puts it
// in force in id's place from id's effective date.
func (s *Scales) StartCorrection(ctx context.Context, actor models.Actor, id int64, reason string) (*salaryscales.Version, error) {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return nil, err
	}
	var out salaryscales.Version
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, target, err := s.loadScaleVersion(tx, id, true)
		if err != nil {
			return err
		}
		published, err := s.publishedScales(tx)
		if err != nil {
			return err
		}
		draft, err := salaryscales.NewCorrection(target, published, reason)
		if err != nil {
			return err
		}
		newID, err := s.insertScaleDraft(tx, actor, draft)
		if err != nil {
			return err
		}
		draft.ID = newID
		out = draft
		return s.audit(tx, actor, "scale.correction_started", "scale_version", idText(newID),
			fmt.Sprintf("correcting draft of salary scale version %d started: %s", id, draft.CorrectionReason))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// BelowMinimumRow is a contract drawn up under a salary scale version that
// a published correction replaced, and that pays less than the corrected
// minimum: it needs an amended contract.
type BelowMinimumRow struct {
	ContractID        int64
	Reference         string
	ApplicationID     int64
	ApplicationStatus models.ApplicationStatus
	WorkerName        string
	StartDate         time.Time
	Category          string
	WeeklyHours       float64
	SeniorityYears    int
	Gross             salaryscales.Cents
	// OldMinimum is the minimum the contract was checked against, under
	// OldVersionID; NewMinimum that of the correction in force in its place,
	// NewVersionID. MissingCategory: the correction has no minimum for the
	// contract's category at all (NewMinimum is then 0).
	OldMinimum      salaryscales.Cents
	OldVersionID    int64
	NewMinimum      salaryscales.Cents
	NewVersionID    int64
	MissingCategory bool
}

// Shortfall is how much a month the contract pays below the new minimum.
func (r BelowMinimumRow) Shortfall() salaryscales.Cents { return r.NewMinimum - r.Gross }

// BelowMinimum lists the contracts below the new minimum: of each
// application, its latest contract, when it was drawn up under a corrected
// version and pays less than the corrected minimum for its category,
// seniority and weekly hours. An amended contract generated since takes the
// application off the list, and so does an application closed without a
// card (withdrawn, rejected, refused, referred). Admins only.
func (s *Scales) BelowMinimum(ctx context.Context, actor models.Actor) ([]BelowMinimumRow, error) {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return nil, err
	}
	var out []BelowMinimumRow
	err := s.transact(ctx, func(tx *gorm.DB) error {
		published, err := s.publishedScales(tx)
		if err != nil {
			return err
		}
		out, err = s.belowMinimum(tx, published)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// belowMinimum lists the contracts below the new minimum as BelowMinimum
// does, the published versions being published: those in the database, or
// with a correcting draft about to be published among them
// (ScalePublishConsequence).
func (s *core) belowMinimum(tx *gorm.DB, published []salaryscales.Version) ([]BelowMinimumRow, error) {
	out := []BelowMinimumRow{}
	byID := map[int64]salaryscales.Version{}
	var corrected []int64
	for _, v := range published {
		byID[v.ID] = v
		if _, ok := salaryscales.CorrectedBy(v, published); ok {
			corrected = append(corrected, v.ID)
		}
	}
	if len(corrected) == 0 {
		return out, nil
	}
	var rows []struct {
		ID                  int64
		Reference           string
		ApplicationID       int64
		Status              models.ApplicationStatus
		FamilyName          string
		GivenNames          string
		ScaleVersionID      int64
		StartDate           time.Time
		Category            string
		WeeklyHours         float64
		SeniorityYears      int
		GrossMonthlyCents   int64
		MinimumMonthlyCents int64
	}
	if err := tx.Table("contracts c").
		Select("c.id, c.reference, c.application_id, a.status, w.family_name, w.given_names, c.scale_version_id, "+
			"c.start_date, c.category, c.weekly_hours, c.seniority_years, c.gross_monthly_cents, c.minimum_monthly_cents").
		Joins("JOIN applications a ON a.id = c.application_id").
		Joins("JOIN employments em ON em.id = c.employment_id").
		Joins("JOIN workers w ON w.id = em.worker_id").
		Where("c.scale_version_id IN ? AND c.id IN (SELECT MAX(id) FROM contracts GROUP BY application_id) AND a.status NOT IN ?",
			corrected, []models.ApplicationStatus{models.ApplicationWithdrawn, models.ApplicationRejected,
				models.ApplicationRefused, models.ApplicationReferred}).
		Order("c.start_date, c.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("contracts under corrected salary scale versions: %w", err)
	}
	for _, r := range rows {
		head := salaryscales.Correction(byID[r.ScaleVersionID], published)
		row := BelowMinimumRow{ContractID: r.ID, Reference: r.Reference, ApplicationID: r.ApplicationID, ApplicationStatus: r.Status,
			WorkerName: r.FamilyName + ", " + r.GivenNames, StartDate: salaryscales.Day(r.StartDate.UTC()), Category: r.Category,
			WeeklyHours: r.WeeklyHours, SeniorityYears: r.SeniorityYears, Gross: salaryscales.Cents(r.GrossMonthlyCents),
			OldMinimum: salaryscales.Cents(r.MinimumMonthlyCents), OldVersionID: r.ScaleVersionID, NewVersionID: head.ID}
		min, err := salaryscales.MinimumFor(head, r.Category, r.SeniorityYears, r.WeeklyHours)
		switch {
		case err != nil:
			row.MissingCategory = true
		case row.Gross >= min.Monthly:
			continue
		default:
			row.NewMinimum = min.Monthly
		}
		out = append(out, row)
	}
	return out, nil
}

// checkEmploymentCovered refuses an employment whose category a published
// salary scale version standing during it lacks
// (salaryscales.CheckCategoryCovered).
func (s *core) checkEmploymentCovered(tx *gorm.DB, e models.Employment) error {
	published, err := s.publishedScales(tx)
	if err != nil {
		return err
	}
	return salaryscales.CheckCategoryCovered(published, string(e.JobCategory), e.StartsOn, e.EndsOn)
}
