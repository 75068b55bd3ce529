package models

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestILOForcedLabourList(t *testing.T) {
	want := []string{
		"abuse_of_vulnerability", "deception", "restriction_of_movement", "isolation",
		"physical_and_sexual_violence", "intimidation_and_threats", "retention_of_identity_documents",
		"withholding_of_wages", "debt_bondage", "abusive_working_and_living_conditions", "excessive_overtime",
	}
	var got []string
	for _, ind := range Indicators(TaxonomyILOForcedLabour) {
		got = append(got, ind.Code)
		if ind.Dimension != "" || ind.Grade != "" {
			t.Errorf("%s: the ILO forced-labour list has no dimensions or grades", ind.Code)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("ILO forced-labour codes:\n got %v\nwant %v", got, want)
	}
}

// The counts and grades are those of DOMAIN.md (ILO-EC 2009, adult labour
// exploitation): 10+10+16+9+15+7 = 67.
func TestILOECCounts(t *testing.T) {
	type counts struct{ total, strong, medium, weak int }
	want := map[Dimension]counts{
		DimensionDeceptiveRecruitment:              {10, 1, 8, 1},
		DimensionCoerciveRecruitment:               {10, 1, 9, 0},
		DimensionRecruitmentAbuseOfVulnerability:   {16, 0, 14, 2},
		DimensionExploitativeConditions:            {9, 1, 7, 1},
		DimensionCoercionAtDestination:             {15, 4, 10, 1},
		DimensionAbuseOfVulnerabilityAtDestination: {7, 0, 5, 2},
	}
	all := Indicators(TaxonomyILOEC)
	if len(all) != 67 {
		t.Errorf("ILO-EC list has %d indicators, want 67", len(all))
	}
	if len(Dimensions) != 6 {
		t.Errorf("%d dimensions, want 6", len(Dimensions))
	}
	got := map[Dimension]counts{}
	for _, ind := range all {
		c := got[ind.Dimension]
		c.total++
		switch ind.Grade {
		case GradeStrong:
			c.strong++
		case GradeMedium:
			c.medium++
		case GradeWeak:
			c.weak++
		default:
			t.Errorf("%s: grade %q", ind.Code, ind.Grade)
		}
		got[ind.Dimension] = c
	}
	for _, d := range Dimensions {
		if got[d] != want[d] {
			t.Errorf("%s: got %+v, want %+v", d, got[d], want[d])
		}
		if n := len(IndicatorsInDimension(d)); n != want[d].total {
			t.Errorf("IndicatorsInDimension(%s) = %d", d, n)
		}
		if d.Label() == string(d) {
			t.Errorf("%s has no label", d)
		}
	}
	if len(got) != len(want) {
		t.Errorf("indicators in unknown dimensions: %v", got)
	}
}

// Some grades matter more than others for the rule; pin the ones DOMAIN.md
// singles out, so a reordering of the table cannot silently change them.
func TestILOECSelectedGrades(t *testing.T) {
	for code, grade := range map[string]Grade{
		"deceptive_recruitment.nature_of_job_location_or_employer":             GradeStrong,
		"deceptive_recruitment.access_to_education":                            GradeWeak,
		"coercive_recruitment.violence_on_victims":                             GradeStrong,
		"coercive_recruitment.confiscation_of_documents":                       GradeMedium,
		"coercion_at_destination.confiscation_of_documents":                    GradeStrong,
		"coercion_at_destination.debt_bondage":                                 GradeStrong,
		"coercion_at_destination.threats_to_inform_family_community_or_public": GradeWeak,
		"exploitative_conditions.excessive_working_days_or_hours":              GradeStrong,
		"exploitative_conditions.no_access_to_education":                       GradeWeak,
		"recruitment_abuse_of_vulnerability.general_context":                   GradeWeak,
		"abuse_of_vulnerability_at_destination.personal_characteristics":       GradeWeak,
	} {
		ind, ok := LookupIndicator(code)
		if !ok || ind.Grade != grade {
			t.Errorf("%s: got %q (found %v), want %q", code, ind.Grade, ok, grade)
		}
	}
}

func TestIndicatorCodes(t *testing.T) {
	codeRE := regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)?$`)
	seen := map[string]bool{}
	for _, tax := range []Taxonomy{TaxonomyILOForcedLabour, TaxonomyILOEC} {
		if !tax.Valid() || tax.Label() == string(tax) {
			t.Errorf("taxonomy %s", tax)
		}
		for _, ind := range Indicators(tax) {
			if seen[ind.Code] {
				t.Errorf("code %s appears twice", ind.Code)
			}
			seen[ind.Code] = true
			if !codeRE.MatchString(ind.Code) {
				t.Errorf("code %q is not a stable snake_case code", ind.Code)
			}
			if strings.TrimSpace(ind.Label) == "" {
				t.Errorf("%s has no label", ind.Code)
			}
			if tax == TaxonomyILOEC && !strings.HasPrefix(ind.Code, string(ind.Dimension)+".") {
				t.Errorf("%s is not prefixed by its dimension %s", ind.Code, ind.Dimension)
			}
			got, ok := LookupIndicator(ind.Code)
			if !ok || got.Taxonomy != tax {
				t.Errorf("LookupIndicator(%s) = %v, %v", ind.Code, got, ok)
			}
		}
	}
	if _, ok := LookupIndicator("no_such_indicator"); ok {
		t.Error("unknown code found")
	}
}

func TestCatalogueIsNotMutableFromOutside(t *testing.T) {
	ind, _ := LookupIndicator(ILOWithholdingOfWages)
	ind.CTDC[0] = "mutated"
	Indicators(TaxonomyILOForcedLabour)[0].Label = "mutated"
	CTDCFieldsFor(ILOWithholdingOfWages)[0] = "mutated"
	again, _ := LookupIndicator(ILOWithholdingOfWages)
	if again.CTDC[0] == "mutated" || Indicators(TaxonomyILOForcedLabour)[0].Label == "mutated" {
		t.Fatal("callers can change the catalogue")
	}
}

// ctdcFieldsInDomain are the CTDC fields DOMAIN.md names; the test also reads
// DOMAIN.md itself when it is beside the repository, so a field added there
// fails here until it is mapped.
var ctdcFieldsInDomain = []string{
	"meansOfControlDebtBondage", "meansOfControlTakesEarnings", "meansOfControlRestrictsFinancialAccess",
	"meansOfControlThreats", "meansOfControlPsychologicalAbuse", "meansOfControlPhysicalAbuse",
	"meansOfControlSexualAbuse", "meansOfControlFalsePromises", "meansOfControlRestrictsMovement",
	"meansOfControlRestrictsMedicalCare", "meansOfControlExcessiveWorkingHours",
	"meansOfControlThreatOfLawEnforcement", "meansOfControlWithholdsNecessities",
	"meansOfControlWithholdsDocuments",
}

func TestCTDCMapping(t *testing.T) {
	names := slices.Clone(ctdcFieldsInDomain)
	if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "DOMAIN.md")); err == nil {
		fromDoc := regexp.MustCompile(`meansOfControl[A-Za-z]+`).FindAllString(string(b), -1)
		if len(fromDoc) == 0 {
			t.Error("DOMAIN.md names no CTDC field: has the section moved?")
		}
		names = append(names, fromDoc...)
	} else {
		t.Logf("DOMAIN.md not found beside the repository (%v); using the list in this test", err)
	}

	reachable := map[CTDCField][]string{}
	for _, tax := range []Taxonomy{TaxonomyILOForcedLabour, TaxonomyILOEC} {
		for _, ind := range Indicators(tax) {
			for _, f := range ind.CTDC {
				if !f.Valid() {
					t.Errorf("%s maps to unknown CTDC field %q", ind.Code, f)
				}
				if slices.Contains(reachable[f], ind.Code) {
					t.Errorf("%s lists %s twice", ind.Code, f)
				}
				reachable[f] = append(reachable[f], ind.Code)
			}
			if !slices.Equal(CTDCFieldsFor(ind.Code), ind.CTDC) {
				t.Errorf("CTDCFieldsFor(%s) disagrees with the catalogue", ind.Code)
			}
		}
	}
	for _, name := range names {
		f := CTDCField(name)
		if !f.Valid() {
			t.Errorf("DOMAIN.md names %s, which CTDCFields lacks", name)
		}
		if len(reachable[f]) == 0 {
			t.Errorf("no indicator maps to %s", name)
		}
	}
	if len(CTDCFields) != len(ctdcFieldsInDomain) {
		t.Errorf("CTDCFields has %d fields, DOMAIN.md %d", len(CTDCFields), len(ctdcFieldsInDomain))
	}
	if CTDCFieldsFor("no_such_indicator") != nil {
		t.Error("unknown code has a mapping")
	}
}

func TestDimensionPositive(t *testing.T) {
	tests := []struct {
		strong, medium, weak int
		want                 bool
	}{
		{0, 0, 0, false},
		{1, 0, 0, false}, // one strong alone is not enough
		{2, 0, 0, true},  // 2 strong
		{1, 1, 0, true},  // 1 strong + 1 medium
		{1, 0, 1, true},  // 1 strong + 1 weak
		{0, 3, 0, true},  // 3 medium
		{0, 2, 0, false},
		{0, 2, 1, true}, // 2 medium + 1 weak
		{0, 1, 1, false},
		{0, 1, 2, false},
		{0, 0, 3, false}, // weak alone never
		{0, 0, 9, false},
		{0, 1, 9, false},
		{3, 3, 3, true},
	}
	for _, tt := range tests {
		if got := DimensionPositive(tt.strong, tt.medium, tt.weak); got != tt.want {
			t.Errorf("DimensionPositive(S=%d, M=%d, W=%d) = %v, want %v", tt.strong, tt.medium, tt.weak, got, tt.want)
		}
	}
}

func answeredYes(codes ...string) []IndicatorResponse {
	out := make([]IndicatorResponse, len(codes))
	for i, c := range codes {
		out[i] = IndicatorResponse{Code: c, Answer: IndicatorYes}
	}
	return out
}

func TestScreen(t *testing.T) {
	// Building blocks, each positive on its own dimension.
	deceptive := answeredYes("deceptive_recruitment.nature_of_job_location_or_employer", "deceptive_recruitment.wages_earnings")                                                                                          // S+M
	coerciveRec := answeredYes("coercive_recruitment.threats_of_violence", "coercive_recruitment.debt_bondage", "coercive_recruitment.withholding_of_money")                                                              // 3M
	vulnRec := answeredYes("recruitment_abuse_of_vulnerability.economic_reasons", "recruitment_abuse_of_vulnerability.lack_of_information", "recruitment_abuse_of_vulnerability.general_context")                         // 2M+W
	exploit := answeredYes("exploitative_conditions.excessive_working_days_or_hours", "exploitative_conditions.no_access_to_education")                                                                                   // S+W
	coercionDest := answeredYes("coercion_at_destination.confiscation_of_documents", "coercion_at_destination.isolation_confinement_or_surveillance")                                                                     // 2S
	vulnDest := answeredYes("abuse_of_vulnerability_at_destination.dependency_on_exploiters", "abuse_of_vulnerability_at_destination.economic_reasons", "abuse_of_vulnerability_at_destination.personal_characteristics") // 2M+W
	join := func(parts ...[]IndicatorResponse) []IndicatorResponse { return slices.Concat(parts...) }

	tests := []struct {
		name                 string
		in                   []IndicatorResponse
		rec, expl, dest, pos bool
		posIfUnclear         bool
		positiveDims         []Dimension
	}{
		{name: "nothing answered"},
		{"deceptive + exploitation + coercion", join(deceptive, exploit, coercionDest), true, true, true, true, true,
			[]Dimension{DimensionDeceptiveRecruitment, DimensionExploitativeConditions, DimensionCoercionAtDestination}},
		{"coercive recruitment + exploitation + vulnerability at destination", join(coerciveRec, exploit, vulnDest), true, true, true, true, true,
			[]Dimension{DimensionCoerciveRecruitment, DimensionExploitativeConditions, DimensionAbuseOfVulnerabilityAtDestination}},
		{"recruitment by vulnerability + exploitation + coercion", join(vulnRec, exploit, coercionDest), true, true, true, true, true,
			[]Dimension{DimensionRecruitmentAbuseOfVulnerability, DimensionExploitativeConditions, DimensionCoercionAtDestination}},
		{"no recruitment dimension", join(exploit, coercionDest), false, true, true, false, false,
			[]Dimension{DimensionExploitativeConditions, DimensionCoercionAtDestination}},
		{"no exploitation", join(deceptive, coercionDest, vulnDest), true, false, true, false, false,
			[]Dimension{DimensionDeceptiveRecruitment, DimensionCoercionAtDestination, DimensionAbuseOfVulnerabilityAtDestination}},
		{"nothing at destination", join(deceptive, coerciveRec, exploit), true, true, false, false, false,
			[]Dimension{DimensionDeceptiveRecruitment, DimensionCoerciveRecruitment, DimensionExploitativeConditions}},
		{"exploitation short of the rule (1 medium)", join(deceptive, answeredYes("exploitative_conditions.low_or_no_salary"), coercionDest), true, false, true, false, false,
			[]Dimension{DimensionDeceptiveRecruitment, DimensionCoercionAtDestination}},
		{"ILO forced-labour answers do not count", answeredYes(ILODeception, ILODebtBondage, ILOExcessiveOvertime, ILOIsolation), false, false, false, false, false, nil},
		{"unclear tips it only if confirmed",
			join(deceptive, coercionDest, answeredYes("exploitative_conditions.low_or_no_salary"),
				[]IndicatorResponse{{Code: "exploitative_conditions.excessive_working_days_or_hours", Answer: IndicatorUnclear}}),
			true, false, true, false, true,
			[]Dimension{DimensionDeceptiveRecruitment, DimensionCoercionAtDestination}},
		{"no answers count nothing",
			[]IndicatorResponse{{Code: "exploitative_conditions.excessive_working_days_or_hours", Answer: IndicatorNo}, {Code: "exploitative_conditions.hazardous_work", Answer: IndicatorNo}},
			false, false, false, false, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Screen(tt.in)
			if s.Recruitment != tt.rec || s.ExploitativeConditions != tt.expl || s.CoercionOrVulnerabilityAtDestination != tt.dest {
				t.Errorf("recruitment/exploitation/destination = %v/%v/%v, want %v/%v/%v",
					s.Recruitment, s.ExploitativeConditions, s.CoercionOrVulnerabilityAtDestination, tt.rec, tt.expl, tt.dest)
			}
			if s.Positive != tt.pos || s.PositiveIfUnclearConfirmed != tt.posIfUnclear {
				t.Errorf("positive = %v (if unclear confirmed %v), want %v (%v)", s.Positive, s.PositiveIfUnclearConfirmed, tt.pos, tt.posIfUnclear)
			}
			if len(s.Dimensions) != len(Dimensions) {
				t.Fatalf("%d dimensions in the signal", len(s.Dimensions))
			}
			var gotDims []Dimension
			for i, ds := range s.Dimensions {
				if ds.Dimension != Dimensions[i] {
					t.Errorf("dimension %d is %s, want %s", i, ds.Dimension, Dimensions[i])
				}
				if ds.Positive {
					gotDims = append(gotDims, ds.Dimension)
				}
				if ds.Positive != DimensionPositive(ds.Strong, ds.Medium, ds.Weak) || len(ds.Codes) != ds.Strong+ds.Medium+ds.Weak {
					t.Errorf("%s: counts %+v disagree with its verdict", ds.Dimension, ds)
				}
			}
			if !slices.Equal(gotDims, tt.positiveDims) {
				t.Errorf("positive dimensions %v, want %v", gotDims, tt.positiveDims)
			}
		})
	}
}

func TestScreenCountsAndAnswered(t *testing.T) {
	s := Screen([]IndicatorResponse{
		{Code: "coercion_at_destination.debt_bondage", Answer: IndicatorYes},                                 // S
		{Code: "coercion_at_destination.threats_of_violence", Answer: IndicatorYes},                          // M
		{Code: "coercion_at_destination.threats_to_inform_family_community_or_public", Answer: IndicatorYes}, // W
		{Code: "coercion_at_destination.violence_on_family", Answer: IndicatorUnclear},
		{Code: "coercion_at_destination.forced_tasks_or_clients", Answer: IndicatorNo},
		{Code: ILODebtBondage, Answer: IndicatorYes},
	})
	d := s.Dimension(DimensionCoercionAtDestination)
	if d.Strong != 1 || d.Medium != 1 || d.Weak != 1 || d.Unclear != 1 || !d.Positive {
		t.Errorf("coercion at destination: %+v", d)
	}
	want := []string{"coercion_at_destination.debt_bondage", "coercion_at_destination.threats_of_violence",
		"coercion_at_destination.threats_to_inform_family_community_or_public"}
	if !slices.Equal(d.Codes, want) {
		t.Errorf("codes %v", d.Codes)
	}
	if s.Answered != 5 {
		t.Errorf("Answered = %d, want 5 (ILO-EC answers of any kind)", s.Answered)
	}
}

func TestValidateIndicatorResponses(t *testing.T) {
	tests := []struct {
		name      string
		in        []IndicatorResponse
		wantField string
		wantCode  string
	}{
		{"empty is fine", nil, "", ""},
		{"all answers", []IndicatorResponse{{Code: ILODeception, Answer: IndicatorNo}, {Code: ILOIsolation, Answer: IndicatorUnclear, Note: "n"},
			{Code: "coercion_at_destination.debt_bondage", Answer: IndicatorYes}}, "", ""},
		{"unknown code", []IndicatorResponse{{Code: "nope", Answer: IndicatorYes}}, "indicators.nope", "invalid_choice"},
		{"duplicate", []IndicatorResponse{{Code: ILODeception, Answer: IndicatorYes}, {Code: ILODeception, Answer: IndicatorNo}}, "indicators.deception", "duplicate"},
		{"bad answer", []IndicatorResponse{{Code: ILODeception, Answer: "maybe"}}, "indicators.deception", "invalid_choice"},
		{"empty answer", []IndicatorResponse{{Code: ILODeception}}, "indicators.deception", "invalid_choice"},
		{"note too long", []IndicatorResponse{{Code: ILODeception, Answer: IndicatorYes, Note: strings.Repeat("é", MaxNoteLength+1)}}, "indicators.deception", "too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireFieldErr(t, ValidateIndicatorResponses(tt.in), tt.wantField, tt.wantCode)
		})
	}
}

// requireFieldErr checks that err is nil when wantField is empty, and
// otherwise an invalid_input error with code wantCode on wantField.
func requireFieldErr(t *testing.T, err error, wantField, wantCode string) {
	t.Helper()
	if wantField == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want a field error on %s", err, wantField)
	}
	if e.Kind != KindInvalid || e.Code != "invalid_input" {
		t.Errorf("kind/code = %s/%s, want invalid/invalid_input", e.Kind, e.Code)
	}
	f, ok := e.Field(wantField)
	if !ok {
		t.Fatalf("no error on %s in %v", wantField, err)
	}
	if f.Code != wantCode {
		t.Errorf("%s: code %s, want %s", wantField, f.Code, wantCode)
	}
}

// requireKindCode checks that err is a domain error of kind and code.
func requireKindCode(t *testing.T, err error, kind Kind, code string) {
	t.Helper()
	if ErrorKind(err) != kind || ErrorCode(err) != code {
		t.Fatalf("got %v (kind %s, code %s), want %s/%s", err, ErrorKind(err), ErrorCode(err), kind, code)
	}
}
