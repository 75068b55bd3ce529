package contracts

import (
	"sync"

	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
)

// The shaped runs of a paragraph are kept for the process: contracts and
// leaflets repeat the same clauses, and shaping is about half the cost of
// a document in a complex script. Faces are per typesetter (not safe for
// concurrent use), so the cache holds each run's font, not its face, and
// glyphs are copied out (the wrapper and trimSpace write into them).
type shapeKey struct {
	lang language.Language
	bold bool
	text string
}

type shapedParagraph struct {
	runes []rune
	runs  []shaping.Output // Face nil
	fonts []*loadedFont
}

// shapeCacheSize bounds the paragraphs kept (a few megabytes).
const shapeCacheSize = 2048

var shapeCache = struct {
	sync.Mutex
	m map[shapeKey]*shapedParagraph
}{m: map[shapeKey]*shapedParagraph{}}

func (ts *typesetter) cached(k shapeKey) ([]rune, []shaping.Output) {
	shapeCache.Lock()
	p := shapeCache.m[k]
	shapeCache.Unlock()
	if p == nil {
		return nil, nil
	}
	outs := make([]shaping.Output, len(p.runs))
	for i, o := range p.runs {
		o.Glyphs = append([]shaping.Glyph(nil), o.Glyphs...)
		o.Face = ts.face(p.fonts[i])
		outs[i] = o
	}
	return p.runes, outs
}

func (ts *typesetter) store(k shapeKey, runes []rune, outs []shaping.Output) {
	p := &shapedParagraph{runes: runes, runs: make([]shaping.Output, len(outs)), fonts: make([]*loadedFont, len(outs))}
	for i, o := range outs {
		p.fonts[i] = ts.fonts[o.Face]
		o.Glyphs = append([]shaping.Glyph(nil), o.Glyphs...)
		o.Face = nil
		p.runs[i] = o
	}
	shapeCache.Lock()
	if len(shapeCache.m) >= shapeCacheSize {
		clear(shapeCache.m)
	}
	shapeCache.m[k] = p
	shapeCache.Unlock()
}

// The lines of a paragraph are kept too, by language, direction, weight,
// width and text: the standard clauses come back in every contract and
// leaflet of a language, and laying them out again (glyph by glyph, or
// wrapping the shaped runs: finding the break opportunities is most of it)
// was most of what a contract costs beyond the core-font layout (issue 14).
// Lines are read-only once made (GlyphRun only reads its glyphs), so every
// document shares them.
type lineKey struct {
	lang  language.Language // "" for the unshaped lines, which do not depend on it
	rtl   bool
	bold  bool
	width float64
	text  string
}

// lineCacheGlyphs bounds the glyphs each cache keeps (32 bytes each: 4 MB).
const lineCacheGlyphs = 1 << 17

type lineCache struct {
	sync.Mutex
	m      map[lineKey][]line
	glyphs int
}

var simpleLineCache, shapedLineCache = &lineCache{m: map[lineKey][]line{}}, &lineCache{m: map[lineKey][]line{}}

func (c *lineCache) get(k lineKey) ([]line, bool) {
	c.Lock()
	defer c.Unlock()
	ls, ok := c.m[k]
	return ls, ok
}

// put keeps ls (nil: the text needs shaping), unless the paragraph is long:
// a text typed for one document.
func (c *lineCache) put(k lineKey, ls []line) {
	n := len(k.text) // glyphs, about
	if n > lineCacheGlyphs/16 {
		return
	}
	c.Lock()
	defer c.Unlock()
	if c.glyphs+n > lineCacheGlyphs {
		clear(c.m)
		c.glyphs = 0
	}
	c.m[k] = ls
	c.glyphs += n
}

// cachedSimpleLines is simpleLines through the cache.
func cachedSimpleLines(text string, bold bool, width float64) ([]line, bool) {
	k := lineKey{bold: bold, width: width, text: text}
	if ls, ok := simpleLineCache.get(k); ok {
		return ls, ls != nil
	}
	ls, ok := simpleLines(text, bold, width)
	if !ok {
		ls = nil
	}
	simpleLineCache.put(k, ls)
	return ls, ok
}

// cachedShapedLines is shapedOrPlain through the cache.
func (ts *typesetter) cachedShapedLines(text string, bold bool, width float64) []line {
	k := lineKey{lang: ts.lang, rtl: ts.rtl, bold: bold, width: width, text: text}
	if ls, ok := shapedLineCache.get(k); ok {
		return ls
	}
	ls := ts.shapedOrPlain(text, bold, width)
	shapedLineCache.put(k, ls)
	return ls
}
