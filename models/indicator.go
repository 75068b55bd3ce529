package models

import "slices"

// This file holds the two taxonomies an interviewer answers during the
// private interview, their mapping to the Counter Trafficking Data
// Collaborative (CTDC) means-of-control fields, and the ILO-EC combination
// rule that turns graded answers into a screening signal. Codes are stable:
// they are stored in observations and used as translation keys
// ("indicator.<code>"), so never rename one; add a new code instead.

// Taxonomy names a list of indicators.
type Taxonomy string

// The two indicator lists Carddesk records.
const (
	// TaxonomyILOForcedLabour is the ILO's 11 indicators of forced labour
	// (2012), answered no / yes / unclear for every interview.
	TaxonomyILOForcedLabour Taxonomy = "ilo_forced_labour"
	// TaxonomyILOEC is the ILO/European Commission operational indicators of
	// trafficking in human beings for adult labour exploitation (2009), used
	// where the interviewer goes deeper. Each has a fixed grade.
	TaxonomyILOEC Taxonomy = "ilo_ec_2009"
)

// Valid reports whether t is a known taxonomy.
func (t Taxonomy) Valid() bool { return t == TaxonomyILOForcedLabour || t == TaxonomyILOEC }

// Label is the English name of the taxonomy.
func (t Taxonomy) Label() string {
	switch t {
	case TaxonomyILOForcedLabour:
		return "ILO indicators of forced labour"
	case TaxonomyILOEC:
		return "ILO-EC operational indicators of trafficking (adult labour exploitation)"
	}
	return string(t)
}

// IndicatorAnswer is the interviewer's answer to one indicator.
type IndicatorAnswer string

// Indicator answers. Only yes and unclear become observations: "unclear" is
// kept because a doubt recorded today is what the next interviewer needs.
const (
	IndicatorNo      IndicatorAnswer = "no"
	IndicatorYes     IndicatorAnswer = "yes"
	IndicatorUnclear IndicatorAnswer = "unclear"
)

// Valid reports whether a is a known answer.
func (a IndicatorAnswer) Valid() bool {
	return a == IndicatorNo || a == IndicatorYes || a == IndicatorUnclear
}

// Observed reports whether the answer is worth keeping in the worker's
// history (yes or unclear).
func (a IndicatorAnswer) Observed() bool { return a == IndicatorYes || a == IndicatorUnclear }

// Grade is the strength the ILO-EC list gives an indicator.
type Grade string

// ILO-EC grades.
const (
	GradeStrong Grade = "strong"
	GradeMedium Grade = "medium"
	GradeWeak   Grade = "weak"
)

// Valid reports whether g is a known grade.
func (g Grade) Valid() bool { return g == GradeStrong || g == GradeMedium || g == GradeWeak }

// Dimension is one of the six ILO-EC dimensions of trafficking for labour
// exploitation.
type Dimension string

// ILO-EC dimensions, in the order of the ILO-EC list.
const (
	DimensionDeceptiveRecruitment              Dimension = "deceptive_recruitment"
	DimensionCoerciveRecruitment               Dimension = "coercive_recruitment"
	DimensionRecruitmentAbuseOfVulnerability   Dimension = "recruitment_abuse_of_vulnerability"
	DimensionExploitativeConditions            Dimension = "exploitative_conditions"
	DimensionCoercionAtDestination             Dimension = "coercion_at_destination"
	DimensionAbuseOfVulnerabilityAtDestination Dimension = "abuse_of_vulnerability_at_destination"
)

// Dimensions lists the six ILO-EC dimensions in the ILO-EC order.
var Dimensions = []Dimension{
	DimensionDeceptiveRecruitment,
	DimensionCoerciveRecruitment,
	DimensionRecruitmentAbuseOfVulnerability,
	DimensionExploitativeConditions,
	DimensionCoercionAtDestination,
	DimensionAbuseOfVulnerabilityAtDestination,
}

