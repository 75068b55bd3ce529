package app

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// statusOf is the one map from domain error kinds to HTTP statuses.
var statusOf = map[models.Kind]int{
	models.KindInvalid:      http.StatusUnprocessableEntity,
	models.KindConflict:     http.StatusConflict,
	models.KindNotFound:     http.StatusNotFound,
	models.KindForbidden:    http.StatusForbidden,
	models.KindUnauthorized: http.StatusUnauthorized,
	models.KindTooMany:      http.StatusTooManyRequests,
	models.KindInternal:     http.StatusInternalServerError,
}

// Problem is an RFC 9457 problem document with Carddesk's stable code and
// per-field errors.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Code      string              `json:"code"`
	Errors    []models.FieldError `json:"errors,omitempty"`
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
			return &models.Error{Kind: models.KindInvalid, Code: "method_not_allowed", Message: "This method is not allowed here."}
		case http.StatusRequestEntityTooLarge:
			return &models.Error{Kind: models.KindInvalid, Code: "too_large", Message: "The request is too large."}
		case http.StatusBadRequest, http.StatusUnsupportedMediaType:
			return &models.Error{Kind: models.KindInvalid, Code: "bad_request", Message: "The request could not be read."}
		}
	}
	return models.Fail(models.KindInternal, "internal", "Something went wrong on our side. The error was logged; please try again.")
}

func (a *App) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	de := toDomain(err)
	status := statusOf[de.Kind]
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusMethodNotAllowed {
		status = http.StatusMethodNotAllowed
	} else if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
		status = http.StatusRequestEntityTooLarge
	}
	if status >= 500 {
		a.log.Error("request failed", "request_id", requestID(c), "route", c.Path(), "error", err.Error())
	}
	if ra, ok := de.Args["retry_after"]; ok && status == http.StatusTooManyRequests {
		c.Response().Header().Set("Retry-After", strconv.Itoa(ra.(int)))
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

func (a *App) problemOf(c echo.Context, status int, de *models.Error) Problem {
	loc := a.localizer(c)
	p := Problem{
		Type:      "urn:carddesk:problem:" + de.Code,
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    loc.errorText(de),
		Code:      de.Code,
		Instance:  c.Request().URL.Path,
		RequestID: requestID(c),
	}
	for _, f := range de.Fields {
		f.Message = loc.fieldText(f)
		p.Errors = append(p.Errors, f)
	}
	return p
}

func (a *App) writeProblem(c echo.Context, status int, de *models.Error) error {
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(status)
	return jsonEncode(c.Response(), a.problemOf(c, status, de))
}
