package models

import "testing"

func TestCountryName(t *testing.T) {
	for _, tt := range []struct{ code, lang, want string }{
		{"VN", "en", "Vietnam"}, {"VN", "fr", "Vietnam"}, {"ET", "fr", "Éthiopie"}, {"VN", "nl", "Vietnam"}, {"PH", "fr", "Philippines"},
		{"ET", "nl", "Ethiopië"}, {"ET", "am", "ኢትዮጵያ"}, {"BE", "de", "Belgien"}, {"XK", "en", "Kosovo"},
		{"ZZ", "en", "ZZ"}, {"", "en", ""}, {"PHL", "en", "PHL"},
	} {
		if got := CountryName(tt.code, tt.lang); got != tt.want {
			t.Errorf("%s in %s: %q, want %q", tt.code, tt.lang, got, tt.want)
		}
	}
	list := Countries("fr")
	if len(list) != len(countryCodes) {
		t.Fatalf("%d countries", len(list))
	}
	idx := map[string]int{}
	for i, c := range list {
		idx[c.Code] = i
		if c.Name == c.Code {
			t.Errorf("%s has no French name", c.Code)
		}
	}
	// French order ignores the accents: Égypte, Émirats, Équateur.
	if !(idx["EG"] < idx["AE"] && idx["AE"] < idx["EC"]) {
		t.Errorf("French order: Égypte %d, Émirats %d, Équateur %d", idx["EG"], idx["AE"], idx["EC"])
	}
}

func TestLanguageDisplayName(t *testing.T) {
	for _, tt := range []struct{ code, lang, want string }{
		{"tl", "fr", "filipino (tagalog)"}, {"am", "nl", "Amhaars"}, {"ha", "en", "Hausa"}, {"ha", "fr", "haoussa"}, {"qqq", "en", "qqq"},
	} {
		if got := LanguageDisplayName(tt.code, tt.lang); got != tt.want {
			t.Errorf("%s in %s: %q, want %q", tt.code, tt.lang, got, tt.want)
		}
	}
}

func TestLanguageChoices(t *testing.T) {
	list := LanguageChoices("nl")
	if list[0].Code != "en" || list[0].Name != "Engels" || len(list) < 150 {
		t.Fatalf("%d choices, first %+v", len(list), list[0])
	}
	seen := map[string]int{}
	for i, l := range list {
		if _, dup := seen[l.Code]; dup {
			t.Errorf("%s listed twice", l.Code)
		}
		seen[l.Code] = i
	}
	if _, ok := seen["ha"]; !ok {
		t.Error("Hausa, beyond the catalogue, is not offered")
	}
	if seen["tl"] > len(languages) || seen["ha"] < len(languages) {
		t.Error("the catalogue's languages do not come first")
	}
}
