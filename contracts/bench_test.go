package contracts

import (
	"testing"
	"time"
)

// Issue 5 requires one contract set in the embedded Unicode font (what
// Generate does) to take at most four times as long as the same snapshot
// and layout set in gofpdf's core fonts, measured side by side in one run.
// Figures go in the issue note, not in a test. Run:
//
//	go test ./contracts -run '^$' -bench Contract -benchmem -count 5
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
	var core, uni time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := generate(s, fontCore); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := generate(s, fontUnicode); err != nil {
			b.Fatal(err)
		}
		core += t1.Sub(t0)
		uni += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(core.Nanoseconds())/n, "core-ns/doc")
	b.ReportMetric(float64(uni.Nanoseconds())/n, "unicode-ns/doc")
	b.ReportMetric(float64(uni)/float64(core), "unicode/core")
}
