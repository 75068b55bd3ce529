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

// CTDCRecord is one row of the export.
type CTDCRecord struct {
	Year        string // yearOfRegistration; "2022-2026" once generalised
	Gender      string // CTDC: Female, Male, Unknown
	AgeBroad    string // a models.AgeBands band, "18+" once generalised; Row writes it as CTDC's ageBroad ("18--20")
	Citizenship string // ISO 3166 alpha-2; "ZZ" (unknown) once generalised
	JobCategory string // cleaning, household, childcare; "domestic_work" once generalised
	Means       []CTDCField
}

// key is the record's quasi-identifiers.
func (r CTDCRecord) key() string {
	return r.Year + "|" + r.Gender + "|" + r.AgeBroad + "|" + r.Citizenship + "|" + r.JobCategory
}

// CTDCGender maps a worker's sex to CTDC's gender values.
func CTDCGender(s Sex) string {
	switch s {
	case SexFemale:
		return "Female"
	case SexMale:
		return "Male"
	}
	return "Unknown"
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
				rs[i].Citizenship = "ZZ"
			}
		}
	},
	func(rs []CTDCRecord, _ int) { // coarser age bands
		for i := range rs {
			switch rs[i].AgeBroad {
			case "18-20", "21-23", "24-26", "27-29":
				rs[i].AgeBroad = "18-29"
			case "30-38", "39-47", "48+":
				rs[i].AgeBroad = "30+"
			}
		}
	},
	func(rs []CTDCRecord, _ int) { // the year becomes the report's span
		lo, hi := "", ""
		for _, r := range rs {
			if lo == "" || r.Year < lo {
				lo = r.Year
			}
			if r.Year > hi {
				hi = r.Year
			}
		}
		for i := range rs {
			if lo != hi {
				rs[i].Year = lo + "-" + hi
			}
		}
	},
	func(rs []CTDCRecord, _ int) { // any adult age
		for i := range rs {
			rs[i].AgeBroad = "18+"
		}
	},
	func(rs []CTDCRecord, _ int) { // gender unknown
		for i := range rs {
			rs[i].Gender = "Unknown"
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
// field names (yearOfRegistration, gender, ageBroad, citizenship, the
// means of control, typeOfLabourDomesticWork), then Carddesk's jobCategory.
// No record is labelled as forced labour or trafficking (isForcedLabour and
// the like are left out): an indicator observed is not a finding.
func CTDCHeader() []string {
	h := []string{"yearOfRegistration", "gender", "ageBroad", "citizenship"}
	for _, f := range CTDCMeansOfControl {
		h = append(h, string(f))
	}
	return append(h, CTDCNotSpecified, "typeOfLabourDomesticWork", "jobCategory")
}

// CTDCAgeBroad writes an age band as CTDC's ageBroad codes do ("18--20",
// "48+"); a generalised band the same way ("18--29", "30+", "18+").
func CTDCAgeBroad(band string) string {
	return strings.Replace(band, "-", "--", 1)
}

// Row is the record's cells in CTDCHeader's order (1 for present, 0 not).
func (r CTDCRecord) Row() []string {
	row := []string{r.Year, r.Gender, CTDCAgeBroad(r.AgeBroad), r.Citizenship}
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
