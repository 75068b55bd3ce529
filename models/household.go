package models

import "time"

// The household cap (Settings.HouseholdCapFor) counts the employer's other
// private servants: every other worker with a card in use for the employer
// or an application for the employer in progress. Counting applications is
// what keeps two applications for one household with a cap of 1 from both
// going through while neither has a card yet; the store locks the employer's
// row around submission and issue so that two at the same moment are judged
// one after the other.

// InProgress reports whether an application in status s holds a place in
// its household: submitted and not yet ended (a draft holds none; a
// collected card counts as a card in use).
func (s ApplicationStatus) InProgress() bool { return s != ApplicationDraft && !s.Terminal() }

// CardInUse reports whether c holds a place in its household on day: ready
// for collection or collected, and not expired.
func (c Card) CardInUse(day time.Time) bool {
	return (c.Status == CardReadyForCollection || c.Status == CardCollected) && !CalendarDay(day).After(c.ExpiresOn)
}

// HouseholdServants counts the workers other than workerID who hold a place
// in the household on day: a card in use among cards, or an application in
// progress among apps (pass none to count cards only, as issue does: by
// then every application of the household was counted at its submission).
func HouseholdServants(workerID int64, cards []Card, apps []Application, day time.Time) int {
	others := map[int64]bool{}
	for _, c := range cards {
		if c.WorkerID != workerID && c.CardInUse(day) {
			others[c.WorkerID] = true
		}
	}
	for _, a := range apps {
		if a.WorkerID != workerID && a.Status.InProgress() {
			others[a.WorkerID] = true
		}
	}
	return len(others)
}

// CheckHouseholdAtIssue refuses the card of app when the employer's other
// cards in use already fill the household (a duplicate adds no servant).
func CheckHouseholdAtIssue(app Application, e Employer, others int, s Settings) error {
	if app.Kind == ApplicationDuplicate {
		return nil
	}
	if cp := s.HouseholdCapFor(e); others >= cp {
		return &Error{Kind: KindConflict, Code: CodeHouseholdCapReached, Args: map[string]any{"count": others, "cap": cp},
			Message: "The employer already has {{.count}} private servant(s), the most allowed per household ({{.cap}})."}
	}
	return nil
}
