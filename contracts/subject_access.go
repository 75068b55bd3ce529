package contracts

import (
	"context"
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

// The worker's copy of what Carddesk holds about them (GDPR art. 15,
// issue 12), in the worker's language: the words of the report, one file
// per language (access/<code>.toml), set with the leaflet's fonts and
// shaping and its language's [format] (dates, numbers) and language names.
// A language has the report when its file has every key of the English one
// and the language has a text set (clauses/<code>.toml).

//go:embed access/*.toml
var accessFiles embed.FS

// accessText is one language's words of the report, by group ("text",
// "section", "field", then one group per value list, "indicator",
// "dimension"; "indicator_ec", optional, names the ILO-EC indicators).
type accessText map[string]map[string]string

// accessOptional are the groups a language need not have. [about] says
// where the words come from: status "original" (the Directorate's own
// French, Dutch and English) or "unreviewed" (a draft, the default,
// printed with a line saying so) or "reviewed" with reviewed_by.
var accessOptional = []string{"indicator_ec", "about"}

// reviewed reports whether t may be printed without the draft line.
func (t accessText) reviewed() bool {
	switch t["about"]["status"] {
	case statusOriginal:
		return true
	case statusReviewed:
		return strings.TrimSpace(t["about"]["reviewed_by"]) != ""
	}
	return false
}

var accessTexts = sync.OnceValue(func() map[string]accessText { return mustLoadAccess(accessFiles, "access") })

func mustLoadAccess(fsys fs.FS, dir string) map[string]accessText {
	out, err := loadAccess(fsys, dir)
	if err != nil {
		panic(err)
	}
	return out
}

func loadAccess(fsys fs.FS, dir string) (map[string]accessText, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.toml"))
	if err != nil {
		return nil, err
	}
	out := map[string]accessText{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var t accessText
		md, err := toml.Decode(string(b), &t)
		if err != nil {
			return nil, fmt.Errorf("access %s: %w", name, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return nil, fmt.Errorf("access %s: unknown keys %v", name, und)
		}
		out[strings.TrimSuffix(path.Base(name), ".toml")] = t
	}
	if out["en"] == nil {
		return nil, fmt.Errorf("access: en.toml is missing")
	}
	return out, nil
}

// accessMissing lists the keys t lacks, or whose placeholders differ, or
// that English does not know.
func accessMissing(t accessText) []string {
	ref := accessTexts()["en"]
	var out []string
	for g, keys := range ref {
		if slices.Contains(accessOptional, g) {
			continue
		}
		for k, v := range keys {
			o := t[g][k]
			switch {
			case strings.TrimSpace(o) == "":
				out = append(out, g+"."+k)
			case !slices.Equal(placeholders(v), placeholders(o)):
				out = append(out, g+"."+k+" (placeholders)")
			}
		}
	}
	for g, keys := range t {
		for k := range keys {
			if _, ok := ref[g][k]; !ok && !slices.Contains(accessOptional, g) {
				out = append(out, g+"."+k+" (unknown)")
			}
		}
	}
	slices.Sort(out)
	return out
}

// SubjectAccessLanguages lists, sorted, the languages the worker's copy is
// translated into.
func SubjectAccessLanguages() []string {
	var out []string
	for code, t := range accessTexts() {
		if texts()[code] != nil && len(accessMissing(t)) == 0 {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// SubjectAccessData is the worker's copy to print.
type SubjectAccessData struct {
	Language string // one of SubjectAccessLanguages
	Report   *models.SubjectAccessReport
	// WorkerName is printed under the title.
	WorkerName string
	// Date is the day of production, printed and written as the PDF's
	// creation date.
	Date time.Time
}

// SubjectAccess returns the worker's copy as a PDF.
func SubjectAccess(ctx context.Context, d SubjectAccessData) ([]byte, error) {
	t, ts := accessTexts()[d.Language], texts()[d.Language]
	if t == nil || ts == nil || len(accessMissing(t)) > 0 {
		var v models.Validation
		v.Add("language", "unsupported_language",
			fmt.Sprintf("The subject access report is not available in %q; available: %s.", d.Language, strings.Join(SubjectAccessLanguages(), ", ")))
		return nil, v.Err()
	}
	r := d.Report
	tx := t["text"]
	doc := StatisticsDocument{Lang: d.Language, Title: tx["title"], Created: civil(d.Date),
		Subtitle: fill(tx["subtitle"], map[string]string{"name": d.WorkerName, "date": ts.Format.date(d.Date)}),
		Footer:   tx["footer"]}
	if !t.reviewed() {
		doc.Notes = append(doc.Notes, tx["draft"])
	}
	doc.Notes = append(doc.Notes, tx["intro"])
	if r.LanguageFallback {
		var names []string
		for _, l := range r.WorkerLanguages {
			if l = strings.TrimSpace(l); l != "" {
				names = append(names, accessLanguageName(ts, l))
			}
		}
		none := tx["no_language"]
		if len(names) > 0 {
			none = ts.Format.list(names)
		}
		doc.Notes = append(doc.Notes, fill(tx["fallback"], map[string]string{"language": accessLanguageName(ts, d.Language), "languages": none}))
	}
	if r.OmittedReason != "" {
		doc.Notes = append(doc.Notes, fill(tx["omitted_reason"], map[string]string{"reason": r.OmittedReason}))
	}
	for _, sec := range r.Sections {
		tab := StatisticsTable{Caption: t["section"][sec.Key], Header: []string{tx["field"], tx["value"]}, TextValues: true}
		if tab.Caption == "" {
			tab.Caption = sec.Key
		}
		if sec.Omitted {
			tab.Rows = append(tab.Rows, []string{tx["omitted"], ""})
		}
		for i, e := range sec.Entries {
			if i > 0 {
				tab.Rows = append(tab.Rows, []string{"", ""})
			}
			for _, f := range e {
				tab.Rows = append(tab.Rows, []string{accessLabel(t, f.Key), accessValue(t, ts, f)})
			}
		}
		if len(tab.Rows) == 0 {
			tab.Rows = append(tab.Rows, []string{tx["nothing"], ""})
		}
		doc.Tables = append(doc.Tables, tab)
	}
	return Statistics(ctx, doc)
}

// accessLabel names a field; a key no file knows is printed as it is (the
// tests look for that).
func accessLabel(t accessText, key string) string {
	if l := t["field"][key]; l != "" {
		return l
	}
	return key
}

// accessValue puts a field's value into words in t's language.
func accessValue(t accessText, ts *TextSet, f models.SubjectAccessField) string {
	v := f.Value
	if v == "" {
		return "—"
	}
	switch f.Kind {
	case "", "text":
		return v
	case "date":
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return v
		}
		return ts.Format.date(d)
	case "number":
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return v
		}
		return ts.Format.hours(n)
	case "yes_no":
		if b, err := strconv.ParseBool(v); err == nil {
			if b {
				return t["text"]["yes"]
			}
			return t["text"]["no"]
		}
		return v
	case "country":
		if models.ValidCountryCode(strings.ToUpper(v)) {
			return models.CountryName(strings.ToUpper(v), ts.Code)
		}
		return v
	case "language":
		return accessLanguageName(ts, v)
	case "languages":
		var names []string
		for _, l := range strings.Split(v, ",") {
			if l = strings.TrimSpace(l); l != "" {
				names = append(names, accessLanguageName(ts, l))
			}
		}
		return strings.Join(names, ", ")
	case "indicator":
		return accessIndicator(t, v)
	}
	if w := t[f.Kind][v]; w != "" {
		return w
	}
	return v
}

// accessIndicator names an indicator: the ILO forced-labour indicators in
// every language; an ILO-EC indicator by its name where the file has it,
// else by its dimension in the language and the ILO's English wording.
func accessIndicator(t accessText, code string) string {
	if w := t["indicator"][code]; w != "" {
		return w
	}
	if w := t["indicator_ec"][code]; w != "" {
		return w
	}
	ind, ok := models.LookupIndicator(code)
	if !ok {
		return code
	}
	if dim := t["dimension"][string(ind.Dimension)]; dim != "" {
		return dim + ": “" + ind.Label + "” (ILO)"
	}
	return ind.Label
}

// accessLanguageName names a language in ts's language: from its file,
// else from the catalogue or the CLDR (models.LanguageDisplayName).
func accessLanguageName(ts *TextSet, code string) string {
	if n := ts.Languages[code]; n != "" {
		return n
	}
	if l, ok := models.LanguageByCode(code); ok && ts.Languages[l.Code] != "" {
		return ts.Languages[l.Code]
	}
	return models.LanguageDisplayName(code, ts.Code)
}
