package gofpdf

// CARDDESK PATCH (PATCHES.md, 9): glyph fonts. A caller that shapes text
// itself (HarfBuzz or go-text) places glyph ids, not characters. The font
// is embedded as a CIDFontType2 with Identity-H encoding; each distinct
// (glyph, text) pair a document uses gets its own CID, the CIDToGIDMap maps
// CIDs to glyphs, and the ToUnicode CMap maps each CID to the text it
// stands for (a whole cluster for its first glyph), so that text extraction
// gives the logical text back. The font program is subset keeping glyph ids
// (unused glyphs are emptied), so no cmap or renumbering is needed.

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// GlyphFont is a parsed TrueType (glyf) font for glyph runs. It is
// read-only once parsed and may be shared by concurrent documents; the
// caller must not modify the bytes it was parsed from.
type GlyphFont struct {
	name      string
	data      []byte
	tables    map[string][2]int // tag -> offset, length
	upem      int
	numGlyphs int
	longLoca  bool
	widths    []uint16 // advance of each glyph, font units
	ascent    int
	descent   int
	capHeight int
	bbox      [4]int
	italic    int
	flags     int
	stemV     int

	mu    sync.Mutex // guards cache
	cache map[uint64]*glyphSubset
	order []uint64 // insertion order, for eviction
}

// glyphSubset is a compressed subset font program, cached per glyph set.
type glyphSubset struct {
	gids       []uint16
	compressed []byte
	length     int
}

// glyphSubsetCacheSize bounds the subsets kept per font: documents of one
// kind (a contract in one language) use nearly the same glyphs.
const glyphSubsetCacheSize = 32

// Glyph is one positioned glyph of a shaped run. Distances are in font
// units (1/UnitsPerEm of the font size).
type Glyph struct {
	ID uint16
	// Advance moves the pen after the glyph; XOffset and YOffset move the
	// glyph from the pen without moving the pen.
	Advance, XOffset, YOffset float64
	// Text is what the glyph stands for, for text extraction: a
	// cluster's text on one of its glyphs, empty on the others. Glyphs
	// before the one with the text must not advance (marks drawn before
	// their base): the glyph with the text is given, as its width, the
	// advance of itself and of the text-less glyphs that follow it.
	Text string
}

// UnitsPerEm returns the font's design units per em.
func (g *GlyphFont) UnitsPerEm() int { return g.upem }

// NumGlyphs returns the number of glyphs in the font.
func (g *GlyphFont) NumGlyphs() int { return g.numGlyphs }

// Advance returns the advance width of glyph id in font units.
func (g *GlyphFont) Advance(id uint16) int {
	if int(id) < len(g.widths) {
		return int(g.widths[id])
	}
	return 0
}

func gu16(b []byte, off int) int { return int(binary.BigEndian.Uint16(b[off:])) }
func gs16(b []byte, off int) int { return int(int16(binary.BigEndian.Uint16(b[off:]))) }
func gu32(b []byte, off int) int { return int(binary.BigEndian.Uint32(b[off:])) }

