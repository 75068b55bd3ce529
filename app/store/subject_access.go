package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// SubjectAccess gathers what Carddesk holds about one worker (GDPR art.
// 15), leaving out the sections an admin chose, with the reason, and
// records the production in the audit trail. Sealed notes are not opened:
// the report says how many exist (a worker asks for them through the
// Directorate, which reads them with the worker).
//
// lang is the language of the worker's copy the admin chose ("" for the
// worker's first language it is translated into), staff the staff
// language (fr, nl, en) it falls back to when there is none
// (models.ChooseSubjectAccessLanguage); the language is recorded too.
func (s *Workers) SubjectAccess(ctx context.Context, actor models.Actor, workerID int64, omit []string, reason, format, lang, staff string) (*models.SubjectAccessReport, error) {
	if err := actor.Require(models.PermSubjectAccess); err != nil {
		return nil, err
	}
	if err := models.ValidateSubjectAccess(omit, reason); err != nil {
		return nil, err
	}
	var out *models.SubjectAccessReport
	err := s.transact(ctx, func(tx *gorm.DB) error {
		w, err := get[models.Worker, workerRow](s.core, tx, "worker", workerID, false)
		if err != nil {
			return err
		}
		workerLangs := splitLanguages(w.Languages)
		code, fallback, err := models.ChooseSubjectAccessLanguage(workerLangs, lang, staff, contracts.SubjectAccessLanguages())
		if err != nil {
			return err
		}
		r := &models.SubjectAccessReport{WorkerID: w.ID, Language: code, LanguageFallback: fallback, WorkerLanguages: workerLangs,
			OmittedReason: strings.TrimSpace(reason)}
		day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
		// f is a fact; its kind (models.SubjectAccessField) is the key's
		// own (subjectAccessKinds) or, for the keys of the card's ends,
		// the date, value list or text they are.
		f := func(k, v string) models.SubjectAccessField {
			kind := subjectAccessKinds[k]
			switch {
			case kind != "":
			case strings.HasSuffix(k, "_on"):
				kind = "date"
			case strings.HasSuffix(k, "_reason") && k != "status_reason":
				kind = "card_end_reason"
			default:
				kind = "text"
			}
			return models.SubjectAccessField{Key: k, Value: v, Kind: kind}
		}
		sections := map[string][][]models.SubjectAccessField{}
		sections["identity"] = [][]models.SubjectAccessField{{f("family_name", w.FamilyName), f("given_names", w.GivenNames),
			f("date_of_birth", day(w.DateOfBirth)), f("sex", string(w.Sex)), f("nationality", w.Nationality),
			f("passport_number", w.PassportNumber), f("passport_expires_on", day(w.PassportExpiresOn)), f("languages", w.Languages),
			f("phone", w.Phone), f("iban", w.IBAN), f("residence_status", string(w.ResidenceStatus))}}
		jobs, err := find[models.Employment, employmentRow](tx.Where("worker_id = ?", workerID).Order("starts_on"), "employments")
		if err != nil {
			return err
		}
		for _, j := range jobs {
			var name string
			tx.Table("employers").Select("family_name || ' ' || given_names").Where("id = ?", j.EmployerID).Scan(&name)
			e := []models.SubjectAccessField{f("employer", strings.TrimSpace(name)), f("starts_on", day(j.StartsOn)),
				f("job_category", string(j.JobCategory)), f("weekly_hours", strconv.FormatFloat(j.WeeklyHours, 'f', -1, 64))}
			if j.EndsOn != nil {
				e = append(e, f("ends_on", day(*j.EndsOn)))
			}
			sections["employments"] = append(sections["employments"], e)
		}
		var apps []struct {
			ID        int64
			Kind      string
			Status    string
			CreatedAt time.Time
		}
		if err := tx.Table("applications").Select("id, kind, status, created_at").Where("worker_id = ?", workerID).Order("id").Scan(&apps).Error; err != nil {
			return err
		}
		for _, a := range apps {
			sections["applications"] = append(sections["applications"], []models.SubjectAccessField{f("application", strconv.FormatInt(a.ID, 10)),
				f("kind", a.Kind), kindOf(f("status", a.Status), "application_status"), f("opened_on", day(a.CreatedAt))})
		}
		cards, err := find[models.Card, cardRow](tx.Where("worker_id = ?", workerID).Order("issued_at"), "cards")
		if err != nil {
			return err
		}
		for _, c := range cards {
			e := []models.SubjectAccessField{f("card_number", c.Number), f("issued_on", day(c.IssuedAt)), f("expires_on", day(c.ExpiresOn)), kindOf(f("status", string(c.Status)), "card_status")}
			if c.CollectedAt != nil {
				e = append(e, f("collected_on", day(*c.CollectedAt)))
			}
			if c.StatusReason != "" {
				e = append(e, f("status_reason", c.StatusReason))
			}
			// The card's return and destruction (card_ends), each with its
			// day, reason and note.
			ends, err := s.cardEnds(tx, c.ID)
			if err != nil {
				return err
			}
			for _, end := range ends {
				ev := string(end.Event)
				e = append(e, f(ev+"_on", day(end.On)), f(ev+"_reason", string(end.Reason)))
				if end.Note != "" {
					e = append(e, f(ev+"_note", end.Note))
				}
			}
			sections["cards"] = append(sections["cards"], e)
		}
		var ivs []struct {
			HeldAt              *time.Time
			Outcome             string
			InterpreterLanguage string
			HasNotes            bool
		}
		if err := tx.Table("interviews i").Select("i.held_at, i.outcome, i.interpreter_language, i.notes IS NOT NULL AS has_notes").
			Joins("JOIN applications a ON a.id = i.application_id").Where("a.worker_id = ? AND i.recorded_at IS NOT NULL", workerID).
			Where("NOT EXISTS (SELECT 1 FROM interviews x WHERE x.supersedes_id = i.id)").Order("i.held_at").Scan(&ivs).Error; err != nil {
			return err
		}
		for _, iv := range ivs {
			e := []models.SubjectAccessField{f("outcome", iv.Outcome), f("interpreter_language", iv.InterpreterLanguage), f("sealed_notes", strconv.FormatBool(iv.HasNotes))}
			if iv.HeldAt != nil {
				e = append([]models.SubjectAccessField{f("held_on", day(*iv.HeldAt))}, e...)
			}
			sections["interviews"] = append(sections["interviews"], e)
		}
		obs, err := find[models.IndicatorObservation, observationRow](tx.Where("worker_id = ? AND answer <> 'no'", workerID).
			Where("NOT EXISTS (SELECT 1 FROM indicator_observations x WHERE x.supersedes_id = indicator_observations.id)").Order("observed_on, id"), "observations")
		if err != nil {
			return err
		}
		for _, o := range obs {
			sections["indicators"] = append(sections["indicators"], []models.SubjectAccessField{f("observed_on", day(o.ObservedOn)),
				f("indicator", o.IndicatorCode), f("answer", string(o.Answer)), kindOf(f("source", string(o.Source)), "observation_source")})
		}
		var refs []struct {
			Partner string
			Date    time.Time
		}
		if err := tx.Table("referrals").Select("partner, date").Where("worker_id = ?", workerID).Order("date").Scan(&refs).Error; err != nil {
			return err
		}
		for _, rf := range refs {
			sections["referrals"] = append(sections["referrals"], []models.SubjectAccessField{f("partner", rf.Partner), f("date", day(rf.Date))})
		}
		var sigs []struct {
			Source     string
			ReceivedOn time.Time
		}
		if err := tx.Table("signals").Select("source, received_on").Where("worker_id = ?", workerID).Order("received_on").Scan(&sigs).Error; err != nil {
			return err
		}
		for _, sg := range sigs {
			sections["signals"] = append(sections["signals"], []models.SubjectAccessField{kindOf(f("source", sg.Source), "signal_source"), f("received_on", day(sg.ReceivedOn))})
		}
		var docs []struct {
			Kind      string
			FileName  string
			CreatedAt time.Time
		}
		if err := tx.Table("documents d").Select("d.kind, d.file_name, d.created_at").Joins("JOIN applications a ON a.id = d.application_id").
			Where("a.worker_id = ?", workerID).Order("d.id").Scan(&docs).Error; err != nil {
			return err
		}
		for _, d := range docs {
			sections["documents"] = append(sections["documents"], []models.SubjectAccessField{f("document", d.Kind), f("file_name", d.FileName), f("uploaded_on", day(d.CreatedAt))})
		}
		for _, key := range models.SubjectAccessSections {
			sec := models.SubjectAccessSection{Key: key, Entries: [][]models.SubjectAccessField{}}
			if slices.Contains(omit, key) {
				sec.Omitted = true
			} else if sections[key] != nil {
				sec.Entries = sections[key]
			}
			r.Sections = append(r.Sections, sec)
		}
		out = r
		summary := fmt.Sprintf("subject access report (%s, %s)", format, code)
		if fallback {
			summary += "; not in a language the worker is recorded as reading"
		}
		if len(omit) > 0 {
			summary += fmt.Sprintf("; left out %s: %s", strings.Join(omit, ", "), r.OmittedReason)
		}
		return s.audit(tx, actor, "worker.subject_access", "worker", idText(workerID), summary)
	})
	return out, err
}

