package models

import (
	"testing"
	"time"
)

func TestHouseholdServants(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	card := func(worker int64, st CardStatus, expires time.Time) Card {
		return Card{WorkerID: worker, Status: st, ExpiresOn: expires}
	}
	app := func(worker int64, st ApplicationStatus) Application { return Application{WorkerID: worker, Status: st} }
	later := day.AddDate(1, 0, 0)
	for _, tc := range []struct {
		name  string
		cards []Card
		apps  []Application
		want  int
	}{
		{"nobody", nil, nil, 0},
		{"a card in use", []Card{card(2, CardCollected, later)}, nil, 1},
		{"a card expiring today still counts", []Card{card(2, CardReadyForCollection, day)}, nil, 1},
		{"an expired, returned or cancelled card does not", []Card{card(2, CardCollected, day.AddDate(0, 0, -1)), card(3, CardReturned, later), card(4, CardCancelled, later)}, nil, 0},
		{"this worker's own card does not", []Card{card(1, CardCollected, later)}, nil, 0},
		{"an application in progress", nil, []Application{app(2, ApplicationSubmitted)}, 1},
		{"on hold and approved count", nil, []Application{app(2, ApplicationOnHold), app(3, ApplicationApproved)}, 2},
		{"a draft or a closed application does not", nil, []Application{app(2, ApplicationDraft), app(3, ApplicationWithdrawn), app(4, ApplicationRefused)}, 0},
		{"one worker counted once", []Card{card(2, CardCollected, later)}, []Application{app(2, ApplicationSubmitted)}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HouseholdServants(1, tc.cards, tc.apps, day); got != tc.want {
				t.Errorf("HouseholdServants = %d, want %d", got, tc.want)
			}
		})
	}
	s := DefaultSettings()
	e := Employer{}
	if err := CheckHouseholdAtIssue(Application{Kind: ApplicationFirstIssuance}, e, 1, s); ErrorCode(err) != CodeHouseholdCapReached {
		t.Errorf("issue over the cap: %v", err)
	}
	if err := CheckHouseholdAtIssue(Application{Kind: ApplicationDuplicate}, e, 1, s); err != nil {
		t.Errorf("a duplicate adds no servant: %v", err)
	}
	if err := CheckHouseholdAtIssue(Application{Kind: ApplicationFirstIssuance}, Employer{HeadOfMission: true}, 1, s); err != nil {
		t.Errorf("a head of mission under the cap: %v", err)
	}
}
