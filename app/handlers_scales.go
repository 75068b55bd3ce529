package app

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// Salary scale pages: the history with the version in force, a draft's edit
// form with indexation, the side-by-side difference with the version in
// force, publication, and CSV export and import. Admins edit and publish;
// clerks read.

func scaleURL(id int64) string { return "/scales/" + strconv.FormatInt(id, 10) }

func (a *App) scalesPage(c echo.Context) error {
	return a.renderScales(c, http.StatusOK, "", newForm(), nil)
}

// renderScales shows the history; problems lists every problem of a refused
// CSV file, each with its line.
func (a *App) renderScales(c echo.Context, status int, section string, f *form, problems []string) error {
	ov, err := a.store.Scales.Versions(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	return a.render(c, status, "scales", &view{Title: loc.T("scales.title"), Form: f, Section: section, Data: map[string]any{
		"Overview": ov, "CanPublish": currentUser(c).Can(models.PermScalePublish), "ImportProblems": problems}})
}

// scaleDraftSubmit starts a draft from the version in force (or from the
// version named by from_id).
func (a *App) scaleDraftSubmit(c echo.Context) error {
	r, f := a.readForm(c)
	from := r.id("from_id")
	err := r.err(nil)
	var v *salaryscales.Version
	if err == nil {
		v, err = a.store.Scales.StartDraft(c.Request().Context(), actor(c), from)
	}
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderScales(c, status, "draft", f, nil)
	}
	a.flash(c, "flash.scale_draft_started")
	return c.Redirect(http.StatusSeeOther, scaleURL(v.ID))
}

func (a *App) scaleImportSubmit(c echo.Context) error {
	f := newForm()
	var v *salaryscales.Version
	fh, err := c.FormFile("file")
	if err != nil {
		var val models.Validation
		val.Add("file", "required", "Choose the CSV file to import.")
		err = val.Err()
	} else {
		var file io.ReadCloser
		if file, err = fh.Open(); err != nil {
			return err
		}
		defer file.Close()
		v, err = a.store.Scales.ImportCSV(c.Request().Context(), actor(c), file)
	}
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		var problems []string
		loc := a.localizer(c)
		for _, fe := range toDomain(err).Fields {
			problems = append(problems, loc.fieldText(fe))
		}
		return a.renderScales(c, status, "import", f, problems)
	}
	a.flash(c, "flash.scale_imported")
	return c.Redirect(http.StatusSeeOther, scaleURL(v.ID))
}

func (a *App) scalePage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	return a.renderScale(c, id, http.StatusOK, "", nil, nil)
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
				cell.MonthlyName = fmt.Sprintf("rates[%s][%d].monthly", cat.Code, step)
				cell.HourlyName = fmt.Sprintf("rates[%s][%d].hourly", cat.Code, step)
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
		set("effective_date", v.EffectiveDate.Format("2006-01-02"))
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
		set(fmt.Sprintf("rates[%s][%d].monthly", r.Category, r.FromYears), r.Monthly.String())
		set(fmt.Sprintf("rates[%s][%d].hourly", r.Category, r.FromYears), r.Hourly.String())
	}
	return f
}

// money reads an amount in euros; an empty field is zero, which the scale's
// validation reports as missing.
func (r *formReader) money(name string) salaryscales.Cents {
	s := r.str(name)
	if s == "" {
		return 0
	}
	c, err := salaryscales.ParseEuros(s)
	if err != nil {
		r.v.Add(name, "invalid_amount", "Enter an amount in euros, such as 2070.48.")
	}
	return c
}

// int reads a whole number; an empty field is zero.
func (r *formReader) int(name string) int {
	s := r.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.v.Add(name, "invalid_number", "Enter a whole number.")
	}
	return n
}

var stepSeparators = regexp.MustCompile(`[\s,;]+`)

