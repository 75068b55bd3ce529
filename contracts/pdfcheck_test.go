package contracts

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// Helpers that read back what the PDFs contain: the glyph ids in the page
// content (through each font's CIDToGIDMap), HarfBuzz's own shaping of the
// same text (hb-shape), and text compared the way pdftotext can return it.

// needTool returns the path of a command-line tool the test needs: the
// test is skipped without it, except in CI where it fails.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: apt-get install -y %s", name, pkg)
		}
		t.Skipf("%s not found; install %s (apt-get install -y %s) to run this test", name, pkg, pkg)
	}
	return bin
}

// pdfColumnText extracts the text of one column of a two-column document
// (left or right half of every page): pdftotext's reading order can
// interleave the lines of two columns whose lines differ in height.
func pdfColumnText(t *testing.T, pdf []byte, right bool) string {
	t.Helper()
	bin := needTool(t, "pdftotext", "poppler-utils")
	path := t.TempDir() + "/doc.pdf"
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	const halfA4 = 298 // points
	x := "0"
	if right {
		x = strconv.Itoa(halfA4)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-x", x, "-y", "0", "-W", strconv.Itoa(halfA4), "-H", "842", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// hbGlyph is one glyph as hb-shape prints it (font units).
type hbGlyph struct {
	id                  uint16
	xoff, yoff, advance int
}

var hbGlyphRe = regexp.MustCompile(`^(\d+)(?:@(-?\d+),(-?\d+))?\+(-?\d+)$`)

// hbShape shapes text with HarfBuzz's hb-shape (Debian's libharfbuzz-bin)
// in the font file, for lang; glyphs in visual order.
func hbShape(t *testing.T, fontFile, lang, text string) []hbGlyph {
	t.Helper()
	bin := needTool(t, "hb-shape", "libharfbuzz-bin")
	out, err := exec.Command(bin, "--no-glyph-names", "--no-clusters", "--language="+lang, fontFile, text).Output()
	if err != nil {
		t.Fatalf("hb-shape: %v", err)
	}
	s := strings.TrimSpace(string(out))
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	var gs []hbGlyph
	for _, f := range strings.Split(s, "|") {
		m := hbGlyphRe.FindStringSubmatch(f)
		if m == nil {
			t.Fatalf("hb-shape output %q: cannot read %q", out, f)
		}
		id, _ := strconv.Atoi(m[1])
		xo, _ := strconv.Atoi(m[2])
		yo, _ := strconv.Atoi(m[3])
		adv, _ := strconv.Atoi(m[4])
		gs = append(gs, hbGlyph{uint16(id), xo, yo, adv})
	}
	return gs
}

// pdfObjects returns each object's dictionary and (decompressed) stream.
type pdfObject struct {
	dict   string
	stream []byte
}

var objRe = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(.*?)endobj`)

func pdfObjects(t *testing.T, pdf []byte) map[int]pdfObject {
	t.Helper()
	objs := map[int]pdfObject{}
	for _, m := range objRe.FindAllSubmatch(pdf, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		body := m[2]
		o := pdfObject{dict: string(body)}
		if i := bytes.Index(body, []byte("stream\n")); i >= 0 {
			o.dict = string(body[:i])
			data := body[i+len("stream\n"):]
			if j := bytes.LastIndex(data, []byte("endstream")); j >= 0 {
				data = bytes.TrimSuffix(data[:j], []byte("\n"))
			}
			if strings.Contains(o.dict, "/FlateDecode") {
				r, err := zlib.NewReader(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("object %d: %v", n, err)
				}
				if data, err = io.ReadAll(r); err != nil {
					t.Fatalf("object %d: %v", n, err)
				}
			}
			o.stream = data
		}
		objs[n] = o
	}
	return objs
}

var (
	refRe       = regexp.MustCompile(`/(\S+?) (\d+) 0 R`)
	fontDictRe  = regexp.MustCompile(`(?s)/Font <<(.*?)>>`)
	baseFontRe  = regexp.MustCompile(`/BaseFont /(\S+)`)
	descendRe   = regexp.MustCompile(`/DescendantFonts \[(\d+) 0 R\]`)
	cidToGIDRe  = regexp.MustCompile(`/CIDToGIDMap (\d+) 0 R`)
	contentsRe  = regexp.MustCompile(`/Contents (\d+) 0 R`)
	tokenTfRe   = regexp.MustCompile(`^/(\S+)$`)
	pdfNumberRe = regexp.MustCompile(`^-?[0-9.]+$`)
)

// placedGlyph is a glyph found in a page's content: its font's base name
// (without the subset tag) and glyph id.
type placedGlyph struct {
	font string
	gid  uint16
}

// pageGlyphs returns the glyphs drawn by glyph fonts in page order.
func pageGlyphs(t *testing.T, pdf []byte) []placedGlyph {
	t.Helper()
	objs := pdfObjects(t, pdf)
	// Resource name -> (base font, CIDToGIDMap).
	type fontInfo struct {
		name string
		gids []uint16
	}
	fonts := map[string]fontInfo{}
	for _, o := range objs {
		m := fontDictRe.FindStringSubmatch(o.dict)
		if m == nil {
			continue
		}
		for _, r := range refRe.FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(r[2])
			f := objs[n].dict
			d := descendRe.FindStringSubmatch(f)
			if d == nil {
				continue
			}
			dn, _ := strconv.Atoi(d[1])
			c := cidToGIDRe.FindStringSubmatch(objs[dn].dict)
			if c == nil {
				t.Fatalf("font %s has no CIDToGIDMap", r[1])
			}
			cn, _ := strconv.Atoi(c[1])
			raw := objs[cn].stream
			gids := make([]uint16, len(raw)/2)
			for i := range gids {
				gids[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
			}
			name := baseFontRe.FindStringSubmatch(f)[1]
			name = name[strings.IndexByte(name, '+')+1:]
			fonts[r[1]] = fontInfo{name, gids}
		}
	}
	var out []placedGlyph
	for _, o := range objs {
		if !strings.Contains(o.dict, "/Type /Page") || strings.Contains(o.dict, "/Type /Pages") {
			continue
		}
		m := contentsRe.FindStringSubmatch(o.dict)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		content := objs[n].stream
		var cur fontInfo
		var operands []string
		for _, tok := range contentTokens(content) {
			switch {
			case tok == "Tf" && len(operands) >= 2:
				if fm := tokenTfRe.FindStringSubmatch(operands[len(operands)-2]); fm != nil {
					cur = fonts[fm[1]]
				}
			case strings.HasPrefix(tok, "("):
				if cur.gids == nil {
					break
				}
				s := []byte(tok[1:])
				for i := 0; i+1 < len(s); i += 2 {
					cid := int(s[i])<<8 | int(s[i+1])
					if cid >= len(cur.gids) {
						t.Fatalf("CID %d past the CIDToGIDMap of %s", cid, cur.name)
					}
					out = append(out, placedGlyph{cur.name, cur.gids[cid]})
				}
			}
			if !strings.HasPrefix(tok, "(") {
				operands = append(operands, tok)
			}
		}
	}
	return out
}

// contentTokens splits a content stream into tokens; a literal string
// token is "(" and its unescaped bytes.
func contentTokens(b []byte) []string {
	var out []string
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '(':
			var s []byte
			s = append(s, '(')
			i++
			for i < len(b) && b[i] != ')' {
				if b[i] == '\\' && i+1 < len(b) {
					i++
					switch b[i] {
					case 'r':
						s = append(s, '\r')
					case 'n':
						s = append(s, '\n')
					default:
						s = append(s, b[i])
					}
				} else {
					s = append(s, b[i])
				}
				i++
			}
			i++
			out = append(out, string(s))
		case c == '[' || c == ']':
			out = append(out, string(c))
			i++
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			i++
		default:
			j := i
			for j < len(b) && !strings.ContainsRune(" \n\r\t[]()", rune(b[j])) {
				j++
			}
			out = append(out, string(b[i:j]))
			i = j
		}
	}
	return out
}

// comparable reduces text to what pdftotext reliably returns for lang:
// single spaces, no bidi controls, no hyphens; for Thai no spaces at all (line breaks
// between words come back as spaces); for Arabic script no vowel marks
// (poppler moves the marks of a multi-character mapping before their
// letter when it reorders right-to-left text; the ToUnicode map has them
// in logical order) and no punctuation (poppler moves a full stop next to
// an embedded left-to-right run).
func comparable(s, lang string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return -1
		case r == '-': // pdftotext drops a hyphen that ends a line
			return -1
		case isRTL(lang) && unicode.Is(unicode.Mn, r):
			return -1
		case isRTL(lang) && unicode.IsPunct(r):
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if lang == "th" {
		s = strings.ReplaceAll(s, " ", "")
	}
	return s
}

// containsText reports whether extracted (pdftotext's output) holds want
// in lang: the comparable text; for right-to-left languages each of its
// words (pdftotext reorders the pieces of a right-to-left line around
// punctuation and numbers, so only the order of words within unpunctuated
// runs survives; TestShapingMatchesHarfBuzz checks the glyph order).
func containsText(extracted, want, lang string) bool {
	ex, w := comparable(extracted, lang), comparable(want, lang)
	if !isRTL(lang) {
		return strings.Contains(ex, w)
	}
	have := map[string]int{}
	for _, word := range strings.Fields(ex) {
		have[word]++
	}
	for _, word := range strings.Fields(w) {
		if pdfNumberRe.MatchString(word) {
			continue // numbers may stick to the words beside them
		}
		if have[word] == 0 {
			return false
		}
		have[word]--
	}
	return true
}