// ParseGlyphFont reads the tables a PDF needs from a TrueType font.
func ParseGlyphFont(data []byte) (g *GlyphFont, err error) {
	defer func() {
		if r := recover(); r != nil { // a truncated table: index out of range
			g, err = nil, fmt.Errorf("glyph font: malformed font: %v", r)
		}
	}()
	if len(data) < 12 {
		return nil, errors.New("glyph font: too short")
	}
	if v := gu32(data, 0); v != 0x00010000 && v != 0x74727565 {
		return nil, errors.New("glyph font: not a TrueType font (CFF outlines are not supported)")
	}
	g = &GlyphFont{data: data, tables: map[string][2]int{}, cache: map[uint64]*glyphSubset{}}
	n := gu16(data, 4)
	for i := range n {
		rec := 12 + 16*i
		tag := string(data[rec : rec+4])
		off, length := gu32(data, rec+8), gu32(data, rec+12)
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, fmt.Errorf("glyph font: table %s out of bounds", tag)
		}
		g.tables[tag] = [2]int{off, length}
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf"} {
		if _, ok := g.tables[t]; !ok {
			return nil, fmt.Errorf("glyph font: no %s table", t)
		}
	}
	head := g.table("head")
	g.upem = gu16(head, 18)
	if g.upem == 0 {
		return nil, errors.New("glyph font: unitsPerEm is 0")
	}
	scale := func(v int) int { return v * 1000 / g.upem }
	g.bbox = [4]int{scale(gs16(head, 36)), scale(gs16(head, 38)), scale(gs16(head, 40)), scale(gs16(head, 42))}
	g.longLoca = gs16(head, 50) == 1
	hhea := g.table("hhea")
	g.ascent, g.descent = scale(gs16(hhea, 4)), scale(gs16(hhea, 6))
	nhm := gu16(hhea, 34)
	g.numGlyphs = gu16(g.table("maxp"), 4)
	hmtx := g.table("hmtx")
	if nhm == 0 || nhm > g.numGlyphs || len(hmtx) < 4*nhm {
		return nil, errors.New("glyph font: bad hmtx")
	}
	g.widths = make([]uint16, g.numGlyphs)
	for i := range g.numGlyphs {
		if i < nhm {
			g.widths[i] = uint16(gu16(hmtx, 4*i))
		} else {
			g.widths[i] = g.widths[nhm-1]
		}
	}
	g.capHeight = g.ascent
	g.stemV = 70
	g.flags = 4 // symbolic: the glyphs are not in a standard encoding
	if os2 := g.table("OS/2"); len(os2) >= 90 {
		if gu16(os2, 0) >= 2 {
			g.capHeight = scale(gs16(os2, 88))
		}
		if w := gu16(os2, 4); w >= 600 {
			g.stemV = 120
		}
	}
	if post := g.table("post"); len(post) >= 16 {
		g.italic = gs16(post, 4)
		if gu32(post, 12) != 0 {
			g.flags |= 1
		}
	}
	if g.italic != 0 {
		g.flags |= 64
	}
	g.name = postScriptName(g.table("name"))
	if g.name == "" {
		g.name = fmt.Sprintf("Glyphs%08x", fnv32(data[:min(len(data), 4096)]))
	}
	if _, err := g.glyphRange(uint16(g.numGlyphs - 1)); err != nil {
		return nil, err
	}
	return g, nil
}

func fnv32(b []byte) uint32 {
	h := fnv.New32a()
	h.Write(b)
	return h.Sum32()
}

func (g *GlyphFont) table(tag string) []byte {
	t, ok := g.tables[tag]
	if !ok {
		return nil
	}
	return g.data[t[0] : t[0]+t[1]]
}

// postScriptName reads name id 6 (Mac Roman or Windows Unicode).
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	count, strOff := gu16(name, 2), gu16(name, 4)
	for i := range count {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform, nameID := gu16(name, rec), gu16(name, rec+6)
		length, off := gu16(name, rec+8), gu16(name, rec+10)
		if nameID != 6 || strOff+off+length > len(name) {
			continue
		}
		raw := name[strOff+off : strOff+off+length]
		var s string
		switch platform {
		case 1:
			s = string(raw)
		case 3, 0:
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			s = string(utf16.Decode(u))
		default:
			continue
		}
		// A PDF name: keep what needs no escaping.
		s = strings.Map(func(r rune) rune {
			if r > 32 && r < 127 && !strings.ContainsRune("()<>[]{}/%#", r) {
				return r
			}
			return -1
		}, s)
		if s != "" {
			return s
		}
	}
	return ""
}

// glyphRange returns the offset and length of a glyph in glyf.
func (g *GlyphFont) glyphRange(id uint16) ([2]int, error) {
	loca := g.table("loca")
	var a, b int
	i := int(id)
	if g.longLoca {
		if 4*i+8 > len(loca) {
			return [2]int{}, errors.New("glyph font: loca too short")
		}
		a, b = gu32(loca, 4*i), gu32(loca, 4*i+4)
	} else {
		if 2*i+4 > len(loca) {
			return [2]int{}, errors.New("glyph font: loca too short")
		}
		a, b = 2*gu16(loca, 2*i), 2*gu16(loca, 2*i+2)
	}
	if b < a || b > g.tables["glyf"][1] {
		return [2]int{}, errors.New("glyph font: bad loca")
	}
	return [2]int{a, b - a}, nil
}

// closure adds the components of composite glyphs to used.
func (g *GlyphFont) closure(used map[uint16]bool) {
	glyf := g.table("glyf")
	stack := make([]uint16, 0, len(used))
	for id := range used {
		stack = append(stack, id)
	}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		r, err := g.glyphRange(id)
		if err != nil || r[1] < 10 || gs16(glyf, r[0]) >= 0 {
			continue // empty or simple glyph
		}
		p, end := r[0]+10, r[0]+r[1]
		for p+4 <= end {
			flags, comp := gu16(glyf, p), uint16(gu16(glyf, p+2))
			if int(comp) < g.numGlyphs && !used[comp] {
				used[comp] = true
				stack = append(stack, comp)
			}
			p += 4
			if flags&1 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x08 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x40 != 0: // X_AND_Y_SCALE
				p += 4
			case flags&0x80 != 0: // TWO_BY_TWO
				p += 8
			}
			if flags&0x20 == 0 { // MORE_COMPONENTS
				break
			}
		}
	}
}

