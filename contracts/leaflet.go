package contracts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/carddesk/carddesk/models"
)

// Contact is a service the rights leaflet tells the worker to call.
type Contact struct {
	// Key names the service in the clause files (leaflet key "contact_<Key>"),
	// so that each language describes it in its own words.
	Key string
	// Label describes a service no clause file knows (Key empty or unknown).
	Label string
	Phone string
	Web   string
}

// DefaultContacts are the services the leaflet lists unless the caller
// gives others (the application may make them a setting).
//
// Sources: PAG-ASA's telephone is on its own contact page; Payoke's is
// published by Payoke; the national helpline for victims of trafficking was
// announced by the Minister of Justice in July 2023 (press, "Blue Heart"
// campaign). Sürya's number could not be confirmed from a primary source
// when this was written, so only its website is given: add the number
// once it is checked.
func DefaultContacts() []Contact {
	return []Contact{
		{Key: "pagasa", Phone: "+32 2 511 64 64", Web: "pag-asa.be"},
		{Key: "payoke", Phone: "+32 3 201 16 90", Web: "payoke.be"},
		{Key: "surya", Web: "asblsurya.org"},
		{Key: "helpline", Phone: "078 05 58 00"},
	}
}

// LeafletData is what the rights leaflet prints besides its fixed text.
type LeafletData struct {
	Language string // any language of LeafletLanguages
	// Minimum and ScaleEffectiveDate, when set, add the full-time minimum
	// of the salary scale in force.
	Minimum            int64
	ScaleEffectiveDate time.Time
	Contacts           []Contact // nil: DefaultContacts
	// Date is written as the PDF's creation date (zero: 1 January 2024),
	// so the same leaflet is always the same bytes.
	Date time.Time
	// Texts are the texts in use (NewLibrary: the published versions);
	// nil prints the embedded ones.
	Texts *Library
	// ReferenceLanguage is printed beside a text no sworn translator has
	// reviewed: "en" (the default) or "fr".
	ReferenceLanguage string
}

// Leaflet returns the rights leaflet in d.Language: one or two pages, or
// with the reference language beside it if the text is not reviewed.
func Leaflet(d LeafletData) ([]byte, error) { return LeafletContext(context.Background(), d) }

// LeafletContext is Leaflet, abandoned as soon as ctx ends.
func LeafletContext(ctx context.Context, d LeafletData) ([]byte, error) {
	return leafletIn(ctx, d, fontUnicode)
}

// leaflet sets the leaflet in mode (the core fonts for the benchmark).
func leaflet(d LeafletData, mode fontMode) ([]byte, error) {
	return leafletIn(context.Background(), d, mode)
}

func leafletIn(ctx context.Context, d LeafletData, mode fontMode) ([]byte, error) {
	lib := d.Texts.of()
	t := lib[d.Language]
	if t == nil || len(t.Leaflet) == 0 || !lib.complete(t, leafletSection) {
		var v models.Validation
		v.Add("language", "unsupported_language",
			fmt.Sprintf("The rights leaflet is not available in %q; available: %s.", d.Language, strings.Join(d.Texts.LeafletLanguages(), ", ")))
		return nil, v.Err()
	}
	sets, err := withReference(lib, t, d.ReferenceLanguage)
	if err != nil {
		return nil, err
	}
	contacts := d.Contacts
	if contacts == nil {
		contacts = DefaultContacts()
	}
	created := d.Date
	if created.IsZero() {
		created = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	w := newWriter(mode, civil(created), t.Leaflet["title"], codesOf(sets)...)
	w.ctx = ctx

	// col returns the text of key in each language, placeholders filled.
	col := func(key string, extra func(*TextSet) string) []string {
		out := make([]string, len(sets))
		for i, ts := range sets {
			out[i] = ts.Leaflet[key]
			if extra != nil {
				if e := extra(ts); e != "" {
					out[i] += " " + e
				}
			}
		}
		return out
	}
	para := func(text []string) {
		w.lines(text, "", sizeLeaflet, 0, 0)
		w.gap(1.5)
	}
	section := func(title string, body []string) {
		w.gap(2)
		w.lines(col(title, nil), "B", sizeLeafletHeading, 0, 2*lineHeight(sizeLeaflet))
		w.gap(0.8)
		para(body)
	}

	if len(sets) > 1 {
		w.lines(unreviewedNotice(sets), "B", sizeSmall, 0, 0)
		w.gap(2)
	}
	w.lines(col("title", nil), "B", sizeTitle, 0, 0)
	w.gap(2)
	para(col("intro", nil))
	section("card_title", col("card_body", nil))
	section("passport_title", col("passport_body", nil))
	section("pay_title", col("pay_body", func(ts *TextSet) string {
		if d.Minimum <= 0 || d.ScaleEffectiveDate.IsZero() {
			return ""
		}
		return fill(ts.Leaflet["pay_minimum"], map[string]string{
			"minimum": ts.Format.money(d.Minimum), "effective_date": ts.Format.date(d.ScaleEffectiveDate),
		})
	}))
	section("rest_title", col("rest_body", nil))
	section("room_title", col("room_body", nil))
	section("change_title", col("change_body", nil))
	section("help_title", col("help_body", nil))

	rows := [][]string{col("emergency", nil)}
	for _, c := range contacts {
		row := make([]string, len(sets))
		for i, ts := range sets {
			label := c.Label
			if c.Key != "" && ts.Leaflet["contact_"+c.Key] != "" {
				label = ts.Leaflet["contact_"+c.Key]
			}
			parts := []string{label}
			if c.Phone != "" {
				parts = append(parts, c.Phone)
			}
			if c.Web != "" {
				parts = append(parts, c.Web)
			}
			row[i] = strings.Join(parts, " · ")
		}
		rows = append(rows, row)
	}
	w.gap(1)
	w.box(rows, true)
	return w.finish(nil)
}

// Leaflet type sizes: larger than the contract's, for easier reading.
const (
	sizeLeaflet        = 10.0
	sizeLeafletHeading = 11.0
)
