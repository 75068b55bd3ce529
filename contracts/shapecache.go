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

// The lines of a paragraph that needs no shaping (simple.go) are kept too,
// by text, weight and width: the standard clauses come back in every
// contract and leaflet of a language, and laying them out glyph by glyph
// was most of what a Latin contract costs beyond the core-font layout
// (issue 14). The lines are read-only once made (GlyphRun only reads its
// glyphs), so every document shares them.
type simpleKey struct {
	bold  bool
	width float64
	text  string
}

// simpleCacheGlyphs bounds the glyphs kept (32 bytes each: 4 MB).
const simpleCacheGlyphs = 1 << 17

var simpleCache = struct {
	sync.Mutex
	m      map[simpleKey][]line
	glyphs int
}{m: map[simpleKey][]line{}}

// cachedSimpleLines is simpleLines through the cache.
func cachedSimpleLines(text string, bold bool, width float64) ([]line, bool) {
	k := simpleKey{bold, width, text}
	simpleCache.Lock()
	ls, ok := simpleCache.m[k]
	simpleCache.Unlock()
	if ok {
		return ls, ls != nil
	}
	ls, ok = simpleLines(text, bold, width)
	n := len(text) // glyphs, about
	if n > simpleCacheGlyphs/16 {
		return ls, ok // a long paragraph typed for one document
	}
	simpleCache.Lock()
	if simpleCache.glyphs+n > simpleCacheGlyphs {
		clear(simpleCache.m)
		simpleCache.glyphs = 0
	}
	if ok {
		simpleCache.m[k] = ls
	} else {
		simpleCache.m[k] = nil // needs shaping: the shape cache has it
	}
	simpleCache.glyphs += n
	simpleCache.Unlock()
	return ls, ok
}
