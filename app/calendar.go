package app

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// The calendar of the private interviews (issue 13): a week's bookings with
// their time zone, the rooms and the interviewers' weekly hours; free slots
// proposed on the application page; cancelling a booking; an iCalendar
// file per interview for its interviewer.

// calendarQuery picks the week shown: the one holding week (a day), this
// week when absent.
type calendarQuery struct {
	Week *time.Time `form:"week" json:"week"`
}

type calendarDay struct {
	Date    time.Time
	Label   string // the weekday
	Entries []store.CalendarEntry
}

// calendarPage is GET /calendar and GET /api/v1/calendar.
func (a *App) calendarPage(c echo.Context) error {
	var q calendarQuery
	if err := a.query(c, &q); err != nil {
		return err
	}
	return a.renderCalendar(c, q, "", newForm())
}

func (a *App) renderCalendar(c echo.Context, q calendarQuery, section string, f *form) error {
	ctx := c.Request().Context()
	day := a.now()
	if q.Week != nil {
		day = time.Date(q.Week.Year(), q.Week.Month(), q.Week.Day(), 12, 0, 0, 0, a.cfg.Location)
	}
	week := models.WeekWindow(day, a.cfg.Location)
	entries, err := a.store.Calendar.Week(ctx, actor(c), week)
	if err != nil {
		return err
	}
	rooms, err := a.store.Calendar.Rooms(ctx, actor(c))
	if err != nil {
		return err
	}
	avail, err := a.store.Calendar.Availability(ctx, actor(c))
	if err != nil {
		return err
	}
	ivs, err := a.store.Users.Interviewers(ctx, actor(c))
	if err != nil {
		return err
	}
	names := map[int64]string{}
	var ivOpts []option
	for _, u := range ivs {
		names[u.ID] = u.Name
		ivOpts = append(ivOpts, option{Value: itoa64(u.ID), Label: u.Name})
	}
	if isAPI(c.Request().URL.Path) {
		return c.JSON(http.StatusOK, calendarJSONOf(week, entries, rooms, avail, a.cfg.Location))
	}
	loc := a.localizer(c)
	days := make([]calendarDay, 7)
	for i := range days {
		days[i].Date = week.From.AddDate(0, 0, i)
		days[i].Label = loc.T(weekdayMsg + strings.ToLower(days[i].Date.Weekday().String()))
	}
	for _, e := range entries {
		i := int(e.Window.From.In(a.cfg.Location).Sub(week.From) / (24 * time.Hour))
		if i >= 0 && i < 7 {
			days[i].Entries = append(days[i].Entries, e)
		}
	}
	type availView struct{ Name, Day, From, To string }
	var av []availView
	for _, s := range avail {
		av = append(av, availView{Name: names[s.InterviewerID], Day: loc.T(weekdayMsg + strings.ToLower(s.Weekday.String())),
			From: clock(s.FromMinute), To: clock(s.ToMinute)})
	}
	var wdOpts []option
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		wdOpts = append(wdOpts, option{Value: d.String(), Label: loc.T(weekdayMsg + strings.ToLower(d.String()))})
	}
	if section == "" {
		f = newForm()
	}
	return a.render(c, http.StatusOK, "calendar", &view{Title: loc.T("calendar.title"), Form: f, Section: section, Data: map[string]any{
		"Days": days, "Week": week, "Prev": week.From.AddDate(0, 0, -7).Format(time.DateOnly), "Next": week.To.Format(time.DateOnly),
		"Zone": a.cfg.Location.String(), "Rooms": rooms, "Availability": av, "Interviewers": ivOpts, "Weekdays": wdOpts}})
}

// weekdayMsg prefixes the weekdays' message ids (queues.*.toml).
const weekdayMsg = "weekday."

// clock writes minutes after midnight as HH:MM.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// parseClock reads HH:MM as minutes after midnight (24:00 allowed).
func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) == 0 || len(h) > 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, false
	}
	return hh*60 + mm, true
}

type calendarEntryJSON struct {
	InterviewID     int64     `json:"interview_id"`
	ApplicationID   int64     `json:"application_id"`
	InterviewerID   int64     `json:"interviewer_id"`
	InterviewerName string    `json:"interviewer_name"`
	WorkerID        int64     `json:"worker_id"`
	WorkerName      string    `json:"worker_name"`
	Room            string    `json:"room"`
	StartsAt        time.Time `json:"starts_at"`
	EndsAt          time.Time `json:"ends_at"`
	Held            bool      `json:"held"`
	Cancelled       bool      `json:"cancelled"`
	CancelReason    string    `json:"cancel_reason,omitempty"`
}

func calendarJSONOf(week models.Window, entries []store.CalendarEntry, rooms []store.Room, avail []models.Availability, loc *time.Location) map[string]any {
	out := []calendarEntryJSON{}
	for _, e := range entries {
		out = append(out, calendarEntryJSON{InterviewID: e.InterviewID, ApplicationID: e.ApplicationID, InterviewerID: e.InterviewerID,
			InterviewerName: e.InterviewerName, WorkerID: e.WorkerID, WorkerName: e.WorkerName, Room: e.Room,
			StartsAt: e.Window.From.In(loc), EndsAt: e.Window.To.In(loc), Held: e.Held, Cancelled: e.Cancelled, CancelReason: e.CancelReason})
	}
	rs := []string{}
	for _, r := range rooms {
		rs = append(rs, r.Name)
	}
	type span struct {
		InterviewerID int64  `json:"interviewer_id"`
		Weekday       string `json:"weekday"`
		From          string `json:"from"`
		To            string `json:"to"`
	}
	spans := []span{}
	for _, s := range avail {
		spans = append(spans, span{s.InterviewerID, s.Weekday.String(), clock(s.FromMinute), clock(s.ToMinute)})
	}
	return map[string]any{"time_zone": loc.String(), "week_from": week.From.In(loc), "week_to": week.To.In(loc),
		"bookings": out, "rooms": rs, "availability": spans}
}

