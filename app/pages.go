package app

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageTemplate is one page parsed with the layout, on its first render:
// fifty-odd pages, each a copy of the layout and its partials, are several
// megabytes that an idle instance does not need (issue 14). The files are
// embedded, so what parses in the tests (TestEveryTemplateParses) parses
// here.
type pageTemplate struct {
	parse func() (*template.Template, error)
}

// loadTemplates lists the pages, each parsed with the layout when first
// rendered. Every page named by a handler must exist: render fails loudly on
// a missing one, and the template test renders them all.
func loadTemplates(funcs template.FuncMap) (map[string]*pageTemplate, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	if !slices.Contains(files, "templates/layout.html") {
		return nil, errors.New("templates/layout.html is missing")
	}
	pages := map[string]*pageTemplate{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		pages[name] = &pageTemplate{parse: sync.OnceValues(func() (*template.Template, error) {
			t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			return t, nil
		})}
	}
	return pages, nil
}

func (a *App) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"datetime": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				return v.In(a.cfg.Location).Format("2006-01-02 15:04")
			case *time.Time:
				if v != nil {
					return v.In(a.cfg.Location).Format("2006-01-02 15:04")
				}
			}
			return ""
		},
		// datetimez shows an instant with its time zone (issue 13).
		"datetimez": func(t time.Time) string {
			return t.In(a.cfg.Location).Format("2006-01-02 15:04 MST")
		},
		// date shows a calendar day, stored as midnight UTC.
		"date": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				if !v.IsZero() {
					return v.UTC().Format("2006-01-02")
				}
			case *time.Time:
				if v != nil {
					return v.UTC().Format("2006-01-02")
				}
			}
			return ""
		},
		"join": func(sep string, xs any) string {
			switch v := xs.(type) {
			case []models.Role:
				parts := make([]string, len(v))
				for i, r := range v {
					parts[i] = string(r)
				}
				return strings.Join(parts, sep)
			case []string:
				return strings.Join(v, sep)
			}
			return fmt.Sprint(xs)
		},
		// field shows a sealed interview field (store.openText): the text, or
		// in the reader's language that this installation cannot open it.
		"field": func(v *view, s string) string {
			if s == store.UnreadableText {
				return v.T("note.unreadable")
			}
			return s
		},
		// languageName names a language in itself and in the page's
		// language: "አማርኛ (Amharic)".
		"languageName": languageLabel,
		// split lists the items of a comma-separated value ("leaflet,summons").
		"split": func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, ",")
		},
		"roles": func() []string {
			out := make([]string, len(models.Roles))
			for i, r := range models.Roles {
				out[i] = string(r)
			}
			return out
		},
		// countryName and languageNames name codes in the page's language
		// (CLDR): pages never show a bare ISO code.
		"countryName":   models.CountryName,
		"languageNames": languageNames,
		// dict2 passes named values to a partial template.
		"dict2": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict2: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m, nil
		},
		"optionTags": optionTags, // h14lists_options.go
		"has": func(xs []models.Role, r string) bool {
			for _, x := range xs {
				if string(x) == r {
					return true
				}
			}
			return false
		},
	}
}

// form carries what the user typed back to the page with the message next to
// each field, so a mistake loses nothing.
type form struct {
	Values url.Values
	Errors map[string]string
	// Order lists the fields with an error in the order the domain gave
	// them, for the error summary.
	Order  []string
	Error  string // a message about the whole form
	Status int    // the status to draw the page with after a refusal
}

func newForm() *form { return &form{Values: url.Values{}, Errors: map[string]string{}} }

// Value returns the first value typed for name.
func (f *form) Value(name string) string {
	if f == nil || len(f.Values[name]) == 0 {
		return ""
	}
	return f.Values[name][0]
}

