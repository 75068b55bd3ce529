package contracts

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/contracts/pdftest"
	"github.com/carddesk/carddesk/models"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Names in Polish, Vietnamese, Turkish and Romanian: the core PDF fonts
// cannot print any of them.
const (
	polishName     = "Agnieszka Wróblewska-Łęcka"
	vietnameseName = "Nguyễn Thị Hường"
	turkishName    = "Çağrı Öztürk"
	romanianName   = "Ioana Ştefănescu-Ţurcanu"
)

// sample is a complete snapshot of a live-in worker with full board.
func sample() Snapshot {
	return Snapshot{
		Reference: "CD-2025-000123",
		Language:  "en",
		Date:      day(2025, time.March, 3),
		Place:     "Brussels",
		Employer: Employer{
			Name:     polishName,
			Function: "First Counsellor",
			Mission:  "Embassy of the Republic of Poland",
			Address:  "Avenue des Arts 12\n1000 Brussels",
		},
		Worker: Worker{
			Name:           vietnameseName,
			Nationality:    "Vietnamese",
			DateOfBirth:    day(1988, time.July, 14),
			PassportNumber: "C1234567",
			Address:        "Avenue des Arts 12, 1000 Brussels",
		},
		Workplace:      "Avenue des Arts 12, 1000 Brussels",
		LivesIn:        true,
		StartDate:      day(2025, time.April, 1),
		EndDate:        day(2026, time.March, 31),
		Category:       "household",
		Duties:         "cleaning the residence, laundry and ironing, preparing family meals",
		WeeklyHours:    38,
		GrossMonthly:   215000,
		Minimum:        207048,
		MinimumHourly:  1257,
		SeniorityYears: 2,
		Scale:          ScaleRef{VersionID: 7, EffectiveDate: day(2024, time.May, 1)},
		IBAN:           "BE68 5390 0754 7034",
		Board: Board{Breakfast: true, Midday: true, Evening: true, Lodging: true,
			BreakfastAmount: 55, MiddayAmount: 109, EveningAmount: 84, LodgingAmount: 74,
			PerDay: 322, Deducted: 9794, CapPercent: 20, CashPaid: 205206},
		RestDays:       []time.Weekday{time.Saturday, time.Sunday},
		RepatriationTo: "Hanoi, Viet Nam",
	}
}

// pdfText is the PDF's text (pdftest.Text).
func pdfText(t *testing.T, pdf []byte) string { return pdftest.Text(t, pdf) }

// pageCount counts the page objects of a PDF.
func pageCount(pdf []byte) int {
	return len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(pdf, -1))
}

func mustGenerate(t *testing.T, s Snapshot) []byte {
	t.Helper()
	b, err := Generate(s)
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return b
}

func TestContractShowsFiguresAndNames(t *testing.T) {
	s := sample()
	s.Employer.Name = polishName
	s.Worker.Name = vietnameseName
	s.Employer.Function = "Counsellor to " + turkishName
	s.Worker.Address = "c/o " + romanianName + ", Avenue des Arts 12, 1000 Brussels"
	text := pdfText(t, mustGenerate(t, s))
	for _, want := range []string{
		polishName, vietnameseName, turkishName, romanianName,
		"Gross monthly salary agreed: EUR 2,150.00",
		"Minimum gross monthly pay that applies: EUR 2,070.48",
		"Salary scale version 7, in force from 1 May 2024",
		"Paid in money after deduction of board and lodging: EUR 2,052.06",
		"salary scale version 7 of 1 May 2024", // footer
		"CD-2025-000123",
		"page 1 of 3", // Noto Sans is wider than DejaVu Sans Condensed was
	} {
		if !strings.Contains(text, want) {
			t.Errorf("contract text lacks %q", want)
		}
	}
}

