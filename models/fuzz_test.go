package models

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzFoldName: the name folding that duplicate detection and search rely
// on never panics, and its result is a search form: valid UTF-8, only
// letters, digits and marks in single-space-separated words (so it is safe
// inside a LIKE pattern), case folded, and stable (folding it again changes
// nothing, so a stored SearchName matches a query typed the same way). Seeds
// in testdata/fuzz/FuzzFoldName; run in CI for 10 s (.ci/fuzz-targets);
// longer: go test ./models -run '^$' -fuzz '^FuzzFoldName$' -fuzztime 5m
func FuzzFoldName(f *testing.F) {
	for _, s := range []string{"Nguyễn Thị Hường", "Łukasz Wróblewski-Łęcka", "N'Diaye", "O’Brien", "Jean-Pierre", "STRAßE",
		"İlkay Işık", "विजय कुमार", "محمد عبد الله", "山田 太郎", "ａｂｃ１２３", "a\u200db", "%_\\", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := FoldName(s)
		if !utf8.ValidString(got) {
			t.Fatalf("FoldName(%q) = %q: not valid UTF-8", s, got)
		}
		if got != strings.Join(strings.Fields(got), " ") {
			t.Fatalf("FoldName(%q) = %q: not single-space-separated words", s, got)
		}
		for _, r := range got {
			if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
				t.Fatalf("FoldName(%q) = %q holds %U", s, got, r)
			}
		}
		if again := FoldName(got); again != got {
			t.Fatalf("FoldName is not stable on %q: %q, then %q", s, got, again)
		}
		terms := SearchTerms(s)
		if strings.Join(terms, " ") != got {
			t.Fatalf("SearchTerms(%q) = %q, FoldName %q", s, terms, got)
		}
		if len(terms) > 0 && !NameMatches(got, s) {
			t.Fatalf("a name does not match itself: %q (folded %q)", s, got)
		}
		if upper := FoldName(strings.ToUpper(s)); utf8.ValidString(s) && upper != got && FoldName(upper) != upper {
			t.Fatalf("the upper case of %q folds unstably: %q", s, upper)
		}
	})
}
