package models

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

func randomRecords(rng *rand.Rand, n int, countries int) []CTDCRecord {
	nat := []string{"PH", "IN", "ID", "MA", "ET", "NP", "LK", "VN", "ER", "BO"}[:countries]
	out := make([]CTDCRecord, n)
	for i := range out {
		out[i] = CTDCRecord{Year: strconv.Itoa(2022 + rng.IntN(5)), Gender: []string{"Female", "Female", "Female", "Male"}[rng.IntN(4)],
			AgeBroad: AgeBands[rng.IntN(len(AgeBands))], Citizenship: nat[rng.IntN(len(nat))],
			JobCategory: string(JobCategories[rng.IntN(3)]), Means: []CTDCField{CTDCFields[rng.IntN(len(CTDCFields))]}}
	}
	return out
}

// TestKAnonymity: over random data sets, every combination of the
// quasi-identifiers kept appears at least k times, and nothing is dropped
// without a reason.
func TestKAnonymity(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for run := 0; run < 300; run++ {
		k := 2 + rng.IntN(15)
		records := randomRecords(rng, rng.IntN(400), 1+rng.IntN(10))
		kept, suppressed, _ := KAnonymise(records, k)
		if len(kept)+suppressed != len(records) {
			t.Fatalf("%d kept + %d suppressed of %d", len(kept), suppressed, len(records))
		}
		for key, n := range classCounts(kept) {
			if n < k {
				t.Fatalf("k=%d: combination %s appears %d times", k, key, n)
			}
		}
	}
}

// TestGeneraliseBeforeSuppressing: a data set that a coarser age band makes
// k-anonymous loses no record; a lone record in a large set is suppressed
// rather than everyone generalised.
func TestGeneraliseBeforeSuppressing(t *testing.T) {
	var rs []CTDCRecord
	for i := 0; i < 22; i++ {
		rs = append(rs, CTDCRecord{Year: "2026", Gender: "Female", AgeBroad: AgeBands[i%4], Citizenship: "PH", JobCategory: "household"})
	}
	kept, suppressed, steps := KAnonymise(rs, 11)
	if suppressed != 0 || len(kept) != 22 || steps == 0 || kept[0].AgeBroad != "18-29" {
		t.Errorf("kept %d, suppressed %d after %d steps: %v", len(kept), suppressed, steps, kept[0])
	}
	rs = nil
	for i := 0; i < 200; i++ {
		rs = append(rs, CTDCRecord{Year: "2026", Gender: "Female", AgeBroad: "30-38", Citizenship: "PH", JobCategory: "household"})
	}
	rs = append(rs, CTDCRecord{Year: "2026", Gender: "Male", AgeBroad: "48+", Citizenship: "ER", JobCategory: "childcare"})
	kept, suppressed, steps = KAnonymise(rs, 11)
	if suppressed != 1 || steps != 0 || kept[0].Citizenship != "PH" {
		t.Errorf("lone record: kept %d, suppressed %d, steps %d", len(kept), suppressed, steps)
	}
	if h, r := CTDCHeader(), rs[0].Row(); len(h) != len(r) || h[0] != "yearOfRegistration" {
		t.Errorf("header %v row %v", h, r)
	}
}
