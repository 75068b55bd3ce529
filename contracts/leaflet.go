package contracts

import (
	"fmt"
	"slices"
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
}

// Leaflet returns the one- or two-page rights leaflet in d.Language.
func Leaflet(d LeafletData) ([]byte, error) {
	t := texts[d.Language]
	if t == nil || !slices.Contains(LeafletLanguages(), d.Language) {
		var v models.Validation
		v.Add("language", "unsupported_language",
			fmt.Sprintf("The rights leaflet is not available in %q; available: %s.", d.Language, strings.Join(LeafletLanguages(), ", ")))
		return nil, v.Err()
	}
	contacts := d.Contacts
	if contacts == nil {
		contacts = DefaultContacts()
	}
	created := d.Date
	if created.IsZero() {
		created = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	l, f := t.Leaflet, t.Format
	w := newWriter(fontUnicode, civil(created), l["title"], d.Language)

	para := func(text string) {
		w.lines([]string{text}, "", sizeLeaflet, 0, 0)
		w.gap(1.5)
	}
	section := func(title, body string) {
		w.gap(2)
		w.lines([]string{title}, "B", sizeLeafletHeading, 0, 2*lineHeight(sizeLeaflet))
		w.gap(0.8)
		para(body)
	}

	w.lines([]string{l["title"]}, "B", sizeTitle, 0, 0)
	w.gap(2)
	para(l["intro"])
	section(l["card_title"], l["card_body"])
	section(l["passport_title"], l["passport_body"])
	pay := l["pay_body"]
	if d.Minimum > 0 && !d.ScaleEffectiveDate.IsZero() {
		pay += " " + fill(l["pay_minimum"], map[string]string{
			"minimum": f.money(d.Minimum), "effective_date": f.date(d.ScaleEffectiveDate),
		})
	}
	section(l["pay_title"], pay)
	section(l["rest_title"], l["rest_body"])
	section(l["room_title"], l["room_body"])
	section(l["change_title"], l["change_body"])
	section(l["help_title"], l["help_body"])

	rows := [][]string{{l["emergency"]}}
	for _, c := range contacts {
		label := c.Label
		if c.Key != "" && l["contact_"+c.Key] != "" {
			label = l["contact_"+c.Key]
		}
		parts := []string{label}
		if c.Phone != "" {
			parts = append(parts, c.Phone)
		}
		if c.Web != "" {
			parts = append(parts, c.Web)
		}
		rows = append(rows, []string{strings.Join(parts, " · ")})
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