// The headings of every ILO C189 Article 7 item and of the clauses issue 5
// requires, with a phrase of each clause, in English.
func TestContractCoversC189AndRequiredClauses(t *testing.T) {
	text := pdfText(t, mustGenerate(t, sample()))
	for _, want := range []string{
		"the employer: " + polishName,                                   // (a) parties and addresses
		"residing at Avenue des Arts 12, 1000 Brussels",                 // (a)
		"usual place of work",                                           // (b)
		"takes effect on 1 April 2025",                                  // (c) start
		"fixed term ending on 31 March 2026",                            // (c) duration
		"category: household work",                                      // (d) type of work
		"The work consists of: cleaning the residence",                  // (d)
		"gross monthly salary of EUR 2,150.00",                          // (e) pay
		"at least once a month",                                         // (e) how often
		"by transfer to a bank account held in the worker's sole name",  // paid by transfer to own account
		"38 hours a week, spread over 5 days",                           // (f) normal hours
		"paid annual leave of at least 20 working days",                 // (g) leave
		"daily rest of at least 11 consecutive hours",                   // (g) daily rest
		"weekly rest of at least 24 consecutive hours",                  // (g) weekly rest >= 24 h
		"private room that locks",                                       // (h) accommodation
		"EUR 0.55 for breakfast",                                        // (h) food, daily amounts
		"No probation period applies",                                   // (i)
		"back to Hanoi, Viet Nam",                                       // (j) repatriation, travel paid
		"travel to Belgium at the start",                                // travel paid by the employer
		"Act of 3 July 1978",                                            // (k) termination and notice
		"governed by Belgian law",                                       // Belgian law
		"keeps their own passport",                                      // own passport, contract, belongings
		"owes no fee",                                                   // no recruitment fees
		"free to dispose of their time and to leave the house",          // free to go out
		"two originals signed by both parties; each party receives one", // two copies
		"The employer", "The worker", "read and approved",               // signature blocks
	} {
		if !strings.Contains(text, want) {
			t.Errorf("contract lacks %q", want)
		}
	}
}

func TestContractInEachLanguage(t *testing.T) {
	tests := []struct {
		lang                   string
		salary, minimum, scale string
	}{
		{"en", "EUR 2,150.00", "EUR 2,070.48", "Salary scale version 7, in force from 1 May 2024"},
		{"fr", "2.150,00 EUR", "2.070,48 EUR", "Barème salarial version 7, en vigueur à partir du 1er mai 2024"},
		{"nl", "EUR 2.150,00", "EUR 2.070,48", "Loonschaal versie 7, van kracht vanaf 1 mei 2024"},
		{"de", "2.150,00 EUR", "2.070,48 EUR", "Lohntabelle Version 7, gültig ab dem 1. Mai 2024"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			s := sample()
			s.Language = tt.lang
			text := pdfText(t, mustGenerate(t, s))
			for _, want := range []string{tt.salary, tt.minimum, tt.scale, vietnameseName, polishName} {
				if !strings.Contains(text, want) {
					t.Errorf("%s contract lacks %q", tt.lang, want)
				}
			}
		})
	}
}

func TestContractSideBySide(t *testing.T) {
	s := sample()
	s.Language, s.SecondLanguage = "fr", "en"
	b := mustGenerate(t, s)
	text := pdfText(t, b)
	for _, want := range []string{"Rémunération mensuelle brute convenue", "Gross monthly salary agreed",
		"établi en français et en anglais", "drawn up in French and English", "L'employeur / The employer"} {
		if !strings.Contains(text, want) {
			t.Errorf("bilingual contract lacks %q", want)
		}
	}
	if n := pageCount(b); n < 3 {
		t.Errorf("a side-by-side contract on %d pages is suspiciously short", n)
	}
}

