package contracts

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/carddesk/carddesk/models"
)

// The document texts, one TOML file per language (clauses/<code>.toml).
//
//go:embed clauses/*.toml
var clauseFiles embed.FS

// ContractLanguages are the languages a contract may be drawn up in: the
// four the Protocol Directorate accepts. A second language, side by side,
// may be any language with a complete contract translation (see
// SecondLanguages).
var ContractLanguages = []string{"fr", "nl", "de", "en"}

// TextSet is one language's texts: an embedded file (clauses/<code>.toml)
// or a set supplied from outside (ParseTextSet), e.g. an admin-uploaded,
// versioned translation kept in the database.
type TextSet struct {
	Code   string     `toml:"-"`
	Name   string     `toml:"name"`
	Format textFormat `toml:"format"`
	// Translator, ReviewedBy and Status say where the text comes from.
	// Status is "original" (the Directorate's own French, Dutch, German
	// and English), "reviewed" (checked by the sworn translator named in
	// ReviewedBy) or "unreviewed" (a draft; the default). An unreviewed
	// text is never printed alone: the reference language stands beside
	// it, with a line saying so.
	Translator string `toml:"translator"`
	ReviewedBy string `toml:"reviewed_by"`
	Status     string `toml:"status"`
	// Notice holds the lines printed about the text itself: "unreviewed"
	// ({reference_language} stands beside it) and "translation" (the
	// contract's {language} text is binding, this one a translation).
	Notice map[string]string `toml:"notice"`
	// Languages names languages in this language ("fr" = "French").
	Languages map[string]string `toml:"language_names"`
	Contract  map[string]string `toml:"contract"`
	Leaflet   map[string]string `toml:"leaflet"`
	Summons   map[string]string `toml:"summons"`
}

// textFormat says how a language writes dates, times and amounts.
type textFormat struct {
	Months   []string `toml:"months"`
	Weekdays []string `toml:"weekdays"` // Sunday first, as time.Weekday
	Date     string   `toml:"date"`     // "{day} {month} {year}"
	// FirstDay, when set, writes the first day of a month ("1er" in French).
	FirstDay string `toml:"first_day"`
	// WeekdayDate puts a weekday before a date: "{weekday} {date}".
	WeekdayDate string `toml:"weekday_date"`
	Time        string `toml:"time"` // "{hour}:{minute}"
	Decimal     string `toml:"decimal"`
	Thousands   string `toml:"thousands"`
	Money       string `toml:"money"` // "EUR {amount}"
	ListAnd     string `toml:"list_and"`
	// Nationality, when set, says a nationality with its adjective
	// ("of {adjective} nationality"), for a language whose adjectives
	// models.NationalityAdjective has; NationalityCountry says it with the
	// country's name ("nationality: {country}"), for a country without an
	// adjective and for a language without the table. It defaults to
	// "{country}": the clause itself then holds the words around it.
	Nationality        string `toml:"nationality"`
	NationalityCountry string `toml:"nationality_country"`
}

// library holds every language's texts, keyed by code.
type library map[string]*TextSet

// texts is loaded once from the embedded files; a broken file is a
// programming error caught by the tests, so loading panics.
//
// It is parsed on first use, not at start-up: every process links this
// package, and most never draw a document (issue 14).
var texts = sync.OnceValue(func() library { return mustLoadLibrary(clauseFiles, "clauses") })

func mustLoadLibrary(fsys fs.FS, dir string) library {
	lib, err := loadLibrary(fsys, dir)
	if err != nil {
		panic(err)
	}
	return lib
}

func loadLibrary(fsys fs.FS, dir string) (library, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.toml"))
	if err != nil {
		return nil, err
	}
	lib := library{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		t, err := decodeTextSet(strings.TrimSuffix(path.Base(name), ".toml"), b)
		if err != nil {
			return nil, fmt.Errorf("clauses %s: %w", name, err)
		}
		lib[t.Code] = t
	}
	if lib["en"] == nil {
		return nil, fmt.Errorf("clauses: en.toml is missing; it is the reference every other file is checked against")
	}
	for _, t := range lib {
		if missing := lib.missing(t, noticeSection); len(missing) > 0 {
			return nil, fmt.Errorf("clauses %s.toml: [notice] lacks %v", t.Code, missing)
		}
	}
	return lib, nil
}