// Label is the English name of the dimension.
func (d Dimension) Label() string {
	switch d {
	case DimensionDeceptiveRecruitment:
		return "Deceptive recruitment"
	case DimensionCoerciveRecruitment:
		return "Coercive recruitment"
	case DimensionRecruitmentAbuseOfVulnerability:
		return "Recruitment by abuse of vulnerability"
	case DimensionExploitativeConditions:
		return "Exploitative conditions of work"
	case DimensionCoercionAtDestination:
		return "Coercion at destination"
	case DimensionAbuseOfVulnerabilityAtDestination:
		return "Abuse of vulnerability at destination"
	}
	return string(d)
}

// CTDCField is a means-of-control field of the Counter Trafficking Data
// Collaborative's data standard. Mapping observations to it lets statistics
// and exchange use that standard without re-reading notes.
type CTDCField string

// CTDC means-of-control fields.
const (
	CTDCDebtBondage              CTDCField = "meansOfControlDebtBondage"
	CTDCTakesEarnings            CTDCField = "meansOfControlTakesEarnings"
	CTDCRestrictsFinancialAccess CTDCField = "meansOfControlRestrictsFinancialAccess"
	CTDCThreats                  CTDCField = "meansOfControlThreats"
	CTDCPsychologicalAbuse       CTDCField = "meansOfControlPsychologicalAbuse"
	CTDCPhysicalAbuse            CTDCField = "meansOfControlPhysicalAbuse"
	CTDCSexualAbuse              CTDCField = "meansOfControlSexualAbuse"
	CTDCFalsePromises            CTDCField = "meansOfControlFalsePromises"
	CTDCRestrictsMovement        CTDCField = "meansOfControlRestrictsMovement"
	CTDCRestrictsMedicalCare     CTDCField = "meansOfControlRestrictsMedicalCare"
	CTDCExcessiveWorkingHours    CTDCField = "meansOfControlExcessiveWorkingHours"
	CTDCThreatOfLawEnforcement   CTDCField = "meansOfControlThreatOfLawEnforcement"
	CTDCWithholdsNecessities     CTDCField = "meansOfControlWithholdsNecessities"
	CTDCWithholdsDocuments       CTDCField = "meansOfControlWithholdsDocuments"
)

// CTDCFields lists every CTDC field an indicator may map to.
var CTDCFields = []CTDCField{
	CTDCDebtBondage, CTDCTakesEarnings, CTDCRestrictsFinancialAccess, CTDCThreats,
	CTDCPsychologicalAbuse, CTDCPhysicalAbuse, CTDCSexualAbuse, CTDCFalsePromises,
	CTDCRestrictsMovement, CTDCRestrictsMedicalCare, CTDCExcessiveWorkingHours,
	CTDCThreatOfLawEnforcement, CTDCWithholdsNecessities, CTDCWithholdsDocuments,
}

// Valid reports whether f is a known CTDC field.
func (f CTDCField) Valid() bool { return slices.Contains(CTDCFields, f) }

// Indicator is one entry of a taxonomy.
type Indicator struct {
	Taxonomy Taxonomy
	// Code is stable and unique across both taxonomies: ILO-EC codes are
	// "<dimension>.<item>" because the same wording (say, debt bondage)
	// appears in several dimensions with different grades.
	Code string
	// Dimension and Grade are set for ILO-EC indicators only; the grade is
	// the list's, not the interviewer's opinion.
	Dimension Dimension
	Grade     Grade
	// Label is English; pages translate by Code and fall back to it.
	Label string
	// CTDC lists the means-of-control fields this indicator is evidence of.
	// Empty where none fits: most vulnerability indicators describe the
	// worker's situation, not a means of control.
	CTDC []CTDCField
}

