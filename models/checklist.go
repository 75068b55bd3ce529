package models

import (
	"slices"
	"strconv"
	"strings"
)

// ChecklistItem is one question of the private interview's checklist. Each is
// a fact a worker can confirm without having to name any abuse, which is why
// the checklist comes before the indicators.
type ChecklistItem string

// Checklist items, in the order the interviewer asks them.
const (
	ChecklistHoldsOwnPassport        ChecklistItem = "holds_own_passport"
	ChecklistHasContractCopy         ChecklistItem = "has_contract_copy"
	ChecklistOwnBankCardPaidAsAgreed ChecklistItem = "own_bank_card_paid_as_agreed"
	ChecklistHoursRestHolidays       ChecklistItem = "hours_rest_holidays_as_agreed"
	ChecklistPrivateRoomLocks        ChecklistItem = "private_room_locks"
	ChecklistFreeToGoOut             ChecklistItem = "free_to_go_out"
	ChecklistHasPhone                ChecklistItem = "has_phone"
	ChecklistKnowsWhomToCall         ChecklistItem = "knows_whom_to_call"
)

// ChecklistItems lists every item in interview order.
var ChecklistItems = []ChecklistItem{
	ChecklistHoldsOwnPassport,
	ChecklistHasContractCopy,
	ChecklistOwnBankCardPaidAsAgreed,
	ChecklistHoursRestHolidays,
	ChecklistPrivateRoomLocks,
	ChecklistFreeToGoOut,
	ChecklistHasPhone,
	ChecklistKnowsWhomToCall,
}

// checklistInfo: English label, and the ILO forced-labour indicator a "no"
// points to, so the form can prompt the interviewer to ask about it.
var checklistInfo = map[ChecklistItem]struct {
	label     string
	indicator string
}{
	ChecklistHoldsOwnPassport:        {"Holds their own passport", ILORetentionOfIdentityDocuments},
	ChecklistHasContractCopy:         {"Has a copy of the contract", ILODeception},
	ChecklistOwnBankCardPaidAsAgreed: {"Has their own bank card and is paid as the contract says", ILOWithholdingOfWages},
	ChecklistHoursRestHolidays:       {"Working hours, daily and weekly rest, and holidays are as agreed", ILOExcessiveOvertime},
	ChecklistPrivateRoomLocks:        {"Has a private room that locks", ILOAbusiveWorkingAndLivingConditions},
	ChecklistFreeToGoOut:             {"Is free to go out", ILORestrictionOfMovement},
	ChecklistHasPhone:                {"Has a phone", ILOIsolation},
	ChecklistKnowsWhomToCall:         {"Knows whom to call for help", ILOIsolation},
}

// Valid reports whether i is a known item.
func (i ChecklistItem) Valid() bool { _, ok := checklistInfo[i]; return ok }

// Label is the English wording of the item.
func (i ChecklistItem) Label() string {
	if info, ok := checklistInfo[i]; ok {
		return info.label
	}
	return string(i)
}

// RelatedIndicator is the ILO forced-labour indicator code that a "no" to
// this item suggests asking about. It is a prompt, never an automatic answer.
func (i ChecklistItem) RelatedIndicator() string { return checklistInfo[i].indicator }

// ChecklistAnswer is the answer to a checklist item.
type ChecklistAnswer string

// Checklist answers. "not_asked" is explicit so that a skipped question is
// never mistaken for a reassuring one.
const (
	ChecklistYes      ChecklistAnswer = "yes"
	ChecklistNo       ChecklistAnswer = "no"
	ChecklistNotAsked ChecklistAnswer = "not_asked"
)

// Valid reports whether a is a known answer.
func (a ChecklistAnswer) Valid() bool {
	return a == ChecklistYes || a == ChecklistNo || a == ChecklistNotAsked
}

// ChecklistEntry is the answer to one item. Note is plain text in memory
// only; storage seals it before writing (see ChecklistNoteAAD).
type ChecklistEntry struct {
	Item   ChecklistItem
	Answer ChecklistAnswer
	Note   string
}

