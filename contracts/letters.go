package contracts

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carddesk/carddesk/models"
)

// Letters to missions (issue 13): notes verbales, the Directorate's usual
// channel to an embassy, in French, Dutch, German or English. They carry the
// file's facts (names, card, dates, documents, the appointment's time and
// place) and never anything of an interview.

// LetterData is one note verbale.
type LetterData struct {
	Number   string
	Kind     models.LetterKind
	Language string // fr, nl, de or en
	Mission  string
	Worker   string
	Employer string
	// Application is the application's number; Card and CardExpires the
	// card's (renewal due, card ready, card to return).
	Application string
	Card        string
	CardExpires time.Time
	// Documents are the missing or required documents, already named in
	// the letter's language.
	Documents []string
	// At and Place are the appointment's (summons; card ready: the place).
	At    time.Time
	Place string
	// IssuedOn is the letter's date.
	IssuedOn time.Time
}

// letterTexts are the letters' sentences by language: {mission}, {worker},
// {employer}, {application}, {card}, {expires}, {date}, {time}, {place},
// {number}, {issued}.
var letterTexts = map[string]map[string]string{
	"en": {
		"title":             "Note verbale",
		"number":            "No. {number}",
		"opening":           "The Protocol Directorate of the Federal Public Service Foreign Affairs presents its compliments to the {mission} and has the honour to inform it of the following.",
		"renewal_due":       "The special identity card no. {card} of {worker}, private domestic worker of {employer}, expires on {expires}. A renewal application, with the documents listed below, should reach the Directorate before that date.",
		"documents_missing": "The application no. {application} for a special identity card for {worker}, private domestic worker of {employer}, cannot be examined until the documents listed below have been received.",
		"summons":           "{worker}, private domestic worker of {employer}, is invited to the Directorate on {date} at {time}, {place}, in connection with the application no. {application}. The Directorate would be grateful if the Mission would pass the enclosed summons on to {worker} personally. The worker is received alone; no member of the household or of the Mission attends.",
		"card_ready":        "The special identity card of {worker}, private domestic worker of {employer} (application no. {application}), is ready. It is handed to {worker} in person only, on presentation of the passport, at {place}.",
		"card_return":       "The special identity card no. {card} of {worker}, private domestic worker of {employer}, is to be returned to the Directorate at the end of the employment or posting, and at the latest on {expires}.",
		"documents":         "Documents:",
		"closing":           "The Protocol Directorate avails itself of this opportunity to renew to the {mission} the assurances of its highest consideration.",
		"place_date":        "Brussels, {issued}",
	},
	"fr": {
		"title":             "Note verbale",
		"number":            "N° {number}",
		"opening":           "La Direction du Protocole du Service public fédéral Affaires étrangères présente ses compliments à {mission} et a l'honneur de l'informer de ce qui suit.",
		"renewal_due":       "La carte d'identité spéciale n° {card} de {worker}, travailleur domestique privé de {employer}, expire le {expires}. Une demande de renouvellement, accompagnée des documents énumérés ci-dessous, doit parvenir à la Direction avant cette date.",
		"documents_missing": "La demande n° {application} de carte d'identité spéciale pour {worker}, travailleur domestique privé de {employer}, ne peut être examinée qu'à la réception des documents énumérés ci-dessous.",
		"summons":           "{worker}, travailleur domestique privé de {employer}, est invité à la Direction le {date} à {time}, {place}, dans le cadre de la demande n° {application}. La Direction saurait gré à la Mission de bien vouloir remettre la convocation ci-jointe à {worker} en personne. Le travailleur est reçu seul ; aucun membre du ménage ni de la Mission n'y assiste.",
		"card_ready":        "La carte d'identité spéciale de {worker}, travailleur domestique privé de {employer} (demande n° {application}), est prête. Elle est remise à {worker} en personne uniquement, sur présentation du passeport, à {place}.",
		"card_return":       "La carte d'identité spéciale n° {card} de {worker}, travailleur domestique privé de {employer}, doit être restituée à la Direction à la fin de l'emploi ou de l'affectation, et au plus tard le {expires}.",
		"documents":         "Documents :",
		"closing":           "La Direction du Protocole saisit cette occasion pour renouveler à {mission} les assurances de sa très haute considération.",
		"place_date":        "Bruxelles, le {issued}",
	},
	"nl": {
		"title":             "Verbale nota",
		"number":            "Nr. {number}",
		"opening":           "De Directie Protocol van de Federale Overheidsdienst Buitenlandse Zaken biedt {mission} haar complimenten aan en heeft de eer haar het volgende mee te delen.",
		"renewal_due":       "De bijzondere identiteitskaart nr. {card} van {worker}, private huisbediende van {employer}, vervalt op {expires}. Een aanvraag tot vernieuwing, met de hieronder opgesomde documenten, moet de Directie vóór die datum bereiken.",
		"documents_missing": "De aanvraag nr. {application} van een bijzondere identiteitskaart voor {worker}, private huisbediende van {employer}, kan pas onderzocht worden na ontvangst van de hieronder opgesomde documenten.",
		"summons":           "{worker}, private huisbediende van {employer}, wordt uitgenodigd bij de Directie op {date} om {time}, {place}, in het kader van de aanvraag nr. {application}. De Directie zou het op prijs stellen dat de Zending de bijgevoegde oproeping persoonlijk aan {worker} overhandigt. De werknemer wordt alleen ontvangen; geen lid van het huishouden of van de Zending is aanwezig.",
		"card_ready":        "De bijzondere identiteitskaart van {worker}, private huisbediende van {employer} (aanvraag nr. {application}), is klaar. Ze wordt enkel persoonlijk aan {worker} overhandigd, op vertoon van het paspoort, in {place}.",
		"card_return":       "De bijzondere identiteitskaart nr. {card} van {worker}, private huisbediende van {employer}, moet aan het einde van de tewerkstelling of van de standplaats aan de Directie teruggegeven worden, en uiterlijk op {expires}.",
		"documents":         "Documenten:",
		"closing":           "De Directie Protocol maakt van deze gelegenheid gebruik om {mission} opnieuw de verzekering van haar zeer bijzondere hoogachting te betuigen.",
		"place_date":        "Brussel, {issued}",
	},
	"de": {
		"title":             "Verbalnote",
		"number":            "Nr. {number}",
		"opening":           "Die Direktion Protokoll des Föderalen Öffentlichen Dienstes Auswärtige Angelegenheiten begrüßt {mission} und beehrt sich, ihr Folgendes mitzuteilen.",
		"renewal_due":       "Der Sonderausweis Nr. {card} von {worker}, privater Hausangestellter von {employer}, läuft am {expires} ab. Ein Antrag auf Verlängerung mit den unten aufgeführten Unterlagen sollte der Direktion vor diesem Datum vorliegen.",
		"documents_missing": "Der Antrag Nr. {application} auf einen Sonderausweis für {worker}, privater Hausangestellter von {employer}, kann erst nach Eingang der unten aufgeführten Unterlagen geprüft werden.",
		"summons":           "{worker}, privater Hausangestellter von {employer}, wird im Rahmen des Antrags Nr. {application} am {date} um {time} in die Direktion eingeladen: {place}. Die Direktion wäre der Mission dankbar, die beigefügte Vorladung {worker} persönlich auszuhändigen. Die Person wird allein empfangen; kein Mitglied des Haushalts oder der Mission ist anwesend.",
		"card_ready":        "Der Sonderausweis von {worker}, privater Hausangestellter von {employer} (Antrag Nr. {application}), liegt bereit. Er wird nur {worker} persönlich gegen Vorlage des Reisepasses ausgehändigt: {place}.",
		"card_return":       "Der Sonderausweis Nr. {card} von {worker}, privater Hausangestellter von {employer}, ist am Ende der Beschäftigung oder der Dienstzeit, spätestens am {expires}, an die Direktion zurückzugeben.",
		"documents":         "Unterlagen:",
		"closing":           "Die Direktion Protokoll benutzt diesen Anlass, {mission} erneut ihrer ausgezeichneten Hochachtung zu versichern.",
		"place_date":        "Brüssel, den {issued}",
	},
}