// ILO indicator codes of forced labour. The catalogue below is the only
// place that lists them; constants exist for the few that other rules name.
const (
	ILOAbuseOfVulnerability              = "abuse_of_vulnerability"
	ILODeception                         = "deception"
	ILORestrictionOfMovement             = "restriction_of_movement"
	ILOIsolation                         = "isolation"
	ILOPhysicalAndSexualViolence         = "physical_and_sexual_violence"
	ILOIntimidationAndThreats            = "intimidation_and_threats"
	ILORetentionOfIdentityDocuments      = "retention_of_identity_documents"
	ILOWithholdingOfWages                = "withholding_of_wages"
	ILODebtBondage                       = "debt_bondage"
	ILOAbusiveWorkingAndLivingConditions = "abusive_working_and_living_conditions"
	ILOExcessiveOvertime                 = "excessive_overtime"
)

func iloFL(code, label string, ctdc ...CTDCField) Indicator {
	return Indicator{Taxonomy: TaxonomyILOForcedLabour, Code: code, Label: label, CTDC: ctdc}
}

// iloForcedLabourCatalogue: ILO, "ILO indicators of forced labour" (2012).
var iloForcedLabourCatalogue = []Indicator{
	iloFL(ILOAbuseOfVulnerability, "Abuse of vulnerability"),
	iloFL(ILODeception, "Deception", CTDCFalsePromises),
	iloFL(ILORestrictionOfMovement, "Restriction of movement", CTDCRestrictsMovement),
	iloFL(ILOIsolation, "Isolation", CTDCRestrictsMovement),
	// The ILO groups physical and sexual violence in one indicator; it is
	// evidence of either CTDC field, so both are listed.
	iloFL(ILOPhysicalAndSexualViolence, "Physical and sexual violence", CTDCPhysicalAbuse, CTDCSexualAbuse),
	iloFL(ILOIntimidationAndThreats, "Intimidation and threats", CTDCThreats, CTDCPsychologicalAbuse),
	iloFL(ILORetentionOfIdentityDocuments, "Retention of identity documents", CTDCWithholdsDocuments),
	// For a domestic worker, withheld wages usually go with no access to the
	// worker's own account (the checklist's "own bank card").
	iloFL(ILOWithholdingOfWages, "Withholding of wages", CTDCTakesEarnings, CTDCRestrictsFinancialAccess),
	iloFL(ILODebtBondage, "Debt bondage", CTDCDebtBondage),
	iloFL(ILOAbusiveWorkingAndLivingConditions, "Abusive working and living conditions", CTDCWithholdsNecessities),
	iloFL(ILOExcessiveOvertime, "Excessive overtime", CTDCExcessiveWorkingHours),
}

func iloEC(d Dimension, g Grade, item, label string, ctdc ...CTDCField) Indicator {
	return Indicator{Taxonomy: TaxonomyILOEC, Code: string(d) + "." + item, Dimension: d, Grade: g, Label: label, CTDC: ctdc}
}

