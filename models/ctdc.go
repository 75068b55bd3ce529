package models

import (
	"slices"
	"strconv"
	"strings"
)

// The microdata export in the Counter-Trafficking Data Collaborative's
// format (issue 12): one record per worker and year with indicators
// observed, its means of control as CTDC's meansOfControl* fields, and the
// quasi-identifiers (nationality, sex, age band, year, job category)
// k-anonymised: generalised first, suppressed only where generalising is not
// enough.

// The codes are those of CTDC's Global Dataset, whose field names the
// export carries (The_Global_Dataset CSV, ctdatacollaborative.org): gender
// Female or Male, ageBroad "18--20" ... "48+", citizenship ISO 3166
// alpha-2, majorityStatus Adult, the means of control 0 or 1, and -99 for
// a value not known. A generalised value is written as not known, so every
// cell is one of CTDC's codes (no "18-29", no "2022-2026"). The Human
// Trafficking Case Data Standard codes the same person fields otherwise
// (github.com/UNMigration/HTCDS, "HTCDS Field Standards 2.0.ods": prs_Gender
// Feminine, Masculine, TransgenderFeminine, TransgenderMasculine,
// NonConforming, NonSpecifiedUnknown; prs_Citizenship ISO 3166): HTCDSGender
// gives its code for a reader who maps the export onto it.

// CTDCMissing is the Global Dataset's value for "not known".
const CTDCMissing = "-99"

// CTDCRecord is one row of the export.
type CTDCRecord struct {
	Year        string // yearOfRegistration; CTDCMissing once generalised
	Gender      string // CTDC: Female, Male; CTDCMissing when not known or generalised
	AgeBroad    string // a models.AgeBands band, CTDCMissing once generalised; Row writes it as CTDC's ageBroad ("18--20")
	Citizenship string // ISO 3166 alpha-2; CTDCMissing once generalised
	JobCategory string // Carddesk's own column: cleaning, household, childcare; "domestic_work" once generalised
	Means       []CTDCField
}

// key is the record's quasi-identifiers.
func (r CTDCRecord) key() string {
	return r.Year + "|" + r.Gender + "|" + r.AgeBroad + "|" + r.Citizenship + "|" + r.JobCategory
}

// CTDCGender maps a worker's sex to CTDC's gender values; a sex not
// recorded is CTDCMissing (CTDC has no "Unknown" code).
func CTDCGender(s Sex) string {
	switch s {
	case SexFemale:
		return "Female"
	case SexMale:
		return "Male"
	}
	return CTDCMissing
}

// HTCDSGender is the Human Trafficking Case Data Standard's prs_Gender code
// for a worker's sex (HTCDS Field Standards 2.0.ods).
func HTCDSGender(s Sex) string {
	switch s {
	case SexFemale:
		return "Feminine"
	case SexMale:
		return "Masculine"
	}
	return "NonSpecifiedUnknown"
}

// ctdcSteps are the generalisations, mildest first; each applies on top of
// the ones before.
var ctdcSteps = []func([]CTDCRecord, int){
	func(rs []CTDCRecord, _ int) { // the job category: all are domestic work
		for i := range rs {
			rs[i].JobCategory = "domestic_work"
		}
	},
	func(rs []CTDCRecord, k int) { // rare nationalities become unknown
		n := map[string]int{}
		for _, r := range rs {
			n[r.Citizenship]++
		}
		for i := range rs {
			if n[rs[i].Citizenship] < k {
				rs[i].Citizenship = CTDCMissing
			}
		}
	},
	func(rs []CTDCRecord, _ int) { // the year: the export's span, which its name says
		for i := range rs {
			rs[i].Year = CTDCMissing
		}
	},
	func(rs []CTDCRecord, _ int) { // the age: an adult (majorityStatus says so)
		for i := range rs {
			rs[i].AgeBroad = CTDCMissing
		}
	},
	func(rs []CTDCRecord, _ int) { // the gender
		for i := range rs {
			rs[i].Gender = CTDCMissing
		}
	},
}

// ctdcTolerance is the share of records the export may suppress rather than
// generalise further (a generalisation of everyone to spare a few records is
// worse for the reader).
const ctdcTolerance = 0.05