// subset returns the compressed font program holding the glyphs gids
// (sorted), glyph ids kept, and its uncompressed length.
func (g *GlyphFont) subset(gids []uint16) ([]byte, int) {
	h := fnv.New64a()
	var b [2]byte
	for _, id := range gids {
		binary.BigEndian.PutUint16(b[:], id)
		h.Write(b[:])
	}
	key := h.Sum64()
	g.mu.Lock()
	if s, ok := g.cache[key]; ok && equalGIDs(s.gids, gids) {
		g.mu.Unlock()
		return s.compressed, s.length
	}
	g.mu.Unlock()

	raw := g.buildSubset(gids)
	var buf bytes.Buffer
	zw := zlibWriters.Get().(*zlib.Writer)
	zw.Reset(&buf)
	zw.Write(raw)
	zw.Close()
	zw.Reset(nil)
	zlibWriters.Put(zw)
	s := &glyphSubset{gids: append([]uint16(nil), gids...), compressed: buf.Bytes(), length: len(raw)}

	g.mu.Lock()
	if _, ok := g.cache[key]; !ok {
		if len(g.order) >= glyphSubsetCacheSize {
			delete(g.cache, g.order[0])
			g.order = g.order[1:]
		}
		g.order = append(g.order, key)
	}
	g.cache[key] = s
	g.mu.Unlock()
	return s.compressed, s.length
}

