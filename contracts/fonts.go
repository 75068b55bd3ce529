package contracts

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/jung-kurt/gofpdf"
)

// The embedded fonts: Noto families, regular and bold (fonts/noto/LICENSE,
// SIL Open Font License). Each is parsed on first use, once per process.
//
//go:embed fonts/noto/*.ttf
var notoFiles embed.FS

// family is one Noto family and the scripts it is chosen for.
type family struct {
	name    string // the gofpdf family: "noto-latin"
	file    string // file name without weight and extension
	scripts []language.Script
	// scale sets the family larger than the nominal size, so that its
	// letters look as large as Noto Sans' (0 means 1).
	scale float64
}

func (f *family) size() float64 {
	if f.scale == 0 {
		return 1
	}
	return f.scale
}

// families in fallback order: a character of no particular script (a
// digit, a comma) takes the first family that has it.
var families = []*family{
	{"noto-latin", "NotoSans", []language.Script{language.Latin, language.Greek, language.Cyrillic}, 0},
	// Noto Naskh Arabic also sets Urdu: Noto Nastaliq Urdu, the usual
	// Urdu style, is several times larger and needs far more shaping.
	// Naskh's letters are small for their em: set it 15% larger.
	{"noto-arabic", "NotoNaskhArabic", []language.Script{language.Arabic}, 1.15},
	{"noto-devanagari", "NotoSansDevanagari", []language.Script{language.Devanagari}, 0},
	{"noto-bengali", "NotoSansBengali", []language.Script{language.Bengali}, 0},
	{"noto-sinhala", "NotoSansSinhala", []language.Script{language.Sinhala}, 0},
	{"noto-tamil", "NotoSansTamil", []language.Script{language.Tamil}, 0},
	{"noto-thai", "NotoSansThai", []language.Script{language.Thai}, 0},
	{"noto-ethiopic", "NotoSansEthiopic", []language.Script{language.Ethiopic}, 0},
}

// embeddedFont is one font file, parsed for shaping (go-text) and for the
// PDF (gofpdf's glyph fonts). Both parses are shared read-only.
type embeddedFont struct {
	family *family
	bold   bool
	load   func() (*loadedFont, error)
}

type loadedFont struct {
	*embeddedFont
	shaping *font.Font
	pdf     *gofpdf.GlyphFont
	upem    float64
	// simple maps the characters below simpleLimit to their glyph and
	// advance, for text that needs no shaping (simple.go).
	simple [simpleLimit]simpleGlyph
	// replacement is the glyph printed for a character no font has.
	replacement simpleGlyph
}

type simpleGlyph struct {
	gid     uint16
	advance uint16
	text    string // the character, for the ToUnicode map
}

// style returns the gofpdf style of the font.
func (e *embeddedFont) style() string {
	if e.bold {
		return "B"
	}
	return ""
}

var embeddedFonts = func() map[*family][2]*embeddedFont {
	m := map[*family][2]*embeddedFont{}
	for _, fam := range families {
		var pair [2]*embeddedFont
		for i, weight := range []string{"Regular", "Bold"} {
			e := &embeddedFont{family: fam, bold: i == 1}
			path := "fonts/noto/" + fam.file + "-" + weight + ".ttf"
			e.load = sync.OnceValues(func() (*loadedFont, error) { return loadFont(e, path) })
			pair[i] = e
		}
		m[fam] = pair
	}
	return m
}()

// fontFor returns the loaded font of a family and weight. The embedded
// files are tested, so a failure here is a programming error.
func fontFor(fam *family, bold bool) *loadedFont {
	i := 0
	if bold {
		i = 1
	}
	lf, err := embeddedFonts[fam][i].load()
	if err != nil {
		panic(err)
	}
	return lf
}

func loadFont(e *embeddedFont, path string) (*loadedFont, error) {
	data, err := notoFiles.ReadFile(path)
	if err != nil {
		return nil, err
	}
	face, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	gf, err := gofpdf.ParseGlyphFont(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	lf := &loadedFont{embeddedFont: e, shaping: face.Font, pdf: gf, upem: float64(gf.UnitsPerEm())}
	for r := rune(0); r < simpleLimit; r++ {
		if gid, ok := face.Font.NominalGlyph(r); ok && gid <= 0xFFFF {
			lf.simple[r] = simpleGlyph{gid: uint16(gid), advance: uint16(gf.Advance(uint16(gid))), text: string(r)}
		}
	}
	lf.replacement = simpleGlyph{advance: uint16(lf.upem * 0.6)} // .notdef: a box in Noto
	if gid, ok := face.Font.NominalGlyph(0xFFFD); ok {
		lf.replacement = simpleGlyph{gid: uint16(gid), advance: uint16(gf.Advance(uint16(gid)))}
	}
	return lf, nil
}

// familyOf returns the family chosen for script s, or nil.
func familyOf(s language.Script) *family {
	for _, fam := range families {
		for _, fs := range fam.scripts {
			if fs == s {
				return fam
			}
		}
	}
	return nil
}