// Every language, every variant: no placeholder is left unfilled, and
// every side-by-side pair lines up block for block.
func TestContractBlocksAreComplete(t *testing.T) {
	variants := map[string]func(*Snapshot){
		"as is":            func(*Snapshot) {},
		"live out":         func(s *Snapshot) { s.LivesIn = false; s.Board = Board{} },
		"indefinite":       func(s *Snapshot) { s.EndDate = time.Time{} },
		"agreed notice":    func(s *Snapshot) { s.NoticeEmployerWeeks, s.NoticeWorkerWeeks = 6, 3 },
		"probation":        func(s *Snapshot) { s.ProbationDays = 14 },
		"foreign security": func(s *Snapshot) { s.ForeignSocialSecurity = "the Philippines (SSS)" },
		"no IBAN, no rest days": func(s *Snapshot) {
			s.IBAN, s.RestDays = "", nil
		},
		"stale, capped, whole dwelling, fixed days": func(s *Snapshot) {
			s.Scale.Stale = true
			s.Board = Board{Lodging: true, WholeDwelling: true, LodgingAmount: 74, PerDay: 74, DaysPerMonth: 30,
				Deducted: 2220, CapPercent: 40, Capped: true, CashPaid: 212780}
		},
	}
	for _, lang := range ContractLanguages {
		for _, second := range append([]string{""}, SecondLanguages()...) {
			if second == lang {
				continue
			}
			for name, edit := range variants {
				s := sample().withDefaults()
				s.Language, s.SecondLanguage = lang, second
				edit(&s)
				langs := []*TextSet{texts()[lang]}
				if second != "" {
					langs = append(langs, texts()[second])
				}
				var docs [][]block
				for _, tset := range langs {
					bs := contractBlocks(s, tset, langs)
					for _, b := range bs {
						for _, txt := range append([]string{b.text}, b.lines...) {
							if strings.ContainsAny(txt, "{}") {
								t.Errorf("%s/%s %s: unfilled placeholder in %q", lang, second, name, txt)
							}
						}
					}
					docs = append(docs, bs)
				}
				if len(docs) == 2 {
					if len(docs[0]) != len(docs[1]) {
						t.Fatalf("%s/%s %s: %d blocks beside %d", lang, second, name, len(docs[0]), len(docs[1]))
					}
					for i := range docs[0] {
						if docs[0][i].kind != docs[1][i].kind || len(docs[0][i].lines) != len(docs[1][i].lines) {
							t.Fatalf("%s/%s %s: block %d does not pair", lang, second, name, i)
						}
					}
				}
			}
		}
	}
}

func TestContractStaleScaleIsSaid(t *testing.T) {
	s := sample()
	s.Scale.Stale = true
	text := pdfText(t, mustGenerate(t, s))
	if !strings.Contains(text, "more than 12 months old") {
		t.Error("a contract computed from a stale scale does not say so")
	}
	s.Scale.Stale = false
	if strings.Contains(pdfText(t, mustGenerate(t, s)), "months old") {
		t.Error("a current scale is called stale")
	}
}

func TestContractIsDeterministic(t *testing.T) {
	a := mustGenerate(t, sample())
	b := mustGenerate(t, sample())
	if !bytes.Equal(a, b) {
		t.Fatal("the same snapshot gave different bytes")
	}
	// Concurrent generation shares the parsed font: still the same bytes.
	var wg sync.WaitGroup
	results := make([][]byte, 6)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = Generate(sample())
		}()
	}
	wg.Wait()
	for i, r := range results {
		if !bytes.Equal(r, a) {
			t.Errorf("concurrent document %d differs", i)
		}
	}
	if bytes.Contains(a, []byte(time.Now().Format("20060102"))) {
		t.Error("the PDF carries today's date")
	}
	s := sample()
	s.Date = day(2025, time.March, 4)
	if bytes.Equal(mustGenerate(t, s), a) {
		t.Error("a different contract date gave the same bytes")
	}
	s = sample()
	s.GrossMonthly = 216000
	if bytes.Equal(mustGenerate(t, s), a) {
		t.Error("a different salary gave the same bytes")
	}
}

