package models

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestFoldName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nguyễn Thị Minh Khai", "nguyen thi minh khai"},
		{"NGUYỄN", "nguyen"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"Søren Ørsted", "soren orsted"},
		{"Đặng Văn Lâm", "dang van lam"},
		{"Straße", "strasse"},
		{"Æsa Œuvre", "aesa oeuvre"},
		{"Yıldız", "yildiz"},
		{"İlkay", "ilkay"},
		{"Þórður Sigurðsson", "thordur sigurdsson"},
		{"Ħamrun", "hamrun"},
		{"Ɓello Ɗanjuma", "bello danjuma"},
		{"Ɛkua Ɔforiwaa", "ekua oforiwaa"},
		{"Ƒiawoo Ƒe", "fiawoo fe"}, // Ewe: upper case of ƒ, folded as ƒ is
		{"N'Diaye", "ndiaye"},
		{"N’Diaye", "ndiaye"},
		{"Jean-Pierre  DUPONT ", "jean pierre dupont"},
		{"dos Santos, Maria (Mary)", "dos santos maria mary"},
		{"ＭＡＲＩＡ", "maria"},       // full-width Latin
		{"ﬁlipa", "filipa"},      // ligature
		{"Σωκράτης", "σωκρατησ"}, // accent and final sigma folded
		{"ΣΩΚΡΆΤΗΣ", "σωκρατησ"},
		{"Ёлкина", "елкина"},
		{"مُحَمَّد", "محمد"}, // harakat are optional in writing
		{"ガルシア", "ガルシア"},     // voicing marks tell kana apart: kept
		{"ｶﾞﾙｼｱ", "ガルシア"},    // half-width katakana
		{"प्रिया", "प्रिया"}, // Devanagari vowel signs and virama kept
		{"김민지", "김민지"},       // Hangul survives decomposition
		{"李 小龍", "李 小龍"},
		{"100%_done", "100 done"}, // LIKE wildcards never survive
		{"Zero\u200bWidth", "zerowidth"},
		{"", ""},
	}
	for _, tt := range tests {
		got := FoldName(tt.in)
		if got != tt.want {
			t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := FoldName(got); again != got {
			t.Errorf("FoldName is not idempotent on %q: %q", got, again)
		}
		if strings.ContainsAny(got, "%_\\") {
			t.Errorf("FoldName(%q) = %q holds a LIKE metacharacter", tt.in, got)
		}
	}
}

func TestNameMatches(t *testing.T) {
	stored := FoldName("Nguyễn Thị Lan")
	tests := []struct {
		q    string
		want bool
	}{
		{"nguyen", true},
		{"NGUYEN lan", true},
		{"lan nguyễn", true},
		{"thi l", true},
		{"nguyen x", false},
		{"", false},
		{"  ", false},
	}
	for _, tt := range tests {
		if got := NameMatches(stored, tt.q); got != tt.want {
			t.Errorf("NameMatches(%q, %q) = %v", stored, tt.q, got)
		}
	}
	if !NameMatches(FoldName("Łukasz Kowalski"), "lukasz") {
		t.Error("Łukasz does not match lukasz")
	}
}

func lcWorker() Worker {
	return Worker{FamilyName: " Reyes ", GivenNames: "Maria  Luisa", DateOfBirth: lcAt(1985, 4, 12, 15), Sex: SexFemale,
		Nationality: "ph", PassportNumber: "p 1234-567a", PassportExpiresOn: lcDay(2030, 1, 1), Languages: "TL, en tl",
		Phone: "0032 (470) 12.34.56", IBAN: "be68 5390 0754 7034", AccountInSoleName: true, ResidenceStatus: ResidenceNoneYet}
}

func TestWorkerNormalize(t *testing.T) {
	w := lcWorker()
	w.Normalize()
	want := Worker{FamilyName: "Reyes", GivenNames: "Maria Luisa", SearchName: "reyes maria luisa", DateOfBirth: lcDay(1985, 4, 12),
		Sex: SexFemale, Nationality: "PH", PassportNumber: "P1234567A", PassportExpiresOn: lcDay(2030, 1, 1), Languages: "tl,en",
		Phone: "+32470123456", IBAN: "BE68539007547034", AccountInSoleName: true, ResidenceStatus: ResidenceNoneYet,
		PassportKey: "PH:P1234567A", NameBirthKey: "luisa maria reyes|1985-04-12"}
	if fmt.Sprintf("%+v", w) != fmt.Sprintf("%+v", want) {
		t.Errorf("Normalize:\n got %+v\nwant %+v", w, want)
	}
	if err := w.Validate(lcDay(2025, 6, 1)); err != nil {
		t.Fatal(err)
	}
}

