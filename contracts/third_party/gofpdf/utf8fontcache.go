package gofpdf

// CARDDESK PATCH (PATCHES.md, 1 and 3): parsed UTF-8 fonts are cached for
// the life of the process.
//
// Upstream parsed the whole TrueType file every time a document added a
// UTF-8 font (the cmap of every character, a 65,536-entry width table),
// JSON-encoded that width table to derive the font's identifier, and parsed
// the cmap and loca tables a second time when subsetting the font at output.
// For a one- or two-page document that was most of the work. Here a font is
// parsed once per distinct font file; each document gets its own small
// utf8FontFile that shares the cache's read-only tables and keeps only its
// own subsetting state, so concurrent documents never share mutable state.

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/adler32"
	"io"
	"sync"
)

// utf8FontEntry is one parsed font, shared read-only by every document.
type utf8FontEntry struct {
	data []byte // the font file; kept so a reused address cannot alias another font
	desc FontDescType
	up   int
	ut   int
	cw   []int // character widths by rune; never written after parsing
	prep *utf8CutPrep

	mu  sync.Mutex
	ids map[string]string // font key -> generateFontID, computed once per key
}

// utf8CutPrep holds the font-wide tables GenerateCutFont needs. They depend
// only on the font file, never on the runes a document uses.
type utf8CutPrep struct {
	tableDescriptions    map[string]*tableDescription
	locaFormat           int
	metricsCount         int
	numSymbols           int
	charSymbolDictionary map[int]int
	symbolPosition       []int

	tailMu  sync.Mutex
	tailRaw []byte // the shared tail of the last subset, and
	tailZ   []byte // its deflated form (compressCut)
}

var utf8FontCache struct {
	sync.Mutex
	byData map[*byte]*utf8FontEntry // fast path: the same slice again (embedded fonts)
	byLen  map[int][]*utf8FontEntry // the same bytes in another slice (a file read again)
}

// loadUTF8Font returns the parsed font for data, parsing it on first use.
// As upstream already required (it read the bytes again at output time),
// the caller must not modify data after handing it to gofpdf.
func loadUTF8Font(data []byte) (*utf8FontEntry, error) {
	if len(data) == 0 {
		return nil, errEmptyFont
	}
	c := &utf8FontCache
	c.Lock()
	defer c.Unlock()
	if e, ok := c.byData[&data[0]]; ok && len(e.data) == len(data) {
		return e, nil
	}
	for _, e := range c.byLen[len(data)] {
		if bytes.Equal(e.data, data) {
			return e, nil
		}
	}
	e, err := parseUTF8Font(data)
	if err != nil {
		return nil, err
	}
	if c.byData == nil {
		c.byData = map[*byte]*utf8FontEntry{}
		c.byLen = map[int][]*utf8FontEntry{}
	}
	c.byData[&data[0]] = e
	c.byLen[len(data)] = append(c.byLen[len(data)], e)
	return e, nil
}

type fontError string

func (e fontError) Error() string { return string(e) }

const errEmptyFont = fontError("gofpdf: empty UTF-8 font")

func parseUTF8Font(data []byte) (*utf8FontEntry, error) {
	utf := newUTF8Font(&fileReader{array: data})
	if err := utf.parseFile(); err != nil {
		return nil, err
	}
	e := &utf8FontEntry{
		data: data,
		desc: FontDescType{
			Ascent:       int(utf.Ascent),
			Descent:      int(utf.Descent),
			CapHeight:    utf.CapHeight,
			Flags:        utf.Flags,
			FontBBox:     utf.Bbox,
			ItalicAngle:  utf.ItalicAngle,
			StemV:        utf.StemV,
			MissingWidth: round(utf.DefaultWidth),
		},
		up:  int(round(utf.UnderlinePosition)),
		ut:  round(utf.UnderlineThickness),
		cw:  utf.CharWidths,
		ids: map[string]string{},
	}
	e.prep = newUTF8FontFile(e.data, nil).prepareCut()
	return e, nil
}

// newUTF8FontFile returns a document's own view of a font's bytes.
func newUTF8FontFile(data []byte, prep *utf8CutPrep) *utf8FontFile {
	return &utf8FontFile{fileReader: &fileReader{array: data}, prep: prep}
}