func TestContractRefusesBadSnapshots(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Snapshot)
		field string
	}{
		{"no language", func(s *Snapshot) { s.Language = "" }, "language"},
		{"page language is not a contract language", func(s *Snapshot) { s.Language = "es" }, "language"},
		{"second language without a translation", func(s *Snapshot) { s.SecondLanguage, s.Texts = "sw", withoutContract("sw") }, "second_language"},
		{"second language unknown", func(s *Snapshot) { s.SecondLanguage = "xx" }, "second_language"},
		{"same language twice", func(s *Snapshot) { s.SecondLanguage = "en" }, "second_language"},
		{"below the minimum", func(s *Snapshot) { s.GrossMonthly = 207047 }, "gross_monthly_salary"},
		{"no reference", func(s *Snapshot) { s.Reference = " " }, "reference"},
		{"no worker name", func(s *Snapshot) { s.Worker.Name = "" }, "worker.name"},
		{"no scale version", func(s *Snapshot) { s.Scale.VersionID = 0 }, "scale.version_id"},
		{"end before start", func(s *Snapshot) { s.EndDate = s.StartDate }, "end_date"},
		{"weekly rest under 24 hours", func(s *Snapshot) { s.WeeklyRestHours = 20 }, "weekly_rest_hours"},
		{"no repatriation place", func(s *Snapshot) { s.RepatriationTo = "" }, "repatriation_to"},
		{"no employer function", func(s *Snapshot) { s.Employer.Function = "" }, "employer.function"},
		{"daily rest under 11 hours", func(s *Snapshot) { s.DailyRestHours = 8 }, "daily_rest_hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sample()
			tt.edit(&s)
			_, err := Generate(s)
			var de *models.Error
			if !errors.As(err, &de) {
				t.Fatalf("want a validation error, got %v", err)
			}
			if _, ok := de.Field(tt.field); !ok {
				t.Errorf("no error on %s: %v", tt.field, err)
			}
		})
	}
}

func TestTextsAreComplete(t *testing.T) {
	for _, lang := range ContractLanguages {
		tset := texts()[lang]
		if tset == nil {
			t.Fatalf("no clauses/%s.toml", lang)
		}
		for name, section := range map[string]func(*TextSet) map[string]string{
			"contract": contractSection, "leaflet": leafletSection, "summons": summonsSection,
		} {
			if missing := texts().missing(tset, section); len(missing) > 0 {
				t.Errorf("%s [%s]: missing or different keys: %v", lang, name, missing)
			}
		}
		for _, other := range ContractLanguages {
			if tset.Languages[other] == "" {
				t.Errorf("%s names no language %s", lang, other)
			}
		}
	}
	for _, list := range [][]string{SecondLanguages(), LeafletLanguages(), SummonsLanguages()} {
		for _, lang := range ContractLanguages {
			if !strings.Contains(strings.Join(list, ","), lang) {
				t.Errorf("%s missing from %v", lang, list)
			}
		}
	}
}

func TestTextFormats(t *testing.T) {
	tests := []struct {
		lang, money, date, hours, clock, list string
	}{
		{"en", "EUR 1,234,567.05", "1 May 2024", "37.5", "09:30", "a, b and c"},
		{"fr", "1.234.567,05 EUR", "1er mai 2024", "37,5", "09 h 30", "a, b et c"},
		{"nl", "EUR 1.234.567,05", "1 mei 2024", "37,5", "09.30 uur", "a, b en c"},
		{"de", "1.234.567,05 EUR", "1. Mai 2024", "37,5", "09:30 Uhr", "a, b und c"},
	}
	for _, tt := range tests {
		f := texts()[tt.lang].Format
		at := time.Date(2024, time.May, 1, 9, 30, 0, 0, time.UTC)
		got := []string{f.money(123456705), f.date(at), f.hours(37.5), f.clock(at), f.list([]string{"a", "b", "c"})}
		want := []string{tt.money, tt.date, tt.hours, tt.clock, tt.list}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: got %q, want %q", tt.lang, got, want)
		}
	}
	if got := texts()["en"].Format.hours(38); got != "38" {
		t.Errorf("hours(38) = %q", got)
	}
}

func TestFillAndPlaceholders(t *testing.T) {
	if got := fill("{a} and {b} but {c}", map[string]string{"a": "1", "b": "{a}"}); got != "1 and {a} but {c}" {
		t.Errorf("fill = %q", got)
	}
	if got := placeholders("x {b} {a} {b} {"); strings.Join(got, ",") != "a,b" {
		t.Errorf("placeholders = %v", got)
	}
}

// withoutContract is the embedded texts with lang's contract translation
// taken out, as if no one had written it.
func withoutContract(lang string) *Library {
	b, _ := EmbeddedText(lang)
	src := string(b)
	if i := strings.Index(src, "\n[contract]\n"); i >= 0 {
		src = src[:i+1]
	}
	set, err := ParseTextSet(lang, []byte(src))
	if err != nil {
		panic(err)
	}
	return NewLibrary(set)
}
