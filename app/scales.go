package app

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/input"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// Salary scales: the history with the version in force, a draft's edit form
// with indexation, the side-by-side difference with the version in force,
// publication, CSV export and import. Admins edit and publish; clerks read.
// Amounts travel as decimal strings in euros ("2070.48"), exactly as the CSV
// writes them, so that no client ever rounds a float.

func scaleURL(id int64) string { return "/scales/" + strconv.FormatInt(id, 10) }

// scaleRequest is a draft as an admin saves it, from the edit form or PUT
// /api/v1/scales/:id. Rates are keyed by category and step:
// "rates.cleaning.6.monthly", {"rates": {"cleaning": {"6": {"monthly": …}}}}.
// The read-only members of the API's document (id, status, where it stands,
// publication) are accepted and ignored, so a version read can be sent back.
type scaleRequest struct {
	EffectiveDate           *time.Time                      `form:"effective_date" json:"effective_date"`
	ReferenceWeeklyHours    float64                         `form:"reference_weekly_hours" json:"reference_weekly_hours"`
	DeductionCapPercent     int                             `form:"deduction_cap_percent" json:"deduction_cap_percent"`
	WholeDwellingCapPercent int                             `form:"whole_dwelling_cap_percent" json:"whole_dwelling_cap_percent"`
	SourceNote              string                          `form:"source_note" json:"source_note" input:"multiline" max:"2000"`
	Board                   scaleBoardInput                 `form:"board" json:"board"`
	Steps                   []int                           `form:"steps" json:"steps" input:"list"`
	Categories              []scaleCategoryInput            `form:"categories" json:"categories"`
	Rates                   map[string]map[string]rateInput `form:"rates" json:"rates"`

	ID          int64      `form:"-" json:"id"`
	Status      string     `form:"-" json:"status"`
	BasedOnID   int64      `form:"-" json:"based_on_id"`
	InForce     bool       `form:"-" json:"in_force"`
	Scheduled   bool       `form:"-" json:"scheduled"`
	Superseded  bool       `form:"-" json:"superseded"`
	Stale       bool       `form:"-" json:"stale"`
	PublishedAt *time.Time `form:"-" json:"published_at" input:"instant"`
	PublishedBy string     `form:"-" json:"published_by"`
	// A correction's link, reason and corrector are read-only too (h9scale.go).
	CorrectsID       *int64 `form:"-" json:"corrects_id"`
	CorrectionReason string `form:"-" json:"correction_reason"`
	CorrectedByID    *int64 `form:"-" json:"corrected_by_id"`
}

type scaleBoardInput struct {
	Breakfast salaryscales.Cents `form:"breakfast" json:"breakfast"`
	Midday    salaryscales.Cents `form:"midday" json:"midday"`
	Evening   salaryscales.Cents `form:"evening" json:"evening"`
	Lodging   salaryscales.Cents `form:"lodging" json:"lodging"`
}

type scaleCategoryInput struct {
	Code  string `form:"code" json:"code" max:"40"`
	Label string `form:"label" json:"label" max:"100"`
}

type rateInput struct {
	Monthly salaryscales.Cents `form:"monthly" json:"monthly"`
	Hourly  salaryscales.Cents `form:"hourly" json:"hourly"`
}

