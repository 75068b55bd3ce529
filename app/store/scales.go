package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// scaleVersionRow is how a salary scale version is stored. The table of the
// version (categories, steps, rates) is JSON in three text columns: a version
// is always read and written whole, and keeping it in one row makes it one
// unit for the trigger that refuses any change to a published version.
type scaleVersionRow struct {
	ID                      int64
	Status                  salaryscales.Status
	EffectiveDate           *time.Time
	BasedOnID               *int64
	ReferenceWeeklyHours    float64
	Categories              string
	Steps                   string
	Rates                   string
	BoardBreakfastCents     int64
	BoardMiddayCents        int64
	BoardEveningCents       int64
	BoardLodgingCents       int64
	DeductionCapPercent     int
	WholeDwellingCapPercent int
	SourceNote              string
	CreatedByID             *int64
	CreatedAt               time.Time
	UpdatedAt               time.Time
	PublishedAt             *time.Time
	PublishedByID           *int64
	// CorrectsID and CorrectionReason: a correcting version (migration 00022).
	CorrectsID       *int64
	CorrectionReason string
}

func (scaleVersionRow) TableName() string { return "scale_versions" }

type scaleCategoryJSON struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type scaleRateJSON struct {
	Category  string `json:"category"`
	FromYears int    `json:"from_years"`
	Monthly   int64  `json:"monthly"`
	Hourly    int64  `json:"hourly"`
}

