package app

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"regexp"
	"slices"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/carddesk/carddesk/models"
)

//go:embed locales/*.toml
var localeFS embed.FS

// supported is in the order of models.Locales; English is the fallback.
var supported = []language.Tag{language.English, language.French, language.Dutch}

var matcher = language.NewMatcher(supported)

func loadTranslations() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	// One file per language and feature: locales/<feature>.<lang>.toml
	// (the foundation's are locales/<lang>.toml).
	files, err := fs.Glob(localeFS, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(localeFS, f); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// lazyTranslations loads the message files on the first request that needs
// them: three languages of messages are a few megabytes that an idle
// instance does not hold (issue 14). The files are embedded and every one is
// parsed by the translation tests; were one broken all the same, the pages
// would show message ids, and the log says why.
func lazyTranslations(log *slog.Logger) func() *i18n.Bundle {
	return sync.OnceValue(func() *i18n.Bundle {
		b, err := loadTranslations()
		if err != nil {
			log.Error("translations", "error", err.Error())
			return i18n.NewBundle(language.English)
		}
		return b
	})
}

// localizer speaks one language for one request.
type localizer struct {
	lang string
	l    *i18n.Localizer
}

// chooseLocale: the user's saved choice, else the language cookie set on the
// login page, else the browser's Accept-Language, else English.
func chooseLocale(c echo.Context) string {
	if u := currentUser(c); u != nil && u.Locale != "" {
		return u.Locale
	}
	if ck, err := c.Cookie("carddesk_lang"); err == nil && slices.Contains(models.Locales, ck.Value) {
		return ck.Value
	}
	tags, _, err := language.ParseAcceptLanguage(c.Request().Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, idx, _ := matcher.Match(tags...)
	return models.Locales[idx]
}

func (a *App) localizer(c echo.Context) *localizer {
	if l, ok := c.Get("carddesk.localizer").(*localizer); ok {
		return l
	}
	lang := chooseLocale(c)
	l := &localizer{lang: lang, l: i18n.NewLocalizer(a.bundle(), lang)}
	c.Set("carddesk.localizer", l)
	return l
}

// T translates a message id; args come in name/value pairs. A missing id is
// a bug caught by the translation test, shown as the id rather than failing.
func (l *localizer) T(id string, args ...any) string {
	data := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return s
}

var legacyPlaceholder = regexp.MustCompile(`%\{(\w+)\}`)

// text translates id, falling back to the English text the domain supplied.
func (l *localizer) text(id, fallback string, args map[string]any) string {
	fallback = legacyPlaceholder.ReplaceAllString(fallback, "{{.$1}}")
	s, err := l.l.Localize(&i18n.LocalizeConfig{
		DefaultMessage: &i18n.Message{ID: id, Other: fallback},
		TemplateData:   args,
	})
	if err != nil {
		return fallback
	}
	return s
}

// errorText is the message of a domain error in this language.
func (l *localizer) errorText(e *models.Error) string {
	if text, ok := l.forbiddenText(e); ok { // queues.go: no permission code on a page
		return text
	}
	return l.text("error."+e.Code, e.Message, e.Args)
}

// fieldText is the message of a field error in this language: the message
// for this field and code if one exists ("field.email.required": "Enter an
// e-mail address."), else the one for the code, else the domain's English.
func (l *localizer) fieldText(f models.FieldError) string {
	if s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: "field." + f.Field + "." + f.Code, TemplateData: f.Args}); err == nil {
		return s
	}
	return l.text("field."+f.Code, f.Message, f.Args)
}