// version is the draft as submitted. A blank category row (the form's row
// for a new category) and a rate left blank are left out, so the scale's
// validation reports them as missing.
func (r scaleRequest) version(id int64) salaryscales.Version {
	v := salaryscales.Version{ID: id, Status: salaryscales.StatusDraft, ReferenceWeeklyHours: r.ReferenceWeeklyHours,
		DeductionCapPercent: r.DeductionCapPercent, WholeDwellingCapPercent: r.WholeDwellingCapPercent, SourceNote: r.SourceNote,
		Steps: r.Steps, Board: salaryscales.BoardAndLodging{Breakfast: r.Board.Breakfast, Midday: r.Board.Midday,
			Evening: r.Board.Evening, Lodging: r.Board.Lodging}}
	if r.EffectiveDate != nil {
		v.EffectiveDate = *r.EffectiveDate
	}
	for _, c := range r.Categories {
		if c.Code == "" && c.Label == "" {
			continue
		}
		v.Categories = append(v.Categories, salaryscales.Category{Code: strings.ToLower(c.Code), Label: c.Label})
	}
	for _, cat := range sortedKeys(r.Rates) {
		for _, step := range sortedKeys(r.Rates[cat]) {
			rate := r.Rates[cat][step]
			years, err := strconv.Atoi(step)
			if err != nil || rate.Monthly == 0 && rate.Hourly == 0 {
				continue
			}
			v.Rates = append(v.Rates, salaryscales.Rate{Category: cat, FromYears: years, Monthly: rate.Monthly, Hourly: rate.Hourly})
		}
	}
	return v
}

// scaleVersionAPI is a salary scale version in the API, in the request's
// shape (scaleRequest) plus where it stands.
type scaleVersionAPI struct {
	ID                      int64                              `json:"id"`
	Status                  string                             `json:"status"`
	EffectiveDate           *string                            `json:"effective_date"`
	BasedOnID               *int64                             `json:"based_on_id"`
	InForce                 bool                               `json:"in_force"`
	Scheduled               bool                               `json:"scheduled"`
	Superseded              bool                               `json:"superseded"`
	Stale                   bool                               `json:"stale"`
	PublishedAt             *time.Time                         `json:"published_at"`
	PublishedBy             string                             `json:"published_by,omitempty"`
	ReferenceWeeklyHours    float64                            `json:"reference_weekly_hours"`
	Categories              []scaleCategoryAPI                 `json:"categories"`
	Steps                   []int                              `json:"steps"`
	Rates                   map[string]map[string]scaleRateAPI `json:"rates"`
	Board                   scaleBoardAPI                      `json:"board"`
	DeductionCapPercent     int                                `json:"deduction_cap_percent"`
	WholeDwellingCapPercent int                                `json:"whole_dwelling_cap_percent"`
	SourceNote              string                             `json:"source_note"`
	CorrectsID              *int64                             `json:"corrects_id"`
	CorrectionReason        string                             `json:"correction_reason"`
	CorrectedByID           *int64                             `json:"corrected_by_id"`
}

type scaleCategoryAPI struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type scaleRateAPI struct {
	Monthly string `json:"monthly"`
	Hourly  string `json:"hourly"`
}

type scaleBoardAPI struct {
	Breakfast string `json:"breakfast"`
	Midday    string `json:"midday"`
	Evening   string `json:"evening"`
	Lodging   string `json:"lodging"`
}

func toScaleAPI(v store.ScaleVersionView) scaleVersionAPI {
	out := scaleVersionAPI{ID: v.ID, Status: string(v.Status), InForce: v.InForce, Scheduled: v.Scheduled,
		Superseded: v.Superseded, Stale: v.Stale, PublishedBy: v.PublishedByName,
		ReferenceWeeklyHours: v.ReferenceWeeklyHours, Categories: []scaleCategoryAPI{}, Steps: v.Steps,
		Rates: map[string]map[string]scaleRateAPI{},
		Board: scaleBoardAPI{Breakfast: v.Board.Breakfast.String(), Midday: v.Board.Midday.String(),
			Evening: v.Board.Evening.String(), Lodging: v.Board.Lodging.String()},
		DeductionCapPercent: v.DeductionCapPercent, WholeDwellingCapPercent: v.WholeDwellingCapPercent, SourceNote: v.SourceNote}
	if !v.EffectiveDate.IsZero() {
		d := day(v.EffectiveDate)
		out.EffectiveDate = &d
	}
	if v.BasedOnID > 0 {
		id := v.BasedOnID
		out.BasedOnID = &id
	}
	if v.CorrectsID > 0 {
		id := v.CorrectsID
		out.CorrectsID, out.CorrectionReason = &id, v.CorrectionReason
	}
	if v.CorrectedByID > 0 {
		id := v.CorrectedByID
		out.CorrectedByID = &id
	}
	if !v.PublishedAt.IsZero() {
		t := v.PublishedAt
		out.PublishedAt = &t
	}
	if out.Steps == nil {
		out.Steps = []int{}
	}
	for _, c := range v.Categories {
		out.Categories = append(out.Categories, scaleCategoryAPI{Code: c.Code, Label: c.Label})
	}
	for _, r := range v.Rates {
		if out.Rates[r.Category] == nil {
			out.Rates[r.Category] = map[string]scaleRateAPI{}
		}
		out.Rates[r.Category][strconv.Itoa(r.FromYears)] = scaleRateAPI{Monthly: r.Monthly.String(), Hourly: r.Hourly.String()}
	}
	return out
}

