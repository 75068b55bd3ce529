package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// The private interview in full: what the interviewer records (attestations,
// checklist, indicators, notes, outcome and referral), corrections by
// superseding records, and the confidential view of a recorded interview.
// Everything here is for interviewers and admins; clerks only ever see the
// InterviewSummary of application_view.go.

// NoteSealer seals notes before they are stored and opens them for the pages
// of interviewers and admins. app/sealed.Sealer implements it.
type NoteSealer interface {
	Seal(plaintext, additionalData []byte) ([]byte, error)
	Open(sealed, additionalData []byte) ([]byte, error)
}

// errNoSealer refuses to store a note in clear when no key is configured.
var errNoSealer = errors.New("no notes key configured: a note cannot be stored")

// seal seals note for the row named by aad; an empty note is stored as NULL.
func (s *core) seal(note string, aad []byte) ([]byte, error) {
	if strings.TrimSpace(note) == "" {
		return nil, nil
	}
	if s.opts.Sealer == nil {
		return nil, errNoSealer
	}
	return s.opts.Sealer.Seal([]byte(note), aad)
}

// sealText seals a short free-text field kept in a text column (the
// referral's contact and reference, correction reasons, the interpreter's
// name), in the text form of app/sealed; an empty field stays empty.
func (s *core) sealText(text string, aad []byte) (string, error) {
	b, err := s.seal(strings.TrimSpace(text), aad)
	if err != nil || b == nil {
		return "", err
	}
	return sealed.EncodeText(b), nil
}

// UnreadableText stands for a sealed field this installation cannot open
// (its key is not configured, or the value was altered).
const UnreadableText = "[unreadable]"

// openText opens a field sealed by sealText. A value without the sealed
// form's marker was stored in clear before these fields were sealed: it reads
// as it is until `carddesk notes reseal` seals it.
func (s *core) openText(stored string, aad []byte) string {
	if stored == "" || !sealed.IsText(stored) {
		return stored
	}
	b, err := sealed.DecodeText(stored)
	if err != nil {
		s.opts.Logger.Warn("a sealed field could not be opened", "error", err.Error())
		return UnreadableText
	}
	n := s.open(b, aad)
	if n.Unreadable {
		return UnreadableText
	}
	return n.Text
}

// openInterview opens the sealed fields of an interview read from the
// database (its correction reason).
func (s *core) openInterview(iv models.Interview) models.Interview {
	if iv.SupersedesID != nil {
		iv.CorrectionReason = s.openText(iv.CorrectionReason, models.InterviewCorrectionReasonAAD(*iv.SupersedesID))
	}
	return iv
}

// Note is an opened note. Unreadable means it exists but this installation
// cannot open it (a key dropped from configuration, or a row altered).
type Note struct {
	Text       string
	Unreadable bool
}

// open opens a sealed note. A failure is logged without the note or its
// ciphertext, and shown as unreadable rather than failing the page.
func (s *core) open(sealed, aad []byte) Note {
	if len(sealed) == 0 {
		return Note{}
	}
	if s.opts.Sealer == nil {
		return Note{Unreadable: true}
	}
	b, err := s.opts.Sealer.Open(sealed, aad)
	if err != nil {
		s.opts.Logger.Warn("a sealed note could not be opened", "error", err.Error())
		return Note{Unreadable: true}
	}
	return Note{Text: string(b)}
}

// checklistAnswerRow is one checklist answer of a recorded interview.
type checklistAnswerRow struct {
	ID          int64
	InterviewID int64
	Item        models.ChecklistItem
	Answer      models.ChecklistAnswer
	Note        []byte
}

func (checklistAnswerRow) TableName() string { return "interview_checklist_answers" }

// indicatorAnswerRow is one indicator answer of a recorded interview, "no"
// included (the history keeps only yes and unclear).
type indicatorAnswerRow struct {
	ID          int64
	InterviewID int64
	Taxonomy    models.Taxonomy
	Code        string
	Grade       models.Grade
	Answer      models.IndicatorAnswer
	Note        []byte
}

func (indicatorAnswerRow) TableName() string { return "interview_indicator_answers" }

// interviewRow is an interview as stored: the appointment and the gate's
// part of the record (models.Interview), then the interpreter, the
// attestations and the sealed notes, which only the confidential views read.
type interviewRow struct {
	ID                     int64
	ApplicationID          int64
	InterviewerID          int64
	ScheduledAt            time.Time
	Room                   string
	ScheduledByID          int64
	HeldAt                 *time.Time
	RecordedByID           *int64
	RecordedAt             *time.Time
	EmployerAbsent         bool
	Outcome                models.InterviewOutcome
	SupersedesID           *int64
	CorrectionReason       string
	CreatedAt              time.Time
	InterpreterLanguage    string
	InterpreterName        string
	InterpreterIndependent bool
	InformedOfRights       bool
	RightsLanguage         string
	LeafletHandedOver      bool
	LeafletLanguage        string
	Notes                  []byte
	// ClearanceReason is the sealed reason for a clearance against the
	// evidence (clearances.go).
	ClearanceReason string
}

