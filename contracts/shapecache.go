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
