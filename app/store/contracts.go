package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// Contract is a generated standard employment contract as stored: the terms
// it was drawn up with, the minimum it was checked against and the scale
// version that minimum came from, and the PDF exactly as printed (the
// columns, contractRow), with what is read beside it. Nothing of it changes
// after generation except ReprintCount (a database trigger refuses anything
// else).
type Contract struct {
	contractRow
	// ScaleEffectiveDate and GeneratedByName are read with the contract.
	ScaleEffectiveDate time.Time
	GeneratedByName    string
}

// contractRow is a contract's row.
type contractRow struct {
	ID             int64
	Reference      string
	ApplicationID  int64
	EmploymentID   int64
	ScaleVersionID int64
	// ScaleStale: the version was older than the configured age on
	// ContractDate; the contract says so.
	ScaleStale     bool
	Language       string
	SecondLanguage string
	// ContractDate is the day printed on the contract and written as the
	// PDF's creation date: stored, so the same contract is the same bytes.
	ContractDate          time.Time
	StartDate             time.Time
	EndDate               *time.Time
	Category              string
	WeeklyHours           float64
	SeniorityYears        int
	GrossMonthlyCents     int64
	MinimumMonthlyCents   int64
	MinimumHourlyCents    int64
	BoardBreakfast        bool
	BoardMidday           bool
	BoardEvening          bool
	BoardLodging          bool
	BoardWholeDwelling    bool
	BoardDaysPerMonth     int
	DeductedCents         int64
	CashPaidCents         int64
	EmployerFunction      string
	EmployerAddress       string
	WorkerAddress         string
	Workplace             string
	Duties                string
	Place                 string
	DaysPerWeek           int
	RestDays              string // comma-separated English weekday names, lower case
	AnnualLeaveDays       int
	ProbationDays         int
	RepatriationTo        string
	NoticeEmployerWeeks   int
	NoticeWorkerWeeks     int
	ForeignSocialSecurity string
	PDF                   []byte
	SHA256                string
	SizeBytes             int64
	GeneratedByID         int64
	GeneratedAt           time.Time
	ReprintCount          int
}

func (contractRow) TableName() string { return "contracts" }

// Gross is the gross monthly salary agreed.
func (c Contract) Gross() salaryscales.Cents { return salaryscales.Cents(c.GrossMonthlyCents) }

// Minimum is the minimum gross monthly pay the salary was checked against.
func (c Contract) Minimum() salaryscales.Cents { return salaryscales.Cents(c.MinimumMonthlyCents) }

// Deducted is the monthly board-and-lodging deduction.
func (c Contract) Deducted() salaryscales.Cents { return salaryscales.Cents(c.DeductedCents) }

// CashPaid is what remains to be paid in money after the deduction.
func (c Contract) CashPaid() salaryscales.Cents { return salaryscales.Cents(c.CashPaidCents) }

// BoardTerms returns what the contract says about board and lodging.
func (c Contract) BoardTerms() salaryscales.BoardTerms {
	return salaryscales.BoardTerms{Breakfast: c.BoardBreakfast, Midday: c.BoardMidday, Evening: c.BoardEvening,
		Lodging: c.BoardLodging, WholeDwelling: c.BoardWholeDwelling, DaysPerMonth: c.BoardDaysPerMonth}
}

// RestWeekdays returns the rest days.
func (c Contract) RestWeekdays() []time.Weekday { return salaryscales.ParseWeekdays(c.RestDays) }

// ContractPreview is what the contract page shows before anything is
// generated: the minimum that applies on the start date, the version it
// comes from, the contracts already generated for the application, and the
// latest contract of the same employment, whose terms prefill the form.
type ContractPreview struct {
	App       *ApplicationView
	StartDate time.Time
	// Minimum and Scale are set when a version is in force on StartDate;
	// otherwise MinimumErr says why not.
	Minimum    salaryscales.Minimum
	Scale      *ScaleVersionView
	Stale      bool
	MinimumErr error
	Contracts  []Contract
	Previous   *Contract
	// CanGenerate: the application is still open for a contract.
	CanGenerate bool
}