// ChecklistNoteAAD is the additional data a checklist note is sealed with: it
// binds the ciphertext to its interview record and item, so a note copied to
// another interview or item does not open. A correction is a new interview
// record with its own id, so its notes are sealed afresh.
func ChecklistNoteAAD(interviewID int64, item ChecklistItem) []byte {
	return []byte("interview_checklist_note:" + strconv.FormatInt(interviewID, 10) + ":" + string(item))
}

// IndicatorResponseNoteAAD is the additional data for the note of one
// indicator answer as kept in the interview record (every answer, "no"
// included; the yes and unclear ones are also sealed into observations).
func IndicatorResponseNoteAAD(interviewID int64, code string) []byte {
	return []byte("interview_indicator_note:" + strconv.FormatInt(interviewID, 10) + ":" + code)
}

// InterviewNoteAAD is the additional data for the interview's free notes.
func InterviewNoteAAD(interviewID int64) []byte {
	return []byte("interview_note:" + strconv.FormatInt(interviewID, 10))
}

// InterpreterNameAAD is the additional data for the name of the interpreter
// booked with, and recorded in, an interview.
func InterpreterNameAAD(interviewID int64) []byte {
	return []byte("interview_interpreter_name:" + strconv.FormatInt(interviewID, 10))
}

// InterviewCorrectionReasonAAD is the additional data for the reason of a
// correction, bound to the record it corrects (a record is corrected at most
// once, and the reason is sealed before the correction's row exists).
func InterviewCorrectionReasonAAD(supersedesID int64) []byte {
	return []byte("interview_correction_reason:supersedes=" + strconv.FormatInt(supersedesID, 10))
}

// ValidateChecklist checks a recorded checklist: every item answered exactly
// once (an item left out is refused rather than read as "not asked", because
// a gap in a safeguarding record must be a decision, not an accident).
// Field names are "checklist.<item>".
func ValidateChecklist(entries []ChecklistEntry) error {
	var v Validation
	seen := make(map[ChecklistItem]bool, len(entries))
	for _, e := range entries {
		field := "checklist." + string(e.Item)
		switch {
		case !e.Item.Valid():
			v.Add(field, "invalid_choice", "Unknown checklist item.")
			continue
		case seen[e.Item]:
			v.Add(field, "duplicate", "This item is answered twice.")
			continue
		}
		seen[e.Item] = true
		if !e.Answer.Valid() {
			v.Add(field, "invalid_choice", "Answer yes, no or not asked.")
		}
		if len([]rune(e.Note)) > MaxNoteLength {
			v.Add(field, "too_long", "Use at most {{.max}} characters.", map[string]any{"max": MaxNoteLength})
		}
	}
	for _, item := range ChecklistItems {
		if !seen[item] {
			v.Add("checklist."+string(item), "required", "Answer this item (or mark it not asked).")
		}
	}
	return v.Err()
}