// iloECCatalogue: ILO/European Commission, "Operational indicators of
// trafficking in human beings" (2009, WCMS_105023), adult labour
// exploitation, as summarised in DOMAIN.md: 10+10+16+9+15+7 = 67 indicators.
// Labels follow that summary; verify wording against the ILO document before
// relying on it in print.
var iloECCatalogue = []Indicator{
	// Deceptive recruitment (10).
	iloEC(DimensionDeceptiveRecruitment, GradeStrong, "nature_of_job_location_or_employer", "Deceived about the nature of the job, location or employer", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeMedium, "wages_earnings", "Deceived about wages or earnings", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeMedium, "conditions_of_work", "Deceived about conditions of work", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeMedium, "content_or_legality_of_contract", "Deceived about the content or legality of the work contract", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeMedium, "housing_and_living_conditions", "Deceived about housing and living conditions", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeMedium, "legal_documentation_or_migration_status", "Deceived about legal documentation or obtaining legal migrant status", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeMedium, "travel_and_recruitment_conditions", "Deceived about travel and recruitment conditions", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeMedium, "family_reunification", "Deceived about family reunification", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeMedium, "promises_of_marriage_or_adoption", "Deceptive promises of marriage or adoption", CTDCFalsePromises),
	iloEC(DimensionDeceptiveRecruitment, GradeWeak, "access_to_education", "Deceived about access to education opportunities", CTDCFalsePromises),

	// Coercive recruitment (10).
	iloEC(DimensionCoerciveRecruitment, GradeStrong, "violence_on_victims", "Violence on victims", CTDCPhysicalAbuse),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "threats_of_violence", "Threats of violence against the victim", CTDCThreats),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "abduction_forced_marriage_adoption_or_selling", "Abduction, forced marriage, forced adoption or selling of the victim"),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "debt_bondage", "Debt bondage", CTDCDebtBondage),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "confiscation_of_documents", "Confiscation of documents", CTDCWithholdsDocuments),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "isolation_confinement_or_surveillance", "Isolation, confinement or surveillance", CTDCRestrictsMovement),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "threat_of_denunciation_to_authorities", "Threat of denunciation to authorities", CTDCThreatOfLawEnforcement),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "threats_to_inform_family_community_or_public", "Threats to inform family, community or public", CTDCThreats),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "violence_on_family", "Violence on family (threats or effective)", CTDCThreats),
	iloEC(DimensionCoerciveRecruitment, GradeMedium, "withholding_of_money", "Withholding of money", CTDCTakesEarnings),

	// Recruitment by abuse of vulnerability (16). These describe the
	// worker's situation when recruited, not a means of control: no CTDC
	// mapping except where the recruiter lied.
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "difficult_family_situation", "Abuse of a difficult family situation"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "illegal_status", "Abuse of illegal status"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "lack_of_education_or_language", "Abuse of lack of education (language)"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "lack_of_information", "Abuse of lack of information"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "control_of_exploiters", "Control of exploiters"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "economic_reasons", "Economic reasons"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "false_information_about_successful_migration", "False information about successful migration", CTDCFalsePromises),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "false_information_about_law_or_authorities", "False information about law or attitude of authorities"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "family_situation", "Family situation"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "personal_situation", "Personal situation"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "psychological_or_emotional_dependency", "Psychological and emotional dependency"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "relationship_with_authorities_or_legal_status", "Relationship with authorities or legal status"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "difficulties_in_the_past", "Difficulties in the past"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeMedium, "difficulty_to_organise_travel", "Difficulty to organise the travel"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeWeak, "cultural_or_religious_beliefs", "Cultural or religious beliefs"),
	iloEC(DimensionRecruitmentAbuseOfVulnerability, GradeWeak, "general_context", "General context"),

	// Exploitative conditions of work (9).
	iloEC(DimensionExploitativeConditions, GradeStrong, "excessive_working_days_or_hours", "Excessive working days or hours", CTDCExcessiveWorkingHours),
	iloEC(DimensionExploitativeConditions, GradeMedium, "low_or_no_salary", "Low or no salary"),
	iloEC(DimensionExploitativeConditions, GradeMedium, "wage_manipulation", "Manipulation of wages", CTDCTakesEarnings),
	iloEC(DimensionExploitativeConditions, GradeMedium, "bad_living_conditions", "Bad living conditions", CTDCWithholdsNecessities),
	iloEC(DimensionExploitativeConditions, GradeMedium, "very_bad_working_conditions", "Very bad working conditions"),
	iloEC(DimensionExploitativeConditions, GradeMedium, "hazardous_work", "Hazardous work"),
	iloEC(DimensionExploitativeConditions, GradeMedium, "no_respect_of_labour_laws_or_contract", "No respect of labour laws or of the contract signed"),
	// Without social protection a domestic worker has no health cover: the
	// card's conditions require it precisely so that care is not withheld.
	iloEC(DimensionExploitativeConditions, GradeMedium, "no_social_protection", "No social protection (contract, social insurance)", CTDCRestrictsMedicalCare),
	iloEC(DimensionExploitativeConditions, GradeWeak, "no_access_to_education", "No access to education"),

	// Coercion at destination (15).
	iloEC(DimensionCoercionAtDestination, GradeStrong, "confiscation_of_documents", "Confiscation of documents", CTDCWithholdsDocuments),
	iloEC(DimensionCoercionAtDestination, GradeStrong, "debt_bondage", "Debt bondage", CTDCDebtBondage),
	iloEC(DimensionCoercionAtDestination, GradeStrong, "isolation_confinement_or_surveillance", "Isolation, confinement or surveillance", CTDCRestrictsMovement),
	iloEC(DimensionCoercionAtDestination, GradeStrong, "violence_on_victims", "Violence on victims", CTDCPhysicalAbuse),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "threats_of_violence", "Threats of violence against the victim", CTDCThreats),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "forced_into_illicit_activities", "Forced into illicit or criminal activities"),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "forced_tasks_or_clients", "Forced tasks or clients"),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "under_strong_influence", "Under strong influence", CTDCPsychologicalAbuse),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "forced_to_act_against_peers", "Forced to act against peers", CTDCPsychologicalAbuse),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "forced_to_lie_to_authorities_or_family", "Forced to lie to authorities, family, etc.", CTDCPsychologicalAbuse),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "threat_of_denunciation_to_authorities", "Threat of denunciation to authorities", CTDCThreatOfLawEnforcement),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "threat_of_worse_working_conditions", "Threat to impose even worse working conditions", CTDCThreats),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "violence_on_family", "Violence on family (threats or effective)", CTDCThreats),
	iloEC(DimensionCoercionAtDestination, GradeMedium, "withholding_of_wages", "Withholding of wages", CTDCTakesEarnings, CTDCRestrictsFinancialAccess),
	iloEC(DimensionCoercionAtDestination, GradeWeak, "threats_to_inform_family_community_or_public", "Threats to inform family, community or public", CTDCThreats),

	// Abuse of vulnerability at destination (7).
	iloEC(DimensionAbuseOfVulnerabilityAtDestination, GradeMedium, "dependency_on_exploiters", "Dependency on exploiters"),
	iloEC(DimensionAbuseOfVulnerabilityAtDestination, GradeMedium, "difficulty_to_live_in_unknown_area", "Difficulty to live in an unknown area"),
	iloEC(DimensionAbuseOfVulnerabilityAtDestination, GradeMedium, "economic_reasons", "Economic reasons"),
	iloEC(DimensionAbuseOfVulnerabilityAtDestination, GradeMedium, "family_situation", "Family situation"),
	iloEC(DimensionAbuseOfVulnerabilityAtDestination, GradeMedium, "relationship_with_authorities_or_legal_status", "Relationship with authorities or legal status"),
	iloEC(DimensionAbuseOfVulnerabilityAtDestination, GradeWeak, "difficulties_in_the_past", "Difficulties in the past"),
	iloEC(DimensionAbuseOfVulnerabilityAtDestination, GradeWeak, "personal_characteristics", "Personal characteristics"),
}

