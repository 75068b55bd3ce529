// Package contracts turns snapshots of data into PDF documents and does
// nothing else: the standard employment contract of a private domestic
// worker (every item of ILO C189 Article 7 and the clauses the Protocol
// Directorate requires), the rights leaflet handed over at the private
// interview, and the summons to that interview.
//
// Texts live beside the code, one TOML file per language in clauses/ (or
// are supplied from outside, ParseTextSet); a text no sworn translator has
// reviewed prints with English or French beside it. The documents are set
// in embedded Noto fonts, shaped (bidi, Arabic joining, Indic conjuncts,
// Thai word breaks) so that every script the workers read prints
// correctly (typeset.go). Output is deterministic: the same input gives
// the same bytes.
package contracts

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carddesk/carddesk/models"
)

// blockKind says how a block of text is set.
type blockKind int

const (
	kindTitle blockKind = iota
	kindSubtitle
	kindSmall
	kindHeading
	kindPara
	kindBox
	kindGap
	kindSignatures
	kindNotice // a line about the text itself (translation, review)
)

// block is one element of a document in one language. Documents in two
// languages are built from the same list of kinds, so their blocks pair up
// and are set side by side.
type block struct {
	kind  blockKind
	text  string
	lines []string // kindBox: its rows; kindSignatures: employer, worker, hint
}

// Generate draws up the contract described by s and returns the PDF.
func Generate(s Snapshot) ([]byte, error) {
	return GenerateContext(context.Background(), s)
}

// GenerateContext is Generate, abandoned as soon as ctx ends (the client
// gone, or a deadline passed): it then returns ctx's error and no document.
func GenerateContext(ctx context.Context, s Snapshot) ([]byte, error) {
	return generateIn(ctx, s, fontUnicode)
}

func generate(s Snapshot, mode fontMode) ([]byte, error) {
	return generateIn(context.Background(), s, mode)
}

func generateIn(ctx context.Context, s Snapshot, mode fontMode) ([]byte, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	s = s.withDefaults()
	lib := s.Texts.of()
	langs := []*TextSet{lib[s.Language]}
	if s.SecondLanguage != "" {
		langs = append(langs, lib[s.SecondLanguage])
	}
	docs := make([][]block, len(langs))
	for i, t := range langs {
		docs[i] = contractBlocks(s, t, langs)
	}
	first := langs[0]
	codes := make([]string, len(langs))
	for i, t := range langs {
		codes[i] = t.Code
	}
	w := newWriter(mode, civil(s.Date), first.Contract["title"]+" "+s.Reference, codes...)
	w.ctx = ctx
	render(w, docs)
	footerVals := map[string]string{
		"reference": s.Reference, "version": strconv.FormatInt(s.Scale.VersionID, 10),
		"effective_date": first.Format.date(s.Scale.EffectiveDate),
	}
	return w.finish(func(page, pages int) string {
		footerVals["page"], footerVals["pages"] = strconv.Itoa(page), strconv.Itoa(pages)
		return fill(first.Contract["page"], footerVals)
	})
}

// render sets the documents' blocks, one column per language.
func render(w *writer, docs [][]block) {
	cols := make([]string, len(docs))
	for i := range docs[0] {
		b := docs[0][i]
		for d := range docs {
			cols[d] = docs[d][i].text
		}
		switch b.kind {
		case kindTitle:
			w.lines(cols, "B", sizeTitle, 0, 0)
			w.gap(1)
		case kindSubtitle:
			w.lines(cols, "", sizeSubtitle, 0, 0)
			w.gap(1)
		case kindSmall:
			w.lines(cols, "", sizeSmall, 0, 0)
		case kindNotice:
			w.lines(cols, "B", sizeSmall, 0, 0)
			w.gap(1)
		case kindHeading:
			w.gap(2.5)
			w.lines(cols, "B", sizeHeading, 0, 2*lineHeight(sizeBody))
			w.gap(0.8)
		case kindPara:
			w.lines(cols, "", sizeBody, 0, 0)
			w.gap(1.2)
		case kindGap:
			w.gap(3)
		case kindBox:
			rows := make([][]string, len(b.lines))
			for r := range b.lines {
				rows[r] = make([]string, len(docs))
				for d := range docs {
					rows[r][d] = docs[d][i].lines[r]
				}
			}
			w.box(rows, true)
		case kindSignatures:
			var labels [2]string
			hints := make([]string, len(docs))
			for d := range docs {
				l := docs[d][i].lines
				if d == 0 {
					labels = [2]string{l[0], l[1]}
				} else {
					labels[0] += " / " + l[0]
					labels[1] += " / " + l[1]
				}
				hints[d] = l[2]
			}
			w.signatures(labels, strings.Join(hints, " / "))
		}
	}
}