func (interviewRow) TableName() string { return "interviews" }

func (r interviewRow) model() models.Interview {
	return models.Interview{ID: r.ID, ApplicationID: r.ApplicationID, InterviewerID: r.InterviewerID, ScheduledAt: r.ScheduledAt,
		Room: r.Room, ScheduledByID: r.ScheduledByID, HeldAt: r.HeldAt, RecordedByID: r.RecordedByID, RecordedAt: r.RecordedAt,
		EmployerAbsent: r.EmployerAbsent, Outcome: r.Outcome, SupersedesID: r.SupersedesID, CorrectionReason: r.CorrectionReason,
		CreatedAt: r.CreatedAt}
}

func interviewRowOf(iv models.Interview) interviewRow {
	return interviewRow{ID: iv.ID, ApplicationID: iv.ApplicationID, InterviewerID: iv.InterviewerID, ScheduledAt: iv.ScheduledAt,
		Room: iv.Room, ScheduledByID: iv.ScheduledByID, HeldAt: iv.HeldAt, RecordedByID: iv.RecordedByID, RecordedAt: iv.RecordedAt,
		EmployerAbsent: iv.EmployerAbsent, Outcome: iv.Outcome, SupersedesID: iv.SupersedesID, CorrectionReason: iv.CorrectionReason,
		CreatedAt: iv.CreatedAt}
}

func (s *core) interview(tx *gorm.DB, id int64) (*models.Interview, error) {
	return get[models.Interview, interviewRow](s, tx, "interview", id, false)
}

// interviewsOf lists an application's interviews, oldest first.
func (s *core) interviewsOf(tx *gorm.DB, appID int64) ([]models.Interview, error) {
	var rows []interviewRow
	if err := tx.Where("application_id = ?", appID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("interviews of application %d: %w", appID, err)
	}
	return modelsOf[models.Interview](rows), nil
}

// --- Scheduling

// BookInterview schedules the private interview of an application with an
// interviewer, at a time, in a room and, if needed, with an interpreter.
// Booking again reschedules: the earlier, unheld appointment is replaced in
// the history.
func (s *Interviews) Book(ctx context.Context, actor models.Actor, appID int64, b models.InterviewBooking) (*models.Interview, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, err
	}
	if err := b.ValidateInterpreter(); err != nil {
		return nil, err
	}
	iv := &models.Interview{ApplicationID: appID, InterviewerID: b.InterviewerID, ScheduledAt: b.At.UTC(),
		Room: strings.TrimSpace(b.Room), ScheduledByID: actor.UserID(), CreatedAt: s.now()}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		interviewer, err := s.userByID(tx, b.InterviewerID)
		if err != nil || !interviewer.Active || !interviewer.HasRole(models.RoleInterviewer) {
			var v models.Validation
			v.Add("interviewer_id", "not_an_interviewer", "Choose an active interviewer.")
			return v.Err()
		}
		if err := iv.ValidateSchedule(s.now()); err != nil {
			return err
		}
		if err := s.prepareBooking(tx, app, *iv); err != nil { // calendar.go
			return err
		}
		row := interviewRowOf(*iv)
		if err := tx.Create(&row).Error; err != nil {
			return bookingError(fmt.Errorf("create interview: %w", err))
		}
		iv.ID = row.ID
		if err := s.bookingWritten(tx, *iv, app.WorkerID); err != nil {
			return err
		}
		if b.Interpreter != nil { // sealed to the row, so written once it has its id
			if err := s.setInterpreter(tx, iv.ID, b.Interpreter.Language, b.Interpreter.NameOrService); err != nil {
				return err
			}
		}
		ev, err := app.ScheduleInterview(*iv, actor.UserID(), s.now())
		if err != nil {
			return err
		}
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		return s.audit(tx, actor, "interview.scheduled", "application", idText(appID), "interview "+idText(iv.ID)+" scheduled")
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// setInterpreter writes the interpreter of an unrecorded interview, the
// name sealed.
func (s *core) setInterpreter(tx *gorm.DB, interviewID int64, language, name string) error {
	sealedName, err := s.sealText(name, models.InterpreterNameAAD(interviewID))
	if err != nil {
		return fmt.Errorf("interpreter of interview %d: %w", interviewID, err)
	}
	if err := tx.Table("interviews").Where("id = ?", interviewID).Updates(map[string]any{
		"interpreter_language": strings.TrimSpace(language), "interpreter_name": sealedName}).Error; err != nil {
		return fmt.Errorf("interpreter of interview %d: %w", interviewID, err)
	}
	return nil
}

