package app

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/input"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// The documents' translations (issue 11): every language with the version of
// its texts in use, a language's versions, a new version uploaded (a TOML
// file like contracts/clauses/<code>.toml) and compared key by key with the
// one in use, then published or discarded. Everyone reads; admins change.

func translationURL(lang string) string { return "/translations/" + lang }

func translationVersionURL(id int64) string { return "/translations/versions/" + itoa64(id) }

// languageLabel names a language in itself and in the page's language:
// "नेपाली (Nepali)".
func languageLabel(code, pageLang string) string {
	own, here := contracts.LanguageName(code), models.LanguageName(code, pageLang)
	if own == here {
		return own
	}
	return own + " (" + here + ")"
}

// translationAPI is a version in the API; its file is at file_url.
type translationAPI struct {
	ID          int64      `json:"id"`
	Language    string     `json:"language"`
	Status      string     `json:"status"`
	Publication int        `json:"publication"`
	InUse       bool       `json:"in_use"`
	Source      string     `json:"source"`
	Documents   []string   `json:"documents"`
	Translator  string     `json:"translator"`
	ReviewedBy  string     `json:"reviewed_by"`
	Review      string     `json:"review"`
	Note        string     `json:"note"`
	SHA256      string     `json:"sha256"`
	CreatedBy   string     `json:"created_by,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedBy string     `json:"published_by,omitempty"`
	PublishedAt *time.Time `json:"published_at"`
	FileURL     string     `json:"file_url"`
}

func toTranslationAPI(v store.TranslationView) translationAPI {
	docs := []string{}
	if v.Documents != "" {
		docs = strings.Split(v.Documents, ",")
	}
	return translationAPI{ID: v.ID, Language: v.Language, Status: string(v.Status), Publication: v.Publication, InUse: v.InUse,
		Source: string(v.Source), Documents: docs, Translator: v.Translator, ReviewedBy: v.ReviewedBy, Review: string(v.Review),
		Note: v.Note, SHA256: v.SHA256, CreatedBy: v.CreatedByName, CreatedAt: v.CreatedAt, PublishedBy: v.PublishedByName,
		PublishedAt: v.PublishedAt, FileURL: v1 + translationVersionURL(v.ID) + "/file"}
}

// translationList is GET /translations and GET /api/v1/translations.
func (a *App) translationList(c echo.Context) error {
	if !isAPI(c.Request().URL.Path) {
		return a.renderTranslations(c, newForm())
	}
	langs, err := a.store.Translations.Languages(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	type languageAPI struct {
		Code   string          `json:"code"`
		Name   string          `json:"name"`
		InUse  *translationAPI `json:"in_use"`
		Drafts int             `json:"drafts"`
	}
	out := make([]languageAPI, len(langs))
	for i, l := range langs {
		out[i] = languageAPI{Code: l.Language.Code, Name: l.Language.English, Drafts: l.Drafts}
		if l.InUse != nil {
			v := toTranslationAPI(*l.InUse)
			out[i].InUse = &v
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"languages": out})
}

func (a *App) renderTranslations(c echo.Context, f *form) error {
	langs, err := a.store.Translations.Languages(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	var choices []option
	for _, l := range langs {
		choices = append(choices, option{Value: l.Language.Code, Label: languageLabel(l.Language.Code, loc.lang)})
	}
	return a.render(c, http.StatusOK, "translations", &view{Title: loc.T("translations.title"), Form: f,
		Data: map[string]any{"Languages": langs, "Choices": choices, "PageLang": loc.lang}})
}

// translationUploadRequest is a new version of a language's texts: from the
// page, a file; from the API, the file's text as content.
type translationUploadRequest struct {
	Language   string      `form:"language" json:"language" max:"5"`
	File       *input.File `form:"file" json:"-"`
	Content    string      `form:"-" json:"content" input:"multiline" max:"524288"`
	Translator string      `form:"translator" json:"translator" max:"200"`
	ReviewedBy string      `form:"reviewed_by" json:"reviewed_by" max:"200"`
	Sworn      bool        `form:"sworn" json:"sworn"`
	Note       string      `form:"note" json:"note" input:"multiline" max:"1000"`
}

// content reads the file or the content.
func (r translationUploadRequest) content() ([]byte, error) {
	if r.File == nil {
		return []byte(r.Content), nil
	}
	f, err := r.File.Header.Open()
	if err != nil {
		return nil, models.Fail(models.KindInvalid, "bad_request", "The file could not be read; try again.")
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<20))
}

// translationUpload is POST /translations and POST /api/v1/translations:
// a new draft version.
func (a *App) translationUpload(c echo.Context) error {
	var req translationUploadRequest
	var v *models.TranslationVersion
	err := a.bind(c, &req)
	if err == nil {
		var content []byte
		if content, err = req.content(); err == nil {
			v, err = a.store.Translations.Upload(c.Request().Context(), actor(c), store.TranslationUpload{
				Language: req.Language, Content: content, Note: req.Note,
				Credit: models.TranslationCredit{Translator: req.Translator, ReviewedBy: req.ReviewedBy, Sworn: req.Sworn}})
		}
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderTranslations(c, f) })
	}
	return a.translationAfter(c, http.StatusCreated, v.ID, "flash.translation_uploaded")
}

// translationAfter answers a change with the version (API) or its page.
func (a *App) translationAfter(c echo.Context, status int, id int64, flash string) error {
	if !isAPI(c.Request().URL.Path) {
		return a.answer(c, result{flash: flash, redirect: translationVersionURL(id)})
	}
	v, err := a.store.Translations.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	r := result{status: status, body: toTranslationAPI(*v)}
	if status == http.StatusCreated {
		r.location = v1 + translationVersionURL(id)
	}
	return a.answer(c, r)
}

// translationLanguage is GET /translations/:lang and GET
// /api/v1/translations/:lang/versions: a language's versions, newest first.
func (a *App) translationLanguage(c echo.Context) error {
	lang := c.Param("lang")
	versions, err := a.store.Translations.Versions(c.Request().Context(), actor(c), lang)
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		out := make([]translationAPI, len(versions))
		for i, v := range versions {
			out[i] = toTranslationAPI(v)
		}
		return c.JSON(http.StatusOK, map[string]any{"versions": out})
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "translation", &view{Title: loc.T("translations.language_title", "language", languageLabel(lang, loc.lang)),
		Data: map[string]any{"Versions": versions, "Code": lang}})
}

// translationVersion is GET /translations/versions/:id (the version beside
// the one in use, key by key) and GET /api/v1/translations/versions/:id.
func (a *App) translationVersion(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) {
		v, err := a.store.Translations.Get(c.Request().Context(), actor(c), id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toTranslationAPI(*v))
	}
	d, err := a.store.Translations.Diff(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	data := map[string]any{"D": d, "Language": languageLabel(d.Version.Language, loc.lang),
		"CanChange": d.Version.Draft() && currentUser(c).Can(models.PermTranslationPublish)}
	if d.CanPublish != nil {
		data["PublishRefusal"] = loc.errorText(toDomain(d.CanPublish))
	}
	return a.render(c, http.StatusOK, "translation_diff", &view{Title: loc.T("translations.version_title", "id", id, "language", languageLabel(d.Version.Language, loc.lang)), Data: data})
}

// textChangeAPI is one key that differs.
type textChangeAPI struct {
	Key     string `json:"key"`
	Old     string `json:"old"`
	New     string `json:"new"`
	Added   bool   `json:"added"`
	Removed bool   `json:"removed"`
}

// apiTranslationDiff is GET /api/v1/translations/versions/:id/diff.
func (a *App) apiTranslationDiff(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := a.store.Translations.Diff(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	changes := make([]textChangeAPI, len(d.Changes))
	for i, ch := range d.Changes {
		changes[i] = textChangeAPI{Key: ch.Key, Old: ch.Old, New: ch.New, Added: ch.Added, Removed: ch.Removed}
	}
	out := map[string]any{"version": toTranslationAPI(d.Version), "in_use": nil, "changes": changes, "publishable": d.CanPublish == nil}
	if d.InUse != nil {
		out["in_use"] = toTranslationAPI(*d.InUse)
	}
	if d.CanPublish != nil {
		out["refusal"] = models.ErrorCode(d.CanPublish)
	}
	return c.JSON(http.StatusOK, out)
}

// translationFile is GET /translations/versions/:id/file and its API twin:
// the version's text file, to edit and upload again.
func (a *App) translationFile(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := a.store.Translations.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+v.Language+`-v`+itoa64(v.ID)+`.toml"`)
	return c.Blob(http.StatusOK, "application/toml; charset=utf-8", []byte(v.Content))
}

// translationPublish is POST /translations/versions/:id/publish and its API
// twin: the version becomes the text every document prints.
func (a *App) translationPublish(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := a.store.Translations.Publish(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return a.translationAfter(c, http.StatusOK, id, "flash.translation_published")
}

// translationDiscard is POST /translations/versions/:id/discard and DELETE
// /api/v1/translations/versions/:id.
func (a *App) translationDiscard(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := a.store.Translations.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if err := a.store.Translations.Discard(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return a.answer(c, result{flash: "flash.translation_discarded", redirect: translationURL(v.Language)})
}