// subjectAccessKinds says how the worker's copy words each key's value
// (models.SubjectAccessField); "status" and "source", whose lists differ
// by section, are set where they are gathered (kindOf).
var subjectAccessKinds = map[string]string{
	"sex": "sex", "nationality": "country", "languages": "languages", "residence_status": "residence_status",
	"job_category": "job_category", "weekly_hours": "number", "kind": "application_kind", "outcome": "interview_outcome",
	"interpreter_language": "language", "sealed_notes": "yes_no", "indicator": "indicator", "answer": "answer",
	"partner": "referral_partner", "date": "date", "document": "document_kind", "date_of_birth": "date",
}

func kindOf(f models.SubjectAccessField, kind string) models.SubjectAccessField {
	f.Kind = kind
	return f
}

// SubjectAccessChoice is what the subject access page offers for one
// worker: the worker's languages, the languages of the worker's copy, and
// the one chosen by default (Fallback when the worker reads none of them).
type SubjectAccessChoice struct {
	WorkerLanguages []string
	Available       []string
	Default         string
	Fallback        bool
}

// SubjectAccessLanguages returns the choice of language for a worker's
// copy, staff being the staff language to fall back to.
func (s *Workers) SubjectAccessLanguages(ctx context.Context, actor models.Actor, workerID int64, staff string) (SubjectAccessChoice, error) {
	if err := actor.Require(models.PermSubjectAccess); err != nil {
		return SubjectAccessChoice{}, err
	}
	w, err := s.worker(s.db.WithContext(ctx), workerID)
	if err != nil {
		return SubjectAccessChoice{}, err
	}
	ch := SubjectAccessChoice{WorkerLanguages: splitLanguages(w.Languages), Available: contracts.SubjectAccessLanguages()}
	ch.Default, ch.Fallback, err = models.ChooseSubjectAccessLanguage(ch.WorkerLanguages, "", staff, ch.Available)
	return ch, err
}