// scaleFromForm reads a draft from its edit form. The version comes back
// even when some values do not parse, so that the page can be drawn again
// with the table the admin was building (a new category, new steps).
func scaleFromForm(r *formReader, id int64) salaryscales.Version {
	v := salaryscales.Version{
		ID: id, Status: salaryscales.StatusDraft,
		EffectiveDate:           r.date("effective_date", false),
		ReferenceWeeklyHours:    r.float("reference_weekly_hours"),
		DeductionCapPercent:     r.int("deduction_cap_percent"),
		WholeDwellingCapPercent: r.int("whole_dwelling_cap_percent"),
		SourceNote:              r.str("source_note"),
		Board: salaryscales.BoardAndLodging{
			Breakfast: r.money("board.breakfast"), Midday: r.money("board.midday"),
			Evening: r.money("board.evening"), Lodging: r.money("board.lodging"),
		},
	}
	for _, part := range stepSeparators.Split(r.str("steps"), -1) {
		if part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			r.v.Add("steps", "invalid_steps", "List the seniority steps as whole numbers of years, such as 0, 6, 11.")
			continue
		}
		v.Steps = append(v.Steps, n)
	}
	for i := 0; ; i++ {
		codeKey := fmt.Sprintf("categories[%d].code", i)
		if _, ok := r.vals[codeKey]; !ok {
			break
		}
		code, label := strings.ToLower(r.str(codeKey)), r.str(fmt.Sprintf("categories[%d].label", i))
		if code == "" && label == "" {
			continue // the blank row, left blank
		}
		v.Categories = append(v.Categories, salaryscales.Category{Code: code, Label: label})
	}
	for _, cat := range v.Categories {
		for _, step := range v.Steps {
			mName := fmt.Sprintf("rates[%s][%d].monthly", cat.Code, step)
			hName := fmt.Sprintf("rates[%s][%d].hourly", cat.Code, step)
			if r.str(mName) == "" && r.str(hName) == "" {
				continue // reported as missing by the validation
			}
			v.Rates = append(v.Rates, salaryscales.Rate{Category: cat.Code, FromYears: step, Monthly: r.money(mName), Hourly: r.money(hName)})
		}
	}
	return v
}

// renderScale shows one version. For a draft an admin may edit, the edit
// form carries f (the stored values unless a submission failed) and the
// table is drawn from edited, the version as submitted.
func (a *App) renderScale(c echo.Context, id int64, status int, section string, f *form, edited *salaryscales.Version) error {
	ctx := c.Request().Context()
	v, err := a.store.Scales.Get(ctx, actor(c), id)
	if err != nil {
		return err
	}
	canEdit := v.IsDraft() && currentUser(c).Can(models.PermScalePublish)
	if f == nil {
		f = newForm()
		if canEdit {
			f = scaleForm(v.Version)
		}
	}
	table := v.Version
	if edited != nil {
		table = *edited
	}
	loc := a.localizer(c)
	data := map[string]any{"Version": v, "CanEdit": canEdit, "Section": section,
		"Table": scaleTable(table, canEdit), "MaxAgeMonths": a.store.Scales.MaxAgeMonths()}
	if v.BasedOnID > 0 {
		data["BasedOn"] = v.BasedOnID
	}
	// The edit form keeps the stored values when another form on the page
	// (indexation, discard) failed; that form's values and messages are Other.
	edit, other := f, newForm()
	if section == "indexation" || section == "discard" {
		edit, other = newForm(), f
		if canEdit {
			edit = scaleForm(v.Version)
		}
	}
	data["Other"] = other
	title := loc.T("scales.version_title", "id", v.ID)
	return a.render(c, status, "scale", &view{Title: title, Form: edit, Section: section, Data: data})
}

func (a *App) scaleSaveSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	v := scaleFromForm(r, id)
	err = r.err(nil)
	if err == nil {
		err = a.store.Scales.SaveDraft(c.Request().Context(), actor(c), v)
	}
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderScale(c, id, status, "edit", f, &v)
	}
	a.flash(c, "flash.scale_saved")
	return c.Redirect(http.StatusSeeOther, scaleURL(id))
}

func (a *App) scaleIndexSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	r, f := a.readForm(c)
	if r.str("percent") == "" {
		r.v.Add("percent", "required", "Enter the indexation percentage, such as 2 or 1.5.")
	}
	percent := r.float("percent")
	err = r.err(nil)
	if err == nil {
		err = a.store.Scales.IndexDraft(c.Request().Context(), actor(c), id, percent)
	}
	if err != nil {
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderScale(c, id, status, "indexation", f, nil)
	}
	a.flash(c, "flash.scale_indexed")
	return c.Redirect(http.StatusSeeOther, scaleURL(id))
}

func (a *App) scalePublishSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.store.Scales.Publish(c.Request().Context(), actor(c), id); err != nil {
		v, verr := a.store.Scales.Get(c.Request().Context(), actor(c), id)
		if verr != nil {
			return err
		}
		// The stored values, with the reasons next to their fields (the
		// effective date, usually).
		f := scaleForm(v.Version)
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderScale(c, id, status, "publish", f, nil)
	}
	a.flash(c, "flash.scale_published")
	return c.Redirect(http.StatusSeeOther, scaleURL(id))
}

func (a *App) scaleDiscardSubmit(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	if err := a.store.Scales.Discard(c.Request().Context(), actor(c), id); err != nil {
		f := newForm()
		status, ok := a.formError(c, f, err)
		if !ok {
			return err
		}
		return a.renderScale(c, id, status, "discard", f, nil)
	}
	a.flash(c, "flash.scale_discarded")
	return c.Redirect(http.StatusSeeOther, "/scales")
}