// BookedInterpreter returns the interpreter booked for an interview, nil when
// none is.
func (s *core) bookedInterpreter(tx *gorm.DB, interviewID int64) (*models.Interpreter, error) {
	var c interviewRow
	if err := tx.Select("id, interpreter_language, interpreter_name").First(&c, interviewID).Error; err != nil {
		return nil, fmt.Errorf("interpreter of interview %d: %w", interviewID, err)
	}
	if c.InterpreterLanguage == "" {
		return nil, nil
	}
	return &models.Interpreter{Language: c.InterpreterLanguage, NameOrService: s.openText(c.InterpreterName, models.InterpreterNameAAD(interviewID))}, nil
}

// SummonsOptions say where the interview takes place and how the worker
// reaches the Directorate, as printed on the summons.
type SummonsOptions struct {
	Address string
	Contact string
}

// Defaults of SummonsOptions (the Directorate's public address and switchboard).
const (
	DefaultSummonsAddress = "FPS Foreign Affairs, Protocol Directorate, Rue des Petits Carmes 15, 1000 Brussels"
	DefaultSummonsContact = "+32 2 501 81 11"
)

// SummonsPDF writes the summons letter for a booked, unheld interview, in a
// language the worker reads where a translation exists (English and French
// otherwise), with the time in loc. It names the date, the place and the
// interpreter's language, and says that the employer does not attend; it
// carries nothing of any interview's content.
func (s *Interviews) Summons(ctx context.Context, actor models.Actor, interviewID int64, loc *time.Location) ([]byte, []string, error) {
	if err := actor.Require(models.PermInterviewSchedule); err != nil {
		return nil, nil, err
	}
	var pdf []byte
	var langs []string
	err := s.transact(ctx, func(tx *gorm.DB) error {
		iv, err := s.interview(tx, interviewID)
		if err != nil {
			return err
		}
		if iv.RecordedAt != nil {
			return models.Fail(models.KindConflict, "interview_already_recorded", "This interview was already held: no summons is needed.")
		}
		_, app, err := s.loadApplication(tx, iv.ApplicationID, false)
		if err != nil {
			return err
		}
		if scheduledInterviewID(app.Events) != iv.ID {
			return models.Fail(models.KindConflict, "interview_replaced", "This appointment was rescheduled; print the summons of the current one.")
		}
		w, err := s.worker(tx, app.WorkerID)
		if err != nil {
			return err
		}
		interp, err := s.bookedInterpreter(tx, iv.ID)
		if err != nil {
			return err
		}
		opts := s.opts.Summons
		if opts.Address == "" {
			opts.Address = DefaultSummonsAddress
		}
		if opts.Contact == "" {
			opts.Contact = DefaultSummonsContact
		}
		if loc == nil {
			loc = time.UTC
		}
		d := contracts.SummonsData{
			Reference:  models.SummonsNumber(iv.ID),
			WorkerName: w.FullName(),
			Languages:  splitLanguages(w.Languages),
			At:         iv.ScheduledAt.In(loc),
			Place:      strings.TrimSuffix(iv.Room+", "+opts.Address, ", "),
			Contact:    opts.Contact,
			IssuedOn:   s.now().In(loc),
		}
		if interp != nil {
			d.Interpreter = interp.Language
		}
		if d.Texts, err = s.library(tx); err != nil {
			return err
		}
		if pdf, langs, err = contracts.SummonsContext(ctx, d); err != nil {
			return fmt.Errorf("summons of interview %d: %w", iv.ID, err)
		}
		return s.audit(tx, actor, "interview.summons_printed", "application", idText(app.ID), "summons for interview "+idText(iv.ID)+" printed")
	})
	return pdf, langs, err
}

// checkLeafletLanguage holds the attestation "leaflet handed over in …" to
// the languages the leaflet exists in with the texts in use, and records
// the language by its code.
func (s *core) checkLeafletLanguage(tx *gorm.DB, a *models.InterviewAttestations) error {
	lib, err := s.library(tx)
	if err != nil {
		return err
	}
	code, err := models.CheckLeafletLanguage(a.LeafletLanguage, lib.LeafletLanguages())
	if err != nil {
		return err
	}
	a.LeafletLanguage = code
	return nil
}

