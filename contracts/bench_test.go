package contracts

import (
	"slices"
	"testing"
	"time"
)

// Issue 5 requires one contract set in the embedded Unicode font (what
// Generate does) to take at most four times as long as the same snapshot
// and layout set in gofpdf's core fonts, measured side by side in one run;
// issue 11 at most 2.5 times for Latin contracts. Figures go in the issue
// note, not in a test. Run:
//
//	go test ./contracts -run '^$' -bench 'Contract|Leaflet' -benchmem -count 5
//	go test ./contracts -run '^$' -bench 'Contract/unicode' -cpuprofile cpu.out && go tool pprof -top cpu.out

// BenchmarkContract measures each font mode on its own.
func BenchmarkContract(b *testing.B) {
	for _, bc := range []struct {
		name string
		mode fontMode
	}{{"core", fontCore}, {"unicode", fontUnicode}} {
		b.Run(bc.name, func(b *testing.B) {
			s := sample()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := generate(s, bc.mode); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkContractRatio alternates the two modes within each iteration,
// so that a busy machine slows both alike, and reports each mode's time
// per document and their ratio (unicode/core).
func BenchmarkContractRatio(b *testing.B) {
	s := sample()
	ratio(b, func(mode fontMode) error { _, err := generate(s, mode); return err })
}

// BenchmarkContractLanguages measures the contract in each contract
// language, alone and with English or French beside it, and in French with
// each translation beside it, against the same document in the core fonts
// (alternated, as in BenchmarkContractRatio).
func BenchmarkContractLanguages(b *testing.B) {
	for _, lang := range ContractLanguages {
		seconds := []string{"", "en", "fr"}
		if lang == "fr" {
			seconds = append([]string{""}, SecondLanguages()...)
		}
		for _, second := range seconds {
			if second == lang {
				continue
			}
			name := lang
			if second != "" {
				name += "+" + second
			}
			b.Run(name, func(b *testing.B) {
				s := sample()
				s.Language, s.SecondLanguage = lang, second
				ratio(b, func(mode fontMode) error { _, err := generate(s, mode); return err })
			})
		}
	}
}

// BenchmarkLeaflet measures the rights leaflet in every language against
// the same leaflet laid out in the core fonts. For scripts the core fonts
// cannot show, that baseline lays out the same number of "?" (gofpdf's
// cp1252 conversion): the same paragraphs and lines, not the same glyphs.
// A language not reviewed is set in two columns, with English beside it.
func BenchmarkLeaflet(b *testing.B) {
	for _, lang := range LeafletLanguages() {
		b.Run(lang, func(b *testing.B) {
			d := LeafletData{Language: lang, Minimum: 207048, ScaleEffectiveDate: day(2024, time.May, 1)}
			ratio(b, func(mode fontMode) error { _, err := leaflet(d, mode); return err })
		})
	}
}

// ratio runs doc in both modes in each iteration and reports the time of
// each and their ratio (unicode/core), and the median of the iterations'
// ratios (unicode/core-median): on a shared machine a neighbour's burst
// lands on one document of a pair and moves the sums, much less the median
// (issue 14).
func ratio(b *testing.B, doc func(fontMode) error) {
	var core, uni time.Duration
	var ratios []float64
	for b.Loop() {
		t0 := time.Now()
		if err := doc(fontCore); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := doc(fontUnicode); err != nil {
			b.Fatal(err)
		}
		c, u := t1.Sub(t0), time.Since(t1)
		core += c
		uni += u
		ratios = append(ratios, float64(u)/float64(c))
	}
	n := float64(b.N)
	b.ReportMetric(float64(core.Nanoseconds())/n, "core-ns/doc")
	b.ReportMetric(float64(uni.Nanoseconds())/n, "unicode-ns/doc")
	b.ReportMetric(float64(uni)/float64(core), "unicode/core")
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "unicode/core-median")
}