// scaleList is GET /scales and GET /api/v1/scales.
func (a *App) scaleList(c echo.Context) error {
	if !isAPI(c.Request().URL.Path) {
		return a.renderScales(c, "", newForm(), nil)
	}
	ov, err := a.store.Scales.Versions(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	out := make([]scaleVersionAPI, len(ov.Versions))
	var inForce *int64
	for i, v := range ov.Versions {
		out[i] = toScaleAPI(v)
		if v.InForce {
			id := v.ID
			inForce = &id
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"versions": out, "in_force_id": inForce, "max_age_months": ov.MaxAgeMonths})
}

// renderScales shows the history; problems lists every problem of a refused
// CSV file, each with its line.
func (a *App) renderScales(c echo.Context, section string, f *form, problems []string) error {
	ov, err := a.store.Scales.Versions(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "scales", &view{Title: loc.T("scales.title"), Form: f, Section: section, Data: map[string]any{
		"Overview": ov, "CanPublish": currentUser(c).Can(models.PermScalePublish), "ImportProblems": problems}})
}

// scaleAfter answers a change with the version as it now stands (API) or the
// version's page.
func (a *App) scaleAfter(c echo.Context, status int, id int64, flash string) error {
	if !isAPI(c.Request().URL.Path) {
		return a.answer(c, result{flash: flash, redirect: scaleURL(id)})
	}
	v, err := a.store.Scales.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	r := result{status: status, body: toScaleAPI(*v)}
	if status == http.StatusCreated {
		r.location = v1 + scaleURL(id)
	}
	return a.answer(c, r)
}

// draftRequest starts a draft from a version (the one in force when absent).
type draftRequest struct {
	FromID int64 `form:"from_id" json:"from_id"`
}

// scaleDraftStart is POST /scales and POST /api/v1/scales.
func (a *App) scaleDraftStart(c echo.Context) error {
	var req draftRequest
	err := a.bind(c, &req)
	var v *salaryscales.Version
	if err == nil {
		v, err = a.store.Scales.StartDraft(c.Request().Context(), actor(c), req.FromID)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderScales(c, "draft", f, nil) })
	}
	return a.scaleAfter(c, http.StatusCreated, v.ID, "flash.scale_draft_started")
}

// importRequest is a CSV file uploaded from the page.
type importRequest struct {
	File *input.File `form:"file" json:"-"`
}

// scaleImport is POST /scales/import (a file from the page) and POST
// /api/v1/scales/import (the CSV as the body, text/csv): a new draft.
func (a *App) scaleImport(c echo.Context) error {
	var csv io.Reader
	var err error
	if isAPI(c.Request().URL.Path) {
		if !strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), "text/csv") {
			return models.Fail(models.KindInvalid, "unsupported_media_type", "Send the file as text/csv.")
		}
		csv = io.LimitReader(c.Request().Body, 2<<20)
	} else {
		var req importRequest
		if err = a.bind(c, &req); err == nil && req.File == nil {
			var v models.Validation
			v.Add("file", "required", "Choose the CSV file to import.")
			err = v.Err()
		}
		if err == nil {
			file, ferr := req.File.Header.Open()
			if ferr != nil {
				return models.Fail(models.KindInvalid, "bad_request", "The file could not be read; try again.")
			}
			defer file.Close()
			csv = file
		}
	}
	var v *salaryscales.Version
	if err == nil {
		v, err = a.store.Scales.ImportCSV(c.Request().Context(), actor(c), csv)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			var problems []string
			loc := a.localizer(c)
			for _, fe := range toDomain(err).Fields {
				problems = append(problems, loc.fieldText(fe))
			}
			return a.renderScales(c, "import", f, problems)
		})
	}
	return a.scaleAfter(c, http.StatusCreated, v.ID, "flash.scale_imported")
}