func splitLanguages(s string) []string {
	var out []string
	for _, l := range strings.Split(s, ",") {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// --- Recording

// RecordInterview records the private interview as held, in full: the
// attestations (the employer's absence may truthfully be denied: the gate
// then refuses the card), the checklist, the indicator answers, the sealed
// notes, the outcome and any referral. The application follows (approved, or
// on hold), and every indicator answered yes or unclear becomes an
// observation in the worker's history, all in one transaction.
func (s *Interviews) Record(ctx context.Context, actor models.Actor, interviewID int64, r models.InterviewRecording) (*models.Interview, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, err
	}
	now := s.now()
	if err := r.Validate(s.local()); err != nil {
		return nil, err
	}
	var iv *models.Interview
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if err := s.checkLeafletLanguage(tx, &r.Attestations); err != nil {
			return err
		}
		var err error
		if iv, err = s.interview(tx, interviewID); err != nil {
			return err
		}
		_, app, err := s.loadApplication(tx, iv.ApplicationID, true)
		if err != nil {
			return err
		}
		if iv.RecordedAt != nil {
			return models.Fail(models.KindConflict, models.CodeInterviewAlreadyRecorded,
				"This interview is already recorded; record a correction instead.")
		}
		// Only the interview the application is waiting for can be recorded:
		// a rescheduled appointment is replaced by the later one.
		if current := scheduledInterviewID(app.Events); current != iv.ID {
			return models.Fail(models.KindConflict, "interview_replaced", "This appointment was rescheduled; record the current one.")
		}
		if err := models.CanRecordInterview(actor, *iv, r.HeldAt, s.opts.Settings.InterviewEarlyMinutes); err != nil {
			return err
		}
		ev, err := app.RecordInterview(iv, r.Gate(actor.UserID()), now)
		if err != nil {
			return err
		}
		// The history first: the database marks an interview recorded only
		// once an event of its application records it (migration 00005).
		if err := s.appendEvent(tx, &app, ev); err != nil {
			return err
		}
		// Cleared against the evidence: on hold until a second admin
		// confirms (clearances.go).
		if r.NeedsClearanceConfirmation() {
			hold, err := app.HoldForClearanceReview(*iv, actor.UserID(), now)
			if err != nil {
				return err
			}
			if err := s.appendEvent(tx, &app, hold); err != nil {
				return err
			}
		}
		if err := s.writeRecord(tx, iv, app, r, now); err != nil {
			return err
		}
		obs, err := models.ObservationsFromInterview(models.ObservationContext{WorkerID: app.WorkerID, EmployerID: &app.EmployerID,
			InterviewID: iv.ID, HeldOn: models.CalendarDay(r.HeldAt.In(s.opts.Location)), RecordedByID: actor.UserID()}, r.Indicators, s.opts.Sealer)
		if err != nil {
			return err
		}
		if err := s.appendObservations(tx, obs, now); err != nil {
			return err
		}
		if err := s.dropDrafts(tx, iv.ID); err != nil { // drafts.go: the record replaces them
			return err
		}
		// The outcome is confidential: the audit says only that it was recorded.
		return s.audit(tx, actor, "interview.recorded", "application", idText(iv.ApplicationID), "interview "+idText(iv.ID)+" recorded")
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// writeRecord stores the record of iv (already filled in by the domain, not
// yet written): its answers and referral first, then the interview row,
// after which nothing can be added to it or changed.
func (s *core) writeRecord(tx *gorm.DB, iv *models.Interview, app models.Application, r models.InterviewRecording, now time.Time) error {
	for _, e := range r.Checklist {
		note, err := s.seal(e.Note, models.ChecklistNoteAAD(iv.ID, e.Item))
		if err != nil {
			return fmt.Errorf("checklist note: %w", err)
		}
		if err := tx.Create(&checklistAnswerRow{InterviewID: iv.ID, Item: e.Item, Answer: e.Answer, Note: note}).Error; err != nil {
			return fmt.Errorf("store checklist answer: %w", err)
		}
	}
	for _, resp := range r.Indicators {
		ind, _ := models.LookupIndicator(resp.Code)
		note, err := s.seal(resp.Note, models.IndicatorResponseNoteAAD(iv.ID, resp.Code))
		if err != nil {
			return fmt.Errorf("indicator note: %w", err)
		}
		if err := tx.Create(&indicatorAnswerRow{InterviewID: iv.ID, Taxonomy: ind.Taxonomy, Code: ind.Code, Grade: ind.Grade,
			Answer: resp.Answer, Note: note}).Error; err != nil {
			return fmt.Errorf("store indicator answer: %w", err)
		}
	}
	if r.Referral != nil {
		ref := *r.Referral
		ref.ID, ref.InterviewID, ref.WorkerID, ref.RecordedByID, ref.CreatedAt = 0, iv.ID, app.WorkerID, *iv.RecordedByID, now
		ref.Date = models.CalendarDay(ref.Date)
		var err error
		if ref.Contact, err = s.sealText(ref.Contact, models.ReferralContactAAD(iv.ID)); err != nil {
			return fmt.Errorf("referral contact: %w", err)
		}
		if ref.Reference, err = s.sealText(ref.Reference, models.ReferralReferenceAAD(iv.ID)); err != nil {
			return fmt.Errorf("referral reference: %w", err)
		}
		if err := tx.Create((*referralRow)(&ref)).Error; err != nil {
			return fmt.Errorf("store referral: %w", err)
		}
	}
	notes, err := s.seal(r.Notes, models.InterviewNoteAAD(iv.ID))
	if err != nil {
		return fmt.Errorf("interview notes: %w", err)
	}
	lang, name := "", ""
	if r.Interpreter != nil {
		lang = strings.TrimSpace(r.Interpreter.Language)
		if name, err = s.sealText(r.Interpreter.NameOrService, models.InterpreterNameAAD(iv.ID)); err != nil {
			return fmt.Errorf("interpreter name: %w", err)
		}
	}
	clearance, err := s.sealText(r.ClearanceReason, models.ClearanceReasonAAD(iv.ID))
	if err != nil {
		return fmt.Errorf("clearance reason: %w", err)
	}
	a := r.Attestations
	if err := tx.Table("interviews").Where("id = ?", iv.ID).Updates(map[string]any{
		"clearance_reason": clearance,
		"held_at":          iv.HeldAt, "recorded_by_id": iv.RecordedByID, "recorded_at": iv.RecordedAt,
		"employer_absent": iv.EmployerAbsent, "outcome": iv.Outcome,
		"interpreter_language": lang, "interpreter_name": name, "interpreter_independent": r.Interpreter != nil && a.InterpreterIndependent,
		"informed_of_rights": a.WorkerInformedOfRights, "rights_language": strings.TrimSpace(a.RightsLanguage),
		"leaflet_handed_over": a.LeafletHandedOver, "leaflet_language": strings.TrimSpace(a.LeafletLanguage),
		"notes": notes,
	}).Error; err != nil {
		return fmt.Errorf("record interview: %w", err)
	}
	return nil
}

// appendObservations adds observations to the workers' histories.
func (s *core) appendObservations(tx *gorm.DB, obs []models.IndicatorObservation, now time.Time) error {
	for i := range obs {
		obs[i].ID, obs[i].CreatedAt = 0, now
		row := observationRow(obs[i]) // the reason sealed in the row only; the caller keeps it readable
		if row.SupersedesID != nil {
			reason, err := s.sealText(row.CorrectionReason, models.ObservationCorrectionReasonAAD(obs[i]))
			if err != nil {
				return fmt.Errorf("observation correction reason: %w", err)
			}
			row.CorrectionReason = reason
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("append observation: %w", err)
		}
		obs[i].ID = row.ID
	}
	return nil
}

// CorrectInterview appends a correction of the recorded interview
// interviewID: a new, complete record that references and supersedes it,
// with a reason; both stay visible. The worker's observations follow: those
// the correction changes or withdraws are superseded with the same reason,
// new ones are appended. A correction that changes the outcome is appended
// to the application's history too (a clearance never lifts a hold: only an
// admin's release does).
func (s *Interviews) Correct(ctx context.Context, actor models.Actor, interviewID int64, r models.InterviewRecording, reason string) (*models.Interview, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, err
	}
	now := s.now()
	var v models.Validation
	v.Merge(r.Validate(s.local()))
	if strings.TrimSpace(reason) == "" {
		v.Add("correction_reason", "required", "Say why the record is corrected.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out models.Interview
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if err := s.checkLeafletLanguage(tx, &r.Attestations); err != nil {
			return err
		}
		target, err := s.interview(tx, interviewID)
		if err != nil {
			return err
		}
		_, app, err := s.loadApplication(tx, target.ApplicationID, true)
		if err != nil {
			return err
		}
		history, err := find[models.Interview, interviewRow](tx.Where("application_id = ?", app.ID).Order("id"), "interviews")
		if err != nil {
			return err
		}
		if err := models.CanCorrectInterview(actor, *target, history, reason); err != nil {
			return err
		}
		c, err := target.Correction(r.Gate(actor.UserID()), reason, now)
		if err != nil {
			return err
		}
		// What the correction appends to the history (models.CorrectionActions:
		// the status table, and a clearance never lifting a hold on its own).
		status, err := models.StatusOf(app.Events)
		if err != nil {
			return fmt.Errorf("application %d: %w", app.ID, err)
		}
		actions, err := models.CorrectionActions(status, target.Outcome, r)
		if err != nil {
			return err
		}
		// Insert the correction unrecorded, so its notes are sealed with its
		// own id and its answers written before it is marked recorded.
		row := interviewRowOf(c)
		row.HeldAt, row.RecordedByID, row.RecordedAt, row.EmployerAbsent, row.Outcome = nil, nil, nil, false, ""
		if row.CorrectionReason, err = s.sealText(c.CorrectionReason, models.InterviewCorrectionReasonAAD(target.ID)); err != nil {
			return fmt.Errorf("correction reason: %w", err)
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create correction of interview %d: %w", target.ID, err)
		}
		c.ID = row.ID
		// The history first, as in RecordInterview. A correction that
		// clears against the evidence waits for a second admin like a first
		// record does, also when the application was on hold already.
		for _, action := range actions {
			var e models.ApplicationEvent
			if action == models.ActionHoldForClearanceReview {
				e, err = app.HoldForClearanceReview(c, actor.UserID(), now)
			} else {
				e, err = app.Do(models.ApplicationEvent{Action: action, ActorID: actor.UserID(), At: now, InterviewID: &c.ID})
			}
			if err != nil {
				return err
			}
			if err := s.appendEvent(tx, &app, e); err != nil {
				return err
			}
		}
		if err := s.writeRecord(tx, &c, app, r, now); err != nil {
			return err
		}
		if err := s.correctObservations(tx, app, history, &c, r, reason, actor.UserID(), now); err != nil {
			return err
		}
		out = c
		return s.audit(tx, actor, "interview.corrected", "application", idText(app.ID),
			"interview "+idText(target.ID)+" corrected by interview "+idText(c.ID))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// correctObservations brings the worker's history in line with correction
// c of the application's interview chain.
func (s *core) correctObservations(tx *gorm.DB, app models.Application, history []models.Interview, c *models.Interview,
	r models.InterviewRecording, reason string, by int64, now time.Time) error {
	ids := make([]int64, 0, len(history))
	for _, iv := range history {
		ids = append(ids, iv.ID)
	}
	obs, err := find[models.IndicatorObservation, observationRow](tx.Where("interview_id IN ?", ids).Order("id"), "observations")
	if err != nil {
		return err
	}
	current := map[string]models.IndicatorObservation{}
	for _, e := range models.Timeline(obs, models.TimelineFilter{}) {
		current[e.IndicatorCode] = e.IndicatorObservation
	}
	answers := map[string]models.IndicatorResponse{}
	for _, resp := range r.Indicators {
		answers[resp.Code] = resp
	}
	var fresh []models.IndicatorResponse
	var out []models.IndicatorObservation
	for _, resp := range r.Indicators {
		if !resp.Answer.Observed() {
			continue
		}
		old, ok := current[resp.Code]
		if !ok || !old.Current() {
			if ok { // a withdrawn observation comes back
				n, err := models.Supersede(old, models.ObservationCorrection{IndicatorCode: resp.Code, Answer: resp.Answer, Reason: reason,
					Note: resp.Note, RecordedByID: by}, s.opts.Sealer)
				if err != nil {
					return err
				}
				out = append(out, n)
				continue
			}
			fresh = append(fresh, resp)
			continue
		}
		oldNote := s.open(old.Note, models.ObservationNoteAAD(old))
		if old.Answer == resp.Answer && !oldNote.Unreadable && strings.TrimSpace(oldNote.Text) == strings.TrimSpace(resp.Note) {
			continue // unchanged
		}
		n, err := models.Supersede(old, models.ObservationCorrection{IndicatorCode: resp.Code, Answer: resp.Answer, Reason: reason,
			Note: resp.Note, RecordedByID: by}, s.opts.Sealer)
		if err != nil {
			return err
		}
		out = append(out, n)
	}
	// Observations the correction no longer supports are withdrawn.
	codes := make([]string, 0, len(current))
	for code := range current {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		old := current[code]
		if !old.Current() || answers[code].Answer.Observed() {
			continue
		}
		n, err := models.Supersede(old, models.ObservationCorrection{IndicatorCode: code, Answer: models.IndicatorNo, Reason: reason,
			RecordedByID: by}, s.opts.Sealer)
		if err != nil {
			return err
		}
		out = append(out, n)
	}
	if len(fresh) > 0 {
		n, err := models.ObservationsFromInterview(models.ObservationContext{WorkerID: app.WorkerID, EmployerID: &app.EmployerID,
			InterviewID: c.ID, HeldOn: models.CalendarDay(r.HeldAt.In(s.opts.Location)), RecordedByID: by}, fresh, s.opts.Sealer)
		if err != nil {
			return err
		}
		out = append(out, n...)
	}
	return s.appendObservations(tx, out, now)
}

// --- Reading a recorded interview (interviewers and admins, audited)

// ChecklistAnswer is a checklist answer with its note opened.
type ChecklistAnswer struct {
	Item   models.ChecklistItem
	Answer models.ChecklistAnswer
	Note   Note
}

// IndicatorAnswer is an indicator answer with its note opened.
type IndicatorAnswer struct {
	Indicator models.Indicator
	Answer    models.IndicatorAnswer
	Note      Note
}

// InterviewVersion is one record of an application's interview chain.
type InterviewVersion struct {
	ID               int64
	RecordedAt       *time.Time
	RecordedByName   string
	Outcome          models.InterviewOutcome
	SupersedesID     *int64
	SupersededByID   int64
	CorrectionReason string
}

// InterviewRecordView is a recorded interview as an interviewer or an admin
// reads it.
type InterviewRecordView struct {
	models.Interview
	Application     models.Application
	Worker          models.Worker
	Employer        EmployerView
	InterviewerName string
	RecordedByName  string
	Attestations    models.InterviewAttestations
	Interpreter     *models.Interpreter
	Checklist       []ChecklistAnswer
	Indicators      []IndicatorAnswer
	// Responses are the indicator answers as the form takes them back (for
	// a correction), notes included.
	Responses []models.IndicatorResponse
	Notes     Note
	Referral  *models.Referral
	// Signal is the ILO-EC screening signal of the answers: advice, never a
	// finding.
	Signal models.ScreeningSignal
	// Versions is the application's chain of records, oldest first.
	Versions       []InterviewVersion
	SupersededByID int64
}

// InterviewRecord returns a recorded interview with its content, for an
// interviewer or an admin; the view is written to the audit trail.
func (s *Interviews) Get(ctx context.Context, actor models.Actor, interviewID int64) (*InterviewRecordView, error) {
	if err := actor.Require(models.PermInterviewRead); err != nil {
		return nil, err
	}
	var v *InterviewRecordView
	err := s.transact(ctx, func(tx *gorm.DB) error {
		var err error
		if v, err = s.interviewRecord(tx, interviewID); err != nil {
			return err
		}
		return s.audit(tx, actor, auditInterview, "worker", idText(v.Worker.ID),
			"interview "+idText(v.ID)+" of application "+idText(v.ApplicationID)+" viewed")
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (s *core) interviewRecord(tx *gorm.DB, interviewID int64) (*InterviewRecordView, error) {
	iv, err := s.interview(tx, interviewID)
	if err != nil {
		return nil, err
	}
	if !iv.Completed() {
		return nil, models.Fail(models.KindNotFound, "interview_not_recorded", "This interview is not recorded yet.")
	}
	_, app, err := s.loadApplication(tx, iv.ApplicationID, false)
	if err != nil {
		return nil, err
	}
	v := &InterviewRecordView{Interview: s.openInterview(*iv), Application: app}
	w, err := s.worker(tx, app.WorkerID)
	if err != nil {
		return nil, err
	}
	v.Worker = *w
	e, err := s.employer(tx, app.EmployerID)
	if err != nil {
		return nil, err
	}
	m, err := s.mission(tx, e.MissionID)
	if err != nil {
		return nil, err
	}
	v.Employer = EmployerView{Employer: *e, Mission: *m}
	names, err := userNames(tx)
	if err != nil {
		return nil, err
	}
	v.InterviewerName, v.RecordedByName = names[iv.InterviewerID], names[*iv.RecordedByID]

	var c interviewRow
	if err := tx.First(&c, iv.ID).Error; err != nil {
		return nil, fmt.Errorf("content of interview %d: %w", iv.ID, err)
	}
	v.Attestations = models.InterviewAttestations{EmployerAndMissionAbsent: iv.EmployerAbsent, InterpreterIndependent: c.InterpreterIndependent,
		WorkerInformedOfRights: c.InformedOfRights, RightsLanguage: c.RightsLanguage, LeafletHandedOver: c.LeafletHandedOver, LeafletLanguage: c.LeafletLanguage}
	if c.InterpreterLanguage != "" {
		v.Interpreter = &models.Interpreter{Language: c.InterpreterLanguage, NameOrService: s.openText(c.InterpreterName, models.InterpreterNameAAD(iv.ID)),
			LinkedToEmployerOrMission: !c.InterpreterIndependent}
	}
	v.Notes = s.open(c.Notes, models.InterviewNoteAAD(iv.ID))

	var checklist []checklistAnswerRow
	if err := tx.Where("interview_id = ?", iv.ID).Find(&checklist).Error; err != nil {
		return nil, fmt.Errorf("checklist of interview %d: %w", iv.ID, err)
	}
	byItem := map[models.ChecklistItem]checklistAnswerRow{}
	for _, row := range checklist {
		byItem[row.Item] = row
	}
	for _, item := range models.ChecklistItems {
		if row, ok := byItem[item]; ok {
			v.Checklist = append(v.Checklist, ChecklistAnswer{Item: item, Answer: row.Answer, Note: s.open(row.Note, models.ChecklistNoteAAD(iv.ID, item))})
		}
	}
	var answers []indicatorAnswerRow
	if err := tx.Where("interview_id = ?", iv.ID).Find(&answers).Error; err != nil {
		return nil, fmt.Errorf("indicator answers of interview %d: %w", iv.ID, err)
	}
	byCode := map[string]indicatorAnswerRow{}
	for _, row := range answers {
		byCode[row.Code] = row
	}
	for _, t := range []models.Taxonomy{models.TaxonomyILOForcedLabour, models.TaxonomyILOEC} {
		for _, ind := range models.Indicators(t) {
			row, ok := byCode[ind.Code]
			if !ok {
				continue
			}
			note := s.open(row.Note, models.IndicatorResponseNoteAAD(iv.ID, ind.Code))
			v.Indicators = append(v.Indicators, IndicatorAnswer{Indicator: ind, Answer: row.Answer, Note: note})
			v.Responses = append(v.Responses, models.IndicatorResponse{Code: ind.Code, Answer: row.Answer, Note: note.Text})
		}
	}
	v.Signal = models.Screen(v.Responses)
	refs, err := find[models.Referral, referralRow](tx.Where("interview_id = ?", iv.ID), "referrals")
	if err != nil {
		return nil, err
	}
	if len(refs) > 0 {
		ref := refs[0]
		ref.Contact = s.openText(ref.Contact, models.ReferralContactAAD(iv.ID))
		ref.Reference = s.openText(ref.Reference, models.ReferralReferenceAAD(iv.ID))
		v.Referral = &ref
	}
	chain, err := find[models.Interview, interviewRow](tx.Where("application_id = ? AND recorded_at IS NOT NULL", app.ID).Order("id"), "interviews")
	if err != nil {
		return nil, err
	}
	supersededBy := map[int64]int64{}
	for _, x := range chain {
		if x.SupersedesID != nil {
			supersededBy[*x.SupersedesID] = x.ID
		}
	}
	for _, x := range chain {
		x = s.openInterview(x)
		v.Versions = append(v.Versions, InterviewVersion{ID: x.ID, RecordedAt: x.RecordedAt, RecordedByName: names[*x.RecordedByID],
			Outcome: x.Outcome, SupersedesID: x.SupersedesID, SupersededByID: supersededBy[x.ID], CorrectionReason: x.CorrectionReason})
	}
	v.SupersededByID = supersededBy[iv.ID]
	return v, nil
}

// userNames maps every account id to its name.
func userNames(tx *gorm.DB) (map[int64]string, error) {
	users, err := find[models.User, userRow](tx.Select("id, name"), "users")
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, nil
}

// --- Before the interview

// RecordingContext is what the interviewer sees before and while recording:
// the appointment and, for readers of the indicator history, the worker's
// history and earlier interviews.
type RecordingContext struct {
	Task        InterviewTask
	Application models.Application
	Worker      models.Worker
	Employer    EmployerView
	// Interpreter is the interpreter booked, nil when none is.
	Interpreter *models.Interpreter
	// History is nil for a reader without indicator.read.
	History *WorkerHistory
}

// InterviewForRecord returns an interview awaiting its record with what the
// interviewer must know before it starts. Showing the history is audited.
func (s *Interviews) ForRecording(ctx context.Context, actor models.Actor, interviewID int64) (*RecordingContext, error) {
	if err := actor.Require(models.PermInterviewRecord); err != nil {
		return nil, err
	}
	var rc *RecordingContext
	err := s.transact(ctx, func(tx *gorm.DB) error {
		iv, err := s.interview(tx, interviewID)
		if err != nil {
			return err
		}
		if iv.RecordedAt != nil {
			return models.Fail(models.KindConflict, models.CodeInterviewAlreadyRecorded,
				"This interview is already recorded; record a correction instead.")
		}
		_, app, err := s.loadApplication(tx, iv.ApplicationID, false)
		if err != nil {
			return err
		}
		status, _ := models.StatusOf(app.Events)
		p, err := s.partiesOf(tx, app)
		if err != nil {
			return err
		}
		w, e, m := p.Worker, p.Employer, p.Mission
		rc = &RecordingContext{Task: InterviewTask{Interview: *iv, WorkerName: w.FullName(), WorkerID: w.ID, Status: status},
			Application: app, Worker: *w, Employer: EmployerView{Employer: *e, Mission: *m}}
		if rc.Interpreter, err = s.bookedInterpreter(tx, iv.ID); err != nil {
			return err
		}
		if actor.Require(models.PermIndicatorRead) != nil {
			return nil
		}
		if rc.History, err = s.workerHistory(tx, w.ID, models.TimelineFilter{}); err != nil {
			return err
		}
		return s.audit(tx, actor, auditHistoryView, "worker", idText(w.ID), "history shown before interview "+idText(iv.ID))
	})
	if err != nil {
		return nil, err
	}
	return rc, nil
}