// indicatorsByCode indexes both catalogues; codes are unique across them
// (checked by a test), so a code alone identifies an indicator.
var indicatorsByCode = func() map[string]Indicator {
	m := make(map[string]Indicator, len(iloForcedLabourCatalogue)+len(iloECCatalogue))
	for _, cat := range [][]Indicator{iloForcedLabourCatalogue, iloECCatalogue} {
		for _, ind := range cat {
			m[ind.Code] = ind
		}
	}
	return m
}()

// Indicators returns the indicators of taxonomy t in their canonical order
// (the order forms show them). The result is a copy.
func Indicators(t Taxonomy) []Indicator {
	var src []Indicator
	switch t {
	case TaxonomyILOForcedLabour:
		src = iloForcedLabourCatalogue
	case TaxonomyILOEC:
		src = iloECCatalogue
	}
	out := make([]Indicator, len(src))
	for i, ind := range src {
		out[i] = ind.clone()
	}
	return out
}

// IndicatorsInDimension returns the ILO-EC indicators of dimension d, in
// canonical order.
func IndicatorsInDimension(d Dimension) []Indicator {
	var out []Indicator
	for _, ind := range iloECCatalogue {
		if ind.Dimension == d {
			out = append(out, ind.clone())
		}
	}
	return out
}