// inForceQuery names the day (today when absent).
type inForceQuery struct {
	Date *time.Time `form:"date" json:"date"`
}

// apiScaleInForce is GET /api/v1/scales/in-force.
func (a *App) apiScaleInForce(c echo.Context) error {
	var q inForceQuery
	if err := a.query(c, &q); err != nil {
		return err
	}
	on := a.store.Now()
	if q.Date != nil {
		on = *q.Date
	}
	v, err := a.store.Scales.InForce(c.Request().Context(), actor(c), on)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toScaleAPI(*v))
}

// apiScale is GET /api/v1/scales/:id.
func (a *App) apiScale(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := a.store.Scales.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toScaleAPI(*v))
}

func (a *App) scalePage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.renderScale(c, id, "", nil, nil)
}

// scaleCell is one cell of the rate table: a category at a step.
type scaleCell struct {
	Step                    int
	Monthly, Hourly         string // the stored amounts, for reading
	MonthlyName, HourlyName string // the form fields, for editing
}

// scaleRow is one category of the rate table.
type scaleRow struct {
	Index       int
	Code, Label string
	Cells       []scaleCell
	New         bool // the blank row that adds a category
}

// scaleTable lays out a version's rates, categories down, steps across.
func scaleTable(v salaryscales.Version, blankRow bool) []scaleRow {
	var rows []scaleRow
	cats := slices.Clone(v.Categories)
	if blankRow {
		cats = append(cats, salaryscales.Category{})
	}
	for i, cat := range cats {
		row := scaleRow{Index: i, Code: cat.Code, Label: cat.Label, New: blankRow && i == len(cats)-1}
		for _, step := range v.Steps {
			cell := scaleCell{Step: step}
			if r, ok := v.Rate(cat.Code, step); ok {
				cell.Monthly, cell.Hourly = r.Monthly.String(), r.Hourly.String()
			}
			if cat.Code != "" {
				cell.MonthlyName = fmt.Sprintf("rates.%s.%d.monthly", cat.Code, step)
				cell.HourlyName = fmt.Sprintf("rates.%s.%d.hourly", cat.Code, step)
			}
			row.Cells = append(row.Cells, cell)
		}
		rows = append(rows, row)
	}
	return rows
}

// scaleForm fills the edit form of a draft with its stored values.
func scaleForm(v salaryscales.Version) *form {
	f := newForm()
	set := f.Values.Set
	if !v.EffectiveDate.IsZero() {
		set("effective_date", day(v.EffectiveDate))
	}
	set("reference_weekly_hours", strconv.FormatFloat(v.ReferenceWeeklyHours, 'f', -1, 64))
	set("deduction_cap_percent", strconv.Itoa(v.DeductionCapPercent))
	set("whole_dwelling_cap_percent", strconv.Itoa(v.WholeDwellingCapPercent))
	set("source_note", v.SourceNote)
	set("board.breakfast", v.Board.Breakfast.String())
	set("board.midday", v.Board.Midday.String())
	set("board.evening", v.Board.Evening.String())
	set("board.lodging", v.Board.Lodging.String())
	steps := make([]string, len(v.Steps))
	for i, s := range v.Steps {
		steps[i] = strconv.Itoa(s)
	}
	set("steps", strings.Join(steps, ", "))
	for i, cat := range v.Categories {
		set(fmt.Sprintf("categories[%d].code", i), cat.Code)
		set(fmt.Sprintf("categories[%d].label", i), cat.Label)
	}
	for _, r := range v.Rates {
		set(fmt.Sprintf("rates.%s.%d.monthly", r.Category, r.FromYears), r.Monthly.String())
		set(fmt.Sprintf("rates.%s.%d.hourly", r.Category, r.FromYears), r.Hourly.String())
	}
	return f
}

