package models

import "testing"

func TestTranslationCredit(t *testing.T) {
	for _, tt := range []struct {
		name, lang string
		c          TranslationCredit
		note       string
		review     TranslationReview
		wantField  string
	}{
		{"draft", "ne", TranslationCredit{Translator: "A"}, "n", ReviewNone, ""},
		{"sworn", "ne", TranslationCredit{Translator: "A", ReviewedBy: "B", Sworn: true}, "n", ReviewSworn, ""},
		{"sworn without reviewer", "ne", TranslationCredit{Translator: "A", Sworn: true}, "n", ReviewSworn, "reviewed_by"},
		{"no translator", "ne", TranslationCredit{}, "n", ReviewNone, "translator"},
		{"no note", "ne", TranslationCredit{Translator: "A"}, " ", ReviewNone, "note"},
		{"original", "fr", TranslationCredit{Translator: "Directorate"}, "n", ReviewOriginal, ""},
		{"original sworn", "fr", TranslationCredit{Translator: "D", ReviewedBy: "B", Sworn: true}, "n", ReviewOriginal, "sworn"},
		{"unknown language", "xx", TranslationCredit{Translator: "A"}, "n", ReviewNone, "language"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Review(tt.lang); got != tt.review {
				t.Errorf("review %q, want %q", got, tt.review)
			}
			err := ValidateTranslationCredit(tt.lang, tt.c, tt.note)
			if tt.wantField == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if e, ok := err.(*Error); !ok || !hasField(e, tt.wantField) {
				t.Errorf("want a refusal of %s, got %v", tt.wantField, err)
			}
		})
	}
	if !ReviewOriginal.Reviewed() || !ReviewSworn.Reviewed() || ReviewNone.Reviewed() {
		t.Error("Reviewed")
	}
}

func hasField(e *Error, field string) bool {
	_, ok := e.Field(field)
	return ok
}

