package contracts

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/contracts/pdftest"
	"github.com/carddesk/carddesk/models"
)

func testPhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCardLayout: two ID-1 pages (85.60 × 53.98 mm), the front and back
// carrying the card's fields, a name in Ethiopic and one in Arabic printed as
// written, and the photo embedded; no photo, no card.
func TestCardLayout(t *testing.T) {
	d := CardLayoutData{Number: "S00000004290", FamilyName: "ገብረ መድኅን", GivenNames: "Ana María", Nationality: "ET",
		DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), Sex: models.SexFemale,
		IssuedOn: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), ExpiresOn: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC),
		Employer: "H.E. Fatima الزهراء", Mission: "Embassy of the Federal Democratic Republic of Ethiopia", Photo: testPhoto(t, 300, 400)}
	pdf, err := CardLayout(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	info := pdftest.Info(t, pdf)
	if info["Pages"] != "2" || !strings.HasPrefix(info["Page size"], "242.65 x 153.01 pts") {
		t.Errorf("want 2 pages of 242.65 x 153.01 pts (85.60 x 53.98 mm), got %q pages of %q", info["Pages"], info["Page size"])
	}
	text := pdftest.Text(t, pdf)
	for _, want := range []string{"S00000004290", "ገብረ መድኅን", "Ana María", "ET", "17.05.1990", "F", "01.03.2027", "02.03.2026",
		"Embassy of the Federal Democratic Republic of Ethiopia", "الزهراء", "Type S", "CARTE D'IDENTITÉ SPÉCIALE", "Bijzondere identiteitskaart", "Sexe · Geslacht", "Né(e) le · Geboren op"} {
		if !strings.Contains(text, want) {
			t.Errorf("the card lacks %q: %s", want, text)
		}
	}
	if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("the photo is not embedded")
	}
	again, err := CardLayout(context.Background(), d)
	if err != nil || !bytes.Equal(pdf, again) {
		t.Error("the same card gives different bytes")
	}
	d.Photo = nil
	if _, err := CardLayout(context.Background(), d); models.ErrorCode(err) != "invalid_input" {
		t.Errorf("no photo: %v", err)
	}
}