// scaleItemKey prefixes the message ids of the items Diff compares
// ("scales.item.effective_date").
const scaleItemKey = "scales.item."

// diffRow is one line of the side-by-side view, labelled for the page.
type diffRow struct {
	salaryscales.DiffRow
	Label string
}

func (a *App) scaleDiffPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	against, _ := strconv.ParseInt(c.QueryParam("against"), 10, 64)
	cmp, err := a.store.Scales.Compare(c.Request().Context(), actor(c), id, against)
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

func (a *App) scaleCSVDownload(c echo.Context) error {
	id, err := parseID(c, "id")
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

// --- JSON API (/api/v1/scales)

// Amounts travel as decimal strings in euros ("2070.48"), exactly as the CSV
// writes them, so that no client ever rounds a float.

type scaleCategoryAPI struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type scaleRateAPI struct {
	Category  string `json:"category"`
	FromYears int    `json:"from_years"`
	Monthly   string `json:"monthly"`
	Hourly    string `json:"hourly"`
}

type scaleBoardAPI struct {
	Breakfast string `json:"breakfast"`
	Midday    string `json:"midday"`
	Evening   string `json:"evening"`
	Lodging   string `json:"lodging"`
}

// scaleVersionAPI is a salary scale version in the API. The same document is
// accepted by PUT, whose read-only fields (id, status, where it stands,
// publication) are ignored.
type scaleVersionAPI struct {
	ID                      int64              `json:"id"`
	Status                  string             `json:"status"`
	EffectiveDate           *string            `json:"effective_date"`
	BasedOnID               *int64             `json:"based_on_id"`
	InForce                 bool               `json:"in_force"`
	Scheduled               bool               `json:"scheduled"`
	Superseded              bool               `json:"superseded"`
	Stale                   bool               `json:"stale"`
	PublishedAt             *time.Time         `json:"published_at"`
	PublishedBy             string             `json:"published_by,omitempty"`
	ReferenceWeeklyHours    float64            `json:"reference_weekly_hours"`
	Categories              []scaleCategoryAPI `json:"categories"`
	Steps                   []int              `json:"steps"`
	Rates                   []scaleRateAPI     `json:"rates"`
	Board                   scaleBoardAPI      `json:"board"`
	DeductionCapPercent     int                `json:"deduction_cap_percent"`
	WholeDwellingCapPercent int                `json:"whole_dwelling_cap_percent"`
	SourceNote              string             `json:"source_note"`
}

func toScaleAPI(v store.ScaleVersionView) scaleVersionAPI {
	out := scaleVersionAPI{ID: v.ID, Status: string(v.Status), InForce: v.InForce, Scheduled: v.Scheduled,
		Superseded: v.Superseded, Stale: v.Stale, PublishedBy: v.PublishedByName,
		ReferenceWeeklyHours: v.ReferenceWeeklyHours, Categories: []scaleCategoryAPI{}, Steps: v.Steps, Rates: []scaleRateAPI{},
		Board: scaleBoardAPI{Breakfast: v.Board.Breakfast.String(), Midday: v.Board.Midday.String(),
			Evening: v.Board.Evening.String(), Lodging: v.Board.Lodging.String()},
		DeductionCapPercent: v.DeductionCapPercent, WholeDwellingCapPercent: v.WholeDwellingCapPercent, SourceNote: v.SourceNote}
	if !v.EffectiveDate.IsZero() {
		d := v.EffectiveDate.Format(time.DateOnly)
		out.EffectiveDate = &d
	}
	if v.BasedOnID > 0 {
		id := v.BasedOnID
		out.BasedOnID = &id
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
		out.Rates = append(out.Rates, scaleRateAPI{Category: r.Category, FromYears: r.FromYears, Monthly: r.Monthly.String(), Hourly: r.Hourly.String()})
	}
	return out
}

// apiEuros parses an amount field; empty is zero (reported as missing by the
// scale's validation).
func apiEuros(val *models.Validation, field, s string) salaryscales.Cents {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	c, err := salaryscales.ParseEuros(s)
	if err != nil {
		val.Add(field, "invalid_amount", "Give an amount in euros as a string, such as \"2070.48\".")
	}
	return c
}

// version reads the editable part of the document.
func (in scaleVersionAPI) version(id int64) (salaryscales.Version, error) {
	var val models.Validation
	v := salaryscales.Version{ID: id, Status: salaryscales.StatusDraft, ReferenceWeeklyHours: in.ReferenceWeeklyHours,
		Steps: in.Steps, DeductionCapPercent: in.DeductionCapPercent, WholeDwellingCapPercent: in.WholeDwellingCapPercent,
		SourceNote: strings.TrimSpace(in.SourceNote),
		Board: salaryscales.BoardAndLodging{
			Breakfast: apiEuros(&val, "board.breakfast", in.Board.Breakfast), Midday: apiEuros(&val, "board.midday", in.Board.Midday),
			Evening: apiEuros(&val, "board.evening", in.Board.Evening), Lodging: apiEuros(&val, "board.lodging", in.Board.Lodging),
		}}
	if in.EffectiveDate != nil && strings.TrimSpace(*in.EffectiveDate) != "" {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(*in.EffectiveDate))
		if err != nil {
			val.Add("effective_date", "invalid_date", "Use the form YYYY-MM-DD.")
		}
		v.EffectiveDate = d
	}
	for _, c := range in.Categories {
		v.Categories = append(v.Categories, salaryscales.Category{Code: c.Code, Label: c.Label})
	}
	for i, r := range in.Rates {
		v.Rates = append(v.Rates, salaryscales.Rate{Category: r.Category, FromYears: r.FromYears,
			Monthly: apiEuros(&val, fmt.Sprintf("rates[%d].monthly", i), r.Monthly),
			Hourly:  apiEuros(&val, fmt.Sprintf("rates[%d].hourly", i), r.Hourly)})
	}
	return v, val.Err()
}

