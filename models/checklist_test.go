package models

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func fullChecklist(answer ChecklistAnswer) []ChecklistEntry {
	out := make([]ChecklistEntry, len(ChecklistItems))
	for i, item := range ChecklistItems {
		out[i] = ChecklistEntry{Item: item, Answer: answer}
	}
	return out
}

func TestChecklistItems(t *testing.T) {
	if len(ChecklistItems) != 8 {
		t.Fatalf("%d checklist items, want the 8 of the issue", len(ChecklistItems))
	}
	for _, item := range ChecklistItems {
		if !item.Valid() || item.Label() == string(item) {
			t.Errorf("%s: not valid or no label", item)
		}
		if _, ok := LookupIndicator(item.RelatedIndicator()); !ok {
			t.Errorf("%s points to unknown indicator %q", item, item.RelatedIndicator())
		}
	}
	if ChecklistItem("nope").Valid() {
		t.Error("unknown item is valid")
	}
}

func TestValidateChecklist(t *testing.T) {
	missingPhone := slices.DeleteFunc(fullChecklist(ChecklistYes), func(e ChecklistEntry) bool { return e.Item == ChecklistHasPhone })
	withNote := fullChecklist(ChecklistNo)
	withNote[0].Note = "Passport kept by the employer's wife."
	tests := []struct {
		name      string
		in        []ChecklistEntry
		wantField string
		wantCode  string
	}{
		{"all yes", fullChecklist(ChecklistYes), "", ""},
		{"all not asked", fullChecklist(ChecklistNotAsked), "", ""},
		{"no with a note", withNote, "", ""},
		{"item missing", missingPhone, "checklist.has_phone", "required"},
		{"nothing", nil, "checklist.holds_own_passport", "required"},
		{"duplicate", append(fullChecklist(ChecklistYes), ChecklistEntry{Item: ChecklistFreeToGoOut, Answer: ChecklistNo}), "checklist.free_to_go_out", "duplicate"},
		{"unknown item", append(fullChecklist(ChecklistYes), ChecklistEntry{Item: "has_car", Answer: ChecklistYes}), "checklist.has_car", "invalid_choice"},
		{"blank answer", func() []ChecklistEntry { c := fullChecklist(ChecklistYes); c[2].Answer = ""; return c }(), "checklist.own_bank_card_paid_as_agreed", "invalid_choice"},
		{"note too long", func() []ChecklistEntry {
			c := fullChecklist(ChecklistYes)
			c[1].Note = strings.Repeat("x", MaxNoteLength+1)
			return c
		}(), "checklist.has_contract_copy", "too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireFieldErr(t, ValidateChecklist(tt.in), tt.wantField, tt.wantCode)
		})
	}
}

func TestSuggestedIndicators(t *testing.T) {
	c := fullChecklist(ChecklistYes)
	for i := range c {
		switch c[i].Item {
		case ChecklistHoldsOwnPassport, ChecklistHasPhone, ChecklistKnowsWhomToCall:
			c[i].Answer = ChecklistNo
		case ChecklistFreeToGoOut:
			c[i].Answer = ChecklistNotAsked // not asked is not a no
		}
	}
	got := SuggestedIndicators(c)
	want := []string{ILORetentionOfIdentityDocuments, ILOIsolation} // isolation once, though two items point to it
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if SuggestedIndicators(fullChecklist(ChecklistYes)) != nil {
		t.Error("all yes suggests something")
	}
}

func TestInterviewNoteAADs(t *testing.T) {
	all := [][]byte{
		ChecklistNoteAAD(1, ChecklistHasPhone), ChecklistNoteAAD(2, ChecklistHasPhone),
		ChecklistNoteAAD(1, ChecklistFreeToGoOut), ChecklistNoteAAD(11, ChecklistHasPhone),
		IndicatorResponseNoteAAD(1, ILOIsolation), IndicatorResponseNoteAAD(1, ILODeception), IndicatorResponseNoteAAD(2, ILOIsolation),
		InterviewNoteAAD(1), InterviewNoteAAD(11),
	}
	for i := range all {
		for j := range i {
			if bytes.Equal(all[i], all[j]) {
				t.Errorf("%s collides", all[i])
			}
		}
	}
	if string(InterviewNoteAAD(42)) != "interview_note:42" {
		t.Errorf("InterviewNoteAAD(42) = %s", InterviewNoteAAD(42))
	}
}

func TestValidateAttestations(t *testing.T) {
	ok := InterviewAttestations{
		EmployerAndMissionAbsent: true, InterpreterIndependent: true,
		WorkerInformedOfRights: true, RightsLanguage: "Tagalog",
		LeafletHandedOver: true, LeafletLanguage: "Tagalog",
	}
	with := func(f func(*InterviewAttestations)) InterviewAttestations { a := ok; f(&a); return a }
	interp := &Interpreter{Language: "Amharic", NameOrService: "Federal interpreting service"}
	interpWith := func(f func(*Interpreter)) *Interpreter { i := *interp; f(&i); return &i }

	tests := []struct {
		name        string
		a           InterviewAttestations
		interpreter *Interpreter
		wantField   string
		wantCode    string
	}{
		{"complete, no interpreter", ok, nil, "", ""},
		{"complete, independent interpreter", ok, interp, "", ""},
		{"no interpreter: its attestation is not needed", with(func(a *InterviewAttestations) { a.InterpreterIndependent = false }), nil, "", ""},
		{"employer present", with(func(a *InterviewAttestations) { a.EmployerAndMissionAbsent = false }), nil, "attestations.employer_and_mission_absent", "attestation_required"},
		{"not informed of rights", with(func(a *InterviewAttestations) { a.WorkerInformedOfRights = false }), nil, "attestations.worker_informed_of_rights", "attestation_required"},
		{"rights language missing", with(func(a *InterviewAttestations) { a.RightsLanguage = " " }), nil, "attestations.rights_language", "required"},
		{"no leaflet", with(func(a *InterviewAttestations) { a.LeafletHandedOver = false }), nil, "attestations.leaflet_handed_over", "attestation_required"},
		{"leaflet language missing", with(func(a *InterviewAttestations) { a.LeafletLanguage = "" }), nil, "attestations.leaflet_language", "required"},
		{"language absurdly long", with(func(a *InterviewAttestations) { a.LeafletLanguage = strings.Repeat("a", 61) }), nil, "attestations.leaflet_language", "too_long"},
		{"interpreter linked to the employer", ok, interpWith(func(i *Interpreter) { i.LinkedToEmployerOrMission = true }), "interpreter", "interpreter_not_independent"},
		{"interpreter not attested independent", with(func(a *InterviewAttestations) { a.InterpreterIndependent = false }), interp, "interpreter", "interpreter_not_independent"},
		{"interpreter without language", ok, interpWith(func(i *Interpreter) { i.Language = "" }), "interpreter.language", "required"},
		{"interpreter unnamed", ok, interpWith(func(i *Interpreter) { i.NameOrService = "" }), "interpreter.name_or_service", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireFieldErr(t, ValidateAttestations(tt.a, tt.interpreter), tt.wantField, tt.wantCode)
		})
	}
}
