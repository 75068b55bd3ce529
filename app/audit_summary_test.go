package app

import (
	"testing"

	"github.com/carddesk/carddesk/models"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestAuditSummaryTranslated (issue 13): stored English summaries are shown
// in the reader's language, their variable parts kept and their codes named;
// a summary of no known shape is shown as stored and marked English.
func TestAuditSummaryTranslated(t *testing.T) {
	b, err := loadTranslations()
	if err != nil {
		t.Fatal(err)
	}
	loc := func(lang string) *localizer { return &localizer{lang: lang, l: i18n.NewLocalizer(b, lang)} }
	for _, c := range []struct {
		lang, stored, want string
		english            bool
	}{
		{"fr", "interview 4 recorded", "Entretien 4 enregistré", false},
		{"nl", "interview 4 recorded", "Gesprek 4 vastgelegd", false},
		{"en", "interview 4 recorded", "Interview 4 recorded", false},
		{"fr", "card S00000000152 issued for application 1", "Carte S00000000152 délivrée pour la demande 1", false},
		{"fr", "first_issuance application opened for worker 6", "Demande ouverte pour le travailleur 6 (Première délivrance)", false},
		{"nl", "passport_copy attached (application/pdf)", "Document toegevoegd: Kopie van het paspoort (application/pdf)", false},
		{"fr", "hold decision: release", "Décision sur la suspension : suspension levée", false},
		{"en", "clearance of interview 7 confirmed", "Clearance of interview 7: confirmed", false},
		{"fr", "application withdraw", "Demande clôturée : Retirée", false},
		{"fr", "note verbale NV/2026/0001 (documents_missing, de)", "Note verbale NV/2026/0001 (Documents manquants, de)", false},
		{"nl", "role interviewer: second factor required", "Rol Interviewer: tweede factor vereist", false},
		{"fr", "interview 3 reassigned as 5 to user 2: she asked for a woman", "Entretien 3 réattribué comme 5 à l'utilisateur 2 : she asked for a woman", false},
		{"fr", "worker edit, version 2: 1 field(s) changed", "Travailleur : modifié, version 2 (1 champ(s) modifié(s))", false},
		{"nl", "employment end, version 3: 1 field(s) changed", "Tewerkstelling: beëindigd, versie 3 (1 veld(en) gewijzigd)", false},
		{"fr", "something new the store writes", "something new the store writes", true},
		{"en", "something new the store writes", "something new the store writes", false},
	} {
		got := loc(c.lang).auditSummary(c.stored)
		if got.Text != c.want || got.English != c.english {
			t.Errorf("%s %q: %+v, want %q (English %v)", c.lang, c.stored, got, c.want, c.english)
		}
	}
	// Every pattern and every CTDC field has its message (all three
	// languages: TestTranslationsComplete).
	for _, p := range auditPatterns {
		if _, err := loc("en").l.Localize(&i18n.LocalizeConfig{MessageID: auditSummaryMsg + p.name}); err != nil {
			t.Errorf("no message for the audit summary %q: %v", p.name, err)
		}
	}
	for _, f := range models.CTDCFields {
		if _, err := loc("en").l.Localize(&i18n.LocalizeConfig{MessageID: ctdcMsg + string(f)}); err != nil {
			t.Errorf("no name for the CTDC field %s: %v", f, err)
		}
	}
}
