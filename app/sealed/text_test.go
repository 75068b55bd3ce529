package sealed

import (
	"strings"
	"testing"
)

// TestTextForm: a sealed value survives its text form, the key id sits
// where the database's reseal triggers and status query read it, and a value
// that is not in the form is told apart.
func TestTextForm(t *testing.T) {
	s := mustNew(t, newKey(t))
	b, err := s.Seal([]byte("Intake desk, Ms Verbruggen"), []byte("referral_contact:1"))
	if err != nil {
		t.Fatal(err)
	}
	txt := EncodeText(b)
	if !IsText(txt) || strings.Contains(txt, "Verbruggen") {
		t.Fatalf("text form %q", txt)
	}
	if got := txt[3:11]; got != s.CurrentKeyID().String() {
		t.Errorf("key id at characters 4-11: %q, want %s", got, s.CurrentKeyID())
	}
	back, err := DecodeText(txt)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := s.Open(back, []byte("referral_contact:1"))
	if err != nil || string(plain) != "Intake desk, Ms Verbruggen" {
		t.Errorf("open: %q %v", plain, err)
	}
	for _, bad := range []string{"", "plain text", TextMarker, TextMarker + "zz", TextMarker + "01", TextMarker + "02" + strings.Repeat("00", 40)} {
		if _, err := DecodeText(bad); err == nil {
			t.Errorf("DecodeText(%q) succeeded", bad)
		}
	}
	if IsText("plain text") {
		t.Error("plain text taken for a sealed value")
	}
}
