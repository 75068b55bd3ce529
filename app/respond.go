package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/input"
	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// One front door per action: a page's form and the API's JSON bind into the
// same request type (bind), the handler calls one service, and only the
// answer differs: a redirect with a flash message or a JSON document on
// success (answer), the form again with every message beside its field or a
// problem document on a refusal (refuse).

// statusOf is the one map from domain error kinds to HTTP statuses.
var statusOf = map[models.Kind]int{
	models.KindInvalid:      http.StatusUnprocessableEntity,
	models.KindConflict:     http.StatusConflict,
	models.KindNotFound:     http.StatusNotFound,
	models.KindForbidden:    http.StatusForbidden,
	models.KindUnauthorized: http.StatusUnauthorized,
	models.KindTooMany:      http.StatusTooManyRequests,
	models.KindUnavailable:  http.StatusServiceUnavailable,
	models.KindInternal:     http.StatusInternalServerError,
}

// validator is a request with checks of its own (the domain's pure
// validation), run with the parse so that one round reports every mistake.
type validator interface {
	Validate(now time.Time) error
}

// bind reads the request into req (a pointer to a request type): the JSON
// body or a multipart form on the API, the form on a page. Parse errors and
// the request's own validation come back together, each under its field.
func (a *App) bind(c echo.Context, req any) error {
	src, err := a.source(c)
	if err != nil {
		return err
	}
	parseErr := input.Bind(src, req)
	if isValidation(parseErr) || parseErr == nil {
		if v, ok := req.(validator); ok {
			var all models.Validation
			all.Merge(parseErr)
			all.Merge(v.Validate(a.now()))
			return all.Err()
		}
	}
	return parseErr
}

func isValidation(err error) bool {
	var de *models.Error
	return errors.As(err, &de) && de.Code == "invalid_input"
}

// source is the request's input.
func (a *App) source(c echo.Context) (*input.Source, error) {
	r := c.Request()
	ct := r.Header.Get(echo.HeaderContentType)
	if isAPI(r.URL.Path) && !strings.HasPrefix(ct, echo.MIMEMultipartForm) {
		if r.Method == http.MethodGet || r.Method == http.MethodDelete || r.ContentLength == 0 {
			return input.FromForm(nil, nil, a.cfg.Location), nil
		}
		if !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
			return nil, models.Fail(models.KindInvalid, "unsupported_media_type", "Send the body as application/json.")
		}
		return input.FromJSON(r.Body, a.cfg.Location)
	}
	vals, err := c.FormParams()
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return nil, he // the body is over the server's limit
		}
		return nil, models.Fail(models.KindInvalid, "bad_request", "The form could not be read; reload the page and try again.")
	}
	var files input.Files
	if strings.HasPrefix(ct, echo.MIMEMultipartForm) {
		if mf, err := c.MultipartForm(); err == nil {
			files = mf.File
		}
	}
	return input.FromForm(vals, files, a.cfg.Location), nil
}

// result is what a successful action answers.
type result struct {
	status   int    // the API's status: 200 unless set
	body     any    // the API's document; nil answers 204
	location string // the API's Location header
	flash    string // the page's message id
	redirect string // where the page goes next
}

// answer sends r: JSON on the API, a redirect with the flash message on a page.
func (a *App) answer(c echo.Context, r result) error {
	if isAPI(c.Request().URL.Path) {
		if r.location != "" {
			c.Response().Header().Set(echo.HeaderLocation, r.location)
		}
		status := r.status
		if status == 0 {
			status = http.StatusOK
		}
		if r.body == nil {
			return c.NoContent(http.StatusNoContent)
		}
		return c.JSON(status, r.body)
	}
	if r.flash != "" {
		a.flash(c, r.flash)
	}
	return c.Redirect(http.StatusSeeOther, r.redirect)
}

// refuse answers a refused action. The API answers the problem document (the
// error handler writes it); a page is drawn again by again, with the user's
// values and each message next to its field, at the refusal's status. An
// internal error goes to the error handler either way.
func (a *App) refuse(c echo.Context, err error, again func(f *form) error) error {
	if isAPI(c.Request().URL.Path) || again == nil {
		return err
	}
	f := newForm()
	if vals, perr := c.FormParams(); perr == nil {
		f.Values = vals
	}
	if !a.formError(c, f, err) {
		return err
	}
	return again(f)
}