// ContractPreview prepares the contract page of application appID for a
// contract starting on start (zero: DefaultContractStart).
func (s *Contracts) Preview(ctx context.Context, actor models.Actor, appID int64, start time.Time) (*ContractPreview, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, err
	}
	app, err := (&Applications{s.core}).Get(ctx, actor, appID)
	if err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	now := s.now()
	p := &ContractPreview{App: app, StartDate: salaryscales.DefaultContractStart(app.Employment, now.In(s.opts.Location)), CanGenerate: !app.Status.Terminal()}
	if !start.IsZero() {
		p.StartDate = salaryscales.Day(start)
	}
	published, err := s.publishedScales(db)
	if err != nil {
		return nil, err
	}
	m, v, err := salaryscales.MinimumOn(published, p.StartDate, string(app.Employment.JobCategory), app.Employment.StartsOn, app.Employment.WeeklyHours)
	if err != nil {
		if models.ErrorKind(err) == models.KindInternal && models.ErrorCode(err) == "internal" {
			return nil, err
		}
		p.MinimumErr = err
	} else {
		p.Minimum = m
		if p.Scale, err = s.scaleView(db, v.ID, now); err != nil {
			return nil, err
		}
		p.Stale = salaryscales.IsStale(v, s.dayOf(now), s.scaleMaxAge())
	}
	if p.Contracts, err = s.contractsWhere(db, "application_id = ?", appID); err != nil {
		return nil, err
	}
	prev, err := s.contractsWhere(db.Limit(1), "employment_id = ?", app.EmploymentID)
	if err != nil {
		return nil, err
	}
	if len(prev) > 0 {
		p.Previous = &prev[0]
	}
	return p, nil
}

// contractsWhere lists contracts, newest first, without their PDF.
func (s *core) contractsWhere(tx *gorm.DB, query string, args ...any) ([]Contract, error) {
	var rows []contractRow
	if err := tx.Omit("pdf").Where(query, args...).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list contracts: %w", err)
	}
	out := make([]Contract, len(rows))
	for i, r := range rows {
		out[i].contractRow = r
	}
	if err := s.fillContracts(tx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// fillContracts adds the scale version's effective date and the generating
// clerk's name, and reads dates back as UTC calendar days.
func (s *core) fillContracts(tx *gorm.DB, list []Contract) error {
	if len(list) == 0 {
		return nil
	}
	var vids, uids []int64
	for _, c := range list {
		vids = append(vids, c.ScaleVersionID)
		uids = append(uids, c.GeneratedByID)
	}
	var versions []scaleVersionRow
	if err := tx.Session(&gorm.Session{NewDB: true}).Select("id, effective_date").Where("id IN ?", vids).Find(&versions).Error; err != nil {
		return fmt.Errorf("scale versions of contracts: %w", err)
	}
	users, err := find[models.User, userRow](tx.Session(&gorm.Session{NewDB: true}).Select("id, name").Where("id IN ?", uids), "users")
	if err != nil {
		return err
	}
	for i := range list {
		c := &list[i]
		c.ContractDate, c.StartDate = salaryscales.Day(c.ContractDate.UTC()), salaryscales.Day(c.StartDate.UTC())
		if c.EndDate != nil {
			d := salaryscales.Day(c.EndDate.UTC())
			c.EndDate = &d
		}
		for _, v := range versions {
			if v.ID == c.ScaleVersionID && v.EffectiveDate != nil {
				c.ScaleEffectiveDate = salaryscales.Day(v.EffectiveDate.UTC())
			}
		}
		for _, u := range users {
			if u.ID == c.GeneratedByID {
				c.GeneratedByName = u.Name
			}
		}
	}
	return nil
}

// Contracts lists the contracts generated for application appID, newest first.
func (s *Contracts) OfApplication(ctx context.Context, actor models.Actor, appID int64) ([]Contract, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, err
	}
	return s.contractsWhere(s.db.WithContext(ctx), "application_id = ?", appID)
}

// Contract returns one contract without its PDF.
func (s *Contracts) Get(ctx context.Context, actor models.Actor, id int64) (*Contract, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, err
	}
	list, err := s.contractsWhere(s.db.WithContext(ctx), "id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("contract")
	}
	return &list[0], nil
}

// ContractPDF returns a contract with the PDF exactly as it was generated.
// Reading it is not a reprint: ReprintContract counts those.
func (s *Contracts) PDF(ctx context.Context, actor models.Actor, id int64) (*Contract, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, err
	}
	c, err := s.loadContract(s.db.WithContext(ctx), id)
	if err == nil && len(c.PDF) == 0 {
		return nil, erasedPaper("contract")
	}
	return c, err
}