// KAnonymise generalises the records' quasi-identifiers step by step until
// at most ctdcTolerance of them sit in combinations seen fewer than k times,
// then suppresses those. It returns the records kept, with every
// combination appearing at least k times, the number suppressed and the
// number of generalisation steps applied.
func KAnonymise(records []CTDCRecord, k int) (kept []CTDCRecord, suppressed, steps int) {
	rs := slices.Clone(records)
	for steps = 0; ; steps++ {
		small := smallClasses(rs, k)
		if float64(small) <= ctdcTolerance*float64(len(rs)) || steps == len(ctdcSteps) {
			break
		}
		ctdcSteps[steps](rs, k)
	}
	counts := classCounts(rs)
	for _, r := range rs {
		if counts[r.key()] >= k {
			kept = append(kept, r)
		} else {
			suppressed++
		}
	}
	return kept, suppressed, steps
}

func classCounts(rs []CTDCRecord) map[string]int {
	n := map[string]int{}
	for _, r := range rs {
		n[r.key()]++
	}
	return n
}

func smallClasses(rs []CTDCRecord, k int) int {
	counts := classCounts(rs)
	small := 0
	for _, r := range rs {
		if counts[r.key()] < k {
			small++
		}
	}
	return small
}

// CTDCMeansOfControl are the Global Dataset's means-of-control fields, in
// its order (CTDC data codebook; the same tactics as the Human Trafficking
// Case Data Standard's Methods of Control, github.com/UNMigration/HTCDS,
// Field Definitions). The export carries all of them so that it reads like
// the Global Dataset; no Carddesk indicator maps to substances, children or
// other tactics, so those stay 0, and meansOfControlNotSpecified is 1 for a
// record whose indicators map to no means of control.
var CTDCMeansOfControl = []CTDCField{
	CTDCDebtBondage, CTDCTakesEarnings, CTDCRestrictsFinancialAccess, CTDCThreats,
	CTDCPsychologicalAbuse, CTDCPhysicalAbuse, CTDCSexualAbuse, CTDCFalsePromises,
	"meansOfControlPsychoactiveSubstances", CTDCRestrictsMovement, CTDCRestrictsMedicalCare,
	CTDCExcessiveWorkingHours, "meansOfControlUsesChildren", CTDCThreatOfLawEnforcement,
	CTDCWithholdsNecessities, CTDCWithholdsDocuments, "meansOfControlOther",
}

// CTDCNotSpecified is 1 when no means of control is known.
const CTDCNotSpecified = "meansOfControlNotSpecified"

// CTDCHeader is the export's header, in the Global Dataset's order: its
// field names (yearOfRegistration, gender, ageBroad, majorityStatus,
// citizenship, the means of control, typeOfLabourDomesticWork), then
// Carddesk's jobCategory.
// No record is labelled as forced labour or trafficking (isForcedLabour and
// the like are left out): an indicator observed is not a finding.
func CTDCHeader() []string {
	h := []string{"yearOfRegistration", "gender", "ageBroad", "majorityStatus", "citizenship"}
	for _, f := range CTDCMeansOfControl {
		h = append(h, string(f))
	}
	return append(h, CTDCNotSpecified, "typeOfLabourDomesticWork", "jobCategory")
}

// CTDCAgeBroad writes an age band as CTDC's ageBroad codes do ("18--20",
// "48+"); CTDCMissing stays as it is.
func CTDCAgeBroad(band string) string {
	if band == CTDCMissing {
		return band
	}
	return strings.Replace(band, "-", "--", 1)
}

// Row is the record's cells in CTDCHeader's order (1 for present, 0 not).
func (r CTDCRecord) Row() []string {
	// Every worker is an adult (a card is issued from 18): majorityStatus
	// stays known when the age band is generalised away.
	row := []string{r.Year, r.Gender, CTDCAgeBroad(r.AgeBroad), "Adult", r.Citizenship}
	known := 0
	for _, f := range CTDCMeansOfControl {
		present := slices.Contains(r.Means, f)
		known += boolInt(present)
		row = append(row, strconv.Itoa(boolInt(present)))
	}
	return append(row, strconv.Itoa(boolInt(known == 0)), "1", r.JobCategory)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// String is the record for test messages.
func (r CTDCRecord) String() string { return strings.Join(r.Row(), ",") }
