package gofpdf

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Tests of CARDDESK PATCHES 8-11 (PATCHES.md).

const testNotoPath = "../../fonts/noto/NotoSans-Regular.ttf"

func loadNoto(t *testing.T) *GlyphFont {
	t.Helper()
	data, err := os.ReadFile(testNotoPath)
	if err != nil {
		t.Fatal(err)
	}
	gf, err := ParseGlyphFont(data)
	if err != nil {
		t.Fatal(err)
	}
	return gf
}

// Patch 8: characters past U+FFFF in a UTF-8 font print U+FFFD and do not
// panic (upstream: index out of range [65536]).
func TestPatch8NoPanicPastTheBMP(t *testing.T) {
	data, err := os.ReadFile(testFontPath)
	if err != nil {
		t.Fatal(err)
	}
	pdf := New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("dejavu", "", data)
	pdf.SetFont("dejavu", "", 10)
	pdf.AddPage()
	for _, s := range []string{"\U00010000", "a\U0001F600b", "\U00020000\U0010FFFF"} {
		if w := pdf.GetStringWidth(s); w <= 0 {
			t.Errorf("width of %q = %v", s, w)
		}
		pdf.Text(10, 10, s)
		pdf.CellFormat(50, 5, s, "", 1, "L", false, 0, "")
		pdf.MultiCell(50, 5, s, "", "L", false)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
}

// Patch 9: the subset keeps every glyph used (and the components of
// composite glyphs) byte for byte, with the same glyph ids, and empties
// the others.
func TestPatch9SubsetKeepsGlyphIDs(t *testing.T) {
	gf := loadNoto(t)
	glyf := gf.table("glyf")
	// A composite glyph and the glyphs it is made of.
	var composite uint16
	for id := 1; id < gf.numGlyphs; id++ {
		r, _ := gf.glyphRange(uint16(id))
		if r[1] >= 10 && gs16(glyf, r[0]) < 0 {
			composite = uint16(id)
			break
		}
	}
	if composite == 0 {
		t.Fatal("no composite glyph in Noto Sans")
	}
	used := map[uint16]bool{composite: true}
	gf.closure(used)
	if len(used) < 2 {
		t.Fatalf("composite %d has no components", composite)
	}
	sub := gf.buildSubset([]uint16{36, composite})
	sf, err := ParseGlyphFont(sub)
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	if sf.numGlyphs != gf.numGlyphs || sf.upem != gf.upem {
		t.Fatalf("subset has %d glyphs, %d units per em", sf.numGlyphs, sf.upem)
	}
	used[36], used[0] = true, true
	for id := 0; id < gf.numGlyphs; id++ {
		a, _ := gf.glyphRange(uint16(id))
		b, _ := sf.glyphRange(uint16(id))
		orig := glyf[a[0] : a[0]+a[1]]
		got := sf.table("glyf")[b[0] : b[0]+b[1]]
		got = got[:min(len(got), len(orig))] // the subset pads to 4 bytes
		if used[uint16(id)] && !bytes.Equal(orig, got) {
			t.Errorf("glyph %d changed", id)
		}
		if !used[uint16(id)] && b[1] != 0 {
			t.Errorf("unused glyph %d kept (%d bytes)", id, b[1])
		}
	}
	// The compressed subset is cached per glyph set.
	p1, _ := gf.subset([]uint16{36, composite})
	p2, _ := gf.subset([]uint16{36, composite})
	if &p1[0] != &p2[0] {
		t.Error("the same glyph set was subset twice")
	}
}

// Patch 9: a glyph run writes one CID per (glyph, text, width), the
// CIDToGIDMap maps them back, the ToUnicode CMap gives each CID its text,
// and offsets become TJ adjustments and text rise.
func TestPatch9GlyphRun(t *testing.T) {
	gf := loadNoto(t)
	pdf := New("P", "pt", "A4", "")
	pdf.SetCompression(false)
	pdf.AddGlyphFont("noto", "", gf)
	pdf.SetLang("ar")
	pdf.SetTitle("t", true)
	pdf.AddPage()
	pdf.SetFont("noto", "", 10)
	a := uint16(36)
	adv := float64(gf.Advance(a))
	pdf.GlyphRun(10, 20, []Glyph{
		{ID: a, Advance: adv, Text: "A"},
		{ID: a, Advance: adv, Text: "A"},                           // same CID
		{ID: a, Advance: adv + 100, Text: "fi"},                    // a ligature, wider: its own CID
		{ID: 37, Advance: 0, XOffset: -50, YOffset: 200, Text: ""}, // a mark of that cluster
		{ID: a, Advance: adv, Text: "A"},
	})
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"/Lang (ar)", "/DisplayDocTitle true", "/Encoding /Identity-H", "/CIDToGIDMap",
		"<0001> <0041>", "<0002> <00660069>", "<0003> <>", // ToUnicode
		"2.00 Ts", "0.00 Ts", // the mark's rise (200 units at 10 pt), then none
	} {
		if !strings.Contains(out, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// Widths: the ligature's CID has its cluster's advance, the mark none.
	w := gf.Advance(a) * 1000 / gf.upem
	if want := "/W [1 [" + strconv.Itoa(w) + " " + strconv.Itoa(w+100) + " 0]]"; !strings.Contains(out, want) {
		t.Errorf("PDF lacks %q", want)
	}
}

// Patch 11: invalid UTF-8 no longer panics, characters past U+FFFF become
// surrogate pairs.
func TestPatch11UTF16(t *testing.T) {
	got := utf8toutf16("a\xffé\U0001F600", false)
	want := "\x00a\xff\xfd\x00\xe9\xd8\x3d\xde\x00"
	if got != want {
		t.Errorf("utf8toutf16 = %q, want %q", got, want)
	}
	if got := utf8toutf16("\xe0"); got != "\xfe\xff\xff\xfd" {
		t.Errorf("truncated sequence: %q", got)
	}
	pdf := New("P", "mm", "A4", "")
	pdf.SetTitle("\xe0 title 😀", true)
	pdf.AddPage()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
}