// Text statuses (TextSet.Status).
const (
	statusOriginal   = "original"
	statusReviewed   = "reviewed"
	statusUnreviewed = "unreviewed"
)

// decodeTextSet reads one language's TOML and checks what every file must
// have: a name, a complete [format] and a known status.
func decodeTextSet(code string, data []byte) (*TextSet, error) {
	var t TextSet
	md, err := toml.Decode(string(data), &t)
	if err != nil {
		return nil, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("unknown keys %v", und)
	}
	t.Code = code
	if t.Name == "" {
		return nil, fmt.Errorf("name is missing")
	}
	f := t.Format
	if len(f.Months) != 12 || len(f.Weekdays) != 7 || f.Date == "" || f.WeekdayDate == "" || f.Time == "" || f.Decimal == "" || f.Money == "" || f.ListAnd == "" {
		return nil, fmt.Errorf("[format] is incomplete")
	}
	switch t.Status {
	case "":
		t.Status = statusUnreviewed
	case statusOriginal, statusUnreviewed:
	case statusReviewed:
		if strings.TrimSpace(t.ReviewedBy) == "" {
			return nil, fmt.Errorf("status is reviewed but reviewed_by names nobody")
		}
	default:
		return nil, fmt.Errorf("status %q: want original, reviewed or unreviewed", t.Status)
	}
	return &t, nil
}

// ParseTextSet reads a text set supplied from outside the binary (an
// uploaded translation) for language lang and checks it strictly against
// the embedded English reference: every section it has ([leaflet],
// [summons], [contract]) complete, with the same placeholders, and a
// complete [notice]. Pass the result as LeafletData.Texts,
// SummonsData.Texts or Snapshot.SecondLanguageTexts.
func ParseTextSet(lang string, data []byte) (*TextSet, error) {
	l, ok := models.LanguageByCode(lang)
	if !ok {
		return nil, fmt.Errorf("text set: unknown language %q", lang)
	}
	t, err := decodeTextSet(l.Code, data)
	if err != nil {
		return nil, fmt.Errorf("text set %s: %w", l.Code, err)
	}
	if t.Status == statusOriginal && !slices.Contains(ContractLanguages, t.Code) {
		return nil, fmt.Errorf("text set %s: only French, Dutch, German and English texts are originals", t.Code)
	}
	sections := []struct {
		name string
		get  func(*TextSet) map[string]string
	}{{"notice", noticeSection}, {"leaflet", leafletSection}, {"summons", summonsSection}, {"contract", contractSection}}
	var problems []string
	for i, sec := range sections {
		if i > 0 && len(sec.get(t)) == 0 {
			continue // a set may hold only some documents
		}
		if m := texts().missing(t, sec.get); len(m) > 0 {
			problems = append(problems, fmt.Sprintf("[%s] %s", sec.name, strings.Join(m, ", ")))
		}
	}
	if len(t.Leaflet)+len(t.Summons)+len(t.Contract) == 0 {
		problems = append(problems, "no [leaflet], [summons] or [contract] section")
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("text set %s: missing or changed keys: %s", t.Code, strings.Join(problems, "; "))
	}
	return t, nil
}

// reviewed reports whether the text may be printed on its own.
func (t *TextSet) reviewed() bool { return t.Status == statusOriginal || t.Status == statusReviewed }

// complete reports whether section (of t) has every key the English
// reference has, with the same placeholders.
func (lib library) complete(t *TextSet, section func(*TextSet) map[string]string) bool {
	return len(lib.missing(t, section)) == 0
}

// missing lists the keys of section that t lacks or whose placeholders
// differ from the English reference.
func (lib library) missing(t *TextSet, section func(*TextSet) map[string]string) []string {
	ref, own := section(lib["en"]), section(t)
	var out []string
	for k, v := range ref {
		o, ok := own[k]
		if !ok || o == "" {
			out = append(out, k)
			continue
		}
		if !slices.Equal(placeholders(v), placeholders(o)) {
			out = append(out, k+" (placeholders)")
		}
	}
	for k := range own {
		if _, ok := ref[k]; !ok {
			out = append(out, k+" (unknown)")
		}
	}
	slices.Sort(out)
	return out
}

