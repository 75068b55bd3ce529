package app

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// formReader reads typed values from a submitted form, collecting a field
// error for each value that does not parse, so the page comes back with
// every mistake marked and every value kept.
type formReader struct {
	vals url.Values
	loc  *time.Location
	v    models.Validation
}

func (a *App) readForm(c echo.Context) (*formReader, *form) {
	vals, _ := c.FormParams()
	f := newForm()
	f.Values = vals
	return &formReader{vals: vals, loc: a.cfg.Location}, f
}

func (r *formReader) str(name string) string { return strings.TrimSpace(r.vals.Get(name)) }

func (r *formReader) bool(name string) bool {
	switch r.vals.Get(name) {
	case "yes", "on", "true", "1":
		return true
	}
	return false
}

// date reads a calendar day (YYYY-MM-DD), as midnight UTC like the domain.
func (r *formReader) date(name string, required bool) time.Time {
	s := r.str(name)
	if s == "" {
		if required {
			r.v.Add(name, "required", "Enter a date.")
		}
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		r.v.Add(name, "invalid_date", "Use the form YYYY-MM-DD.")
	}
	return t
}

func (r *formReader) datePtr(name string) *time.Time {
	t := r.date(name, false)
	if t.IsZero() {
		return nil
	}
	return &t
}

// datetime reads a local date and time (an HTML datetime-local value) in the
// Directorate's time zone.
func (r *formReader) datetime(name string) time.Time {
	s := r.str(name)
	if s == "" {
		r.v.Add(name, "required", "Enter a date and time.")
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, r.loc); err == nil {
			return t
		}
	}
	r.v.Add(name, "invalid_datetime", "Use a date and time such as 2026-03-02 14:30.")
	return time.Time{}
}

func (r *formReader) float(name string) float64 {
	s := strings.ReplaceAll(r.str(name), ",", ".")
	if s == "" {
		return 0
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		r.v.Add(name, "invalid_number", "Enter a number.")
	}
	return n
}

func (r *formReader) id(name string) int64 {
	s := r.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		r.v.Add(name, "invalid_choice", "Choose from the list.")
	}
	return n
}

// err returns the parse problems, merged with a domain error if any: parse
// errors win for their fields.
func (r *formReader) err(domain error) error {
	if domain == nil {
		return r.v.Err()
	}
	var de *models.Error
	if e, ok := domain.(*models.Error); ok {
		de = e
	}
	if de == nil || de.Kind != models.KindInvalid {
		if r.v.Err() != nil {
			return r.v.Err()
		}
		return domain
	}
	for _, f := range de.Fields {
		if !r.v.Has(f.Field) {
			r.v.Add(f.Field, f.Code, f.Message, f.Args)
		}
	}
	return r.v.Err()
}

// option is one choice of a select.
type option struct{ Value, Label string }

func options[T ~string](loc *localizer, prefix string, values []T) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: string(v), Label: loc.T(prefix + string(v))}
	}
	return out
}

// pager links the pages of a list.
type pager struct {
	Number, Pages                           int
	Prev, Next, Label, PrevLabel, NextLabel string
}

func newPager(c echo.Context, loc *localizer, page, size int, total int64) pager {
	pages := int((total + int64(size) - 1) / int64(size))
	link := func(n int) string {
		q := c.QueryParams()
		q.Set("page", strconv.Itoa(n))
		return c.Request().URL.Path + "?" + q.Encode()
	}
	return pager{Number: page, Pages: pages, Prev: link(page - 1), Next: link(page + 1),
		Label: loc.T("pager.label"), PrevLabel: loc.T("pager.prev"), NextLabel: loc.T("pager.next")}
}

func queryPage(c echo.Context) int {
	n, _ := strconv.Atoi(c.QueryParam("page"))
	if n < 1 {
		n = 1
	}
	return n
}
