package models

import (
	"slices"
	"strings"
)

// Language is a language a worker may read, as the documents given to the
// worker (rights leaflet, interview summons, contract translation) and the
// interpreter bookings name it.
type Language struct {
	// Code is the ISO 639-1 code (ISO 639-2 where there is none).
	Code string
	// Names in English, French, Dutch and German, the languages of the
	// staff's pages and of the binding contract.
	English, French, Dutch, German string
	// Endonym is the language's name for itself, as a worker looks for it.
	Endonym string
	// Script is the ISO 15924 code of the script it is written in.
	Script string
	// RTL is set for languages written right to left.
	RTL bool
}

// Name returns the language's name in the language in (en, fr, nl or de;
// its own name for in == Code; English otherwise).
func (l Language) Name(in string) string {
	switch in {
	case "fr":
		return l.French
	case "nl":
		return l.Dutch
	case "de":
		return l.German
	case l.Code:
		return l.Endonym
	}
	return l.English
}

// languages is the catalogue, in the order lists show it: the languages
// of the binding contract first, then the workers' languages by script.
var languages = []Language{
	{"en", "English", "anglais", "Engels", "Englisch", "English", "Latn", false},
	{"fr", "French", "français", "Frans", "Französisch", "Français", "Latn", false},
	{"nl", "Dutch", "néerlandais", "Nederlands", "Niederländisch", "Nederlands", "Latn", false},
	{"de", "German", "allemand", "Duits", "Deutsch", "Deutsch", "Latn", false},
	{"tl", "Filipino (Tagalog)", "filipino (tagalog)", "Filipijns (Tagalog)", "Filipino (Tagalog)", "Filipino", "Latn", false},
	{"id", "Indonesian", "indonésien", "Indonesisch", "Indonesisch", "Bahasa Indonesia", "Latn", false},
	{"es", "Spanish", "espagnol", "Spaans", "Spanisch", "Español", "Latn", false},
	{"pt", "Portuguese", "portugais", "Portugees", "Portugiesisch", "Português", "Latn", false},
	{"sw", "Swahili", "swahili", "Swahili", "Suaheli", "Kiswahili", "Latn", false},
	{"vi", "Vietnamese", "vietnamien", "Vietnamees", "Vietnamesisch", "Tiếng Việt", "Latn", false},
	{"ru", "Russian", "russe", "Russisch", "Russisch", "Русский", "Cyrl", false},
	{"ar", "Arabic", "arabe", "Arabisch", "Arabisch", "العربية", "Arab", true},
	{"ur", "Urdu", "ourdou", "Urdu", "Urdu", "اردو", "Arab", true},
	{"hi", "Hindi", "hindi", "Hindi", "Hindi", "हिन्दी", "Deva", false},
	{"ne", "Nepali", "népalais", "Nepalees", "Nepali", "नेपाली", "Deva", false},
	{"bn", "Bengali", "bengali", "Bengaals", "Bengalisch", "বাংলা", "Beng", false},
	{"si", "Sinhala", "cingalais", "Singalees", "Singhalesisch", "සිංහල", "Sinh", false},
	{"ta", "Tamil", "tamoul", "Tamil", "Tamil", "தமிழ்", "Taml", false},
	{"th", "Thai", "thaï", "Thai", "Thailändisch", "ไทย", "Thai", false},
	{"am", "Amharic", "amharique", "Amhaars", "Amharisch", "አማርኛ", "Ethi", false},
	{"ti", "Tigrinya", "tigrigna", "Tigrinya", "Tigrinya", "ትግርኛ", "Ethi", false},
}

// languageAliases are other codes for a catalogue language.
var languageAliases = map[string]string{
	"fil": "tl", // ISO 639-2 Filipino, the national standard based on Tagalog
}

// LanguageByCode returns the catalogue's language for code (case and
// region ignored: "pt-BR" is Portuguese; "fil" is Filipino).
func LanguageByCode(code string) (Language, bool) {
	code = strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	if c, ok := languageAliases[code]; ok {
		code = c
	}
	for _, l := range languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// Languages lists the catalogue in display order.
func Languages() []Language {
	return append([]Language(nil), languages...)
}

// LanguageName names code in the language in ("am" in "fr": "amharique"),
// or returns code itself when the catalogue does not know it.
func LanguageName(code, in string) string {
	l, ok := LanguageByCode(code)
	if !ok {
		return code
	}
	return l.Name(in)
}

// FallbackLanguages is the Directorate's order of languages for a document
// when the worker reads none of those it exists in: English, the most widely
// read second language among the workers, then the languages of Brussels.
var FallbackLanguages = []string{"en", "fr", "nl", "de"}

// ChooseLanguage picks a document's language for a worker: the first of the
// worker's languages (in the order recorded, best first) that the document
// exists in (available), with fallback false; else the first of
// FallbackLanguages that it exists in, with fallback true; "" if none.
func ChooseLanguage(worker []string, available []string) (code string, fallback bool) {
	for _, w := range worker {
		if l, ok := LanguageByCode(w); ok && slices.Contains(available, l.Code) {
			return l.Code, false
		}
	}
	for _, f := range FallbackLanguages {
		if slices.Contains(available, f) {
			return f, true
		}
	}
	return "", true
}

// Reads reports whether a worker who reads langs reads code.
func Reads(langs []string, code string) bool {
	for _, w := range langs {
		if l, ok := LanguageByCode(w); ok && l.Code == code {
			return true
		}
	}
	return false
}

// CheckContractLanguages says whether a contract in language (with second
// beside it, or none) may be drawn up for a worker who reads worker: the
// worker must read one of them (C189 and the Directorate: the contract is
// also given in a language the worker understands). Otherwise it is refused
// with the translation to offer (the first of the worker's languages among
// translations, the languages with a contract translation), unless the clerk
// confirms that the worker will have the contract explained in a language
// they understand (no translation exists, or it cannot be used).
func CheckContractLanguages(worker []string, language, second string, translations []string, confirmed bool) error {
	if len(worker) == 0 || Reads(worker, language) || (second != "" && Reads(worker, second)) || confirmed {
		return nil
	}
	var v Validation
	offer, fallback := ChooseLanguage(worker, translations)
	if !fallback && offer != "" {
		l, _ := LanguageByCode(offer)
		v.Add("second_language", "worker_reads_none_offer",
			"The worker reads none of the contract's languages. A translation exists in {{.language}}: choose it as the second language, or confirm that the contract will be explained to the worker in a language they understand.",
			map[string]any{"language": l.Endonym + " (" + l.English + ")", "offer": offer})
		return v.Err()
	}
	v.Add("second_language", "worker_reads_none",
		"The worker reads none of the contract's languages and no translation exists in theirs: confirm that the contract will be explained to the worker, by an interpreter, in a language they understand.")
	return v.Err()
}
