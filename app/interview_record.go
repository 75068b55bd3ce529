package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// A recorded interview as the API shows it to interviewers and admins (the
// store audits each view).

// attestationsJSON and interpreterJSON are the record's attestations and
// interpreter, with the request's names.
type attestationsJSON struct {
	EmployerAndMissionAbsent bool   `json:"employer_and_mission_absent"`
	InterpreterIndependent   bool   `json:"interpreter_independent"`
	WorkerInformedOfRights   bool   `json:"worker_informed_of_rights"`
	RightsLanguage           string `json:"rights_language"`
	LeafletHandedOver        bool   `json:"leaflet_handed_over"`
	LeafletLanguage          string `json:"leaflet_language"`
}

type interpreterJSON struct {
	Language      string `json:"language"`
	NameOrService string `json:"name_or_service"`
	Independent   bool   `json:"independent"`
}

type noteJSON struct {
	Note           string `json:"note,omitempty"`
	NoteUnreadable bool   `json:"note_unreadable,omitempty"`
}

func toNoteJSON(n store.Note) noteJSON { return noteJSON{Note: n.Text, NoteUnreadable: n.Unreadable} }

type checklistAnswerJSON struct {
	Item   string `json:"item"`
	Answer string `json:"answer"`
	noteJSON
}

type indicatorAnswerJSON struct {
	Code      string   `json:"code"`
	Taxonomy  string   `json:"taxonomy"`
	Dimension string   `json:"dimension,omitempty"`
	Grade     string   `json:"grade,omitempty"`
	Answer    string   `json:"answer"`
	CTDC      []string `json:"ctdc"`
	noteJSON
}

type dimensionSignalJSON struct {
	Dimension                  string `json:"dimension"`
	Strong                     int    `json:"strong"`
	Medium                     int    `json:"medium"`
	Weak                       int    `json:"weak"`
	Unclear                    int    `json:"unclear"`
	Positive                   bool   `json:"positive"`
	PositiveIfUnclearConfirmed bool   `json:"positive_if_unclear_confirmed"`
}

// screeningSignalJSON is the ILO-EC combination rule applied to the answers:
// advice for a person to weigh, never a finding.
type screeningSignalJSON struct {
	Answered                             int                   `json:"answered"`
	Recruitment                          bool                  `json:"recruitment"`
	ExploitativeConditions               bool                  `json:"exploitative_conditions"`
	CoercionOrVulnerabilityAtDestination bool                  `json:"coercion_or_vulnerability_at_destination"`
	Positive                             bool                  `json:"positive"`
	PositiveIfUnclearConfirmed           bool                  `json:"positive_if_unclear_confirmed"`
	Dimensions                           []dimensionSignalJSON `json:"dimensions"`
}

type referralOutJSON struct {
	ID             int64     `json:"id"`
	Partner        string    `json:"partner"`
	Date           string    `json:"date"`
	Contact        string    `json:"contact"`
	Reference      string    `json:"reference,omitempty"`
	RecordedByID   int64     `json:"recorded_by_id"`
	CreatedAt      time.Time `json:"created_at"`
	SpecialisedCtr bool      `json:"specialised_centre"`
}

type interviewVersionJSON struct {
	ID               int64      `json:"id"`
	RecordedAt       *time.Time `json:"recorded_at,omitempty"`
	Outcome          string     `json:"outcome"`
	SupersedesID     *int64     `json:"supersedes_id,omitempty"`
	SupersededByID   int64      `json:"superseded_by_id,omitempty"`
	CorrectionReason string     `json:"correction_reason,omitempty"`
}

type interviewRecordJSON struct {
	interviewJSON
	WorkerID         int64                  `json:"worker_id"`
	EmployerID       int64                  `json:"employer_id"`
	RecordedByID     *int64                 `json:"recorded_by_id,omitempty"`
	Attestations     attestationsJSON       `json:"attestations"`
	Interpreter      *interpreterJSON       `json:"interpreter"`
	Checklist        []checklistAnswerJSON  `json:"checklist"`
	Indicators       []indicatorAnswerJSON  `json:"indicators"`
	Notes            noteJSON               `json:"notes"`
	Referral         *referralOutJSON       `json:"referral"`
	ScreeningSignal  screeningSignalJSON    `json:"screening_signal"`
	SupersedesID     *int64                 `json:"supersedes_id,omitempty"`
	SupersededByID   int64                  `json:"superseded_by_id,omitempty"`
	CorrectionReason string                 `json:"correction_reason,omitempty"`
	Versions         []interviewVersionJSON `json:"versions"`
}