// domain reads the row as a salaryscales.Version. Dates come back in UTC so
// that their calendar day is the one stored, whatever the server's zone.
func (r scaleVersionRow) domain() (salaryscales.Version, error) {
	v := salaryscales.Version{
		ID: r.ID, Status: r.Status, ReferenceWeeklyHours: r.ReferenceWeeklyHours,
		Board: salaryscales.BoardAndLodging{
			Breakfast: salaryscales.Cents(r.BoardBreakfastCents), Midday: salaryscales.Cents(r.BoardMiddayCents),
			Evening: salaryscales.Cents(r.BoardEveningCents), Lodging: salaryscales.Cents(r.BoardLodgingCents),
		},
		DeductionCapPercent: r.DeductionCapPercent, WholeDwellingCapPercent: r.WholeDwellingCapPercent,
		SourceNote: r.SourceNote,
	}
	if r.EffectiveDate != nil {
		v.EffectiveDate = salaryscales.Day(r.EffectiveDate.UTC())
	}
	if r.PublishedAt != nil {
		v.PublishedAt = r.PublishedAt.UTC()
	}
	if r.BasedOnID != nil {
		v.BasedOnID = *r.BasedOnID
	}
	if r.CorrectsID != nil {
		v.CorrectsID, v.CorrectionReason = *r.CorrectsID, r.CorrectionReason
	}
	var cats []scaleCategoryJSON
	var rates []scaleRateJSON
	if err := json.Unmarshal([]byte(r.Categories), &cats); err != nil {
		return v, fmt.Errorf("salary scale version %d: categories: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Steps), &v.Steps); err != nil {
		return v, fmt.Errorf("salary scale version %d: steps: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Rates), &rates); err != nil {
		return v, fmt.Errorf("salary scale version %d: rates: %w", r.ID, err)
	}
	for _, c := range cats {
		v.Categories = append(v.Categories, salaryscales.Category{Code: c.Code, Label: c.Label})
	}
	for _, x := range rates {
		v.Rates = append(v.Rates, salaryscales.Rate{Category: x.Category, FromYears: x.FromYears,
			Monthly: salaryscales.Cents(x.Monthly), Hourly: salaryscales.Cents(x.Hourly)})
	}
	return v, nil
}

// setContent writes the table, amounts and note of v into the row; identity,
// status and publication are the caller's.
func (r *scaleVersionRow) setContent(v salaryscales.Version) error {
	cats := make([]scaleCategoryJSON, len(v.Categories))
	for i, c := range v.Categories {
		cats[i] = scaleCategoryJSON{Code: c.Code, Label: c.Label}
	}
	rates := make([]scaleRateJSON, len(v.Rates))
	for i, x := range v.Rates {
		rates[i] = scaleRateJSON{Category: x.Category, FromYears: x.FromYears, Monthly: int64(x.Monthly), Hourly: int64(x.Hourly)}
	}
	steps := v.Steps
	if steps == nil {
		steps = []int{}
	}
	for _, part := range []struct {
		dst *string
		v   any
	}{{&r.Categories, cats}, {&r.Steps, steps}, {&r.Rates, rates}} {
		b, err := json.Marshal(part.v)
		if err != nil {
			return err
		}
		*part.dst = string(b)
	}
	r.EffectiveDate = nil
	if !v.EffectiveDate.IsZero() {
		d := salaryscales.Day(v.EffectiveDate)
		r.EffectiveDate = &d
	}
	r.ReferenceWeeklyHours = v.ReferenceWeeklyHours
	r.BoardBreakfastCents, r.BoardMiddayCents = int64(v.Board.Breakfast), int64(v.Board.Midday)
	r.BoardEveningCents, r.BoardLodgingCents = int64(v.Board.Evening), int64(v.Board.Lodging)
	r.DeductionCapPercent, r.WholeDwellingCapPercent = v.DeductionCapPercent, v.WholeDwellingCapPercent
	r.SourceNote = v.SourceNote
	return nil
}

// ScaleMaxAgeMonths is the age past which the version in force is stale.
func (s *Scales) MaxAgeMonths() int { return s.scaleMaxAge() }

func (s *core) scaleMaxAge() int {
	if s.opts.ScaleMaxAgeMonths > 0 {
		return s.opts.ScaleMaxAgeMonths
	}
	return salaryscales.DefaultMaxAgeMonths
}

// ScaleVersionView is a salary scale version with where it stands today.
type ScaleVersionView struct {
	salaryscales.Version
	InForce    bool // the version in force today
	Scheduled  bool // published, takes effect after today
	Superseded bool // published, replaced by a later version in force
	// Stale: the version in force is older than ScaleMaxAgeMonths.
	Stale           bool
	CreatedByName   string
	PublishedByName string
	UpdatedAt       time.Time
	// CorrectedByID is the published version that corrects this one (0 for none).
	CorrectedByID int64
}

// IsDraft reports whether the version may still be edited.
func (v ScaleVersionView) IsDraft() bool { return v.Status == salaryscales.StatusDraft }

// ShortSourceNote is the beginning of the source note, for lists.
func (v ScaleVersionView) ShortSourceNote() string {
	const max = 140
	r := []rune(v.SourceNote)
	if len(r) <= max {
		return v.SourceNote
	}
	return strings.TrimSpace(string(r[:max])) + "…"
}

// scaleVersions loads every version, drafts included, in id order.
func (s *core) scaleVersions(tx *gorm.DB) ([]scaleVersionRow, []salaryscales.Version, error) {
	var rows []scaleVersionRow
	if err := tx.Order("id").Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("load salary scale versions: %w", err)
	}
	out := make([]salaryscales.Version, len(rows))
	for i, r := range rows {
		v, err := r.domain()
		if err != nil {
			return nil, nil, err
		}
		out[i] = v
	}
	return rows, out, nil
}

// publishedScales loads the published versions only: what the rules read.
func (s *core) publishedScales(tx *gorm.DB) ([]salaryscales.Version, error) {
	var rows []scaleVersionRow
	if err := tx.Where("status = ?", salaryscales.StatusPublished).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load published salary scale versions: %w", err)
	}
	out := make([]salaryscales.Version, len(rows))
	for i, r := range rows {
		v, err := r.domain()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (s *core) loadScaleVersion(tx *gorm.DB, id int64, lock bool) (*scaleVersionRow, salaryscales.Version, error) {
	q := tx
	if lock {
		q = s.forUpdate(tx)
	}
	var row scaleVersionRow
	if err := q.First(&row, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, salaryscales.Version{}, notFound("salary scale version")
		}
		return nil, salaryscales.Version{}, fmt.Errorf("load salary scale version %d: %w", id, err)
	}
	v, err := row.domain()
	return &row, v, err
}

// views adds to each version where it stands on now.
func (s *core) scaleViews(tx *gorm.DB, rows []scaleVersionRow, all []salaryscales.Version, now time.Time) ([]ScaleVersionView, error) {
	names, err := s.userNames(tx, rows)
	if err != nil {
		return nil, err
	}
	cur, curErr := salaryscales.InForce(all, now)
	out := make([]ScaleVersionView, len(all))
	for i, v := range all {
		view := ScaleVersionView{Version: v, UpdatedAt: rows[i].UpdatedAt}
		if v.Status == salaryscales.StatusPublished {
			view.InForce = curErr == nil && cur.ID == v.ID
			view.Scheduled = salaryscales.Day(v.EffectiveDate).After(salaryscales.Day(now))
			view.Superseded = salaryscales.Superseded(v, all, now)
			view.Stale = view.InForce && salaryscales.IsStale(v, now, s.scaleMaxAge())
			if by, ok := salaryscales.CorrectedBy(v, all); ok {
				view.CorrectedByID = by.ID
			}
		}
		if id := rows[i].CreatedByID; id != nil {
			view.CreatedByName = names[*id]
		}
		if id := rows[i].PublishedByID; id != nil {
			view.PublishedByName = names[*id]
		}
		out[i] = view
	}
	return out, nil
}

func (s *core) userNames(tx *gorm.DB, rows []scaleVersionRow) (map[int64]string, error) {
	var ids []int64
	for _, r := range rows {
		for _, id := range []*int64{r.CreatedByID, r.PublishedByID} {
			if id != nil && !slices.Contains(ids, *id) {
				ids = append(ids, *id)
			}
		}
	}
	names := map[int64]string{}
	if len(ids) == 0 {
		return names, nil
	}
	users, err := find[models.User, userRow](tx.Select("id, name").Where("id IN ?", ids), "users")
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, nil
}

// ScaleOverview is the history of the salary scale: drafts, then published
// versions from the latest effective date back, and the one in force.
type ScaleOverview struct {
	Versions     []ScaleVersionView
	InForce      *ScaleVersionView // nil only if no version has taken effect
	MaxAgeMonths int
}

// ScaleVersions lists every version with where it stands today.
func (s *Scales) Versions(ctx context.Context, actor models.Actor) (*ScaleOverview, error) {
	if err := actor.Require(models.PermScaleRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	rows, all, err := s.scaleVersions(db)
	if err != nil {
		return nil, err
	}
	views, err := s.scaleViews(db, rows, all, s.local())
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(views, func(a, b ScaleVersionView) int {
		if a.IsDraft() != b.IsDraft() {
			if a.IsDraft() {
				return -1
			}
			return 1
		}
		if a.IsDraft() {
			return int(b.ID - a.ID)
		}
		return b.EffectiveDate.Compare(a.EffectiveDate)
	})
	out := &ScaleOverview{Versions: views, MaxAgeMonths: s.scaleMaxAge()}
	for i := range views {
		if views[i].InForce {
			out.InForce = &views[i]
		}
	}
	return out, nil
}

// ScaleVersion returns one version with where it stands today.
func (s *Scales) Get(ctx context.Context, actor models.Actor, id int64) (*ScaleVersionView, error) {
	if err := actor.Require(models.PermScaleRead); err != nil {
		return nil, err
	}
	return s.scaleView(s.db.WithContext(ctx), id, s.local())
}

func (s *core) scaleView(tx *gorm.DB, id int64, now time.Time) (*ScaleVersionView, error) {
	rows, all, err := s.scaleVersions(tx)
	if err != nil {
		return nil, err
	}
	views, err := s.scaleViews(tx, rows, all, now)
	if err != nil {
		return nil, err
	}
	for i := range views {
		if views[i].ID == id {
			return &views[i], nil
		}
	}
	return nil, notFound("salary scale version")
}

// ScaleInForce returns the published version in force on date, with the
// stale flag as of today.
func (s *Scales) InForce(ctx context.Context, actor models.Actor, date time.Time) (*ScaleVersionView, error) {
	if err := actor.Require(models.PermScaleRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	published, err := s.publishedScales(db)
	if err != nil {
		return nil, err
	}
	v, err := salaryscales.InForce(published, date)
	if err != nil {
		return nil, err
	}
	return s.scaleView(db, v.ID, s.local())
}

// PublicMinimum returns the full-time monthly minimum of the first category
// of the version in force today and that version's effective date, for the
// rights leaflet handed to workers. The minimum wage is public: any signed-in
// caller may print the leaflet, so no permission is asked. ok is false when
// no version is in force.
func (s *Scales) PublicMinimum(ctx context.Context) (minimum salaryscales.Cents, effective time.Time, ok bool, err error) {
	published, err := s.publishedScales(s.db.WithContext(ctx))
	if err != nil {
		return 0, time.Time{}, false, fmt.Errorf("public minimum: %w", err)
	}
	minimum, effective, ok = publicMinimum(published, s.local())
	return minimum, effective, ok, nil
}

// publicMinimum is the full-time minimum of the first category of the
// version in force on day (ok false when none is, or it has no such rate).
func publicMinimum(published []salaryscales.Version, day time.Time) (salaryscales.Cents, time.Time, bool) {
	v, err := salaryscales.InForce(published, day)
	if err != nil || len(v.Categories) == 0 {
		return 0, time.Time{}, false
	}
	m, err := salaryscales.MinimumFor(v, v.Categories[0].Code, 0, v.ReferenceWeeklyHours)
	if err != nil {
		return 0, time.Time{}, false
	}
	return m.FullTimeMonthly, v.EffectiveDate, true
}

// StaleScale returns the version in force today when it is older than the
// configured age, for the alert on admins' and clerks' home pages; nil when
// the scale is current.
func (s *Scales) Stale(ctx context.Context, actor models.Actor) (*ScaleVersionView, error) {
	v, err := s.InForce(ctx, actor, s.local())
	if models.ErrorCode(err) == salaryscales.ErrNoScaleInForce {
		return nil, nil
	}
	if err != nil || !v.Stale {
		return nil, err
	}
	return v, nil
}

// StartScaleDraft starts a draft from version fromID, or from the version in
// force today when fromID is 0.
func (s *Scales) StartDraft(ctx context.Context, actor models.Actor, fromID int64) (*salaryscales.Version, error) {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return nil, err
	}
	var out salaryscales.Version
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var from salaryscales.Version
		if fromID > 0 {
			_, v, err := s.loadScaleVersion(tx, fromID, false)
			if err != nil {
				return err
			}
			from = v
		} else {
			published, err := s.publishedScales(tx)
			if err != nil {
				return err
			}
			if from, err = salaryscales.InForce(published, s.local()); err != nil {
				return err
			}
		}
		draft := salaryscales.NewDraftFrom(from)
		id, err := s.insertScaleDraft(tx, actor, draft)
		if err != nil {
			return err
		}
		draft.ID = id
		out = draft
		return s.audit(tx, actor, "scale.draft_started", "scale_version", idText(id),
			fmt.Sprintf("draft started from salary scale version %d", from.ID))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func (s *core) insertScaleDraft(tx *gorm.DB, actor models.Actor, draft salaryscales.Version) (int64, error) {
	now := s.now()
	row := scaleVersionRow{Status: salaryscales.StatusDraft, CreatedAt: now, UpdatedAt: now}
	if draft.BasedOnID > 0 {
		id := draft.BasedOnID
		row.BasedOnID = &id
	}
	if draft.CorrectsID > 0 {
		id := draft.CorrectsID
		row.CorrectsID, row.CorrectionReason = &id, draft.CorrectionReason
	}
	if uid := actor.UserID(); uid > 0 {
		row.CreatedByID = &uid
	}
	if err := row.setContent(draft); err != nil {
		return 0, err
	}
	if err := tx.Create(&row).Error; err != nil {
		return 0, fmt.Errorf("create salary scale draft: %w", err)
	}
	return row.ID, nil
}

// checkDraft validates a draft before it is saved: everything Validate asks,
// except that the effective date may still be open (it is required to
// publish).
func checkDraft(v salaryscales.Version) error {
	err := salaryscales.Validate(v)
	var de *models.Error
	if !errors.As(err, &de) || !v.EffectiveDate.IsZero() {
		return err
	}
	var val models.Validation
	for _, f := range de.Fields {
		if f.Field == "effective_date" && f.Code == "required" {
			continue
		}
		val.Add(f.Field, f.Code, f.Message, f.Args)
	}
	return val.Err()
}

// SaveScaleDraft replaces the content of draft v.ID with v: effective date,
// reference week, categories, steps, rates, board amounts, caps and source
// note. A published version is refused: it is never edited.
func (s *Scales) SaveDraft(ctx context.Context, actor models.Actor, v salaryscales.Version) error {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		row, cur, err := s.loadScaleVersion(tx, v.ID, true)
		if err != nil {
			return err
		}
		if err := salaryscales.CanEdit(cur); err != nil {
			return err
		}
		v.Status, v.BasedOnID = cur.Status, cur.BasedOnID
		// A correcting version keeps what it corrects, why, and its day.
		v.CorrectsID, v.CorrectionReason = cur.CorrectsID, cur.CorrectionReason
		if cur.CorrectsID != 0 {
			v.EffectiveDate = cur.EffectiveDate
		}
		if err := checkDraft(v); err != nil {
			return err
		}
		return s.updateScaleDraft(tx, actor, row, v, "scale.draft_saved", "draft saved")
	})
}

func (s *core) updateScaleDraft(tx *gorm.DB, actor models.Actor, row *scaleVersionRow, v salaryscales.Version, action, summary string) error {
	if err := row.setContent(v); err != nil {
		return err
	}
	row.UpdatedAt = s.now()
	res := tx.Model(&scaleVersionRow{}).Where("id = ? AND status = ?", row.ID, salaryscales.StatusDraft).Updates(map[string]any{
		"effective_date": row.EffectiveDate, "reference_weekly_hours": row.ReferenceWeeklyHours,
		"categories": row.Categories, "steps": row.Steps, "rates": row.Rates,
		"board_breakfast_cents": row.BoardBreakfastCents, "board_midday_cents": row.BoardMiddayCents,
		"board_evening_cents": row.BoardEveningCents, "board_lodging_cents": row.BoardLodgingCents,
		"deduction_cap_percent": row.DeductionCapPercent, "whole_dwelling_cap_percent": row.WholeDwellingCapPercent,
		"source_note": row.SourceNote, "updated_at": row.UpdatedAt,
	})
	if res.Error != nil {
		return fmt.Errorf("save salary scale draft %d: %w", row.ID, res.Error)
	}
	if res.RowsAffected != 1 {
		return salaryscales.CanEdit(salaryscales.Version{Status: salaryscales.StatusPublished})
	}
	return s.audit(tx, actor, action, "scale_version", idText(row.ID), summary)
}

// IndexScaleDraft raises (or lowers) every monthly and hourly amount of the
// draft by percent, each rounded to the cent.
func (s *Scales) IndexDraft(ctx context.Context, actor models.Actor, id int64, percent float64) error {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		row, cur, err := s.loadScaleVersion(tx, id, true)
		if err != nil {
			return err
		}
		next, err := salaryscales.ApplyIndexation(cur, percent)
		if err != nil {
			return err
		}
		return s.updateScaleDraft(tx, actor, row, next, "scale.indexed", fmt.Sprintf("indexation of %+.4f%% applied", percent))
	})
}