// LookupIndicator returns the indicator with code, in either taxonomy.
func LookupIndicator(code string) (Indicator, bool) {
	ind, ok := indicatorsByCode[code]
	return ind.clone(), ok
}

// CTDCFieldsFor returns the CTDC fields an indicator code maps to, nil for an
// unknown code or an indicator without a mapping.
func CTDCFieldsFor(code string) []CTDCField {
	return slices.Clone(indicatorsByCode[code].CTDC)
}

func (ind Indicator) clone() Indicator {
	ind.CTDC = slices.Clone(ind.CTDC)
	return ind
}

// IndicatorResponse is the interviewer's answer to one indicator during an
// interview. Note is plain text and exists only in memory, between the form
// and the sealer: the interview record keeps every answer with its note
// sealed (IndicatorResponseNoteAAD), and ObservationsFromInterview seals the
// notes of yes and unclear answers into the worker's history.
type IndicatorResponse struct {
	Code   string
	Answer IndicatorAnswer
	Note   string
}

// MaxNoteLength bounds every free-text note (in characters): long enough for
// a careful account, short enough that a pasted document is refused.
const MaxNoteLength = 10000

// ValidateIndicatorResponses checks an interview's indicator answers: known
// codes, known answers, each code at most once. Field names are
// "indicators.<code>" so a form can show the problem beside the question.
func ValidateIndicatorResponses(responses []IndicatorResponse) error {
	var v Validation
	seen := make(map[string]bool, len(responses))
	for _, r := range responses {
		field := "indicators." + r.Code
		if _, ok := indicatorsByCode[r.Code]; !ok {
			v.Add(field, "invalid_choice", "Unknown indicator.")
			continue
		}
		if seen[r.Code] {
			v.Add(field, "duplicate", "This indicator is answered twice.")
			continue
		}
		seen[r.Code] = true
		if !r.Answer.Valid() {
			v.Add(field, "invalid_choice", "Answer no, yes or unclear.")
		}
		if len([]rune(r.Note)) > MaxNoteLength {
			v.Add(field, "too_long", "Use at most {{.max}} characters.", map[string]any{"max": MaxNoteLength})
		}
	}
	return v.Err()
}

// DimensionSignal is how one ILO-EC dimension came out of the combination
// rule. Counts are of indicators answered yes; Unclear counts those answered
// unclear, which the rule does not count but a reviewer should weigh.
type DimensionSignal struct {
	Dimension Dimension
	Strong    int
	Medium    int
	Weak      int
	Unclear   int
	// Positive applies the ILO-EC rule to the yes answers.
	Positive bool
	// PositiveIfUnclearConfirmed applies it as if every unclear answer were
	// yes: it shows the reviewer where a doubt would tip the dimension.
	PositiveIfUnclearConfirmed bool
	// Codes lists the indicators answered yes, in catalogue order.
	Codes []string
}

// ScreeningSignal is the ILO-EC combination rule applied to an interview's
// graded answers. It is advice for the interviewer and the admin to weigh,
// never a finding: it does not decide the interview's outcome, it is not
// evidence that a person is a victim of trafficking, and the rule itself is
// taken from a secondary summary of the ILO-EC study. Pages must present it
// as such.
type ScreeningSignal struct {
	// Dimensions has all six dimensions, in the order of Dimensions.
	Dimensions []DimensionSignal
	// Recruitment: deceptive, coercive or abusive recruitment is positive.
	Recruitment bool
	// ExploitativeConditions: the exploitation dimension is positive.
	ExploitativeConditions bool
	// CoercionOrVulnerabilityAtDestination: coercion or abuse of
	// vulnerability at destination is positive.
	CoercionOrVulnerabilityAtDestination bool
	// Positive is Recruitment AND ExploitativeConditions AND
	// CoercionOrVulnerabilityAtDestination: the person may be a victim of
	// trafficking for labour exploitation and needs a person's review.
	Positive bool
	// PositiveIfUnclearConfirmed is Positive with unclear answers counted
	// as yes.
	PositiveIfUnclearConfirmed bool
	// Answered counts the ILO-EC indicators answered at all (any answer);
	// zero means the interviewer did not go into the ILO-EC list, and the
	// signal says nothing.
	Answered int
}

