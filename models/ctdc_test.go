package models

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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

// TestGeneraliseBeforeSuppressing: a data set that generalising the age
// band makes k-anonymous loses no record; a lone record in a large set is suppressed
// rather than everyone generalised.
func TestGeneraliseBeforeSuppressing(t *testing.T) {
	var rs []CTDCRecord
	for i := 0; i < 22; i++ {
		rs = append(rs, CTDCRecord{Year: "2026", Gender: "Female", AgeBroad: AgeBands[i%4], Citizenship: "PH", JobCategory: "household"})
	}
	kept, suppressed, steps := KAnonymise(rs, 11)
	if suppressed != 0 || len(kept) != 22 || steps == 0 || kept[0].AgeBroad != CTDCMissing || kept[0].Gender != "Female" {
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

// TestCTDCFieldsFollowTheStandard lists the export's fields: the CTDC
// Global Dataset's names, in its order, each means of control one of the
// Human Trafficking Case Data Standard's Methods of Control (HTCDS 2.0,
// Field Definitions.md), and CTDC's ageBroad codes.
func TestCTDCFieldsFollowTheStandard(t *testing.T) {
	want := []string{"yearOfRegistration", "gender", "ageBroad", "majorityStatus", "citizenship",
		"meansOfControlDebtBondage", "meansOfControlTakesEarnings", "meansOfControlRestrictsFinancialAccess",
		"meansOfControlThreats", "meansOfControlPsychologicalAbuse", "meansOfControlPhysicalAbuse",
		"meansOfControlSexualAbuse", "meansOfControlFalsePromises", "meansOfControlPsychoactiveSubstances",
		"meansOfControlRestrictsMovement", "meansOfControlRestrictsMedicalCare", "meansOfControlExcessiveWorkingHours",
		"meansOfControlUsesChildren", "meansOfControlThreatOfLawEnforcement", "meansOfControlWithholdsNecessities",
		"meansOfControlWithholdsDocuments", "meansOfControlOther", "meansOfControlNotSpecified",
		"typeOfLabourDomesticWork", "jobCategory"}
	if got := CTDCHeader(); !slices.Equal(got, want) {
		t.Errorf("header\n got %v\nwant %v", got, want)
	}
	// HTCDS's Methods of Control, as its Field Definitions name them.
	htcds := []string{"DebtBondage", "TakesEarnings", "RestrictsFinancialAccess", "Threats", "PsychologicalAbuse",
		"PhysicalAbuse", "SexualAbuse", "FalsePromises", "PsychoactiveSubstances", "RestrictsMovement",
		"RestrictsMedicalCare", "ExcessiveWorkingHours", "UsesChildren", "ThreatOfLawEnforcement",
		"WithholdsNecessities", "WithholdsDocuments", "Other"}
	for _, f := range CTDCMeansOfControl {
		if !slices.Contains(htcds, strings.TrimPrefix(string(f), "meansOfControl")) {
			t.Errorf("%s is not one of HTCDS's Methods of Control", f)
		}
	}
	for _, f := range CTDCFields {
		if !slices.Contains(CTDCMeansOfControl, f) {
			t.Errorf("indicators map to %s, which the export leaves out", f)
		}
	}
	ctdcAges := []string{"0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+"}
	for _, b := range AgeBands {
		if !slices.Contains(ctdcAges, CTDCAgeBroad(b)) {
			t.Errorf("age band %s is written %s, not a CTDC ageBroad code", b, CTDCAgeBroad(b))
		}
	}
	none := CTDCRecord{Year: "2026", Gender: "Female", AgeBroad: "30-38", Citizenship: "PH", JobCategory: "household"}
	docs := none
	docs.Means = []CTDCField{CTDCWithholdsDocuments}
	col := func(r CTDCRecord, name string) string { return r.Row()[slices.Index(want, name)] }
	if col(none, "meansOfControlNotSpecified") != "1" || col(docs, "meansOfControlNotSpecified") != "0" ||
		col(docs, "meansOfControlWithholdsDocuments") != "1" || col(none, "ageBroad") != "30--38" || col(none, "typeOfLabourDomesticWork") != "1" {
		t.Errorf("rows %v / %v", none.Row(), docs.Row())
	}
	if col(none, "majorityStatus") != "Adult" {
		t.Errorf("majorityStatus %q", col(none, "majorityStatus"))
	}
}

// TestCTDCCodes: every cell of every record, generalised or not, is one of
// the Global Dataset's codes for its field (-99 for not known), and the
// gender maps as CTDC and HTCDS (HTCDS Field Standards 2.0.ods, prs_Gender)
// code it.
func TestCTDCCodes(t *testing.T) {
	genders := map[Sex][2]string{SexFemale: {"Female", "Feminine"}, SexMale: {"Male", "Masculine"}, SexUnspecified: {CTDCMissing, "NonSpecifiedUnknown"}}
	for _, sex := range Sexes {
		if got := [2]string{CTDCGender(sex), HTCDSGender(sex)}; got != genders[sex] {
			t.Errorf("%s: %v, want %v", sex, got, genders[sex])
		}
	}
	ages := []string{"18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", CTDCMissing}
	rng := rand.New(rand.NewPCG(3, 4))
	for run := 0; run < 100; run++ {
		kept, _, _ := KAnonymise(randomRecords(rng, rng.IntN(300), 1+rng.IntN(10)), 2+rng.IntN(15))
		for _, r := range kept {
			row := r.Row()
			year, err := strconv.Atoi(row[0])
			if (err != nil || year < 2000) && row[0] != CTDCMissing {
				t.Fatalf("yearOfRegistration %q", row[0])
			}
			if !slices.Contains([]string{"Female", "Male", CTDCMissing}, row[1]) || !slices.Contains(ages, row[2]) || row[3] != "Adult" {
				t.Fatalf("gender, ageBroad, majorityStatus: %v", row)
			}
			if c := row[4]; c != CTDCMissing && (len(c) != 2 || strings.ToUpper(c) != c) {
				t.Fatalf("citizenship %q", c)
			}
		}
	}
}
