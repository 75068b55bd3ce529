package models

import "testing"

func TestCanRemoveDocument(t *testing.T) {
	doc := Document{ID: 5, ApplicationID: 2, Kind: DocPassportCopy}
	tests := []struct {
		name   string
		status ApplicationStatus
		others []DocumentKind
		reason string
		code   string
	}{
		{"draft, the only copy", ApplicationDraft, nil, "another worker's passport", ""},
		{"submitted, a second copy", ApplicationSubmitted, []DocumentKind{DocPassportCopy}, "attached twice", ""},
		{"on hold, a second copy", ApplicationOnHold, []DocumentKind{DocPassportCopy, DocNoteVerbale}, "attached twice", ""},
		{"submitted, the only copy", ApplicationSubmitted, []DocumentKind{DocNoteVerbale}, "wrong", CodeDocumentNeeded},
		{"approved", ApplicationApproved, []DocumentKind{DocPassportCopy}, "wrong", CodeApplicationDecided},
		{"collected", ApplicationCollected, []DocumentKind{DocPassportCopy}, "wrong", CodeApplicationDecided},
		{"withdrawn", ApplicationWithdrawn, nil, "wrong", CodeApplicationDecided},
		{"no reason", ApplicationDraft, nil, " ", "invalid_input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CanRemoveDocument(Application{ID: 2, Kind: ApplicationRenewal, Status: tt.status}, doc, tt.others, tt.reason)
			if ErrorCode(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Errorf("got %v, want %q", err, tt.code)
			}
		})
	}
	if err := CanRemoveDocument(Application{ID: 3, Status: ApplicationDraft}, doc, nil, "x"); ErrorKind(err) != KindNotFound {
		t.Errorf("a document of another application: %v", err)
	}
	for _, s := range ApplicationStatuses {
		if s.Terminal() && !s.Decided() {
			t.Errorf("%s is closed but not decided", s)
		}
	}
}