func contractSection(t *TextSet) map[string]string { return t.Contract }
func leafletSection(t *TextSet) map[string]string  { return t.Leaflet }
func summonsSection(t *TextSet) map[string]string  { return t.Summons }
func noticeSection(t *TextSet) map[string]string   { return t.Notice }

// languagesWith lists, sorted, the codes whose section is complete.
func (lib library) languagesWith(section func(*TextSet) map[string]string) []string {
	var out []string
	for code, t := range lib {
		if len(section(t)) > 0 && lib.complete(t, section) {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// SecondLanguages lists the languages that can stand beside the contract's
// language: those with a complete contract translation.
func SecondLanguages() []string { return texts().languagesWith(contractSection) }

// LeafletLanguages lists the languages the rights leaflet is available in.
func LeafletLanguages() []string { return texts().languagesWith(leafletSection) }

// SummonsLanguages lists the languages the interview summons is available in.
func SummonsLanguages() []string { return texts().languagesWith(summonsSection) }

// languageName names code in t's language: from the file's
// [language_names], else from the catalogue (models.Languages) in French,
// Dutch, German or English, or the language's own name; in a file of
// another language that does not name it, in English.
func (t *TextSet) languageName(code string) string {
	if n := t.Languages[code]; n != "" {
		return n
	}
	return models.LanguageName(code, t.Code)
}

// LanguageName returns a language's name in that language ("Français"),
// or the code when neither a file nor the catalogue knows it.
func LanguageName(code string) string {
	if t := texts()[code]; t != nil {
		return t.Name
	}
	if l, ok := models.LanguageByCode(code); ok {
		return l.Endonym
	}
	return code
}

// placeholders returns the sorted {names} of a template.
func placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		out = append(out, s[i+1:i+j])
		s = s[i+j+1:]
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// fill replaces each {name} in tmpl with vals[name]. Unknown names are left
// as they are, which the tests look for.
func fill(tmpl string, vals map[string]string) string {
	if strings.IndexByte(tmpl, '{') < 0 {
		return tmpl
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 32)
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		name := tmpl[i+1 : i+j]
		if v, ok := vals[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
	return b.String()
}

// money formats cents the way the language writes euros.
func (f textFormat) money(cents int64) string {
	return strings.Replace(f.Money, "{amount}", f.decimal(cents, 2, true), 1)
}

// decimal formats v/10^places with the language's separators; trim drops
// nothing when keepZeros, otherwise trailing zero decimals.
func (f textFormat) decimal(v int64, places int, keepZeros bool) string {
	neg := v < 0
	if neg {
		v = -v
	}
	div := int64(1)
	for range places {
		div *= 10
	}
	whole := strconv.FormatInt(v/div, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(f.Thousands)
		}
		b.WriteByte(whole[i])
	}
	if places > 0 {
		frac := fmt.Sprintf("%0*d", places, v%div)
		if !keepZeros {
			frac = strings.TrimRight(frac, "0")
		}
		if frac != "" {
			b.WriteString(f.Decimal)
			b.WriteString(frac)
		}
	}
	return b.String()
}

// hours formats a number of hours (37.5 -> "37.5" or "37,5").
func (f textFormat) hours(h float64) string {
	return f.decimal(int64(h*100+0.5), 2, false)
}

// date formats a calendar day.
func (f textFormat) date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	d := strconv.Itoa(t.Day())
	if t.Day() == 1 && f.FirstDay != "" {
		d = f.FirstDay
	}
	return fill(f.Date, map[string]string{"day": d, "month": f.Months[t.Month()-1], "year": strconv.Itoa(t.Year())})
}

// weekdayDate formats a calendar day with its weekday.
func (f textFormat) weekdayDate(t time.Time) string {
	return fill(f.WeekdayDate, map[string]string{"weekday": f.Weekdays[t.Weekday()], "date": f.date(t)})
}

// clock formats a time of day.
func (f textFormat) clock(t time.Time) string {
	return fill(f.Time, map[string]string{"hour": fmt.Sprintf("%02d", t.Hour()), "minute": fmt.Sprintf("%02d", t.Minute())})
}

// list joins items: "a, b and c".
func (f textFormat) list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + f.ListAnd + items[len(items)-1]
}

// Library is the texts in use, one set per language: the embedded files,
// each replaced by the set given for its language (ParseTextSet: an
// uploaded, published version kept in the database). The zero value and
// nil are the embedded files alone.
type Library struct{ sets library }

// NewLibrary returns the embedded texts with sets in place of the embedded
// ones of their languages. Every set must come from ParseTextSet (or be an
// embedded one), so it has the keys the documents ask for.
func NewLibrary(sets ...*TextSet) *Library {
	lib := make(library, len(texts())+len(sets))
	for code, t := range texts() {
		lib[code] = t
	}
	for _, t := range sets {
		if t != nil {
			lib[t.Code] = t
		}
	}
	return &Library{sets: lib}
}

// of returns the texts of l, the embedded ones when l is nil.
func (l *Library) of() library {
	if l == nil || l.sets == nil {
		return texts()
	}
	return l.sets
}

// Set returns the text set in use for a language (nil if none).
func (l *Library) Set(code string) *TextSet { return l.of()[code] }

// LeafletLanguages lists the languages the rights leaflet is available in.
func (l *Library) LeafletLanguages() []string { return l.of().languagesWith(leafletSection) }

// SummonsLanguages lists the languages the interview summons is available in.
func (l *Library) SummonsLanguages() []string { return l.of().languagesWith(summonsSection) }

// SecondLanguages lists the languages with a complete contract translation.
func (l *Library) SecondLanguages() []string { return l.of().languagesWith(contractSection) }

// EmbeddedText returns the text file of a language as the binary carries it
// (clauses/<code>.toml), the first version of that language's texts.
func EmbeddedText(code string) ([]byte, bool) {
	b, err := fs.ReadFile(clauseFiles, path.Join("clauses", code+".toml"))
	return b, err == nil
}

// EmbeddedLanguages lists the languages the binary carries texts for.
// They are the files' names: listing them parses nothing (the migration
// seeds the texts at every start, issue 14).
func EmbeddedLanguages() []string {
	names, _ := fs.Glob(clauseFiles, "clauses/*.toml")
	out := make([]string, 0, len(names))
	for _, name := range names {
		out = append(out, strings.TrimSuffix(path.Base(name), ".toml"))
	}
	slices.Sort(out)
	return out
}

// referenceLanguages may stand beside an unreviewed text.
var referenceLanguages = []string{"en", "fr"}

// withReference returns the languages a document in t is printed in: t
// alone if reviewed, else t and the reference language (from lib) beside it.
func withReference(lib library, t *TextSet, ref string) ([]*TextSet, error) {
	if t.reviewed() {
		return []*TextSet{t}, nil
	}
	if ref == "" {
		ref = "en"
	}
	if !slices.Contains(referenceLanguages, ref) {
		var v models.Validation
		v.Add("reference_language", "unsupported_language", "The reference language is English or French.")
		return nil, v.Err()
	}
	if ref == t.Code {
		return []*TextSet{t}, nil
	}
	return []*TextSet{t, lib[ref]}, nil
}

// unreviewedNotice says, in each language of sets, that the first is a
// draft translation and the second the reference.
func unreviewedNotice(sets []*TextSet) []string {
	draft, ref := sets[0], sets[1]
	if draft.reviewed() {
		draft, ref = ref, draft
	}
	out := make([]string, len(sets))
	for i, ts := range sets {
		out[i] = fill(ts.Notice["unreviewed"], map[string]string{
			"language": ts.languageName(draft.Code), "reference_language": ts.languageName(ref.Code),
		})
	}
	return out
}

// other returns the set of sets (two) that is not t.
func other(t *TextSet, sets []*TextSet) *TextSet {
	if sets[0] == t {
		return sets[1]
	}
	return sets[0]
}

func codesOf(sets []*TextSet) []string {
	out := make([]string, len(sets))
	for i, ts := range sets {
		out[i] = ts.Code
	}
	return out
}