// prepareCut reads the font-wide tables GenerateCutFont needs, exactly as
// upstream's GenerateCutFont read them on every call.
func (utf *utf8FontFile) prepareCut() *utf8CutPrep {
	utf.fileReader.readerPosition = 0
	utf.skip(4)
	utf.generateTableDescriptions()
	p := &utf8CutPrep{tableDescriptions: utf.tableDescriptions}

	utf.SeekTable("head")
	utf.skip(50)
	p.locaFormat = utf.readUint16()

	utf.SeekTable("hhea")
	utf.skip(34)
	p.metricsCount = utf.readUint16()

	utf.SeekTable("maxp")
	utf.skip(4)
	p.numSymbols = utf.readUint16()

	if utf.generateCMAP() == nil {
		return nil
	}
	p.charSymbolDictionary = utf.charSymbolDictionary
	utf.parseLOCATable(p.locaFormat, p.numSymbols)
	p.symbolPosition = utf.symbolPosition
	return p
}

// def returns the font definition a document registers under fontKey: the
// shared metrics, a fresh set of used runes and the document's own
// utf8FontFile. The identifier is upstream's generateFontID, computed once.
func (e *utf8FontEntry) def(fontKey string, usedRunes map[int]int) fontDefType {
	d := fontDefType{
		Tp:        "UTF8",
		Name:      fontKey,
		Desc:      e.desc,
		Up:        e.up,
		Ut:        e.ut,
		Cw:        e.cw,
		usedRunes: usedRunes,
		utf8File:  newUTF8FontFile(e.data, e.prep),
	}
	e.mu.Lock()
	id, ok := e.ids[fontKey]
	if !ok {
		id, _ = generateFontID(d)
		e.ids[fontKey] = id
	}
	e.mu.Unlock()
	d.i = id
	return d
}

// CARDDESK PATCH (PATCHES.md, 7): the tables at the end of a subset that
// are copied unchanged from the font (name above all, 15 KiB of the 25 KiB
// of a DejaVu subset) are compressed once per font, not once per document.

// staticCutTables are the tables GenerateCutFont copies from the font
// unchanged (post is rewritten, but only from the font's own header).
var staticCutTables = map[string]bool{
	"OS/2": true, "cvt ": true, "fpgm": true, "gasp": true, "name": true, "post": true, "prep": true,
}

// compressCut returns stream, the subset font GenerateCutFont just made,
// as one zlib stream. When the subset ends with tables every subset of the
// font shares, that tail is deflated once and reused: the stream is the
// zlib header, the deflated head ending in a sync flush (so the next block
// starts on a byte boundary), the cached deflated tail (also ending in a
// sync flush), an empty final block and the Adler-32 of the whole. It
// inflates to exactly stream.
func (utf *utf8FontFile) compressCut(stream []byte) []byte {
	p := utf.prep
	if p == nil || utf.staticFrom <= 0 || utf.staticFrom >= len(stream) {
		return sliceCompress(stream)
	}
	head, tail := stream[:utf.staticFrom], stream[utf.staticFrom:]
	tailZ := p.deflatedTail(tail)

	var buf bytes.Buffer
	buf.Grow(len(head)/2 + len(tailZ) + 16)
	buf.Write([]byte{0x78, 0x01}) // zlib header, as zlib.BestSpeed writes it
	fw := flateWriters.Get().(*flate.Writer)
	fw.Reset(&buf)
	fw.Write(head)
	fw.Flush()
	fw.Reset(io.Discard)
	flateWriters.Put(fw)
	buf.Write(tailZ)
	buf.Write([]byte{0x03, 0x00}) // empty final block (fixed Huffman)
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], adler32.Checksum(stream))
	buf.Write(sum[:])
	return buf.Bytes()
}

var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	return w
}}

// deflatedTail returns tail deflated and sync-flushed, from the cache when
// the same tail was deflated before.
func (p *utf8CutPrep) deflatedTail(tail []byte) []byte {
	p.tailMu.Lock()
	defer p.tailMu.Unlock()
	if p.tailZ != nil && bytes.Equal(p.tailRaw, tail) {
		return p.tailZ
	}
	var buf bytes.Buffer
	fw := flateWriters.Get().(*flate.Writer)
	fw.Reset(&buf)
	fw.Write(tail)
	fw.Flush()
	fw.Reset(io.Discard)
	flateWriters.Put(fw)
	p.tailRaw = append([]byte(nil), tail...)
	p.tailZ = buf.Bytes()
	return p.tailZ
}
