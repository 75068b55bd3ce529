package models

import (
	"slices"
	"time"
)

// DocumentRemoval records that a document attached to an application by
// mistake (another worker's passport copy, last year's insurance) was taken
// out of the file, by whom, when and why. The document and its bytes stay
// stored, for the audit, until retention says otherwise; the file, the
// eligibility check and the page count it out.
type DocumentRemoval struct {
	DocumentID    int64
	ApplicationID int64
	Reason        string
	RemovedByID   int64
	RemovedBy     string // the name, for display
	RemovedAt     time.Time
}

// Codes of the refusals of a removal.
const (
	CodeApplicationDecided = "application_decided"
	CodeDocumentNeeded     = "document_needed"
	CodeDocumentRemoved    = "document_removed"
)

// Decided reports whether the application's outcome is settled: approved
// (a card may follow or did), or closed. Its file is then what the decision
// was taken on, and stays as it is.
func (s ApplicationStatus) Decided() bool {
	switch s {
	case ApplicationDraft, ApplicationSubmitted, ApplicationInterviewScheduled, ApplicationInterviewed, ApplicationOnHold:
		return false
	}
	return true
}

// CanRemoveDocument decides whether doc may be taken out of the file of app.
// others are the kinds of the application's other documents still in the
// file. A draft may lose any document; once submitted, the file was checked
// complete, so only a document whose kind another document still covers may
// go (a second, wrong copy), and once decided none may.
func CanRemoveDocument(app Application, doc Document, others []DocumentKind, reason string) error {
	var v Validation
	validateReason(&v, reason)
	if err := v.Err(); err != nil {
		return err
	}
	if doc.ApplicationID != app.ID {
		return Fail(KindNotFound, "not_found", "No such document in this application.")
	}
	if app.Status.Decided() {
		return Fail(KindConflict, CodeApplicationDecided,
			"The application is {{.status_label}}: its file is what the decision was taken on, and stays as it is.").With("status_label", app.Status.Label())
	}
	if app.Status != ApplicationDraft && slices.Contains(RequiredDocuments(app.Kind), doc.Kind) && !slices.Contains(others, doc.Kind) {
		return Fail(KindConflict, CodeDocumentNeeded,
			"The application was submitted with this document as its only {{.label}}: it cannot be removed now. If it is wrong, withdraw or reject the application and open a new one.").
			With("label", doc.Kind.Label())
	}
	return nil
}