// SuggestedIndicators returns, in checklist order and without repeats, the
// ILO forced-labour indicators that the "no" answers point to: the form
// highlights them so the interviewer asks, and answers them, deliberately.
func SuggestedIndicators(entries []ChecklistEntry) []string {
	no := make(map[ChecklistItem]bool)
	for _, e := range entries {
		if e.Answer == ChecklistNo {
			no[e.Item] = true
		}
	}
	var out []string
	for _, item := range ChecklistItems {
		if code := item.RelatedIndicator(); no[item] && code != "" && !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out
}

// Interpreter is who interpreted during the private interview.
type Interpreter struct {
	// Language is the language interpreted into and from (as the worker
	// names it; free text because worker languages are many).
	Language string
	// NameOrService names the person or the interpreting service.
	NameOrService string
	// LinkedToEmployerOrMission is the interviewer's answer to "does the
	// interpreter work for, or know, the employer or the mission?". A yes
	// refuses the record: such an interpreter carries what the worker says
	// back to the employer, and the worker knows it.
	LinkedToEmployerOrMission bool
}

// InterviewAttestations are what the interviewer attests when recording the
// interview. All are required: without them the interview was not the
// private, informed conversation the card gate relies on.
type InterviewAttestations struct {
	// EmployerAndMissionAbsent: neither the employer nor anyone from the
	// mission was present, in the room or within earshot.
	EmployerAndMissionAbsent bool
	// InterpreterIndependent: the interpreter, if any, is not linked to the
	// employer or the mission. Ignored when no interpreter took part.
	InterpreterIndependent bool
	// WorkerInformedOfRights: the worker was told their rights in a language
	// they understand, named in RightsLanguage.
	WorkerInformedOfRights bool
	RightsLanguage         string
	// LeafletHandedOver: the rights leaflet with the helpline numbers was
	// given to the worker, in LeafletLanguage.
	LeafletHandedOver bool
	LeafletLanguage   string
}

// maxLanguageLength bounds a free-text language name.
const maxLanguageLength = 60

// ValidateAttestations checks the attestations and, when an interpreter took
// part (interpreter != nil), that the interpreter is independent. An
// interpreter linked to the employer or the mission is refused with the field
// code "interpreter_not_independent".
func ValidateAttestations(a InterviewAttestations, interpreter *Interpreter) error {
	var v Validation
	if !a.EmployerAndMissionAbsent {
		v.Add("attestations.employer_and_mission_absent", "attestation_required",
			"The interview can only be recorded if neither the employer nor anyone from the mission was present: without that, no card can follow. Hold the interview again, privately.")
	}
	if !a.WorkerInformedOfRights {
		v.Add("attestations.worker_informed_of_rights", "attestation_required",
			"Inform the worker of their rights in a language they understand before recording.")
	}
	validateLanguage(&v, "attestations.rights_language", a.RightsLanguage)
	if !a.LeafletHandedOver {
		v.Add("attestations.leaflet_handed_over", "attestation_required",
			"Hand over the rights leaflet before recording.")
	}
	validateLanguage(&v, "attestations.leaflet_language", a.LeafletLanguage)
	if interpreter != nil {
		if interpreter.LinkedToEmployerOrMission || !a.InterpreterIndependent {
			v.Add("interpreter", "interpreter_not_independent",
				"An interpreter linked to the employer or the mission may not interpret: hold the interview again with an independent interpreter.")
		}
		validateLanguage(&v, "interpreter.language", interpreter.Language)
		switch name := strings.TrimSpace(interpreter.NameOrService); {
		case name == "":
			v.Add("interpreter.name_or_service", "required", "Name the interpreter or the interpreting service.")
		case len([]rune(name)) > 200:
			v.Add("interpreter.name_or_service", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 200})
		}
	}
	return v.Err()
}

func validateLanguage(v *Validation, field, lang string) {
	switch lang = strings.TrimSpace(lang); {
	case lang == "":
		v.Add(field, "required", "Name the language.")
	case len([]rune(lang)) > maxLanguageLength:
		v.Add(field, "too_long", "Use at most {{.max}} characters.", map[string]any{"max": maxLanguageLength})
	}
}

// CheckLeafletLanguage checks the language the rights leaflet was handed
// over in against the languages it exists in (available, codes) and returns
// its code: a leaflet that does not exist cannot have been handed over.
func CheckLeafletLanguage(lang string, available []string) (string, error) {
	l, ok := LanguageByCode(lang)
	if !ok || !slices.Contains(available, l.Code) {
		var v Validation
		v.Add("attestations.leaflet_language", "leaflet_language_unavailable",
			"The rights leaflet does not exist in {{.language}}: choose a language of the list (hand over the leaflet in the worker's language, or the one they read best).",
			map[string]any{"language": strings.TrimSpace(lang)})
		return "", v.Err()
	}
	return l.Code, nil
}