func TestWorkerValidate(t *testing.T) {
	today := lcDay(2025, 6, 1)
	tests := []struct {
		name   string
		mutate func(*Worker)
		want   []string
	}{
		{"ok", func(w *Worker) {}, nil},
		{"single name", func(w *Worker) { w.GivenNames = "" }, nil},
		{"no phone", func(w *Worker) { w.Phone = "" }, nil},
		{"no account yet", func(w *Worker) { w.IBAN, w.AccountInSoleName = "", false }, nil},
		{"sole name attested without IBAN", func(w *Worker) { w.IBAN = "" }, []string{"iban:required"}},
		{"ineligible but storable: minor, Belgian, tourist, passport expired", func(w *Worker) {
			w.DateOfBirth, w.Nationality, w.ResidenceStatus, w.PassportExpiresOn = lcDay(2010, 1, 1), "BE", ResidenceTourist, lcDay(2020, 1, 1)
		}, nil},
		{"empty", func(w *Worker) { *w = Worker{} }, []string{
			"date_of_birth:required", "family_name:required", "languages:required", "nationality:required",
			"passport_expires_on:required", "passport_number:required", "residence_status:invalid_choice", "sex:invalid_choice"}},
		{"born tomorrow", func(w *Worker) { w.DateOfBirth = lcDay(2025, 6, 2) }, []string{"date_of_birth:in_future"}},
		{"born 1890", func(w *Worker) { w.DateOfBirth = lcDay(1890, 1, 1) }, []string{"date_of_birth:out_of_range"}},
		{"UK is not a code", func(w *Worker) { w.Nationality = "UK" }, []string{"nationality:invalid_country"}},
		{"passport too short", func(w *Worker) { w.PassportNumber = "P12" }, []string{"passport_number:invalid_format"}},
		{"passport with symbols", func(w *Worker) { w.PassportNumber = "P12#4567" }, []string{"passport_number:invalid_format"}},
		{"language name instead of code", func(w *Worker) { w.Languages = "tl,tagalog" }, []string{"languages:invalid_language"}},
		{"local phone without country code", func(w *Worker) { w.Phone = "0470123456" }, []string{"phone:invalid_format"}},
		{"phone with letters", func(w *Worker) { w.Phone = "+32 call me" }, []string{"phone:invalid_format"}},
		{"IBAN typo", func(w *Worker) { w.IBAN = "BE68539007547035" }, []string{"iban:iban_checksum"}},
		{"control character in name", func(w *Worker) { w.FamilyName = "Re\x00yes" }, []string{"family_name:invalid_characters"}},
		{"name too long", func(w *Worker) { w.GivenNames = strings.Repeat("é", 101) }, []string{"given_names:too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := lcWorker()
			w.Normalize()
			tt.mutate(&w)
			w.Normalize()
			if got := lcFieldCodes(t, w.Validate(today)); !lcSameStrings(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDuplicateWorkers(t *testing.T) {
	base := Worker{FamilyName: "Nguyễn", GivenNames: "Thị Lan", DateOfBirth: lcDay(1990, 2, 3), Nationality: "VN", PassportNumber: "C1234567"}
	tests := []struct {
		name   string
		mutate func(*Worker)
		dup    bool
	}{
		{"same record", func(w *Worker) {}, true},
		{"accents and case differ", func(w *Worker) { w.FamilyName, w.GivenNames = "NGUYEN", "thi lan" }, true},
		{"family and given names swapped", func(w *Worker) { w.FamilyName, w.GivenNames = "Thị Lan", "Nguyễn" }, true},
		{"same passport, name spelled differently", func(w *Worker) { w.FamilyName, w.PassportNumber = "Nguyen-Tran", "c 123 4567" }, true},
		{"same names, other birth date, other passport", func(w *Worker) { w.DateOfBirth, w.PassportNumber = lcDay(1990, 2, 4), "C7654321" }, false},
		{"same passport number, other nationality, other person", func(w *Worker) {
			w.Nationality, w.FamilyName, w.DateOfBirth = "PH", "Reyes", lcDay(1980, 1, 1)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := base, base
			tt.mutate(&b)
			a.Normalize()
			b.Normalize()
			if got := DuplicateOf(b, a); got != tt.dup {
				pa, na := a.DuplicateKeys()
				pb, nb := b.DuplicateKeys()
				t.Errorf("DuplicateOf = %v, want %v (%q %q / %q %q)", got, tt.dup, pa, na, pb, nb)
			}
		})
	}
	if p, n := (Worker{}).DuplicateKeys(); p != "" || n != "" {
		t.Errorf("an empty record has keys %q %q", p, n)
	}
	e := ErrDuplicateWorker(31)
	if e.Kind != KindConflict || e.Code != CodeDuplicateWorker || e.Args["worker_id"] != int64(31) {
		t.Errorf("ErrDuplicateWorker = %+v", e)
	}
}

func TestAgeOn(t *testing.T) {
	tests := []struct {
		dob, day time.Time
		want     int
	}{
		{lcDay(2007, 6, 2), lcAt(2025, 6, 2, 0), 18},
		{lcDay(2007, 6, 3), lcAt(2025, 6, 2, 23), 17},
		{lcDay(2007, 2, 28), lcDay(2025, 3, 1), 18},
		{lcDay(2004, 2, 29), lcDay(2022, 2, 28), 17}, // leap-day birthday: of age on 1 March
		{lcDay(2004, 2, 29), lcDay(2022, 3, 1), 18},
		{lcDay(2004, 2, 29), lcDay(2024, 2, 29), 20},
		{lcDay(1985, 12, 31), lcDay(2025, 1, 1), 39},
	}
	for _, tt := range tests {
		if got := AgeOn(tt.dob, tt.day); got != tt.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tt.dob.Format(time.DateOnly), tt.day.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestValidateIBAN(t *testing.T) {
	tests := []struct {
		in   string
		code string
	}{
		{"BE68 5390 0754 7034", ""},
		{"be68539007547034", ""},
		{"DE89 3704 0044 0532 0130 00", ""},
		{"GB29 NWBK 6016 1331 9268 19", ""},
		{"NL91 ABNA 0417 1643 00", ""},
		{"FR14 2004 1010 0505 0001 3M02 606", ""},
		{"NO93 8601 1117 947", ""},
		{"CH93 0076 2011 6238 5295 7", ""},
		{"LU28 0019 4006 4475 0000", ""},
		{"PH12 3456 7890 1234 5678", CodeIBANChecksum},                  // no IBAN registry entry: general checks only
		{"BE68 5390 0754 7035", CodeIBANChecksum},                       // one digit wrong
		{"BE86 5390 0754 7034", CodeIBANChecksum},                       // check digits swapped
		{"BE68 5390 0754 703", CodeIBANLength},                          // one short for Belgium
		{"BE68 5390", CodeIBANFormat},                                   // below the general minimum
		{"BE68 5390 0754 7034 1", CodeIBANLength},                       // one extra for Belgium
		{"DE89 3704 0044 0532 0130 0", CodeIBANLength},                  // one short for Germany
		{"1E68 5390 0754 7034", CodeIBANFormat},                         // country not letters
		{"BEX8 5390 0754 7034", CodeIBANFormat},                         // check not digits
		{"BE68-5390-0754-7034", CodeIBANFormat},                         // dashes are not spaces
		{"BE68 5390 0754 7034 0000 0000 0000 0000 000", CodeIBANFormat}, // over 34
		{"", CodeIBANFormat},
	}
	for _, tt := range tests {
		err := ValidateIBAN(tt.in)
		if tt.code == "" {
			if err != nil {
				t.Errorf("ValidateIBAN(%q) = %v", tt.in, err)
			}
			continue
		}
		if got := lcFieldCodes(t, err); len(got) != 1 || got[0] != "iban:"+tt.code {
			t.Errorf("ValidateIBAN(%q) = %v, want %s", tt.in, got, tt.code)
		}
	}
	// A country outside the length table passes on its check digits alone.
	body := "12345678901234567"
	check := 98 - lcMod97Big(body+"XX00")
	if err := ValidateIBAN(fmt.Sprintf("XX%02d%s", check, body)); err != nil {
		t.Errorf("unlisted country with good check digits: %v", err)
	}
}

func TestIBANLengthTable(t *testing.T) {
	for cc, n := range ibanLengths {
		if !ValidCountryCode(cc) || n < 15 || n > 34 {
			t.Errorf("%s: %d", cc, n)
		}
	}
}

func TestMod97MatchesBigIntegers(t *testing.T) {
	for _, s := range []string{"0", "96", "97", "98", "123456789012345678901234567890", "S00000000100", "539007547034BE00", "ZZZZZZZZZZZZ"} {
		if got, want := mod97(s), lcMod97Big(s); int64(got) != want {
			t.Errorf("mod97(%s) = %d, want %d", s, got, want)
		}
	}
}

func TestFormatIBAN(t *testing.T) {
	if got := FormatIBAN("BE68539007547034"); got != "BE68 5390 0754 7034" {
		t.Errorf("FormatIBAN = %q", got)
	}
	if got := FormatIBAN("NO9386011117947"); got != "NO93 8601 1117 947" {
		t.Errorf("FormatIBAN = %q", got)
	}
}

func TestResidenceStatuses(t *testing.T) {
	acceptable := map[ResidenceStatus]bool{ResidenceNoneYet: true, ResidenceSpecialIDPending: true, ResidenceSpecialIDHolder: true}
	for _, s := range ResidenceStatuses {
		if s.Acceptable() != acceptable[s] {
			t.Errorf("%s acceptable = %v", s, s.Acceptable())
		}
		// Every refused status has its own eligibility reason.
		in := lcEligible()
		in.Worker.ResidenceStatus = s
		reasons := Eligibility(in, DefaultSettings())
		if s.Acceptable() != (len(reasons) == 0) {
			t.Errorf("%s: eligibility reasons %v", s, lcReasonCodes(reasons))
		}
		if !s.Acceptable() && (len(reasons) != 1 || reasons[0].Code == CodeResidenceUnknown) {
			t.Errorf("%s: reasons %v", s, lcReasonCodes(reasons))
		}
	}
}