// LetterLanguages are the languages a note verbale is written in: the
// languages a mission is written to in (models.MissionLanguages, the one
// list), each of which has its texts here (TestLetterLanguagesAreMissionLanguages).
var LetterLanguages = slices.Clone(models.MissionLanguages)

// Letter returns the note verbale as a PDF.
func Letter(ctx context.Context, d LetterData) ([]byte, error) {
	t, ok := letterTexts[d.Language]
	var v models.Validation
	if !ok {
		v.Add("language", "invalid_choice", "Choose French, Dutch, German or English.")
	}
	if !d.Kind.Valid() {
		v.Add("kind", "invalid_choice", "Choose the kind of letter.")
	}
	if strings.TrimSpace(d.Number) == "" || strings.TrimSpace(d.Mission) == "" {
		v.Add("number", "required", "A letter has a number and a mission.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	date := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.Format("02.01.2006")
	}
	vals := map[string]string{"mission": d.Mission, "worker": d.Worker, "employer": d.Employer, "application": d.Application,
		"card": d.Card, "expires": date(d.CardExpires), "date": date(d.At), "time": d.At.Format("15:04"), "place": d.Place,
		"number": d.Number, "issued": date(d.IssuedOn)}
	bs := []block{
		{kind: kindTitle, text: t["title"]},
		{kind: kindSmall, text: fill(t["number"], vals)},
		{kind: kindGap},
		{kind: kindPara, text: fill(t["opening"], vals)},
		{kind: kindPara, text: fill(t[string(d.Kind)], vals)},
	}
	if len(d.Documents) > 0 {
		bs = append(bs, block{kind: kindBox, lines: append([]string{t["documents"]}, d.Documents...)})
	}
	bs = append(bs, block{kind: kindPara, text: fill(t["closing"], vals)}, block{kind: kindGap},
		block{kind: kindSmall, text: fill(t["place_date"], vals)})
	created := d.IssuedOn
	if created.IsZero() {
		created = time.Now()
	}
	w := newWriter(fontUnicode, civil(created), t["title"]+" "+d.Number, d.Language)
	w.ctx = ctx
	render(w, [][]block{bs})
	return w.finish(nil)
}

// letterDocNames name the documents in the letters' languages (the pages'
// names for fr, nl and en, app/locales/cards.*.toml).
var letterDocNames = map[string]map[models.DocumentKind]string{
	"fr": {
		models.DocNoteVerbale:           "Note verbale",
		models.DocSignedContract:        "Contrat signé",
		models.DocDeclarationOfReturn:   "Déclaration de retour",
		models.DocSocialSecurity:        "Preuve de sécurité sociale ou d'assurance maladie",
		models.DocWorkAccidentInsurance: "Assurance accidents du travail",
		models.DocRepatriationInsurance: "Assurance rapatriement",
		models.DocPassportCopy:          "Copie du passeport",
		models.DocPoliceReport:          "Procès-verbal de police",
		models.DocWorkerPhoto:           "Photo du travailleur",
	},
	"nl": {
		models.DocNoteVerbale:           "Verbale nota",
		models.DocSignedContract:        "Ondertekend contract",
		models.DocDeclarationOfReturn:   "Terugkeerverklaring",
		models.DocSocialSecurity:        "Bewijs van sociale zekerheid of ziekteverzekering",
		models.DocWorkAccidentInsurance: "Arbeidsongevallenverzekering",
		models.DocRepatriationInsurance: "Repatriëringsverzekering",
		models.DocPassportCopy:          "Kopie van het paspoort",
		models.DocPoliceReport:          "Proces-verbaal van de politie",
		models.DocWorkerPhoto:           "Foto van de werknemer",
	},
	"de": {
		models.DocNoteVerbale:           "Verbalnote",
		models.DocSignedContract:        "Von beiden Parteien unterzeichneter Arbeitsvertrag",
		models.DocDeclarationOfReturn:   "Von beiden Parteien unterzeichnete Rückkehrerklärung",
		models.DocSocialSecurity:        "Nachweis der sozialen Sicherheit oder der Krankenversicherung",
		models.DocWorkAccidentInsurance: "Arbeitsunfallversicherung",
		models.DocRepatriationInsurance: "Rückführungsversicherung",
		models.DocPassportCopy:          "Kopie des Reisepasses",
		models.DocPoliceReport:          "Polizeiliche Verlustanzeige",
		models.DocWorkerPhoto:           "Foto der beschäftigten Person",
	},
	"en": {
		models.DocNoteVerbale:           "Note verbale",
		models.DocSignedContract:        "Signed contract",
		models.DocDeclarationOfReturn:   "Declaration of return",
		models.DocSocialSecurity:        "Social-security or medical-insurance proof",
		models.DocWorkAccidentInsurance: "Work-accident insurance",
		models.DocRepatriationInsurance: "Repatriation insurance",
		models.DocPassportCopy:          "Passport copy",
		models.DocPoliceReport:          "Police report",
		models.DocWorkerPhoto:           "Worker's photo",
	},
}

// LetterDocumentName names document kind k in language.
func LetterDocumentName(k models.DocumentKind, language string) string {
	if n, ok := letterDocNames[language][k]; ok {
		return n
	}
	return string(k)
}