// Has reports whether value was chosen for name (checkboxes, multi-selects).
func (f *form) Has(name, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// FieldError returns the message for name, if any.
func (f *form) FieldError(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// view is what every page template receives.
type view struct {
	Title string
	User  *models.User
	CSRF  string
	Lang  string
	Path  string
	Flash string
	Form  *form
	Data  any
	// Section names the form on the page that Form belongs to, on pages with
	// several forms; the others get an empty form.
	Section string
	// May says what the user may do, one field per permission.
	May    may
	loc    *localizer
	navFor []navItem
}

type navItem struct {
	Href, Label string
	Current     bool
}

// T translates for the template: {{.T "id" "name" value}}.
func (v *view) T(id string, args ...any) string { return v.loc.T(id, args...) }

// FormFor returns the submitted form for section, an empty one otherwise.
func (v *view) FormFor(section string) *form {
	if v.Section == section {
		return v.Form
	}
	return newForm()
}

// Nav lists the sections the user may open, by permission.
func (v *view) Nav() []navItem { return v.navFor }

// nav lists the sections of the route table (routes marked with a menu
// label) that the user may open, in the table's order.
func (a *App) nav(c echo.Context, loc *localizer) []navItem {
	u := currentUser(c)
	if u == nil || u.MustChangePassword {
		return nil
	}
	p := c.Request().URL.Path
	items := []navItem{{Href: "/", Label: loc.T("nav.home"), Current: p == "/"}}
	for _, r := range a.routes {
		if r.Nav != "" && u.Can(r.Perm) {
			items = append(items, navItem{Href: r.Path, Label: loc.T(r.Nav), Current: p == r.Path || strings.HasPrefix(p, r.Path+"/")})
		}
	}
	return items
}

// render writes page with data, filling the common parts of the view.
func (a *App) render(c echo.Context, status int, page string, v *view) error {
	pt, ok := a.pages[page]
	if !ok {
		return fmt.Errorf("render: no template %q", page)
	}
	t, err := pt.parse()
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	loc := a.localizer(c)
	v.loc = loc
	v.User = currentUser(c)
	v.Lang = loc.lang
	v.Path = c.Request().URL.Path
	v.navFor = a.nav(c, loc)
	v.May = mayOf(v.User)
	if tok, ok := c.Get(csrfContextKey).(string); ok {
		v.CSRF = tok
	}
	if v.Flash == "" {
		v.Flash = a.takeFlash(c, loc)
	}
	if v.Form == nil {
		v.Form = newForm()
	}
	if v.Form.Status != 0 && status == http.StatusOK {
		status = v.Form.Status
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

func (a *App) renderError(c echo.Context, status int, de *models.Error) {
	loc := a.localizer(c)
	v := &view{Title: loc.T("error.title"), Data: map[string]any{
		"Status": status, "Message": loc.errorText(de), "RequestID": requestID(c)}}
	if err := a.render(c, status, "error", v); err != nil {
		a.log.Error("render error page", "error", err.Error())
		c.String(status, http.StatusText(status))
	}
}

// Flash messages survive one redirect in a cookie holding only a message id.
func (a *App) flash(c echo.Context, id string) {
	c.SetCookie(&http.Cookie{Name: "carddesk_flash", Value: id, Path: "/", HttpOnly: true, MaxAge: 60,
		Secure: a.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (a *App) takeFlash(c echo.Context, loc *localizer) string {
	ck, err := c.Cookie("carddesk_flash")
	if err != nil || ck.Value == "" || !strings.HasPrefix(ck.Value, "flash.") {
		return ""
	}
	c.SetCookie(&http.Cookie{Name: "carddesk_flash", Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	return loc.T(ck.Value)
}

func (a *App) static(c echo.Context) error {
	name := strings.TrimPrefix(c.Param("*"), "/")
	b, err := staticFS.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "..") {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	ct := "application/octet-stream"
	switch path.Ext(name) {
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".js":
		ct = "text/javascript; charset=utf-8"
	case ".svg":
		ct = "image/svg+xml"
	}
	return c.Blob(http.StatusOK, ct, b)
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
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
