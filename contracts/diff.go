package contracts

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/BurntSushi/toml"
)

// TextChange is one key whose text differs between two versions of a
// language's texts, with the part that changed marked: Old and New are
// Before + OldPart + After and Before + NewPart + After.
type TextChange struct {
	Key              string // "leaflet.pay_body", "format.months"
	Old, New         string // "" when the key is added or removed
	Before, After    string // the text the two share at either end
	OldPart, NewPart string // what differs between them
	Added, Removed   bool
}

// Entries flattens a text set into keys and texts: "name", "translator",
// "status", "format.months" (the months joined by " | "), "notice.unreviewed",
// "language_names.fr", "leaflet.title", …
func (t *TextSet) Entries() map[string]string {
	out := map[string]string{"name": t.Name, "translator": t.Translator, "reviewed_by": t.ReviewedBy, "status": t.Status}
	f := t.Format
	for k, v := range map[string]string{
		"months": strings.Join(f.Months, " | "), "weekdays": strings.Join(f.Weekdays, " | "), "date": f.Date,
		"first_day": f.FirstDay, "weekday_date": f.WeekdayDate, "time": f.Time, "decimal": f.Decimal,
		"thousands": f.Thousands, "money": f.Money, "list_and": f.ListAnd,
	} {
		if v != "" {
			out["format."+k] = v
		}
	}
	for section, m := range map[string]map[string]string{"notice": t.Notice, "language_names": t.Languages,
		"leaflet": t.Leaflet, "summons": t.Summons, "contract": t.Contract} {
		for k, v := range m {
			out[section+"."+k] = v
		}
	}
	return out
}

// DiffTexts lists the keys whose texts differ from old to new, in the order
// of the English reference file (keys it lacks, such as some language
// names, at the end, by section).
func DiffTexts(old, new *TextSet) []TextChange {
	a, b := old.Entries(), new.Entries()
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, compareKeys)
	var out []TextChange
	for _, k := range keys {
		o, inOld := a[k]
		n, inNew := b[k]
		if inOld && inNew && o == n {
			continue
		}
		c := TextChange{Key: k, Old: o, New: n, Added: !inOld, Removed: !inNew}
		c.Before, c.OldPart, c.NewPart, c.After = changedPart(o, n)
		out = append(out, c)
	}
	return out
}

// changedPart splits two texts into what they share at the start and the
// end and the middle that differs, widened to whole words so the marked
// part reads as words.
func changedPart(a, b string) (before, aPart, bPart, after string) {
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	for p > 0 && p < len(ra) && p < len(rb) && !unicode.IsSpace(ra[p-1]) {
		p--
	}
	s := 0
	for s < len(ra)-p && s < len(rb)-p && ra[len(ra)-1-s] == rb[len(rb)-1-s] {
		s++
	}
	for s > 0 && s < len(ra)-p && s < len(rb)-p && !unicode.IsSpace(ra[len(ra)-s]) {
		s--
	}
	return string(ra[:p]), string(ra[p : len(ra)-s]), string(rb[p : len(rb)-s]), string(ra[len(ra)-s:])
}

// keyOrder is the position of each key in the English reference file,
// read on first use (issue 14: not at every start-up).
var keyOrder = sync.OnceValue(func() map[string]int {
	b, _ := EmbeddedText("en")
	var v map[string]any
	md, err := toml.Decode(string(b), &v)
	if err != nil {
		return nil
	}
	order := map[string]int{}
	for i, k := range md.Keys() {
		order[k.String()] = i
	}
	return order
})

// compareKeys orders keys as the English file does; keys it lacks come
// last, by section and then alphabetically.
func compareKeys(x, y string) int {
	pos := func(k string) (int, string) {
		if i, ok := keyOrder()[k]; ok {
			return i, ""
		}
		sec, _, _ := strings.Cut(k, ".")
		if i, ok := keyOrder()[sec]; ok {
			return i + 100000, k
		}
		return 1 << 30, k
	}
	px, kx := pos(x)
	py, ky := pos(y)
	if px != py {
		return px - py
	}
	return strings.Compare(kx, ky)
}