func (s *core) loadContract(tx *gorm.DB, id int64) (*Contract, error) {
	var c Contract
	if err := tx.First(&c.contractRow, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, notFound("contract")
		}
		return nil, fmt.Errorf("load contract %d: %w", id, err)
	}
	list := []Contract{c}
	if err := s.fillContracts(tx, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// ReprintContract returns the stored PDF, byte for byte the one generated,
// and counts the reprint (audited).
func (s *Contracts) Reprint(ctx context.Context, actor models.Actor, id int64) (*Contract, error) {
	if err := actor.Require(models.PermContractGenerate); err != nil {
		return nil, err
	}
	var out *Contract
	err := s.transact(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&contractRow{}).Where("id = ?", id).Update("reprint_count", gorm.Expr("reprint_count + 1"))
		if res.Error != nil {
			return fmt.Errorf("count reprint of contract %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return notFound("contract")
		}
		c, err := s.loadContract(tx, id)
		if err != nil {
			return err
		}
		if len(c.PDF) == 0 {
			return erasedPaper("contract")
		}
		out = c
		return s.audit(tx, actor, "contract.reprinted", "contract", idText(id),
			fmt.Sprintf("contract %s reprinted (reprint %d)", c.Reference, c.ReprintCount))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// contractReference is the contract's reference for life: the application
// and the contract's rank within it ("CT-000042-02").
func contractReference(appID int64, n int64) string {
	return fmt.Sprintf("CT-%06d-%02d", appID, n)
}

// GenerateContract draws up the standard employment contract of application
// appID. Inside one transaction it reads the employment, takes the version
// of the salary scale in force on the contract's start date and the
// worker's seniority on that day, refuses a salary below the minimum with
// the figures (salaryscales.CheckSalary: nothing is stored), computes the
// board-and-lodging deduction, generates the PDF with a fixed, stored
// contract date, and stores the bytes with their SHA-256, the version, the
// languages, who and when.
func (s *Contracts) Generate(ctx context.Context, actor models.Actor, appID int64, terms salaryscales.ContractTerms) (*Contract, error) {
	if err := actor.Require(models.PermContractGenerate); err != nil {
		return nil, err
	}
	terms.Normalize()
	var out Contract
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		if app.Status.Terminal() {
			return models.Fail(models.KindConflict, "application_closed",
				"This application is {{.status_label}}; a new contract belongs to a new application.").With("status_label", app.Status.Label())
		}
		p, err := s.partiesOf(tx, app)
		if err != nil {
			return err
		}
		job, worker, employer, mission := p.Employment, p.Worker, p.Employer, p.Mission
		now := s.now()
		if terms.StartDate.IsZero() {
			terms.StartDate = salaryscales.DefaultContractStart(*job, now.In(s.opts.Location))
		}
		lib, err := s.library(tx)
		if err != nil {
			return err
		}
		// Every problem at once: the missing terms and those the law refuses.
		var invalid models.Validation
		invalid.Merge(terms.Validate(*job, contractLanguages(lib)))
		invalid.Merge(terms.ValidateLaw(*job, s.opts.Settings))
		if err := invalid.Err(); err != nil {
			return err
		}
		reads := splitLanguages(worker.Languages)
		readsNone := len(reads) > 0 && !models.Reads(reads, terms.Language) && !models.Reads(reads, terms.SecondLanguage)
		if err := models.CheckContractLanguages(reads, terms.Language, terms.SecondLanguage,
			lib.SecondLanguages(), terms.LanguagesConfirmed); err != nil {
			return err
		}

		// The rule: the minimum of the version in force on the start date,
		// for the category, the seniority on that day and the weekly hours.
		published, err := s.publishedScales(tx)
		if err != nil {
			return err
		}
		min, version, err := salaryscales.MinimumOn(published, terms.StartDate, string(job.JobCategory), job.StartsOn, job.WeeklyHours)
		if models.ErrorCode(err) == salaryscales.ErrNoScaleInForce {
			var v models.Validation
			v.Add("start_date", salaryscales.ErrNoScaleInForce, "No published salary scale is in force on this start date.")
			return v.Err()
		}
		if err != nil {
			return err
		}
		if err := salaryscales.CheckSalary(terms.GrossMonthly, min); err != nil {
			return err
		}
		ded, err := salaryscales.Deductions(version, terms.Board, terms.GrossMonthly)
		if err != nil {
			return err
		}

		var n int64
		if err := tx.Model(&contractRow{}).Where("application_id = ?", appID).Count(&n).Error; err != nil {
			return fmt.Errorf("count contracts of application %d: %w", appID, err)
		}
		maxAge := s.scaleMaxAge()
		c := Contract{contractRow: contractRow{
			Reference: contractReference(appID, n+1), ApplicationID: appID, EmploymentID: job.ID, ScaleVersionID: version.ID,
			ScaleStale: salaryscales.IsStale(version, s.dayOf(now), maxAge),
			Language:   terms.Language, SecondLanguage: terms.SecondLanguage,
			ContractDate: s.dayOf(now), StartDate: terms.StartDate, EndDate: terms.EndDate,
			Category: string(job.JobCategory), WeeklyHours: job.WeeklyHours, SeniorityYears: min.SeniorityYears,
			GrossMonthlyCents: int64(terms.GrossMonthly), MinimumMonthlyCents: int64(min.Monthly), MinimumHourlyCents: int64(min.Hourly),
			BoardBreakfast: terms.Board.Breakfast, BoardMidday: terms.Board.Midday, BoardEvening: terms.Board.Evening,
			BoardLodging: terms.Board.Lodging, BoardWholeDwelling: terms.Board.WholeDwelling, BoardDaysPerMonth: terms.Board.DaysPerMonth,
			DeductedCents: int64(ded.Deducted), CashPaidCents: int64(ded.CashPaid),
			EmployerFunction: terms.EmployerFunction, EmployerAddress: terms.EmployerAddress, WorkerAddress: terms.WorkerAddress,
			Workplace: terms.Workplace, Duties: terms.Duties, Place: terms.Place, DaysPerWeek: terms.DaysPerWeek,
			RestDays: salaryscales.FormatWeekdays(terms.RestDays), AnnualLeaveDays: terms.AnnualLeaveDays, ProbationDays: terms.ProbationDays,
			RepatriationTo: terms.RepatriationTo, NoticeEmployerWeeks: terms.NoticeEmployerWeeks, NoticeWorkerWeeks: terms.NoticeWorkerWeeks,
			ForeignSocialSecurity: terms.ForeignSocialSecurity,
			GeneratedByID:         actor.UserID(), GeneratedAt: now,
		}}
		snap := contractSnapshot(c, version, ded, *worker, *employer, *mission, *job, maxAge)
		snap.Texts = lib
		pdf, err := contracts.GenerateContext(ctx, snap)
		if err != nil {
			return fmt.Errorf("generate contract for application %d: %w", appID, err)
		}
		sum := sha256.Sum256(pdf)
		c.PDF, c.SHA256, c.SizeBytes = pdf, hex.EncodeToString(sum[:]), int64(len(pdf))
		if err := tx.Create(&c.contractRow).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return models.Fail(models.KindConflict, "concurrent_change", "Someone else generated a contract for this application at the same moment; reload the page and try again.")
			}
			return fmt.Errorf("store contract for application %d: %w", appID, err)
		}
		c.ScaleEffectiveDate = version.EffectiveDate
		out = c
		langs := c.Language
		if c.SecondLanguage != "" {
			langs += "+" + c.SecondLanguage
		}
		if readsNone {
			langs += ", which the worker does not read: explanation confirmed"
		}
		return s.audit(tx, actor, "contract.generated", "contract", idText(c.ID),
			fmt.Sprintf("contract %s generated for application %d (%s) on salary scale version %d", c.Reference, appID, langs, version.ID))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// contractSnapshot is everything printed on the contract, fixed now.
func contractSnapshot(c Contract, v salaryscales.Version, ded salaryscales.Deduction, w models.Worker, e models.Employer,
	m models.Mission, job models.Employment, maxAge int) contracts.Snapshot {
	snap := contracts.Snapshot{
		Reference: c.Reference, Language: c.Language, SecondLanguage: c.SecondLanguage,
		Date: c.ContractDate, Place: c.Place,
		Employer: contracts.Employer{Name: e.FullName(), Function: c.EmployerFunction, Mission: m.Name, Address: c.EmployerAddress},
		Worker: contracts.Worker{Name: w.FullName(), Nationality: w.Nationality, DateOfBirth: w.DateOfBirth,
			PassportNumber: w.PassportNumber, Address: c.WorkerAddress},
		Workplace: c.Workplace, LivesIn: job.LiveIn,
		StartDate: c.StartDate, Category: c.Category, Duties: c.Duties,
		WeeklyHours: c.WeeklyHours, DaysPerWeek: c.DaysPerWeek,
		GrossMonthly: c.GrossMonthlyCents, Minimum: c.MinimumMonthlyCents, MinimumHourly: c.MinimumHourlyCents,
		SeniorityYears: c.SeniorityYears,
		Scale:          contracts.ScaleRef{VersionID: v.ID, EffectiveDate: v.EffectiveDate, Stale: c.ScaleStale, StaleMonths: maxAge},
		Board: contracts.Board{
			Breakfast: c.BoardBreakfast, Midday: c.BoardMidday, Evening: c.BoardEvening, Lodging: c.BoardLodging,
			WholeDwelling:   c.BoardWholeDwelling,
			BreakfastAmount: int64(v.Board.Breakfast), MiddayAmount: int64(v.Board.Midday),
			EveningAmount: int64(v.Board.Evening), LodgingAmount: int64(v.Board.Lodging),
			PerDay: int64(ded.PerDay), DaysPerMonth: c.BoardDaysPerMonth, Deducted: int64(ded.Deducted),
			CapPercent: ded.CapPercent, Capped: ded.Capped, CashPaid: int64(ded.CashPaid),
		},
		AnnualLeaveDays: c.AnnualLeaveDays, RestDays: salaryscales.ParseWeekdays(c.RestDays), ProbationDays: c.ProbationDays,
		RepatriationTo: c.RepatriationTo, NoticeEmployerWeeks: c.NoticeEmployerWeeks, NoticeWorkerWeeks: c.NoticeWorkerWeeks,
		ForeignSocialSecurity: c.ForeignSocialSecurity,
	}
	if w.IBAN != "" && w.AccountInSoleName {
		snap.IBAN = models.FormatIBAN(w.IBAN)
	}
	if c.EndDate != nil {
		snap.EndDate = *c.EndDate
	}
	return snap
}

// checkContractPay applies models.CheckApplicationPay inside the
// transaction that submits an application or issues its card: the latest
// contract generated for the application (for a duplicate, the replaced
// card's when the application has none), and the minimum of the published
// scale in force on each day the rule asks about.
func (s *core) checkContractPay(tx *gorm.DB, app models.Application, now time.Time) error {
	job, err := s.employment(tx, app.EmploymentID)
	if err != nil {
		return err
	}
	return s.checkPayOf(tx, app, *job, now)
}

// checkPayOf is checkContractPay with the application's employment read.
func (s *core) checkPayOf(tx *gorm.DB, app models.Application, job models.Employment, now time.Time) error {
	var err error
	in := models.PayInput{Kind: app.Kind, Employment: job, On: now.In(s.opts.Location)}
	if in.Contract, err = s.latestContractPay(tx, app.ID); err != nil {
		return err
	}
	if in.Contract == nil && app.Kind == models.ApplicationDuplicate && app.ReplacesCardID != nil {
		replaced, err := s.card(tx, *app.ReplacesCardID, false)
		if err != nil {
			return err
		}
		if in.Carried, err = s.latestContractPay(tx, replaced.ApplicationID); err != nil {
			return err
		}
	}
	published, err := s.publishedScales(tx)
	if err != nil {
		return err
	}
	return models.CheckApplicationPay(in, func(day time.Time) (models.PayMinimum, error) {
		min, _, err := salaryscales.MinimumOn(published, day, string(job.JobCategory), job.StartsOn, job.WeeklyHours)
		if err != nil {
			return models.PayMinimum{}, err
		}
		return models.PayMinimum{On: day, Monthly: models.EuroCents(min.Monthly), VersionID: min.VersionID,
			EffectiveDate: min.EffectiveDate, Category: min.Category, SeniorityYears: min.SeniorityYears, WeeklyHours: min.WeeklyHours}, nil
	})
}

// latestContractPay reads the pay of the latest contract of application
// appID, nil when it has none.
func (s *core) latestContractPay(tx *gorm.DB, appID int64) (*models.ContractPay, error) {
	var latest []contractRow
	if err := tx.Omit("pdf").Where("application_id = ?", appID).Order("id DESC").Limit(1).Find(&latest).Error; err != nil {
		return nil, fmt.Errorf("latest contract of application %d: %w", appID, err)
	}
	if len(latest) == 0 {
		return nil, nil
	}
	c := latest[0]
	return &models.ContractPay{Reference: c.Reference, StartDate: salaryscales.Day(c.StartDate.UTC()), Gross: models.EuroCents(c.GrossMonthlyCents),
		Category: models.JobCategory(c.Category), WeeklyHours: c.WeeklyHours}, nil
}

// contractLanguages are the languages contracts exist in, with the texts in use.
func contractLanguages(lib *contracts.Library) salaryscales.ContractLanguages {
	return salaryscales.ContractLanguages{Binding: contracts.ContractLanguages, Second: lib.SecondLanguages()}
}
