package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/models"
)

// Employments: a worker working for an employer, in a category, for weekly
// hours, from a day.

// employmentRequest records an employment of the worker in the path.
type employmentRequest struct {
	EmployerID  int64              `form:"employer_id" json:"employer_id"`
	StartsOn    time.Time          `form:"starts_on" json:"starts_on"`
	EndsOn      *time.Time         `form:"ends_on" json:"ends_on"`
	JobCategory models.JobCategory `form:"job_category" json:"job_category" max:"40"`
	WeeklyHours float64            `form:"weekly_hours" json:"weekly_hours"`
	LiveIn      bool               `form:"live_in" json:"live_in"`
}

func (r employmentRequest) employment(workerID int64) models.Employment {
	return models.Employment{WorkerID: workerID, EmployerID: r.EmployerID, StartsOn: r.StartsOn, EndsOn: r.EndsOn,
		JobCategory: r.JobCategory, WeeklyHours: r.WeeklyHours, LiveIn: r.LiveIn}
}

// Validate is the employment's own validation (the worker is the path's).
func (r employmentRequest) Validate(time.Time) error {
	e := r.employment(1)
	e.Normalize()
	return e.Validate()
}

type employmentJSON struct {
	ID          int64         `json:"id"`
	WorkerID    int64         `json:"worker_id"`
	EmployerID  int64         `json:"employer_id"`
	Employer    *employerJSON `json:"employer,omitempty"`
	StartsOn    string        `json:"starts_on"`
	EndsOn      *string       `json:"ends_on,omitempty"`
	JobCategory string        `json:"job_category"`
	WeeklyHours float64       `json:"weekly_hours"`
	LiveIn      bool          `json:"live_in"`
	CreatedAt   time.Time     `json:"created_at"`
}

func toEmploymentJSON(e models.Employment) employmentJSON {
	return employmentJSON{ID: e.ID, WorkerID: e.WorkerID, EmployerID: e.EmployerID, StartsOn: day(e.StartsOn),
		EndsOn: optionalDay(e.EndsOn), JobCategory: string(e.JobCategory), WeeklyHours: e.WeeklyHours, LiveIn: e.LiveIn,
		CreatedAt: e.CreatedAt}
}

// employmentCreate is POST /workers/:id/employments and its API twin.
func (a *App) employmentCreate(c echo.Context) error {
	workerID, err := pathID(c)
	if err != nil {
		return err
	}
	var req employmentRequest
	err = a.bind(c, &req)
	job := req.employment(workerID)
	if err == nil {
		err = a.store.Employments.Create(c.Request().Context(), actor(c), &job)
	}
	if err != nil {
		// The worker is the path's record: a missing one is a 404, not a field.
		if fe, ok := toDomain(err).Field("worker_id"); ok && fe.Code == "required" {
			return models.Fail(models.KindNotFound, "not_found", "No such record.")
		}
		return a.refuse(c, err, func(f *form) error { return a.renderWorker(c, workerID, f, "employment") })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toEmploymentJSON(job), flash: "flash.employment_created",
		redirect: workerURL(workerID)})
}