// Problem is an RFC 9457 problem document with Carddesk's stable code, the
// per-field errors, and the domain error's arguments (the figures of a salary
// below the minimum, the existing record of a duplicate) as data a client can
// use.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Code      string              `json:"code"`
	Errors    []models.FieldError `json:"errors,omitempty"`
	Args      map[string]any      `json:"args,omitempty"`
	Instance  string              `json:"instance,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
}

// toDomain turns any error into a domain error; internal details are logged
// by the caller, never shown.
func toDomain(err error) *models.Error {
	var de *models.Error
	if errors.As(err, &de) {
		return de
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return models.Fail(models.KindNotFound, "not_found", "This page does not exist.")
		case http.StatusMethodNotAllowed:
			return models.Fail(models.KindInvalid, "method_not_allowed", "This method is not allowed here.")
		case http.StatusRequestEntityTooLarge:
			return models.Fail(models.KindInvalid, "too_large", "The request is too large.")
		case http.StatusBadRequest, http.StatusUnsupportedMediaType:
			return models.Fail(models.KindInvalid, "bad_request", "The request could not be read.")
		}
	}
	// Work stopped by its deadline or by the client leaving (pdf.go) is
	// not a fault: the transaction rolled back and the caller may retry.
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return models.Fail(models.KindUnavailable, CodeTimeout,
			"This took too long and was stopped; nothing was saved. Try again, and shorten the longest texts if it happens again.")
	case errors.Is(err, context.Canceled):
		return models.Fail(models.KindUnavailable, CodeCancelled, "The request was cancelled before it finished; nothing was saved.")
	}
	return models.Fail(models.KindInternal, "internal", "Something went wrong on our side. The error was logged; please try again.")
}

// httpStatus is the status an error answers with.
func httpStatus(err error, de *models.Error) int {
	var he *echo.HTTPError
	if errors.As(err, &he) && (he.Code == http.StatusMethodNotAllowed || he.Code == http.StatusRequestEntityTooLarge) {
		return he.Code
	}
	return statusOf[de.Kind]
}

func (a *App) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// A statement cut short by the client leaving may come back from the
	// driver as a broken connection rather than a cancellation (pgx closes
	// the connection it cancelled: "driver: bad connection", answered 500
	// at the end of each load-test scenario). Once the request's context
	// has ended, the error is its ending.
	if ctxErr := c.Request().Context().Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		var de *models.Error
		if !errors.As(err, &de) {
			err = fmt.Errorf("%w (the request ended: %w)", err, ctxErr)
		}
	}
	de := toDomain(err)
	status := httpStatus(err, de)
	if status >= 500 {
		a.log.Error("request failed", "request_id", requestID(c), "route", c.Path(), "error", err.Error())
	}
	if ra, ok := de.Args["retry_after"].(int); ok && status == http.StatusTooManyRequests {
		c.Response().Header().Set("Retry-After", strconv.Itoa(ra))
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	if isAPI(c.Request().URL.Path) {
		a.writeProblem(c, status, de)
		return
	}
	a.renderError(c, status, de)
}

// writeProblem is the one writer of problem documents.
func (a *App) writeProblem(c echo.Context, status int, de *models.Error) {
	loc := a.localizer(c)
	p := Problem{
		Type: "urn:carddesk:problem:" + de.Code, Title: http.StatusText(status), Status: status,
		Detail: loc.errorText(de), Code: de.Code, Instance: c.Request().URL.Path, RequestID: requestID(c),
	}
	for _, f := range de.Fields {
		f.Message = loc.fieldText(f)
		p.Errors = append(p.Errors, f)
	}
	if de.Kind != models.KindInternal && len(de.Args) > 0 {
		p.Args = make(map[string]any, len(de.Args))
		for k, v := range de.Args {
			p.Args[k] = problemValue(v)
		}
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(status)
	if err := jsonEncode(c.Response(), p); err != nil {
		a.log.Warn("write problem", "error", err.Error())
	}
}

// problemValue writes an argument as JSON can carry it: amounts as their
// decimal string in euros, times in RFC 3339.
func problemValue(v any) any {
	switch x := v.(type) {
	case salaryscales.Cents:
		return x.String()
	case time.Time:
		return x.Format(time.RFC3339)
	case fmt.Stringer:
		return x.String()
	}
	return v
}

// formError puts a domain error on the form: field messages next to their
// fields, anything else at the top, and the status to draw the page with.
// It reports false for an internal error, which the error handler answers.
func (a *App) formError(c echo.Context, f *form, err error) bool {
	de := toDomain(err)
	if de.Kind == models.KindInternal {
		return false
	}
	loc := a.localizer(c)
	for _, fe := range de.Fields {
		if _, dup := f.Errors[fe.Field]; !dup {
			f.Errors[fe.Field] = loc.fieldText(fe)
			f.Order = append(f.Order, fe.Field)
		}
	}
	f.Error = loc.errorText(de)
	f.Status = statusOf[de.Kind]
	return true
}

// pathID reads the record id of the route (":id"); a malformed one is a
// record that does not exist.
func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, models.Fail(models.KindNotFound, "not_found", "No such record.")
	}
	return id, nil
}

// query reads a list's filter from the query string into q, the same way on
// a page and on the API.
func (a *App) query(c echo.Context, q any) error {
	return input.Bind(input.FromForm(c.QueryParams(), nil, a.cfg.Location), q)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// via names the channel a request came through, for the audit trail.
func via(c echo.Context) string {
	if isAPI(c.Request().URL.Path) {
		return "api"
	}
	return "web"
}

// now is the one clock: the store's, in the Directorate's time zone.
func (a *App) now() time.Time { return a.store.Now().In(a.cfg.Location) }

// bindValues binds form values already read (a page drawn again) into req.
func (a *App) bindValues(values map[string][]string, req any) error {
	return input.Bind(input.FromForm(values, nil, a.cfg.Location), req)
}