// PublishScaleVersion publishes the draft id: it is checked against the
// rules and the versions already published (salaryscales.Publish), and from
// then on it is never changed. Two versions published at the same moment for
// the same day are kept apart by the database's unique index.
func (s *Scales) Publish(ctx context.Context, actor models.Actor, id int64) (*salaryscales.Version, error) {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return nil, err
	}
	var out salaryscales.Version
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, draft, err := s.loadScaleVersion(tx, id, true)
		if err != nil {
			return err
		}
		published, err := s.publishedScales(tx)
		if err != nil {
			return err
		}
		now := s.now()
		pub, err := salaryscales.Publish(draft, published, s.local())
		if err != nil {
			return err
		}
		pub.PublishedAt = pub.PublishedAt.UTC() // decided on the Directorate's day, kept in UTC
		if err := s.checkScaleCoverage(tx, pub); err != nil {
			return err
		}
		by := actor.UserID()
		var byPtr *int64
		if by > 0 {
			byPtr = &by
		}
		eff := pub.EffectiveDate
		res := tx.Model(&scaleVersionRow{}).Where("id = ? AND status = ?", id, salaryscales.StatusDraft).Updates(map[string]any{
			"status": salaryscales.StatusPublished, "effective_date": &eff, "published_at": &now,
			"published_by_id": byPtr, "updated_at": now,
		})
		if res.Error != nil {
			if errors.Is(res.Error, gorm.ErrDuplicatedKey) && pub.CorrectsID != 0 {
				return models.Fail(models.KindConflict, "scale_already_corrected",
					"Salary scale version {{.id}} was corrected by another version meanwhile; correct that one instead.").With("id", pub.CorrectsID)
			}
			if errors.Is(res.Error, gorm.ErrDuplicatedKey) {
				var val models.Validation
				val.Add("effective_date", "effective_date_taken",
					fmt.Sprintf("Another published version already takes effect on %s; choose another date.", eff.Format(time.DateOnly)))
				return val.Err()
			}
			return fmt.Errorf("publish salary scale version %d: %w", id, res.Error)
		}
		if res.RowsAffected != 1 {
			return salaryscales.CanEdit(salaryscales.Version{Status: salaryscales.StatusPublished})
		}
		out = pub
		if pub.CorrectsID != 0 {
			return s.audit(tx, actor, "scale.correction_published", "scale_version", idText(id),
				fmt.Sprintf("salary scale version published, correcting version %d from %s: %s",
					pub.CorrectsID, eff.Format(time.DateOnly), pub.CorrectionReason))
		}
		return s.audit(tx, actor, "scale.published", "scale_version", idText(id),
			"salary scale version published, effective "+eff.Format(time.DateOnly))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DiscardScaleDraft deletes a draft that will not be published. A published
