package contracts

import (
	"slices"
	"strings"
	"time"

	"github.com/carddesk/carddesk/models"
)

// SummonsData is a summons to the private interview (issue 4).
type SummonsData struct {
	Reference  string
	WorkerName string
	// Languages the worker reads, preferred first. The summons is written
	// in the first one that has a translation; when none has, in English
	// and French side by side.
	Languages []string
	// At is the interview's date and time, as it is to be printed
	// (Brussels local time).
	At    time.Time
	Place string // the address of the interview
	// Interpreter is the language code of the interpreter booked, if any.
	Interpreter string
	Contact     string // how to reach the Directorate (telephone, e-mail)
	// IssuedOn is written as the PDF's creation date.
	IssuedOn time.Time
}

// summonsFallback are the languages of a summons when the worker reads
// none of those translated.
var summonsFallback = []string{"en", "fr"}

// Summons returns the summons and the languages it was written in.
func Summons(d SummonsData) ([]byte, []string, error) {
	var v models.Validation
	for field, value := range map[string]string{"reference": d.Reference, "worker_name": d.WorkerName, "place": d.Place, "contact": d.Contact} {
		if strings.TrimSpace(value) == "" {
			v.Add(field, "required", field+" is required for the summons.")
		}
	}
	if d.At.IsZero() {
		v.Add("at", "required", "The interview's date and time are required.")
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	langs := summonsLanguages(d.Languages)
	docs := make([][]block, len(langs))
	for i, code := range langs {
		docs[i] = summonsBlocks(d, texts[code])
	}
	created := d.IssuedOn
	if created.IsZero() {
		created = d.At
	}
	w := newWriter(fontUnicode, civil(created), texts[langs[0]].Summons["title"], langs...)
	render(w, docs)
	b, err := w.finish(nil)
	return b, langs, err
}

// summonsLanguages picks the summons' languages for a worker who reads want.
func summonsLanguages(want []string) []string {
	available := SummonsLanguages()
	for _, code := range want {
		if slices.Contains(available, code) {
			return []string{code}
		}
	}
	return summonsFallback
}

func summonsBlocks(d SummonsData, t *textSet) []block {
	s, f := t.Summons, t.Format
	v := map[string]string{
		"reference":   d.Reference,
		"worker_name": d.WorkerName,
		"date":        f.weekdayDate(d.At),
		"time":        f.clock(d.At),
		"place":       d.Place,
		"contact":     d.Contact,
	}
	if d.Interpreter != "" {
		v["interpreter_language"] = t.languageName(d.Interpreter)
	}
	para := func(key string) block { return block{kind: kindPara, text: fill(s[key], v)} }
	bs := []block{
		{kind: kindTitle, text: s["title"]},
		{kind: kindSmall, text: fill(s["reference"], v)},
		{kind: kindGap},
		para("greeting"),
		para("body"),
		{kind: kindBox, lines: []string{fill(s["when"], v), fill(s["where"], v)}},
		{kind: kindGap},
		para("alone"),
	}
	if d.Interpreter != "" {
		bs = append(bs, para("interpreter"))
	} else {
		bs = append(bs, para("interpreter_offer"))
	}
	bs = append(bs, para("bring"), para("free"), para("contact"), block{kind: kindGap}, para("closing"))
	return bs
}