// Dimension returns the signal of dimension d.
func (s ScreeningSignal) Dimension(d Dimension) DimensionSignal {
	for _, ds := range s.Dimensions {
		if ds.Dimension == d {
			return ds
		}
	}
	return DimensionSignal{Dimension: d}
}

// DimensionPositive is the ILO-EC combination rule for one dimension: 2
// strong, or 1 strong and 1 other (medium or weak), or 3 medium, or 2 medium
// and 1 weak. Weak indicators alone never make a dimension positive.
func DimensionPositive(strong, medium, weak int) bool {
	return strong >= 2 ||
		(strong >= 1 && medium+weak >= 1) ||
		medium >= 3 ||
		(medium >= 2 && weak >= 1)
}

// Screen applies the ILO-EC combination rule to an interview's answers.
// Answers to the ILO forced-labour list and unknown codes are ignored: the
// rule is defined on the graded ILO-EC list only. Validate responses first
// (ValidateIndicatorResponses); Screen does not report errors.
func Screen(responses []IndicatorResponse) ScreeningSignal {
	answers := make(map[string]IndicatorAnswer, len(responses))
	for _, r := range responses {
		answers[r.Code] = r.Answer
	}
	var s ScreeningSignal
	positive := make(map[Dimension][2]bool, len(Dimensions))
	for _, d := range Dimensions {
		ds := DimensionSignal{Dimension: d}
		var us, um, uw int // unclear counts by grade
		for _, ind := range iloECCatalogue {
			if ind.Dimension != d {
				continue
			}
			a, ok := answers[ind.Code]
			if !ok {
				continue
			}
			if a.Valid() {
				s.Answered++
			}
			switch a {
			case IndicatorYes:
				ds.Codes = append(ds.Codes, ind.Code)
				countGrade(ind.Grade, &ds.Strong, &ds.Medium, &ds.Weak)
			case IndicatorUnclear:
				ds.Unclear++
				countGrade(ind.Grade, &us, &um, &uw)
			}
		}
		ds.Positive = DimensionPositive(ds.Strong, ds.Medium, ds.Weak)
		ds.PositiveIfUnclearConfirmed = DimensionPositive(ds.Strong+us, ds.Medium+um, ds.Weak+uw)
		positive[d] = [2]bool{ds.Positive, ds.PositiveIfUnclearConfirmed}
		s.Dimensions = append(s.Dimensions, ds)
	}
	combine := func(i int) (rec, expl, dest bool) {
		rec = positive[DimensionDeceptiveRecruitment][i] || positive[DimensionCoerciveRecruitment][i] ||
			positive[DimensionRecruitmentAbuseOfVulnerability][i]
		expl = positive[DimensionExploitativeConditions][i]
		dest = positive[DimensionCoercionAtDestination][i] || positive[DimensionAbuseOfVulnerabilityAtDestination][i]
		return
	}
	s.Recruitment, s.ExploitativeConditions, s.CoercionOrVulnerabilityAtDestination = combine(0)
	s.Positive = s.Recruitment && s.ExploitativeConditions && s.CoercionOrVulnerabilityAtDestination
	r, e, d := combine(1)
	s.PositiveIfUnclearConfirmed = r && e && d
	return s
}

func countGrade(g Grade, strong, medium, weak *int) {
	switch g {
	case GradeStrong:
		*strong++
	case GradeMedium:
		*medium++
	case GradeWeak:
		*weak++
	}
}
