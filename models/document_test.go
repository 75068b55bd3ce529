package models

import (
	"slices"
	"testing"
)

func TestRequiredDocuments(t *testing.T) {
	full := []DocumentKind{DocNoteVerbale, DocSignedContract, DocDeclarationOfReturn, DocSocialSecurity,
		DocWorkAccidentInsurance, DocRepatriationInsurance, DocPassportCopy}
	tests := []struct {
		kind ApplicationKind
		want []DocumentKind
	}{
		{ApplicationFirstIssuance, full},
		{ApplicationRenewal, full},
		{ApplicationDuplicate, []DocumentKind{DocNoteVerbale, DocPoliceReport, DocPassportCopy}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := RequiredDocuments(tt.kind); !slices.Equal(got, tt.want) {
			t.Errorf("RequiredDocuments(%q) = %v", tt.kind, got)
		}
	}
	got := MissingDocuments(ApplicationDuplicate, []DocumentKind{DocPassportCopy, DocSignedContract})
	if !slices.Equal(got, []DocumentKind{DocNoteVerbale, DocPoliceReport}) {
		t.Errorf("MissingDocuments = %v", got)
	}
	for _, k := range DocumentKinds {
		if !k.Valid() || k.Label() == string(k) {
			t.Errorf("%s has no label", k)
		}
	}
}

func TestSniffDocument(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3"), ContentTypePDF},
		{"jpeg (JFIF)", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F'}, ContentTypeJPEG},
		{"jpeg (Exif)", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 0, 'E', 'x'}, ContentTypeJPEG},
		{"png", []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0}, ContentTypePNG},
		{"png header damaged by a text transfer", []byte{0x89, 'P', 'N', 'G', '\n', 0x1A, '\n', 0}, ""},
		{"jpeg start of image without a marker", []byte{0xFF, 0xD8, 0x00, 0x00}, ""},
		{"gif", []byte("GIF89a.."), ""},
		{"zip or docx", []byte{'P', 'K', 3, 4, 0, 0, 0, 0}, ""},
		{"html calling itself pdf", []byte("<html><body>%PDF-"), ""},
		{"truncated pdf magic", []byte("%PD"), ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		if got := SniffDocument(tt.head); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCheckUpload(t *testing.T) {
	s := DefaultSettings()
	pdf := []byte("%PDF-1.4")
	tests := []struct {
		name string
		kind DocumentKind
		size int64
		head []byte
		want []string
		ct   string
	}{
		{"pdf", DocSignedContract, 120_000, pdf, nil, ContentTypePDF},
		{"exactly the limit", DocPassportCopy, s.MaxUploadBytes, []byte{0xFF, 0xD8, 0xFF, 0xDB}, nil, ContentTypeJPEG},
		{"one byte over", DocPassportCopy, s.MaxUploadBytes + 1, pdf, []string{"file:" + CodeDocumentTooLarge}, ""},
		{"empty", DocPassportCopy, 0, nil, []string{"file:" + CodeDocumentEmpty}, ""},
		{"not a pdf, jpeg or png", DocNoteVerbale, 100, []byte("PK\x03\x04...."), []string{"file:" + CodeDocumentType}, ""},
		{"unknown kind", "selfie", 100, pdf, []string{"kind:invalid_choice"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, err := CheckUpload(tt.kind, tt.size, tt.head, s)
			if got := lcFieldCodes(t, err); !lcSameStrings(got, tt.want) || ct != tt.ct {
				t.Errorf("got %q %v, want %q %v", ct, got, tt.ct, tt.want)
			}
		})
	}
}