func (a *App) apiScales(c echo.Context) error {
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

func (a *App) apiScaleInForce(c echo.Context) error {
	day := a.store.Now()
	if s := c.QueryParam("date"); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			var val models.Validation
			val.Add("date", "invalid_date", "Use the form YYYY-MM-DD.")
			return val.Err()
		}
		day = d
	}
	v, err := a.store.Scales.InForce(c.Request().Context(), actor(c), day)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toScaleAPI(*v))
}

func (a *App) apiScale(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	v, err := a.store.Scales.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toScaleAPI(*v))
}

// apiScaleAfter answers a change with the version as it now stands.
func (a *App) apiScaleAfter(c echo.Context, status int, id int64) error {
	v, err := a.store.Scales.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		c.Response().Header().Set(echo.HeaderLocation, "/api/v1/scales/"+strconv.FormatInt(id, 10))
	}
	return c.JSON(status, toScaleAPI(*v))
}

type scaleDraftAPI struct {
	FromID int64 `json:"from_id"`
}

func (a *App) apiCreateScaleDraft(c echo.Context) error {
	var in scaleDraftAPI
	if c.Request().ContentLength != 0 {
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
	}
	v, err := a.store.Scales.StartDraft(c.Request().Context(), actor(c), in.FromID)
	if err != nil {
		return err
	}
	return a.apiScaleAfter(c, http.StatusCreated, v.ID)
}

func (a *App) apiUpdateScale(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in scaleVersionAPI
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := in.version(id)
	if err != nil {
		return err
	}
	if err := a.store.Scales.SaveDraft(c.Request().Context(), actor(c), v); err != nil {
		return err
	}
	return a.apiScaleAfter(c, http.StatusOK, id)
}

func (a *App) apiDiscardScale(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	if err := a.store.Scales.Discard(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type scaleIndexationAPI struct {
	Percent *float64 `json:"percent"`
}

func (a *App) apiIndexScale(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in scaleIndexationAPI
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Percent == nil {
		var val models.Validation
		val.Add("percent", "required", "Give the indexation percentage, such as 2 or 1.5.")
		return val.Err()
	}
	if err := a.store.Scales.IndexDraft(c.Request().Context(), actor(c), id, *in.Percent); err != nil {
		return err
	}
	return a.apiScaleAfter(c, http.StatusOK, id)
}

func (a *App) apiPublishScale(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.store.Scales.Publish(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return a.apiScaleAfter(c, http.StatusOK, id)
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

func (a *App) apiScaleDiff(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var against int64
	if s := c.QueryParam("against"); s != "" {
		if against, err = strconv.ParseInt(s, 10, 64); err != nil || against <= 0 {
			var val models.Validation
			val.Add("against", "wrong_type", "Give the id of a salary scale version.")
			return val.Err()
		}
	}
	cmp, err := a.store.Scales.Compare(c.Request().Context(), actor(c), id, against)
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

func (a *App) apiScaleCSV(c echo.Context) error { return a.scaleCSVDownload(c) }

// apiImportScale reads a CSV file sent as the body (text/csv) into a new draft.
func (a *App) apiImportScale(c echo.Context) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if !strings.HasPrefix(ct, "text/csv") {
		return models.Fail(models.KindInvalid, "unsupported_media_type", "Send the file as text/csv.")
	}
	v, err := a.store.Scales.ImportCSV(c.Request().Context(), actor(c), io.LimitReader(c.Request().Body, 2<<20))
	if err != nil {
		return err
	}
	return a.apiScaleAfter(c, http.StatusCreated, v.ID)
}