// contractBlocks builds the contract in language t. langs are the
// contract's languages, named in the clause on language versions.
func contractBlocks(s Snapshot, t *TextSet, langs []*TextSet) []block {
	c := t.Contract
	v := contractValues(s, t, langs)
	var bs []block
	add := func(kind blockKind, key string) { bs = append(bs, block{kind: kind, text: fill(c[key], v)}) }
	n := 0
	article := func(key string) {
		n++
		bs = append(bs, block{kind: kindHeading, text: fill(c["article"], map[string]string{"n": strconv.Itoa(n)}) + " – " + c[key]})
	}

	if len(langs) > 1 && isTranslation(langs[1]) {
		// The second language is not one the contract can be drawn up in:
		// it is printed as a translation, and says so in both languages.
		bs = append(bs, block{kind: kindNotice, text: fill(t.Notice["translation"], map[string]string{
			"translation_language": t.languageName(langs[1].Code), "language": t.languageName(langs[0].Code),
		})})
		if !langs[1].reviewed() {
			bs = append(bs, block{kind: kindNotice, text: unreviewedNotice([]*TextSet{t, other(t, langs)})[0]})
		}
		bs = append(bs, block{kind: kindGap})
	}
	add(kindTitle, "title")
	add(kindSubtitle, "subtitle")
	add(kindSmall, "reference")
	bs = append(bs, block{kind: kindGap})

	box := []string{fill(c["summary_title"], v), fill(c["summary_version"], v), fill(c["summary_minimum"], v), fill(c["summary_salary"], v)}
	if s.Board.any() {
		box = append(box, fill(c["summary_cash"], v))
	}
	if s.Scale.Stale {
		box = append(box, fill(c["summary_stale"], v))
	}
	bs = append(bs, block{kind: kindBox, lines: box})
	bs = append(bs, block{kind: kindGap})

	// C189 Art. 7(a): the parties.
	add(kindPara, "between")
	add(kindPara, "parties_employer")
	add(kindPara, "parties_worker")
	add(kindPara, "parties_agree")

	// (b) the usual workplace.
	article("workplace_title")
	add(kindPara, "workplace_body")
	if s.LivesIn {
		add(kindPara, "workplace_live_in")
	} else {
		add(kindPara, "workplace_live_out")
	}

	// (c) start and duration.
	article("start_title")
	if s.EndDate.IsZero() {
		add(kindPara, "start_indefinite")
	} else {
		add(kindPara, "start_fixed")
	}
	add(kindPara, "start_card")

	// (d) type of work.
	article("work_title")
	add(kindPara, "work_category")
	add(kindPara, "work_duties")
	add(kindPara, "work_limits")

	// (f) normal hours.
	article("hours_title")
	add(kindPara, "hours_body")
	add(kindPara, "hours_overtime")

	// (e) pay, how it is computed and paid.
	article("pay_title")
	add(kindPara, "pay_salary")
	add(kindPara, "pay_minimum")
	add(kindPara, "pay_how")
	if s.IBAN != "" {
		add(kindPara, "pay_account")
	}
	add(kindPara, "pay_adjust")

	// (h) food and accommodation.
	article("board_title")
	if s.LivesIn {
		add(kindPara, "board_room")
	} else if !s.Board.Lodging {
		add(kindPara, "board_no_room")
	}
	if s.Board.any() {
		add(kindPara, "board_deduction")
		if s.Board.Capped {
			add(kindPara, "board_capped")
		}
		add(kindPara, "board_cash")
	} else {
		add(kindPara, "board_none")
	}

	// (g) paid leave, daily and weekly rest; free to leave the house.
	article("leave_title")
	add(kindPara, "leave_annual")
	add(kindPara, "leave_daily_rest")
	add(kindPara, "leave_weekly_rest")
	add(kindPara, "leave_free")

	// (i) probation.
	article("probation_title")
	if s.ProbationDays > 0 {
		add(kindPara, "probation_days")
	} else {
		add(kindPara, "probation_none")
	}

	// Social security and insurance (conditions of the card).
	article("social_title")
	if s.ForeignSocialSecurity != "" {
		add(kindPara, "social_foreign")
	} else {
		add(kindPara, "social_belgian")
	}
	add(kindPara, "social_accident")

	// (j) repatriation; travel paid by the employer; no recruitment fees.
	article("travel_title")
	add(kindPara, "travel_body")
	add(kindPara, "travel_fees")

	// Own passport, contract and belongings; free contact.
	article("rights_title")
	add(kindPara, "rights_documents")
	add(kindPara, "rights_contact")

	// (k) termination and notice.
	article("end_title")
	if s.NoticeEmployerWeeks > 0 || s.NoticeWorkerWeeks > 0 {
		add(kindPara, "end_notice_agreed")
	} else {
		add(kindPara, "end_notice_law")
	}
	add(kindPara, "end_serious")
	add(kindPara, "end_card")

	// Belgian law; two signed copies, one for the worker.
	article("law_title")
	add(kindPara, "law_body")
	add(kindPara, "law_disputes")
	add(kindPara, "law_copies")
	if len(langs) > 1 && isTranslation(langs[1]) {
		add(kindPara, "law_translation")
	} else if len(langs) > 1 {
		add(kindPara, "law_languages")
	}

	bs = append(bs, block{kind: kindGap})
	add(kindPara, "sign_place_date")
	bs = append(bs, block{kind: kindSignatures, lines: []string{c["sign_employer"], c["sign_worker"], c["sign_hint"]}})
	return bs
}