// renderScale shows one version. For a draft an admin may edit, the edit
// form carries f (the stored values unless a submission failed) and the
// table is drawn from edited, the version as submitted.
func (a *App) renderScale(c echo.Context, id int64, section string, f *form, edited *salaryscales.Version) error {
	v, err := a.store.Scales.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	canEdit := v.IsDraft() && currentUser(c).Can(models.PermScalePublish)
	status := http.StatusOK
	if f == nil {
		f = newForm()
		if canEdit {
			f = scaleForm(v.Version)
		}
	} else if f.Status != 0 {
		status = f.Status
	}
	table := v.Version
	if edited != nil {
		table = *edited
	}
	data := map[string]any{"Version": v, "CanEdit": canEdit, "Section": section,
		"Table": scaleTable(table, canEdit), "MaxAgeMonths": a.store.Scales.MaxAgeMonths()}
	if v.BasedOnID > 0 {
		data["BasedOn"] = v.BasedOnID
	}
	data["CanCorrect"] = canCorrect(c, v)
	// The edit form keeps the stored values when another form on the page
	// (indexation, discard) failed; that form's values and messages are Other.
	edit, other := f, newForm()
	if section == "indexation" || section == "discard" || section == "correct" {
		edit, other = newForm(), f
		if canEdit {
			edit = scaleForm(v.Version)
		}
	}
	edit.Status = status
	data["Other"] = other
	return a.render(c, status, "scale", &view{Title: a.localizer(c).T("scales.version_title", "id", v.ID), Form: edit, Section: section, Data: data})
}

// scaleSave is POST /scales/:id and PUT /api/v1/scales/:id. The page comes
// back with the table as the admin was building it (a new category, new
// steps) even when some values do not parse.
func (a *App) scaleSave(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req scaleRequest
	err = a.bind(c, &req)
	v := req.version(id)
	if err == nil {
		err = a.store.Scales.SaveDraft(c.Request().Context(), actor(c), v)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderScale(c, id, "edit", f, &v) })
	}
	return a.scaleAfter(c, http.StatusOK, id, "flash.scale_saved")
}

// indexationRequest indexes a draft's amounts by a percentage.
type indexationRequest struct {
	Percent *float64 `form:"percent" json:"percent"`
}

// Validate requires the percentage.
func (r indexationRequest) Validate(time.Time) error {
	var v models.Validation
	if r.Percent == nil {
		v.Add("percent", "required", "Enter the indexation percentage, such as 2 or 1.5.")
	}
	return v.Err()
}

// scaleIndex is POST /scales/:id/indexation and its API twin.
func (a *App) scaleIndex(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req indexationRequest
	if err = a.bind(c, &req); err == nil {
		err = a.store.Scales.IndexDraft(c.Request().Context(), actor(c), id, *req.Percent)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderScale(c, id, "indexation", f, nil) })
	}
	return a.scaleAfter(c, http.StatusOK, id, "flash.scale_indexed")
}

// scalePublish is POST /scales/:id/publish and its API twin; a refusal shows
// the stored values with the reasons beside their fields (the effective
// date, usually).
func (a *App) scalePublish(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	// Publishing cannot be undone: the first post answers the consequence
	// (records.go), the confirmed one publishes.
	var req publishRequest
	if err = a.bind(c, &req); err == nil && !req.Confirm {
		err = a.store.Records.ScalePublishConsequence(c.Request().Context(), actor(c), id)
		if models.IsConfirmation(err) && !isAPI(c.Request().URL.Path) {
			return a.renderConfirm(c, err, "/scales/"+itoa64(id)+"/publish", "/scales/"+itoa64(id)+"/diff")
		}
	}
	if err == nil {
		_, err = a.store.Scales.Publish(c.Request().Context(), actor(c), id)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error {
			v, verr := a.store.Scales.Get(c.Request().Context(), actor(c), id)
			if verr != nil {
				return err
			}
			stored := scaleForm(v.Version)
			stored.Errors, stored.Order, stored.Error, stored.Status = f.Errors, f.Order, f.Error, f.Status
			return a.renderScale(c, id, "publish", stored, nil)
		})
	}
	return a.scaleAfter(c, http.StatusOK, id, "flash.scale_published")
}

