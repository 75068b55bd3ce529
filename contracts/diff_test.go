package contracts

import (
	"strings"
	"testing"
)

func TestDiffTexts(t *testing.T) {
	es, _ := EmbeddedText("es")
	old, err := ParseTextSet("es", es)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(es), "Sus derechos como", "Todos sus derechos como", 1)
	edited = strings.Replace(edited, "\ncontact_helpline = ", "\ncontact_helpline_x = ", 1)
	if _, err := ParseTextSet("es", []byte(edited)); err == nil {
		t.Fatal("an unknown key was accepted")
	}
	edited = strings.Replace(edited, "\ncontact_helpline_x = ", "\ncontact_helpline = ", 1)
	edited = strings.Replace(edited, `translator = "`, `translator = "M. Ruiz; `, 1)
	neu, err := ParseTextSet("es", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	changes := DiffTexts(old, neu)
	if len(changes) != 2 {
		t.Fatalf("want 2 changes, got %+v", changes)
	}
	// In the English file's order: the translator line comes before the leaflet.
	if changes[0].Key != "translator" || changes[1].Key != "leaflet.title" {
		t.Fatalf("keys %q, %q", changes[0].Key, changes[1].Key)
	}
	c := changes[1]
	if c.OldPart != "Sus" || c.NewPart != "Todos sus" || c.Before+c.OldPart+c.After != c.Old || c.Before+c.NewPart+c.After != c.New {
		t.Errorf("marked part: %+v", c)
	}
	if len(DiffTexts(old, old)) != 0 {
		t.Error("a text differs from itself")
	}
	// A text new to a language shows key by key, as added.
	var added int
	for _, c := range DiffTexts(&TextSet{}, neu) {
		if c.Added && c.Old == "" && c.New != "" {
			added++
		}
	}
	if added < len(neu.Leaflet)+len(neu.Summons)+len(neu.Contract) {
		t.Errorf("%d keys listed as added", added)
	}
}

func TestChangedPartKeepsWholeWords(t *testing.T) {
	for _, tt := range []struct{ a, b, before, ap, bp, after string }{
		{"call 078 05 58 00 now", "call 078 05 58 01 now", "call 078 05 58 ", "00", "01", " now"},
		{"abc", "abd", "", "abc", "abd", ""},
		{"", "new", "", "", "new", ""},
		{"same", "same", "same", "", "", ""},
	} {
		before, ap, bp, after := changedPart(tt.a, tt.b)
		if before != tt.before || ap != tt.ap || bp != tt.bp || after != tt.after {
			t.Errorf("changedPart(%q, %q) = %q %q %q %q", tt.a, tt.b, before, ap, bp, after)
		}
	}
}
