package contracts

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // the photo may be a PNG
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"github.com/carddesk/carddesk/models"
)

// The print-ready layout of a type S special identity card (issue 13): two
// pages of the ID-1 format (ISO/IEC 7810, 85.60 × 53.98 mm), the front with
// the worker's photo and identity, the back with the mission, the employer,
// the issue and the rule that the card is returned at the end. The labels
// are in French and Dutch as on Belgian cards; names are set in the embedded
// Noto fonts, so a name in any script prints as it is written.

// ID-1 card geometry, in millimetres.
const (
	CardWidthMM  = 85.60
	CardHeightMM = 53.98
	cardMargin   = 3.0
	photoW       = 22.0
	photoH       = 28.5
)

// CardLayoutData is what a card carries.
type CardLayoutData struct {
	Number      string
	FamilyName  string
	GivenNames  string
	Nationality string // ISO 3166-1 alpha-2
	DateOfBirth time.Time
	Sex         models.Sex
	IssuedOn    time.Time
	ExpiresOn   time.Time
	Employer    string
	Mission     string
	// Photo is the worker's photo (JPEG or PNG, as models.CheckPhoto
	// accepted it).
	Photo []byte
}

// cardNationality is the nationality as the card prints it: the ISO code
// and the country's name in French.
func cardNationality(code string) string {
	if models.ValidCountryCode(code) {
		return code + " " + models.CountryName(code, "fr")
	}
	return code
}

// CardLayout returns the card's layout as a two-page PDF (front, back).
func CardLayout(ctx context.Context, d CardLayoutData) ([]byte, error) {
	var v models.Validation
	if strings.TrimSpace(d.Number) == "" || strings.TrimSpace(d.FamilyName) == "" {
		v.Add("number", "required", "A card has a number and a holder.")
	}
	if len(d.Photo) == 0 {
		v.Add("photo", models.CodePhotoMissing, "There is no photo of the worker.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	// The photo is decoded and written again as a baseline JPEG: the PDF
	// then carries exactly one kind of image, whatever was uploaded.
	img, _, err := image.Decode(bytes.NewReader(d.Photo))
	if err != nil {
		return nil, fmt.Errorf("card %s: photo: %w", d.Number, err)
	}
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, img, &jpeg.Options{Quality: 90}); err != nil {
		return nil, fmt.Errorf("card %s: photo: %w", d.Number, err)
	}

	created := civil(d.IssuedOn)
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: CardWidthMM, Ht: CardHeightMM}})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetProducer("Carddesk", false)
	pdf.SetCreator("Carddesk", false)
	pdf.SetTitle("Carte d'identité spéciale S "+d.Number, true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetLang("fr")
	w := &writer{ctx: ctx, pdf: pdf, mode: fontUnicode, space: map[string]float64{}, langs: []string{"fr"},
		ts: map[string]*typesetter{}, added: map[*loadedFont]bool{}, family: "helvetica"}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("02.01.2006")
	}
	// text writes s at (x, y) (top of the line) within width, at most
	// maxLines lines, and returns the y below it.
	text := func(x, y, width float64, style string, size float64, s string, maxLines int) float64 {
		w.font(style, size)
		ls := w.layout(0, s, width)
		if len(ls) > maxLines {
			ls = ls[:maxLines]
		}
		for _, l := range ls {
			y += size * ptToMM
			w.draw(x, width, y, l)
			y += size * ptToMM * (lineSpacing - 1)
		}
		return y
	}
	field := func(x, y, width float64, label, value string) float64 {
		y = text(x, y, width, "", 4.6, label, 1)
		return text(x, y, width, "B", 6.6, value, 2) + 0.6
	}
	band := func(title, subtitle string) {
		pdf.SetFillColor(0, 51, 102)
		pdf.Rect(0, 0, CardWidthMM, 8.5, "F")
		pdf.SetTextColor(255, 255, 255)
		text(cardMargin, 0.9, CardWidthMM-2*cardMargin-10, "B", 6.2, title, 1)
		text(cardMargin, 4.3, CardWidthMM-2*cardMargin-10, "", 4.6, subtitle, 1)
		// The card's type, boxed in the corner.
		pdf.SetDrawColor(255, 255, 255)
		pdf.SetLineWidth(0.3)
		pdf.Rect(CardWidthMM-cardMargin-7, 1.0, 7, 6.5, "D")
		text(CardWidthMM-cardMargin-5.3, 1.3, 5, "B", 12, models.CardType, 1)
		pdf.SetTextColor(0, 0, 0)
	}

	// Front.
	w.newPage()
	band("BELGIQUE · BELGIË — CARTE D'IDENTITÉ SPÉCIALE",
		"Bijzondere identiteitskaart — Personnel privé · Privé-personeel — Type "+models.CardType)
	pdf.RegisterImageOptionsReader("photo", gofpdf.ImageOptions{ImageType: "JPG"}, &photo)
	pdf.ImageOptions("photo", cardMargin, 11, photoW, photoH, false, gofpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.15)
	pdf.Rect(cardMargin, 11, photoW, photoH, "D")
	x := cardMargin + photoW + 3
	col := CardWidthMM - x - cardMargin
	y := 10.2
	y = field(x, y, col, "Nom · Naam", d.FamilyName)
	y = field(x, y, col, "Prénoms · Voornamen", d.GivenNames)
	half := (col - 2) / 2
	yl := field(x, y, half, "Nationalité · Nationaliteit", cardNationality(d.Nationality))
	yr := field(x+half+2, y, half, "Sexe · Geslacht", d.Sex.CardCode())
	y = max(yl, yr)
	yl = field(x, y, half, "Né(e) le · Geboren op", date(d.DateOfBirth))
	yr = field(x+half+2, y, half, "Valable jusqu'au · Geldig tot", date(d.ExpiresOn))
	y = max(yl, yr)
	text(cardMargin, CardHeightMM-cardMargin-5.5, photoW+4, "", 4.6, "N° · Nr.", 1)
	text(cardMargin, CardHeightMM-cardMargin-3.6, CardWidthMM-2*cardMargin, "B", 8, d.Number, 1)

	// Back.
	w.newPage()
	band("TYPE "+models.CardType+" — PERSONNEL PRIVÉ · PRIVÉ-PERSONEEL",
		"SPF Affaires étrangères, Direction du Protocole · FOD Buitenlandse Zaken, Directie Protocol")
	y = 10.2
	full := CardWidthMM - 2*cardMargin
	y = field(cardMargin, y, full, "Mission · Zending", d.Mission)
	y = field(cardMargin, y, full, "Employeur · Werkgever", d.Employer)
	yl = field(cardMargin, y, half+10, "Délivrée le · Afgegeven op", date(d.IssuedOn))
	yr = field(cardMargin+half+12, y, half+10, "Valable jusqu'au · Geldig tot", date(d.ExpiresOn))
	y = max(yl, yr)
	y = text(cardMargin, y+0.4, full, "", 4.6,
		"Cette carte reste la propriété de l'État belge ; elle est restituée à la Direction du Protocole à la fin de l'emploi ou de la mission. "+
			"Deze kaart blijft eigendom van de Belgische Staat; ze wordt bij het einde van de tewerkstelling of van de zending aan de Directie Protocol terugbezorgd.", 4)
	text(cardMargin, CardHeightMM-cardMargin-3.6, full, "B", 8, d.Number, 1)
	return w.finish(nil)
}
