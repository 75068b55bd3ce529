package contracts

import (
	"context"
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
	// Texts are the texts in use (NewLibrary: the published versions);
	// nil prints the embedded ones.
	Texts *Library
	// ReferenceLanguage is printed beside a text no sworn translator has
	// reviewed: "en" (the default) or "fr".
	ReferenceLanguage string
}

// summonsFallback are the languages of a summons when the worker reads
// none of those translated.
var summonsFallback = []string{"en", "fr"}

// Summons returns the summons and the languages it was written in.
func Summons(d SummonsData) ([]byte, []string, error) {
	return SummonsContext(context.Background(), d)
}

// SummonsContext is Summons, abandoned as soon as ctx ends.
func SummonsContext(ctx context.Context, d SummonsData) ([]byte, []string, error) {
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
	sets, err := summonsSets(d)
	if err != nil {
		return nil, nil, err
	}
	docs := make([][]block, len(sets))
	for i, t := range sets {
		docs[i] = summonsBlocks(d, t, sets)
	}
	created := d.IssuedOn
	if created.IsZero() {
		created = d.At
	}
	langs := codesOf(sets)
	w := newWriter(fontUnicode, civil(created), sets[0].Summons["title"], langs...)
	w.ctx = ctx
	render(w, docs)
	b, err := w.finish(nil)
	return b, langs, err
}

// summonsSets picks the summons' languages for the worker: the first
// language the worker reads that has a summons text (with the reference
// language beside it if that text is not reviewed), else English and
// French side by side.
func summonsSets(d SummonsData) ([]*TextSet, error) {
	lib := d.Texts.of()
	for _, code := range d.Languages {
		if l, ok := models.LanguageByCode(code); ok {
			code = l.Code // "fil" is Filipino
		}
		if t := lib[code]; t != nil && len(t.Summons) > 0 && lib.complete(t, summonsSection) {
			return withReference(lib, t, d.ReferenceLanguage)
		}
	}
	sets := make([]*TextSet, len(summonsFallback))
	for i, code := range summonsFallback {
		sets[i] = lib[code]
	}
	return sets, nil
}

func summonsBlocks(d SummonsData, t *TextSet, sets []*TextSet) []block {
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
	var bs []block
	if len(sets) > 1 && !sets[0].reviewed() {
		bs = append(bs, block{kind: kindNotice, text: unreviewedNotice([]*TextSet{t, other(t, sets)})[0]}, block{kind: kindGap})
	}
	bs = append(bs, []block{
		{kind: kindTitle, text: s["title"]},
		{kind: kindSmall, text: fill(s["reference"], v)},
		{kind: kindGap},
		para("greeting"),
		para("body"),
		{kind: kindBox, lines: []string{fill(s["when"], v), fill(s["where"], v)}},
		{kind: kindGap},
		para("alone"),
	}...)
	if d.Interpreter != "" {
		bs = append(bs, para("interpreter"))
	} else {
		bs = append(bs, para("interpreter_offer"))
	}
	bs = append(bs, para("bring"), para("free"), para("contact"), block{kind: kindGap}, para("closing"))
	return bs
}