func equalGIDs(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// buildSubset writes a TrueType font with the same glyph ids in which only
// the glyphs in gids (and their components) keep their outlines.
func (g *GlyphFont) buildSubset(gids []uint16) []byte {
	used := make(map[uint16]bool, len(gids)+1)
	used[0] = true // .notdef, a visible box in Noto
	for _, id := range gids {
		if int(id) < g.numGlyphs {
			used[id] = true
		}
	}
	g.closure(used)
	src := g.table("glyf")
	var glyf []byte
	loca := make([]byte, 4*(g.numGlyphs+1))
	hmtxSrc := g.table("hmtx")
	nhm := gu16(g.table("hhea"), 34)
	hmtx := make([]byte, 4*nhm+2*(g.numGlyphs-nhm))
	for i := range g.numGlyphs {
		binary.BigEndian.PutUint32(loca[4*i:], uint32(len(glyf)))
		if !used[uint16(i)] {
			continue
		}
		r, _ := g.glyphRange(uint16(i))
		glyf = append(glyf, src[r[0]:r[0]+r[1]]...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		if i < nhm {
			copy(hmtx[4*i:4*i+4], hmtxSrc[4*i:4*i+4])
		} else if o := 4*nhm + 2*(i-nhm); o+2 <= len(hmtxSrc) {
			copy(hmtx[o:o+2], hmtxSrc[o:o+2])
		}
	}
	binary.BigEndian.PutUint32(loca[4*g.numGlyphs:], uint32(len(glyf)))
	head := append([]byte(nil), g.table("head")...)
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	tables := map[string][]byte{
		"head": head, "hhea": g.table("hhea"), "maxp": g.table("maxp"),
		"hmtx": hmtx, "loca": loca, "glyf": glyf,
	}
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if b := g.table(t); b != nil {
			tables[t] = b
		}
	}
	return assembleFont(tables)
}

// assembleFont writes a TrueType file from its tables, in tag order.
func assembleFont(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for t, b := range tables {
		tags = append(tags, t)
		size += (len(b) + 3) &^ 3
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags), size)
	binary.BigEndian.PutUint32(out[0:], 0x00010000)
	n := len(tags)
	entry, log := 1, 0
	for entry*2 <= n {
		entry *= 2
		log++
	}
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(entry*16))
	binary.BigEndian.PutUint16(out[8:], uint16(log))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-entry*16))
	for i, t := range tags {
		b := tables[t]
		rec := 12 + 16*i
		copy(out[rec:], t)
		binary.BigEndian.PutUint32(out[rec+4:], tableChecksum(b))
		binary.BigEndian.PutUint32(out[rec+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[rec+12:], uint32(len(b)))
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func tableChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// glyphFontUse is what one document uses of a glyph font.
type glyphFontUse struct {
	font  *GlyphFont
	cids  map[glyphKey]uint16
	keys  []glyphKey // by CID-1
	first []uint16   // by glyph id: the glyph's first CID
}

type glyphKey struct {
	gid   uint16
	width int // in 1/1000 em, the /W entry of the CID
	text  string
}

// cid returns the CID of a glyph standing for text, with width (1/1000
// em) as its advance, allocating one.
func (u *glyphFontUse) cid(gid uint16, width int, text string) uint16 {
	// Most glyphs always stand for the same text: look there first.
	if int(gid) < len(u.first) {
		if c := u.first[gid]; c != 0 && u.keys[c-1].width == width && u.keys[c-1].text == text {
			return c
		}
	} else {
		u.first = append(u.first, make([]uint16, u.font.numGlyphs-len(u.first))...)
	}
	k := glyphKey{gid, width, text}
	if c, ok := u.cids[k]; ok {
		return c
	}
	if len(u.keys) >= 0xFFFE {
		// CIDs are two bytes: past 65,534 distinct pairs, reuse the glyph's
		// first CID (its text is then approximate).
		for i, o := range u.keys {
			if o.gid == gid {
				return uint16(i + 1)
			}
		}
		return 0
	}
	u.keys = append(u.keys, k)
	c := uint16(len(u.keys))
	u.cids[k] = c
	if int(gid) < len(u.first) && u.first[gid] == 0 {
		u.first[gid] = c
	}
	return c
}

// AddGlyphFont makes a parsed glyph font available as familyStr/styleStr,
// to be selected with SetFont and drawn with GlyphRun.
func (f *Fpdf) AddGlyphFont(familyStr, styleStr string, font *GlyphFont) {
	if f.err != nil {
		return
	}
	if font == nil {
		f.err = errors.New("AddGlyphFont: nil font")
		return
	}
	key := getFontKey(fontFamilyEscape(familyStr), styleStr)
	if _, ok := f.fonts[key]; ok {
		return
	}
	f.fonts[key] = fontDefType{
		Tp:    "Glyph",
		Name:  font.name,
		i:     "g" + key,
		Up:    -100,
		Ut:    50,
		glyph: &glyphFontUse{font: font, cids: map[glyphKey]uint16{}},
	}
}

// GlyphRun draws glyphs of the current font (a glyph font) from x, y (the
// baseline, in user units), left to right.
func (f *Fpdf) GlyphRun(x, y float64, glyphs []Glyph) {
	if f.err != nil || len(glyphs) == 0 {
		return
	}
	use := f.currentFont.glyph
	if use == nil {
		f.err = errors.New("GlyphRun: the current font is not a glyph font")
		return
	}
	upem := float64(use.font.upem)
	perUnit := f.fontSizePt / upem // points per font unit
	b := make([]byte, 0, 48+3*len(glyphs))
	if f.colorFlag {
		b = append(b, "q "...)
		b = append(b, f.color.text.str...)
		b = append(b, ' ')
	}
	b = append(b, "BT "...)
	b = strconv.AppendFloat(b, x*f.k, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, (f.h-y)*f.k, 'f', 2, 64)
	b = append(b, " Td ["...)
	// Glyphs go two bytes each into literal strings, which are a third
	// of the size of hex strings, so the page streams compress faster.
	open := false
	pending := 0.0 // TJ adjustment, 1/1000 em, not yet written
	flush := func() {
		if pending > 0.005 || pending < -0.005 {
			if open {
				b = append(b, ')')
				open = false
			}
			b = strconv.AppendFloat(b, pending, 'f', 2, 64)
		}
		pending = 0
	}
	// pen is where the shaper put the glyph's origin, cur where the PDF
	// viewer is after the glyphs shown so far (both in font units from x).
	// A cluster of several glyphs (a conjunct, a vowel sign drawn before
	// its consonant, a base with its marks) has its text on its first
	// glyph, whose CID is given the whole cluster's advance as width, and
	// its other glyphs are given width 0: text extraction then sees one
	// character box per cluster, with no gaps that read as spaces.
	pen, cur, rise := 0.0, 0.0, 0.0
	for i, gl := range glyphs {
		if gl.YOffset != rise {
			if open {
				b = append(b, ')')
				open = false
			}
			b = append(b, "] TJ "...)
			rise = gl.YOffset
			b = strconv.AppendFloat(b, rise*perUnit, 'f', 2, 64)
			b = append(b, " Ts ["...)
		}
		width := 0
		if gl.Text != "" {
			j := i + 1
			for j < len(glyphs) && glyphs[j].Text == "" {
				j++
			}
			if j == i+1 {
				width = use.font.Advance(gl.ID) * 1000 / use.font.upem
			} else {
				adv := 0.0
				for _, g := range glyphs[i:j] {
					adv += g.Advance
				}
				width = int(math.Round(adv * 1000 / upem))
			}
		}
		target := pen + gl.XOffset
		pending = -(target - cur) * 1000 / upem
		flush()
		c := use.cid(gl.ID, width, gl.Text)
		if !open {
			b = append(b, '(')
			open = true
		}
		for _, by := range [2]byte{byte(c >> 8), byte(c)} {
			switch by {
			case '(', ')', '\\':
				b = append(b, '\\', by)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, by)
			}
		}
		cur = target + float64(width)*upem/1000
		pen += gl.Advance
	}
	if open {
		b = append(b, ')')
	}
	b = append(b, "] TJ"...)
	if rise != 0 {
		b = append(b, " 0 Ts"...)
	}
	b = append(b, " ET"...)
	if f.colorFlag {
		b = append(b, " Q"...)
	}
	f.out(string(b))
}

// putGlyphFont writes the objects of a glyph font: Type0 font, CIDFont,
// ToUnicode CMap, descriptor, CIDToGIDMap and font program.
func (f *Fpdf) putGlyphFont(font fontDefType) {
	use := font.glyph
	gf := use.font
	n := len(use.keys)
	gidSet := map[uint16]bool{}
	for _, k := range use.keys {
		gidSet[k.gid] = true
	}
	gids := make([]uint16, 0, len(gidSet))
	for id := range gidSet {
		gids = append(gids, id)
	}
	sort.Slice(gids, func(i, j int) bool { return gids[i] < gids[j] })
	// A subset tag from the glyphs used, as the PDF specification asks.
	h := fnv32(func() []byte {
		b := make([]byte, 2*len(gids))
		for i, id := range gids {
			binary.BigEndian.PutUint16(b[2*i:], id)
		}
		return b
	}())
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + h%26)
		h /= 26
	}
	name := string(tag) + "+" + gf.name

	first := f.n + 1
	f.newobj()
	f.outf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", name, first+1, first+2)
	f.out("endobj")

	f.newobj()
	var s fmtBuffer
	s.printf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /CIDToGIDMap %d 0 R /DW 0", name, first+3, first+4)
	if n > 0 {
		s.WriteString(" /W [1 [")
		for i, k := range use.keys {
			if i > 0 {
				s.WriteByte(' ')
			}
			s.WriteString(strconv.Itoa(k.width))
		}
		s.WriteString("]]")
	}
	s.WriteString(">>")
	f.out(s.String())
	f.out("endobj")

	cmap := toUnicodeCMap(use.keys)
	f.newobj()
	f.outf("<</Length %d>>", len(cmap))
	f.putstream(cmap)
	f.out("endobj")

	f.newobj()
	s.Truncate(0)
	s.printf("<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 %d 0 R>>",
		name, gf.flags, gf.bbox[0], gf.bbox[1], gf.bbox[2], gf.bbox[3], gf.italic, gf.ascent, gf.descent, gf.capHeight, gf.stemV, first+5)
	f.out(s.String())
	f.out("endobj")

	m := make([]byte, 2*(n+1))
	for i, k := range use.keys {
		binary.BigEndian.PutUint16(m[2*(i+1):], k.gid)
	}
	m = sliceCompress(m)
	f.newobj()
	f.outf("<</Length %d /Filter /FlateDecode>>", len(m))
	f.putstream(m)
	f.out("endobj")

	prog, length := gf.subset(gids)
	f.newobj()
	f.outf("<</Length %d /Filter /FlateDecode /Length1 %d>>", len(prog), length)
	f.putstream(prog)
	f.out("endobj")
}

// toUnicodeCMap maps each CID (index+1 of keys) to its text in UTF-16BE.
// A glyph with no text of its own (not the first of its cluster) maps to
// nothing, which extraction tools drop.
func toUnicodeCMap(keys []glyphKey) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for start := 0; start < len(keys); start += 100 {
		end := min(start+100, len(keys))
		fmt.Fprintf(&b, "%d beginbfchar\n", end-start)
		for i := start; i < end; i++ {
			fmt.Fprintf(&b, "<%04X> <", i+1)
			for _, u := range utf16.Encode([]rune(keys[i].text)) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

// SetLang sets the document's natural language (BCP 47, e.g. "ar"),
// written as the catalog's /Lang for screen readers and text-to-speech.
// CARDDESK PATCH (PATCHES.md, 10).
func (f *Fpdf) SetLang(lang string) {
	f.lang = lang
}