func TestCanPublishTranslation(t *testing.T) {
	inUse := TranslationVersion{ID: 1, Status: TranslationPublished, Publication: 1, SHA256: "a", Documents: "leaflet,summons,contract", Review: ReviewNone, Translator: "T"}
	for _, tt := range []struct {
		name string
		v    TranslationVersion
		use  *TranslationVersion
		want string
	}{
		{"first", TranslationVersion{Status: TranslationDraft, SHA256: "b", Documents: "leaflet"}, nil, ""},
		{"new text", TranslationVersion{Status: TranslationDraft, SHA256: "b", Documents: "leaflet,summons,contract"}, &inUse, ""},
		{"same text, now reviewed", TranslationVersion{Status: TranslationDraft, SHA256: "a", Documents: inUse.Documents, Review: ReviewSworn, ReviewedBy: "R", Translator: "T"}, &inUse, ""},
		{"identical", TranslationVersion{Status: TranslationDraft, SHA256: "a", Documents: inUse.Documents, Review: ReviewNone, Translator: "T"}, &inUse, "translation_unchanged"},
		{"drops the contract", TranslationVersion{Status: TranslationDraft, SHA256: "b", Documents: "leaflet,summons"}, &inUse, "translation_drops_document"},
		{"published", inUse, &inUse, "translation_published"},
		{"discarded", TranslationVersion{Status: TranslationDiscarded, SHA256: "b", Documents: inUse.Documents}, &inUse, "translation_discarded"},
	} {
		got := ""
		if err := CanPublishTranslation(tt.v, tt.use); err != nil {
			got = ErrorCode(err)
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if ErrorCode(CanDiscardTranslation(inUse)) != "translation_published" || CanDiscardTranslation(TranslationVersion{Status: TranslationDraft}) != nil {
		t.Error("discard")
	}
}

func TestContactList(t *testing.T) {
	good := []HelpContact{{Key: "pagasa", Phone: "+32 2 511 64 64", Web: "pag-asa.be"}, {Label: "A new line", Phone: "0800 12 345"}}
	if err := ValidateContactList(NormalizeHelpContacts(append(good, HelpContact{Key: " "})), "checked"); err != nil {
		t.Errorf("good list: %v", err)
	}
	for _, tt := range []struct {
		name   string
		list   []HelpContact
		source string
		field  string
	}{
		{"empty", nil, "s", "contacts"},
		{"no source", good, "", "source"},
		{"unknown key", []HelpContact{{Key: "nsso", Phone: "02"}}, "s", "contacts[0].key"},
		{"twice", []HelpContact{good[0], good[0]}, "s", "contacts[1].key"},
		{"no label", []HelpContact{{Phone: "112"}}, "s", "contacts[0].label"},
		{"unreachable", []HelpContact{{Key: "surya"}}, "s", "contacts[0].phone"},
		{"letters", []HelpContact{{Key: "surya", Phone: "call 112"}}, "s", "contacts[0].phone"},
		{"scheme", []HelpContact{{Key: "surya", Web: "https://asblsurya.org"}}, "s", "contacts[0].web"},
	} {
		err := ValidateContactList(tt.list, tt.source)
		if e, ok := err.(*Error); !ok || !hasField(e, tt.field) {
			t.Errorf("%s: want %s refused, got %v", tt.name, tt.field, err)
		}
	}
}

func TestChooseLanguage(t *testing.T) {
	avail := []string{"am", "en", "fr", "ne", "tl"}
	for _, tt := range []struct {
		worker   []string
		want     string
		fallback bool
	}{
		{[]string{"ne", "en"}, "ne", false},
		{[]string{"fil"}, "tl", false},
		{[]string{"pl", "AM"}, "am", false},
		{[]string{"pl"}, "en", true},
		{nil, "en", true},
	} {
		if got, fb := ChooseLanguage(tt.worker, avail); got != tt.want || fb != tt.fallback {
			t.Errorf("ChooseLanguage(%v) = %q %v, want %q %v", tt.worker, got, fb, tt.want, tt.fallback)
		}
	}
	if got, fb := ChooseLanguage([]string{"pl"}, []string{"ne"}); got != "" || !fb {
		t.Errorf("nothing available: %q %v", got, fb)
	}
}

func TestCheckLeafletLanguage(t *testing.T) {
	if code, err := CheckLeafletLanguage("fil", []string{"tl", "en"}); err != nil || code != "tl" {
		t.Errorf("fil: %q %v", code, err)
	}
	for _, lang := range []string{"Tagalog", "pl", ""} {
		if _, err := CheckLeafletLanguage(lang, []string{"tl", "en"}); ErrorCode(err) != "invalid_input" {
			t.Errorf("%q accepted: %v", lang, err)
		}
	}
}

func TestCheckContractLanguages(t *testing.T) {
	tr := []string{"de", "en", "fr", "ne", "nl"}
	for _, tt := range []struct {
		name         string
		worker       []string
		lang, second string
		confirmed    bool
		wantCode     string
	}{
		{"reads the binding language", []string{"fr"}, "fr", "", false, ""},
		{"reads the translation", []string{"ne"}, "fr", "ne", false, ""},
		{"translation offered", []string{"ne", "hi"}, "fr", "", false, "worker_reads_none_offer"},
		{"second language not read", []string{"ne"}, "fr", "nl", false, "worker_reads_none_offer"},
		{"no translation", []string{"pl"}, "nl", "", false, "worker_reads_none"},
		{"confirmed", []string{"pl"}, "nl", "", true, ""},
		{"no language recorded", nil, "nl", "", false, ""},
	} {
		err := CheckContractLanguages(tt.worker, tt.lang, tt.second, tr, tt.confirmed)
		got := ""
		if e, ok := err.(*Error); ok {
			if f, ok := e.Field("second_language"); ok {
				got = f.Code
			}
		}
		if got != tt.wantCode {
			t.Errorf("%s: %q (%v), want %q", tt.name, got, err, tt.wantCode)
		}
	}
}
