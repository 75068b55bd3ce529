package models

import (
	"strings"
	"testing"
)

func TestMissionValidate(t *testing.T) {
	ok := Mission{Name: " Embassy of  the Philippines ", Kind: MissionEmbassy, CountryCode: "ph"}
	tests := []struct {
		name   string
		mutate func(*Mission)
		want   []string
	}{
		{"embassy", func(m *Mission) {}, nil},
		{"international organisation without a sending state", func(m *Mission) {
			m.Kind, m.CountryCode = MissionInternationalOrganisation, ""
		}, nil},
		{"consulate without a country", func(m *Mission) { m.Kind, m.CountryCode = MissionConsulate, "" }, []string{"country_code:required"}},
		{"UK is not an ISO code", func(m *Mission) { m.CountryCode = "UK" }, []string{"country_code:invalid_country"}},
		{"Kosovo", func(m *Mission) { m.CountryCode = "XK" }, nil},
		{"closed with a date", func(m *Mission) { m.Status, m.ClosedOn = MissionClosed, lcPtr(lcDay(2024, 1, 1)) }, nil},
		{"closed without a date", func(m *Mission) { m.Status = MissionClosed }, []string{"closed_on:required"}},
		{"active with a closing date", func(m *Mission) { m.ClosedOn = lcPtr(lcDay(2024, 1, 1)) }, []string{"closed_on:not_allowed"}},
		{"unknown kind and status", func(m *Mission) { m.Kind, m.Status = "residence", "dormant" },
			[]string{"kind:invalid_choice", "status:invalid_choice"}},
		{"no name", func(m *Mission) { m.Name = "  " }, []string{"name:required"}},
		{"long name", func(m *Mission) { m.Name = strings.Repeat("a", 201) }, []string{"name:too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.mutate(&m)
			m.Normalize()
			if got := lcFieldCodes(t, m.Validate()); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	m := ok
	m.Normalize()
	if m.Name != "Embassy of the Philippines" || m.CountryCode != "PH" || m.Status != MissionActive || !m.Active() {
		t.Errorf("Normalize = %+v", m)
	}
}

func TestValidCountryCode(t *testing.T) {
	if n := len(countryCodes); n != 250 {
		t.Errorf("%d country codes, want 249 assigned + XK", n)
	}
	tests := []struct {
		code string
		want bool
	}{
		{"BE", true}, {"PH", true}, {"MA", true}, {"ET", true}, {"XK", true}, {"ZW", true}, {"AD", true},
		{"UK", false}, {"EU", false}, {"be", false}, {"B", false}, {"BEL", false}, {"", false}, {"D ", false},
	}
	for _, tt := range tests {
		if got := ValidCountryCode(tt.code); got != tt.want {
			t.Errorf("ValidCountryCode(%q) = %v", tt.code, got)
		}
	}
}