func toScreeningJSON(s models.ScreeningSignal) screeningSignalJSON {
	out := screeningSignalJSON{Answered: s.Answered, Recruitment: s.Recruitment, ExploitativeConditions: s.ExploitativeConditions,
		CoercionOrVulnerabilityAtDestination: s.CoercionOrVulnerabilityAtDestination, Positive: s.Positive,
		PositiveIfUnclearConfirmed: s.PositiveIfUnclearConfirmed, Dimensions: []dimensionSignalJSON{}}
	for _, d := range s.Dimensions {
		out.Dimensions = append(out.Dimensions, dimensionSignalJSON{Dimension: string(d.Dimension), Strong: d.Strong, Medium: d.Medium,
			Weak: d.Weak, Unclear: d.Unclear, Positive: d.Positive, PositiveIfUnclearConfirmed: d.PositiveIfUnclearConfirmed})
	}
	return out
}

func toInterviewRecordJSON(v *store.InterviewRecordView) interviewRecordJSON {
	out := interviewRecordJSON{interviewJSON: toInterviewJSON(v.Interview, true), WorkerID: v.Worker.ID, EmployerID: v.Application.EmployerID,
		RecordedByID: v.RecordedByID, Checklist: []checklistAnswerJSON{}, Indicators: []indicatorAnswerJSON{}, Notes: toNoteJSON(v.Notes),
		ScreeningSignal: toScreeningJSON(v.Signal), SupersedesID: v.SupersedesID, SupersededByID: v.SupersededByID,
		CorrectionReason: v.CorrectionReason, Versions: []interviewVersionJSON{}}
	at := v.Attestations
	out.Attestations = attestationsJSON{EmployerAndMissionAbsent: at.EmployerAndMissionAbsent, InterpreterIndependent: at.InterpreterIndependent,
		WorkerInformedOfRights: at.WorkerInformedOfRights, RightsLanguage: at.RightsLanguage, LeafletHandedOver: at.LeafletHandedOver,
		LeafletLanguage: at.LeafletLanguage}
	if i := v.Interpreter; i != nil {
		out.Interpreter = &interpreterJSON{Language: i.Language, NameOrService: i.NameOrService, Independent: !i.LinkedToEmployerOrMission}
	}
	for _, e := range v.Checklist {
		out.Checklist = append(out.Checklist, checklistAnswerJSON{Item: string(e.Item), Answer: string(e.Answer), noteJSON: toNoteJSON(e.Note)})
	}
	for _, e := range v.Indicators {
		out.Indicators = append(out.Indicators, indicatorAnswerJSON{Code: e.Indicator.Code, Taxonomy: string(e.Indicator.Taxonomy),
			Dimension: string(e.Indicator.Dimension), Grade: string(e.Indicator.Grade), Answer: string(e.Answer),
			CTDC: ctdcStrings(e.Indicator.CTDC), noteJSON: toNoteJSON(e.Note)})
	}
	if r := v.Referral; r != nil {
		out.Referral = &referralOutJSON{ID: r.ID, Partner: string(r.Partner), Date: day(r.Date.UTC()), Contact: r.Contact, Reference: r.Reference,
			RecordedByID: r.RecordedByID, CreatedAt: r.CreatedAt, SpecialisedCtr: r.Partner.SpecialisedCentre()}
	}
	for _, x := range v.Versions {
		out.Versions = append(out.Versions, interviewVersionJSON{ID: x.ID, RecordedAt: x.RecordedAt, Outcome: string(x.Outcome),
			SupersedesID: x.SupersedesID, SupersededByID: x.SupersededByID, CorrectionReason: x.CorrectionReason})
	}
	return out
}

func (a *App) writeInterviewRecord(c echo.Context, status int, id int64) error {
	v, err := a.store.Interviews.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(status, toInterviewRecordJSON(v))
}

func (a *App) apiInterview(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return a.writeInterviewRecord(c, http.StatusOK, id)
}
