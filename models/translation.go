package models

import (
	"slices"
	"strings"
	"time"
)

// Translations of the documents handed to the worker (rights leaflet,
// interview summons, contract translation) are data: each language's texts
// are kept as versions, the first taken from the files the release carries,
// later ones uploaded by an admin, compared with the one in use and
// published. A version is one language's whole text file; the one in use is
// the latest published.

// TranslationReview says who stands behind a version's text.
type TranslationReview string

// Reviews.
const (
	// ReviewOriginal is the Directorate's own text: French, Dutch, German
	// and English, the languages a contract may be drawn up in.
	ReviewOriginal TranslationReview = "original"
	// ReviewSworn is a translation checked by a sworn translator, named.
	ReviewSworn TranslationReview = "reviewed"
	// ReviewNone is a draft no sworn translator has checked: it is never
	// printed alone, the English (or French) text stands beside it with a
	// line saying so.
	ReviewNone TranslationReview = "unreviewed"
)

// Reviewed reports whether a text under r may be printed on its own.
func (r TranslationReview) Reviewed() bool { return r == ReviewOriginal || r == ReviewSworn }

// BindingLanguages are the languages the Directorate writes its own texts
// in and a contract may be drawn up in; every other language is a
// translation.
var BindingLanguages = []string{"fr", "nl", "de", "en"}

// TranslationStatus is where a version stands.
type TranslationStatus string

// Statuses of a translation version.
const (
	TranslationDraft     TranslationStatus = "draft"
	TranslationPublished TranslationStatus = "published"
	// TranslationDiscarded is a draft an admin set aside: kept, never
	// printed, never offered again.
	TranslationDiscarded TranslationStatus = "discarded"
)

// TranslationSource says where a version came from.
type TranslationSource string

// Sources of a translation version.
const (
	// SourceRelease is the text file the binary carries (contracts/clauses).
	SourceRelease TranslationSource = "release"
	// SourceUpload is a file an admin uploaded.
	SourceUpload TranslationSource = "upload"
)

// TranslationVersion is one version of one language's texts.
type TranslationVersion struct {
	ID       int64
	Language string
	Status   TranslationStatus
	// Publication numbers a language's published versions 1, 2, …; the
	// highest is the one in use. Zero for a draft.
	Publication int
	Source      TranslationSource
	// Content is the text file (TOML) as uploaded or shipped.
	Content string
	SHA256  string
	// Documents lists the documents the file holds texts for
	// ("leaflet,summons,contract").
	Documents  string
	Translator string
	ReviewedBy string
	Review     TranslationReview
	// Note says why the version was made (what was corrected, whose
	// remarks it follows).
	Note          string
	CreatedByID   *int64
	CreatedAt     time.Time
	PublishedAt   *time.Time
	PublishedByID *int64
}

// TranslationCredit is who translated a version and who reviewed it.
type TranslationCredit struct {
	Translator string
	ReviewedBy string
	// Sworn: ReviewedBy is a sworn translator who checked the text.
	Sworn bool
}

// Review is the review status the credit gives a text in lang: the
// Directorate's own for a binding language, sworn or none otherwise.
func (c TranslationCredit) Review(lang string) TranslationReview {
	switch {
	case slices.Contains(BindingLanguages, lang):
		return ReviewOriginal
	case c.Sworn:
		return ReviewSworn
	}
	return ReviewNone
}

// ValidateTranslationCredit checks the credit of a version for lang: a
// translator is named; a sworn review names the reviewer; the binding
// languages are the Directorate's own texts, not reviewed translations.
func ValidateTranslationCredit(lang string, c TranslationCredit, note string) error {
	var v Validation
	if _, ok := LanguageByCode(lang); !ok {
		v.Add("language", "unknown_language", "Choose a language of the list.")
	}
	checkText := func(field, value string, required bool, max int) {
		switch value = strings.TrimSpace(value); {
		case value == "" && required:
			v.Add(field, "required", "This field is required.")
		case len([]rune(value)) > max:
			v.Add(field, "too_long", "Use at most {{.max}} characters.", map[string]any{"max": max})
		}
	}
	checkText("translator", c.Translator, true, 200)
	checkText("reviewed_by", c.ReviewedBy, c.Sworn, 200)
	checkText("note", note, true, 1000)
	if c.Sworn && slices.Contains(BindingLanguages, lang) {
		v.Add("sworn", "original_not_reviewed", "French, Dutch, German and English texts are the Directorate's own: they are not sworn translations.")
	}
	return v.Err()
}

// CanPublishTranslation says whether version v may be published now: only
// a draft is, whose text or review differs from the one in use, and which
// keeps every document the one in use has (a leaflet in use is never
// withdrawn by publishing a file that lacks it).
func CanPublishTranslation(v TranslationVersion, inUse *TranslationVersion) error {
	if err := notDraft(v); err != nil {
		return err
	}
	if inUse == nil {
		return nil
	}
	if inUse.SHA256 == v.SHA256 && inUse.Review == v.Review && inUse.ReviewedBy == v.ReviewedBy && inUse.Translator == v.Translator {
		return Fail(KindConflict, "translation_unchanged", "This version is the text in use, word for word.")
	}
	have := strings.Split(v.Documents, ",")
	for _, d := range strings.Split(inUse.Documents, ",") {
		if d != "" && !slices.Contains(have, d) {
			return Fail(KindConflict, "translation_drops_document",
				"The version in use has the {{.document}} text and this one has none: add it to the file, so that no document disappears.").With("document", d)
		}
	}
	return nil
}

// CanDiscardTranslation says whether version v may be discarded: drafts
// only; a published text is kept for the documents printed from it.
func CanDiscardTranslation(v TranslationVersion) error { return notDraft(v) }

func notDraft(v TranslationVersion) error {
	switch v.Status {
	case TranslationDraft:
		return nil
	case TranslationDiscarded:
		return Fail(KindConflict, "translation_discarded", "Version {{.id}} was discarded; upload it again to publish it.").With("id", v.ID)
	}
	return Fail(KindConflict, "translation_published", "Version {{.id}} is already published; upload a new version to change the text.").With("id", v.ID)
}