// isTranslation reports whether t, beside the contract, is a translation
// for information (not a language the contract can be drawn up in) or a
// text no sworn translator has reviewed.
func isTranslation(t *TextSet) bool {
	return !slices.Contains(ContractLanguages, t.Code) || !t.reviewed()
}

// contractValues are the placeholders of the contract, formatted for t.
func contractValues(s Snapshot, t *TextSet, langs []*TextSet) map[string]string {
	c, f := t.Contract, t.Format
	// check() admits only the job categories, which every contract text
	// names (TestEveryContractTextNamesEveryCategory).
	category := c["cat_"+s.Category]
	v := map[string]string{
		"reference":          s.Reference,
		"employer_name":      s.Employer.Name,
		"employer_function":  s.Employer.Function,
		"employer_mission":   s.Employer.Mission,
		"employer_address":   addressLines(s.Employer.Address),
		"worker_name":        s.Worker.Name,
		"worker_nationality": t.nationality(s.Worker.Nationality),
		"worker_birth":       f.date(s.Worker.DateOfBirth),
		"worker_passport":    s.Worker.PassportNumber,
		"worker_address":     addressLines(s.Worker.Address),
		"workplace":          addressLines(s.Workplace),
		"start_date":         f.date(s.StartDate),
		"end_date":           f.date(s.EndDate),
		"category":           category,
		"duties":             strings.TrimRight(strings.TrimSpace(s.Duties), "."),
		"hours":              f.hours(s.WeeklyHours),
		"days":               strconv.Itoa(s.DaysPerWeek),
		"salary":             f.money(s.GrossMonthly),
		"minimum":            f.money(s.Minimum),
		"hourly":             f.money(s.MinimumHourly),
		"seniority":          strconv.Itoa(s.SeniorityYears),
		"version":            strconv.FormatInt(s.Scale.VersionID, 10),
		"effective_date":     f.date(s.Scale.EffectiveDate),
		"stale_months":       strconv.Itoa(s.Scale.StaleMonths),
		"iban":               s.IBAN,
		"cap_percent":        strconv.Itoa(s.Board.CapPercent),
		"per_day":            f.money(s.Board.PerDay),
		"deduction":          f.money(s.Board.Deducted),
		"cash":               f.money(s.Board.CashPaid),
		"leave_days":         strconv.Itoa(s.AnnualLeaveDays),
		"daily_rest":         strconv.Itoa(s.DailyRestHours),
		"weekly_rest":        strconv.Itoa(s.WeeklyRestHours),
		"probation_days":     strconv.Itoa(s.ProbationDays),
		"foreign_scheme":     s.ForeignSocialSecurity,
		"repatriation_to":    s.RepatriationTo,
		"notice_employer":    strconv.Itoa(s.NoticeEmployerWeeks),
		"notice_worker":      strconv.Itoa(s.NoticeWorkerWeeks),
		"place":              s.Place,
		"date":               f.date(s.Date),
		"language":           t.languageName(langs[0].Code),
	}
	if !s.Board.any() {
		v["cash"] = f.money(s.GrossMonthly)
	}
	if len(langs) > 1 {
		v["second_language"] = t.languageName(langs[1].Code)
	}

	// Board items with their daily amounts.
	var items []string
	item := func(on bool, key string, amount int64) {
		if on {
			items = append(items, fill(c[key], map[string]string{"amount": f.money(amount)}))
		}
	}
	b := s.Board
	item(b.Breakfast, "item_breakfast", b.BreakfastAmount)
	item(b.Midday, "item_midday", b.MiddayAmount)
	item(b.Evening, "item_evening", b.EveningAmount)
	if b.WholeDwelling {
		item(b.Lodging, "item_whole_dwelling", b.LodgingAmount)
	} else {
		item(b.Lodging, "item_lodging", b.LodgingAmount)
	}
	v["items"] = f.list(items)
	if b.DaysPerMonth == 0 {
		v["board_days"] = c["board_days_convention"]
	} else {
		v["board_days"] = fill(c["board_days_fixed"], map[string]string{"days": strconv.Itoa(b.DaysPerMonth)})
	}

	// Weekly rest days.
	if len(s.RestDays) == 0 {
		v["rest_days"] = c["leave_rest_agreed"]
	} else {
		names := make([]string, len(s.RestDays))
		for i, d := range s.RestDays {
			names[i] = f.Weekdays[d]
		}
		v["rest_days"] = fill(c["leave_rest_days"], map[string]string{"days": f.list(names)})
	}
	return v
}

// addressLines is an address as the contract prints it: one printed line
// for each line it was entered on (a line break, whatever its kind, forces
// a break when the paragraph is set), each with its spaces collapsed, and
// without the empty lines.
func addressLines(a string) string {
	var out []string
	for l := range strings.SplitSeq(lineBreaks.Replace(a), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// civil returns the calendar day of t at UTC midnight.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nationality says a nationality, given as an ISO 3166-1 code, the way
// t's clauses take it: with its adjective where t's [format] asks for one
// and models has it ("of Vietnamese nationality"), else with the country's
// name in t's language (CLDR), so no contract prints a code. A value that
// is not a code (recorded before codes were required) is printed as it is,
// as a country's name.
func (t *TextSet) nationality(v string) string {
	f := t.Format
	if models.ValidCountryCode(v) {
		if f.Nationality != "" {
			if a, ok := models.NationalityAdjective(v, t.Code); ok {
				return fill(f.Nationality, map[string]string{"adjective": a})
			}
		}
		v = models.CountryName(v, t.Code)
	}
	tmpl := f.NationalityCountry
	if tmpl == "" {
		tmpl = "{country}"
	}
	return fill(tmpl, map[string]string{"country": v})
}