// version is refused (by the domain, and by the database).
func (s *Scales) Discard(ctx context.Context, actor models.Actor, id int64) error {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		_, v, err := s.loadScaleVersion(tx, id, true)
		if err != nil {
			return err
		}
		if err := salaryscales.CanEdit(v); err != nil {
			return err
		}
		// Drafts started from this one keep their own content; only the link goes.
		if err := tx.Model(&scaleVersionRow{}).Where("based_on_id = ? AND status = ?", id, salaryscales.StatusDraft).
			Update("based_on_id", nil).Error; err != nil {
			return fmt.Errorf("unlink drafts based on version %d: %w", id, err)
		}
		if err := tx.Where("id = ? AND status = ?", id, salaryscales.StatusDraft).Delete(&scaleVersionRow{}).Error; err != nil {
			return fmt.Errorf("discard salary scale draft %d: %w", id, err)
		}
		return s.audit(tx, actor, "scale.draft_discarded", "scale_version", idText(id), "draft discarded")
	})
}

// ScaleComparison is a side-by-side view of two versions.
type ScaleComparison struct {
	Old, New ScaleVersionView
	Rows     []salaryscales.DiffRow
	Changed  int
}

// CompareScale compares version id with version againstID, or with the
// version in force today when againstID is 0.
func (s *Scales) Compare(ctx context.Context, actor models.Actor, id, againstID int64) (*ScaleComparison, error) {
	if err := actor.Require(models.PermScaleRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	rows, all, err := s.scaleVersions(db)
	if err != nil {
		return nil, err
	}
	views, err := s.scaleViews(db, rows, all, s.local())
	if err != nil {
		return nil, err
	}
	var cmp ScaleComparison
	var foundNew, foundOld bool
	for _, v := range views {
		if v.ID == id {
			cmp.New, foundNew = v, true
		}
		if (againstID > 0 && v.ID == againstID) || (againstID == 0 && v.InForce) {
			cmp.Old, foundOld = v, true
		}
	}
	if !foundNew || (againstID > 0 && !foundOld) {
		return nil, notFound("salary scale version")
	}
	if !foundOld {
		return nil, models.Fail(models.KindNotFound, salaryscales.ErrNoScaleInForce, "No published salary scale version is in force today.")
	}
	cmp.Rows = salaryscales.Diff(cmp.Old.Version, cmp.New.Version)
	for _, r := range cmp.Rows {
		if r.Changed {
			cmp.Changed++
		}
	}
	return &cmp, nil
}

// ExportScaleCSV writes version id in the CSV format of salaryscales.
func (s *Scales) ExportCSV(ctx context.Context, actor models.Actor, id int64, w io.Writer) error {
	if err := actor.Require(models.PermScaleRead); err != nil {
		return err
	}
	_, v, err := s.loadScaleVersion(s.db.WithContext(ctx), id, false)
	if err != nil {
		return err
	}
	return salaryscales.ExportCSV(w, v)
}

// ImportScaleCSV reads a version from CSV and stores it as a new draft. Every
// problem of the file is reported at once, with its line.
func (s *Scales) ImportCSV(ctx context.Context, actor models.Actor, r io.Reader) (*salaryscales.Version, error) {
	if err := actor.Require(models.PermScalePublish); err != nil {
		return nil, err
	}
	v, err := salaryscales.ImportCSV(r)
	if err != nil {
		return nil, err
	}
	err = s.transact(ctx, func(tx *gorm.DB) error {
		id, err := s.insertScaleDraft(tx, actor, v)
		if err != nil {
			return err
		}
		v.ID = id
		return s.audit(tx, actor, "scale.imported", "scale_version", idText(id), "draft imported from a CSV file")
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// ScaleCSV returns version id as CSV bytes, with the name a download should
// carry.
func (s *Scales) CSV(ctx context.Context, actor models.Actor, id int64) ([]byte, string, error) {
	var buf bytes.Buffer
	if err := s.ExportCSV(ctx, actor, id, &buf); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), fmt.Sprintf("salary-scale-%d.csv", id), nil
}
