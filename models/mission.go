package models

import (
	"slices"
	"strings"
	"time"
)

// MissionKind is the kind of diplomatic or consular post, or international
// organisation, whose members may employ a private servant.
type MissionKind string

// Mission kinds.
const (
	MissionEmbassy                   MissionKind = "embassy"
	MissionConsulate                 MissionKind = "consulate"
	MissionInternationalOrganisation MissionKind = "international_organisation"
)

// MissionKinds lists every mission kind, in the order forms show them.
var MissionKinds = []MissionKind{MissionEmbassy, MissionConsulate, MissionInternationalOrganisation}

// Valid reports whether k is a known mission kind.
func (k MissionKind) Valid() bool { return slices.Contains(MissionKinds, k) }

// MissionStatus says whether a mission may still sponsor applications.
type MissionStatus string

// Mission statuses. A mission is closed, never deleted: its workers' history
// must keep pointing at it.
const (
	MissionActive MissionStatus = "active"
	MissionClosed MissionStatus = "closed"
)

// Valid reports whether s is a known mission status.
func (s MissionStatus) Valid() bool { return s == MissionActive || s == MissionClosed }

// Mission is an embassy, consulate or international organisation accredited
// in Belgium. Requests for cards come from it by note verbale.
type Mission struct {
	ID   int64
	Name string
	Kind MissionKind
	// CountryCode is the sending state (ISO 3166-1 alpha-2). An international
	// organisation has no sending state, so it may be empty for that kind only.
	CountryCode string
	Status      MissionStatus
	ClosedOn    *time.Time
	// Language is the language the Directorate writes to the mission in
	// (MissionLanguages): its letters default to it.
	Language  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize trims the name and upper-cases the country code, so that what is
// validated is what is stored.
func (m *Mission) Normalize() {
	m.Name = strings.Join(strings.Fields(m.Name), " ")
	m.CountryCode = strings.ToUpper(strings.TrimSpace(m.CountryCode))
	if m.Status == "" {
		m.Status = MissionActive
	}
	m.Language = strings.ToLower(strings.TrimSpace(m.Language))
	if m.Language == "" {
		m.Language = DefaultMissionLanguage
	}
}

// Validate checks a mission record. Call Normalize first.
func (m Mission) Validate() error {
	var v Validation
	if m.Name == "" {
		v.Add("name", "required", "Enter the mission's name.")
	} else if len([]rune(m.Name)) > 200 {
		v.Add("name", "too_long", "Use at most 200 characters.")
	}
	if !m.Kind.Valid() {
		v.Add("kind", "invalid_choice", "Choose embassy, consulate or international organisation.")
	}
	switch {
	case m.CountryCode == "" && m.Kind != MissionInternationalOrganisation:
		v.Add("country_code", "required", "Enter the sending state's country code.")
	case m.CountryCode != "" && !ValidCountryCode(m.CountryCode):
		v.Add("country_code", "invalid_country", "Enter an ISO 3166-1 alpha-2 country code, such as PH or MA.")
	}
	if !m.Status.Valid() {
		v.Add("status", "invalid_choice", "Choose active or closed.")
	}
	if m.Status == MissionClosed && m.ClosedOn == nil {
		v.Add("closed_on", "required", "Enter the date the mission closed.")
	}
	if m.Status == MissionActive && m.ClosedOn != nil {
		v.Add("closed_on", "not_allowed", "An active mission has no closing date.")
	}
	if m.Language != "" && !slices.Contains(MissionLanguages, m.Language) { // empty: the default, set by Normalize
		v.Add("language", "invalid_choice", "Choose French, Dutch, German or English.")
	}
	return v.Err()
}

// Active reports whether the mission may sponsor applications.
func (m Mission) Active() bool { return m.Status == MissionActive }

// CountryBelgium is the ISO code the eligibility rules compare nationality
// against: Belgians cannot hold a type S card.
const CountryBelgium = "BE"

// ValidCountryCode reports whether code is an officially assigned ISO 3166-1
// alpha-2 code (upper case), or XK for Kosovo, which ISO has not assigned but
// Belgium recognises and the EU uses. A format check alone would accept "UK"
// for the United Kingdom (GB), a common slip.
func ValidCountryCode(code string) bool {
	return countryCodes[code]
}

var countryCodes = func() map[string]bool {
	m := make(map[string]bool, 250)
	for _, c := range strings.Fields(iso3166Alpha2) {
		m[c] = true
	}
	return m
}()

// iso3166Alpha2 holds the 249 officially assigned codes plus XK.
const iso3166Alpha2 = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ " +
	"EC EE EG EH ER ES ET " +
	"FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU " +
	"ID IE IL IM IN IO IQ IR IS IT " +
	"JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ " +
	"LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ " +
	"OM " +
	"PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
	"QA " +
	"RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ " +
	"VA VC VE VG VI VN VU " +
	"WF WS " +
	"XK " +
	"YE YT " +
	"ZA ZM ZW "
