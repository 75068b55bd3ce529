package models

import "slices"

// LetterKind is what a note verbale to a mission is about (issue 13).
type LetterKind string

// Letter kinds.
const (
	LetterRenewalDue       LetterKind = "renewal_due"
	LetterDocumentsMissing LetterKind = "documents_missing"
	LetterSummons          LetterKind = "summons"
	LetterCardReady        LetterKind = "card_ready"
	LetterCardReturn       LetterKind = "card_return"
)

// LetterKinds lists every kind, in the order forms show them.
var LetterKinds = []LetterKind{LetterDocumentsMissing, LetterSummons, LetterCardReady, LetterRenewalDue, LetterCardReturn}

// Valid reports whether k is a known kind.
func (k LetterKind) Valid() bool { return slices.Contains(LetterKinds, k) }

// LetterFacts is what decides which letters an application can give rise
// to now.
type LetterFacts struct {
	Status     ApplicationStatus
	Missing    int  // required documents not attached
	Booked     bool // an appointment is booked
	CardStatus CardStatus
	HasCard    bool
}

// CodeLetterNotNow: the application's state gives the letter nothing to say.
const CodeLetterNotNow = "letter_not_now"

// CheckLetter says whether a letter of kind k can be sent about an
// application in the state f: documents missing only for a draft that
// lacks some, a summons only with a booking, "card ready" only for a card
// waiting for its worker, renewal and return only for a card in use.
func CheckLetter(k LetterKind, f LetterFacts) error {
	ok := false
	switch k {
	case LetterDocumentsMissing:
		ok = f.Status == ApplicationDraft && f.Missing > 0
	case LetterSummons:
		ok = f.Status == ApplicationInterviewScheduled && f.Booked
	case LetterCardReady:
		ok = f.HasCard && f.CardStatus == CardReadyForCollection
	case LetterRenewalDue, LetterCardReturn:
		ok = f.HasCard && f.CardStatus == CardCollected
	default:
		var v Validation
		v.Add("kind", "invalid_choice", "Choose the kind of letter.")
		return v.Err()
	}
	if !ok {
		return &Error{Kind: KindConflict, Code: CodeLetterNotNow, Message: "The application's state gives this letter nothing to say now.",
			Args: map[string]any{"kind": string(k)}}
	}
	return nil
}

// LettersFor lists the kinds CheckLetter allows for f, for the form.
func LettersFor(f LetterFacts) []LetterKind {
	var out []LetterKind
	for _, k := range LetterKinds {
		if CheckLetter(k, f) == nil {
			out = append(out, k)
		}
	}
	return out
}