// roomRequest adds a room.
type roomRequest struct {
	Name string `form:"name" json:"name" max:"200"`
}

// roomAdd is POST /calendar/rooms and its API twin.
func (a *App) roomAdd(c echo.Context) error {
	var req roomRequest
	err := a.bind(c, &req)
	var room *store.Room
	if err == nil {
		room, err = a.store.Calendar.AddRoom(c.Request().Context(), actor(c), req.Name)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderCalendar(c, calendarQuery{}, "room", f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: map[string]any{"id": room.ID, "name": room.Name},
		flash: "flash.room_added", redirect: "/calendar"})
}

// availabilityRequest adds a span of an interviewer's weekly hours.
type availabilityRequest struct {
	InterviewerID int64        `form:"interviewer_id" json:"interviewer_id"`
	Weekday       time.Weekday `form:"weekday" json:"weekday"`
	From          string       `form:"from" json:"from" max:"5"`
	To            string       `form:"to" json:"to" max:"5"`
}

// availabilityAdd is POST /calendar/availability and its API twin.
func (a *App) availabilityAdd(c echo.Context) error {
	var req availabilityRequest
	err := a.bind(c, &req)
	if err == nil {
		from, okFrom := parseClock(req.From)
		to, okTo := parseClock(req.To)
		var v models.Validation
		if !okFrom {
			v.Add("from", "invalid_time", "Enter a time as HH:MM, for example 09:30.")
		}
		if !okTo {
			v.Add("to", "invalid_time", "Enter a time as HH:MM, for example 09:30.")
		}
		if err = v.Err(); err == nil {
			err = a.store.Calendar.AddAvailability(c.Request().Context(), actor(c),
				models.Availability{InterviewerID: req.InterviewerID, Weekday: req.Weekday, FromMinute: from, ToMinute: to})
		}
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderCalendar(c, calendarQuery{}, "availability", f) })
	}
	return a.answer(c, result{status: http.StatusCreated, flash: "flash.availability_added", redirect: "/calendar"})
}

// cancelRequest cancels a booking, with the reason kept in the history.
type cancelRequest struct {
	Reason string `form:"reason" json:"reason" input:"multiline" max:"2000"`
}

// interviewCancel is POST /applications/:id/interviews/cancel and its API
// twin. The worker's summons for the cancelled time no longer applies; a
// new booking gives a new summons.
func (a *App) interviewCancel(c echo.Context) error {
	var req cancelRequest
	return a.applicationAction(c, "cancel_interview", &req, func(id int64) error {
		return a.store.Interviews.Cancel(c.Request().Context(), actor(c), id, req.Reason)
	})
}

// calendarData adds the booking proposals and the cancellation to the
// application page's data.
func (a *App) calendarData(c echo.Context, v *store.ApplicationView, data map[string]any) error {
	if models.MayCancelInterview(actor(c), v.Application) {
		data["CanCancel"] = true
	}
	if !v.Offer.Schedule && !v.Offer.Reschedule {
		return nil
	}
	slots, err := a.store.Calendar.Proposals(c.Request().Context(), actor(c), v.ID, a.cfg.Location, 6)
	if err != nil {
		return err
	}
	ivs, err := a.store.Users.Interviewers(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range ivs {
		names[u.ID] = u.Name
	}
	type proposal struct {
		At, Value, Interviewer, InterviewerID, Room string
	}
	var out []proposal
	for _, s := range slots {
		at := s.At.In(a.cfg.Location)
		out = append(out, proposal{At: at.Format("2006-01-02 15:04 MST"), Value: at.Format("2006-01-02T15:04"),
			Interviewer: names[s.InterviewerID], InterviewerID: itoa64(s.InterviewerID), Room: s.Room})
	}
	data["Proposals"] = out
	return nil
}

// interviewICS is GET /interviews/:id/calendar.ics: the appointment for the
// interviewer's own calendar (RFC 5545), with the time in UTC and the room;
// no worker's name and nothing of the interview.
func (a *App) interviewICS(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ap, err := a.store.Calendar.Appointment(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	stamp := a.store.Now().UTC().Format("20060102T150405Z")
	status := "CONFIRMED"
	if ap.Cancelled {
		status = "CANCELLED"
	}
	lines := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Protocol Directorate//Carddesk//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:interview-" + itoa64(ap.InterviewID) + "@carddesk",
		"DTSTAMP:" + stamp,
		"DTSTART:" + ap.Window.From.UTC().Format("20060102T150405Z"),
		"DTEND:" + ap.Window.To.UTC().Format("20060102T150405Z"),
		"SUMMARY:" + icsText(loc.T("calendar.ics_summary", "id", ap.ApplicationID)),
		"LOCATION:" + icsText(ap.Room+", "+ap.Address),
		"DESCRIPTION:" + icsText(loc.T("calendar.ics_description")),
		"STATUS:" + status,
		"END:VEVENT", "END:VCALENDAR",
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(foldICS(l))
		b.WriteString("\r\n")
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="interview-%d.ics"`, ap.InterviewID))
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", []byte(b.String()))
}

// icsText escapes a TEXT value (RFC 5545 3.3.11).
func icsText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`)
	return r.Replace(s)
}

// foldICS folds a content line at 75 octets, without splitting a UTF-8
// character (RFC 5545 3.1).
func foldICS(line string) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	return b.String()
}