// scaleDiscard is POST /scales/:id/discard and DELETE /api/v1/scales/:id.
func (a *App) scaleDiscard(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := a.store.Scales.Discard(c.Request().Context(), actor(c), id); err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderScale(c, id, "discard", f, nil) })
	}
	return a.answer(c, result{flash: "flash.scale_discarded", redirect: "/scales"})
}

// diffQuery names the version compared against (the one in force when
// absent).
type diffQuery struct {
	Against int64 `form:"against" json:"against"`
}

// scaleItemKey prefixes the message ids of the items Diff compares
// ("scales.item.effective_date").
const scaleItemKey = "scales.item."

// diffRow is one line of the side-by-side view, labelled for the page.
type diffRow struct {
	salaryscales.DiffRow
	Label string
}

type scaleDiffRowAPI struct {
	Section   string `json:"section"`
	Item      string `json:"item"`
	Category  string `json:"category,omitempty"`
	FromYears *int   `json:"from_years,omitempty"`
	Old       string `json:"old"`
	New       string `json:"new"`
	Changed   bool   `json:"changed"`
	Change    string `json:"change,omitempty"`
}

func (a *App) scaleComparison(c echo.Context) (*store.ScaleComparison, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	var q diffQuery
	if err := a.query(c, &q); err != nil {
		return nil, err
	}
	return a.store.Scales.Compare(c.Request().Context(), actor(c), id, q.Against)
}

// scaleDiffPage is GET /scales/:id/diff.
func (a *App) scaleDiffPage(c echo.Context) error {
	cmp, err := a.scaleComparison(c)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	labels := map[string]string{}
	for _, v := range []salaryscales.Version{cmp.Old.Version, cmp.New.Version} {
		for _, cat := range v.Categories {
			labels[cat.Code] = cat.Label
		}
	}
	rows := make([]diffRow, len(cmp.Rows))
	for i, r := range cmp.Rows {
		label := loc.T(scaleItemKey + r.Item)
		if r.Section == salaryscales.SectionRate {
			label = loc.T("scales.rate_item", "category", labels[r.Category], "years", r.FromYears, "item", label)
		}
		rows[i] = diffRow{DiffRow: r, Label: label}
	}
	canPublish := cmp.New.IsDraft() && currentUser(c).Can(models.PermScalePublish)
	return a.render(c, http.StatusOK, "scale_diff", &view{Title: loc.T("scales.diff_title", "id", cmp.New.ID),
		Data: map[string]any{"Cmp": cmp, "Rows": rows, "CanPublish": canPublish}})
}

// apiScaleDiff is GET /api/v1/scales/:id/diff.
func (a *App) apiScaleDiff(c echo.Context) error {
	cmp, err := a.scaleComparison(c)
	if err != nil {
		return err
	}
	rows := make([]scaleDiffRowAPI, len(cmp.Rows))
	for i, r := range cmp.Rows {
		rows[i] = scaleDiffRowAPI{Section: r.Section, Item: r.Item, Category: r.Category, Old: r.Old, New: r.New, Changed: r.Changed, Change: r.Change}
		if r.Section == salaryscales.SectionRate {
			years := r.FromYears
			rows[i].FromYears = &years
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"old": toScaleAPI(cmp.Old), "new": toScaleAPI(cmp.New), "rows": rows, "changed": cmp.Changed})
}

// scaleCSV is GET /scales/:id/csv and its API twin.
func (a *App) scaleCSV(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	b, name, err := a.store.Scales.CSV(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", b)
}
