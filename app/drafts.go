package app

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// The interview record's draft (issue 13): a "save draft" button on the
// recording form, without JavaScript, keeps what was typed, sealed like the
// notes; the form comes back with it, after a new sign-in too.

// draftData tells the recording form where to save a draft and when the one
// shown was saved.
func (a *App) draftData(c echo.Context, id int64, data map[string]any) {
	data["DraftAction"] = interviewURL(id) + "/draft"
	// Where JavaScript runs, static/autosave.js saves the draft on its own
	// and warns before the session's idle timeout ends it.
	data["AutosaveMs"] = a.cfg.AutosaveInterval.Milliseconds()
	data["SessionIdleMs"] = a.store.SessionIdle().Milliseconds()
	if _, at, err := a.store.Interviews.Draft(c.Request().Context(), actor(c), id); err == nil && at != nil {
		data["DraftSavedAt"] = *at
	}
}

// autosaveHeader marks the draft saves sent by static/autosave.js.
const autosaveHeader = "X-Carddesk-Autosave"

// interviewDraft is POST /interviews/:id/draft: the recording form's values
// as they are, unchecked (a draft may be incomplete), kept as the reader's
// draft.
func (a *App) interviewDraft(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	vals, err := c.FormParams()
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return he // the body is over the server's limit
		}
		return models.Fail(models.KindInvalid, "bad_request", "The form could not be read; reload the page and try again.")
	}
	kept := url.Values{}
	for k, v := range vals {
		if k != "_csrf" {
			kept[k] = v
		}
	}
	autosave := c.Request().Header.Get(autosaveHeader) == "1"
	if _, err := a.store.Interviews.SaveDraft(c.Request().Context(), actor(c), id, kept); err != nil {
		if autosave {
			return err // the script says the draft was not saved; the button still works
		}
		return a.refuse(c, err, func(f *form) error { return a.renderInterviewRecord(c, id, f, false) })
	}
	if autosave { // no page and no flash: the form stays as it is
		return c.NoContent(http.StatusNoContent)
	}
	return a.answer(c, result{status: http.StatusNoContent, flash: "flash.draft_saved", redirect: interviewURL(id) + "/record"})
}
