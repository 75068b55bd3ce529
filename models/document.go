package models

import (
	"bytes"
	"slices"
	"time"
)

// DocumentKind is what an attached document is, in the protocol's terms.
type DocumentKind string

// Document kinds.
const (
	// DocNoteVerbale: the mission's formal request; without it there is no
	// application.
	DocNoteVerbale DocumentKind = "note_verbale"
	// DocSignedContract: the standard contract under Belgian law, signed by
	// employer and worker.
	DocSignedContract DocumentKind = "signed_contract"
	// DocDeclarationOfReturn: signed by both; the employer pays the return.
	DocDeclarationOfReturn DocumentKind = "declaration_of_return"
	// DocSocialSecurity: Belgian affiliation and health fund, or foreign
	// affiliation plus employer-paid private medical insurance.
	DocSocialSecurity DocumentKind = "social_security_proof"
	// DocWorkAccidentInsurance: employer-paid work-accident insurance.
	DocWorkAccidentInsurance DocumentKind = "work_accident_insurance"
	// DocRepatriationInsurance: employer-paid repatriation insurance.
	DocRepatriationInsurance DocumentKind = "repatriation_insurance"
	// DocPassportCopy: copy of the worker's passport.
	DocPassportCopy DocumentKind = "passport_copy"
	// DocPoliceReport: the report of loss or theft a duplicate requires.
	DocPoliceReport DocumentKind = "police_report"
)

// DocumentKinds lists every kind, in the order forms show them.
var DocumentKinds = []DocumentKind{
	DocNoteVerbale, DocSignedContract, DocDeclarationOfReturn, DocSocialSecurity,
	DocWorkAccidentInsurance, DocRepatriationInsurance, DocPassportCopy, DocPoliceReport,
	DocWorkerPhoto,
}

// Valid reports whether k is a known kind.
func (k DocumentKind) Valid() bool { return slices.Contains(DocumentKinds, k) }

// Label is the kind in words, for messages.
func (k DocumentKind) Label() string {
	if l, ok := documentLabels[k]; ok {
		return l
	}
	return string(k)
}

var documentLabels = map[DocumentKind]string{
	DocNoteVerbale:           "note verbale from the mission",
	DocSignedContract:        "standard contract signed by employer and worker",
	DocDeclarationOfReturn:   "declaration of return signed by employer and worker",
	DocSocialSecurity:        "proof of social security or of private medical insurance",
	DocWorkAccidentInsurance: "proof of work-accident insurance",
	DocRepatriationInsurance: "proof of repatriation insurance",
	DocPassportCopy:          "copy of the worker's passport",
	DocPoliceReport:          "police report of the loss or theft",
	DocWorkerPhoto:           "the worker's photo for the card",
}

// RequiredDocuments lists the documents an application of kind must carry
// before it can be submitted. A renewal repeats the whole file: the contract
// (and its salary), the insurances and the passport all change from year to
// year. A duplicate changes nothing but the piece of plastic, so it needs the
// mission's request, the police report and the passport copy that identifies
// the worker. An unknown kind requires nothing and is refused elsewhere.
func RequiredDocuments(kind ApplicationKind) []DocumentKind {
	switch kind {
	case ApplicationFirstIssuance, ApplicationRenewal:
		return []DocumentKind{
			DocNoteVerbale, DocSignedContract, DocDeclarationOfReturn, DocSocialSecurity,
			DocWorkAccidentInsurance, DocRepatriationInsurance, DocPassportCopy,
		}
	case ApplicationDuplicate:
		return []DocumentKind{DocNoteVerbale, DocPoliceReport, DocPassportCopy}
	}
	return nil
}

// MissingDocuments returns the required kinds absent from present, in the
// order of RequiredDocuments.
func MissingDocuments(kind ApplicationKind, present []DocumentKind) []DocumentKind {
	var missing []DocumentKind
	for _, k := range RequiredDocuments(kind) {
		if !slices.Contains(present, k) {
			missing = append(missing, k)
		}
	}
	return missing
}

// Document is a file attached to an application. The bytes themselves are
// stored by app/ in the same transaction as this row.
type Document struct {
	ID            int64
	ApplicationID int64
	Kind          DocumentKind
	// FileName is the name it was uploaded under, for display only: it says
	// nothing trustworthy about the content.
	FileName string
	// ContentType is what SniffDocument found in the bytes.
	ContentType string
	SizeBytes   int64
	// SHA256 is the hex digest of the content, to detect the same file
	// attached twice and to prove later what was seen.
	SHA256       string
	UploadedByID int64
	CreatedAt    time.Time
}

// Content types accepted for documents.
const (
	ContentTypePDF  = "application/pdf"
	ContentTypeJPEG = "image/jpeg"
	ContentTypePNG  = "image/png"
)

// SniffLen is how many leading bytes SniffDocument needs.
const SniffLen = 8

// Document upload error codes (field "file").
const (
	CodeDocumentEmpty    = "document_empty"
	CodeDocumentTooLarge = "document_too_large"
	CodeDocumentType     = "document_type"
)

// SniffDocument returns the content type of a document from its first bytes
// (magic numbers), or "" when it is not a PDF, JPEG or PNG. The file name and
// the declared type are ignored: both are set by whoever uploads.
func SniffDocument(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return ContentTypePDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return ContentTypeJPEG
	case bytes.HasPrefix(head, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}):
		return ContentTypePNG
	}
	return ""
}

// CheckUpload validates an upload of size bytes whose content starts with head
// (at least SniffLen bytes when the file is that long) and returns its content
// type. Storage must count the bytes it actually reads, not trust a declared
// size, and stop reading past s.MaxUploadBytes.
func CheckUpload(kind DocumentKind, size int64, head []byte, s Settings) (string, error) {
	var v Validation
	if !kind.Valid() {
		v.Add("kind", "invalid_choice", "Choose what kind of document this is.")
	}
	var ct string
	switch {
	case size <= 0:
		v.Add("file", CodeDocumentEmpty, "The file is empty.")
	case size > s.MaxUploadBytes:
		v.Add("file", CodeDocumentTooLarge, "The file is larger than {{.max_mib}} MiB; scan it at a lower resolution or split it.",
			map[string]any{"max_bytes": s.MaxUploadBytes, "max_mib": s.MaxUploadBytes >> 20})
	default:
		if ct = SniffDocument(head); ct == "" {
			v.Add("file", CodeDocumentType, "Upload a PDF, JPEG or PNG file.")
		}
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	return ct, nil
}
