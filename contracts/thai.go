package contracts

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"sync"
)

// Thai is written without spaces between words, and UAX #14 gives no break
// opportunity inside a Thai run (class SA: "needs a dictionary"). Before
// shaping, thaiWordBreaks cuts Thai runs into dictionary words and puts a
// zero-width space between them, which is a break opportunity; the glyphs
// of those spaces are dropped when the line is drawn (typeset.go).
//
// The word list is the Thai Hunspell dictionary (dict/LICENSE).
//
//go:embed dict/thai-words.txt.gz
var thaiWordsGz []byte

const zwsp = '\u200B'

// thaiExtraWords are words of our own texts the dictionary lacks: the
// Belgian place names and loanwords, which would otherwise be cut.
var thaiExtraWords = []string{"บรัสเซลส์", "แอนต์เวิร์ป", "ลีแยฌ", "สลิป", "ณ"}

// thaiLongestWord bounds the search, in characters.
const thaiLongestWord = 24

var thaiWords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(thaiWordsGz))
	if err != nil {
		panic(err) // the embedded file is tested
	}
	words := make(map[string]struct{}, 52000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := sc.Text(); w != "" {
			words[w] = struct{}{}
		}
	}
	for _, w := range thaiExtraWords {
		words[w] = struct{}{}
	}
	return words
})

func isThai(r rune) bool { return r >= 0x0E01 && r <= 0x0E5B }

// thaiNoBreakBefore are the characters a word cannot start with:
// vowel signs above and below, tone marks, and the vowels that follow
// their consonant.
func thaiNoBreakBefore(r rune) bool {
	return r == 0x0E30 || r == 0x0E31 || r == 0x0E32 || r == 0x0E33 || (r >= 0x0E34 && r <= 0x0E3A) ||
		r == 0x0E45 || (r >= 0x0E47 && r <= 0x0E4E)
}

// thaiNoBreakAfter are the vowels written before their consonant.
func thaiNoBreakAfter(r rune) bool { return r >= 0x0E40 && r <= 0x0E44 }

// thaiWordBreaks returns text with a zero-width space between the words of
// each Thai run (text itself when it has no Thai).
func thaiWordBreaks(text []rune) []rune {
	has := false
	for _, r := range text {
		if isThai(r) {
			has = true
			break
		}
	}
	if !has {
		return text
	}
	out := make([]rune, 0, len(text)+len(text)/4)
	for i := 0; i < len(text); {
		if !isThai(text[i]) {
			out = append(out, text[i])
			i++
			continue
		}
		j := i
		for j < len(text) && isThai(text[j]) && text[j] != 0x0E2F && text[j] != 0x0E46 && text[j] != 0x0E5A && text[j] != 0x0E5B {
			j++
		}
		for j < len(text) && j == i { // a lone Thai punctuation mark
			j++
		}
		out = appendThaiWords(out, text[i:j])
		i = j
	}
	return out
}

// appendThaiWords segments a Thai run by dynamic programming: fewest
// characters outside dictionary words first, then fewest words (maximal
// matching, as ICU and libthai do in spirit).
func appendThaiWords(out, run []rune) []rune {
	words := thaiWords()
	n := len(run)
	type cost struct{ unknown, words int }
	best := make([]cost, n+1)
	prev := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = cost{1 << 30, 0}
	}
	canBreak := func(i int) bool { // between run[i-1] and run[i]
		return i == 0 || i == n || (!thaiNoBreakBefore(run[i]) && !thaiNoBreakAfter(run[i-1]))
	}
	var buf []byte
	for i := 0; i < n; i++ {
		if best[i].unknown == 1<<30 || !canBreak(i) {
			continue
		}
		// One unknown character (with the marks that cannot be cut off).
		k := i + 1
		for k < n && !canBreak(k) {
			k++
		}
		if c := (cost{best[i].unknown + (k - i), best[i].words + 1}); less(c.unknown, c.words, best[k].unknown, best[k].words) {
			best[k], prev[k] = c, i
		}
		buf = buf[:0]
		for j := i; j < n && j-i < thaiLongestWord; j++ {
			buf = append(buf, string(run[j])...)
			if !canBreak(j + 1) {
				continue
			}
			if _, ok := words[string(buf)]; ok {
				c := cost{best[i].unknown, best[i].words + 1}
				if less(c.unknown, c.words, best[j+1].unknown, best[j+1].words) {
					best[j+1], prev[j+1] = c, i
				}
			}
		}
	}
	var cuts []int
	for i := n; i > 0; i = prev[i] {
		cuts = append(cuts, i)
	}
	start := 0
	for c := len(cuts) - 1; c >= 0; c-- {
		if start > 0 {
			out = append(out, zwsp)
		}
		out = append(out, run[start:cuts[c]]...)
		start = cuts[c]
	}
	return out
}

func less(u1, w1, u2, w2 int) bool { return u1 < u2 || (u1 == u2 && w1 < w2) }
