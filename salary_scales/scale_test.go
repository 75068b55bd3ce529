package salaryscales

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// twoSteps is a valid draft with two categories and steps at 0 and 5 years.
// Each hourly rate is the monthly amount over 38 × 52/12 hours, to the cent.
func twoSteps() Version {
	return Version{
		Status:               StatusDraft,
		EffectiveDate:        date(2025, time.January, 1),
		ReferenceWeeklyHours: 38,
		Categories:           []Category{{"cleaning", "Cleaning"}, {"childcare", "Childcare"}},
		Steps:                []int{0, 5},
		Rates: []Rate{
			{"cleaning", 0, 200000, 1215}, {"cleaning", 5, 210000, 1275},
			{"childcare", 0, 220000, 1336}, {"childcare", 5, 230000, 1397},
		},
		Board:                   BoardAndLodging{55, 109, 84, 74},
		DeductionCapPercent:     20,
		WholeDwellingCapPercent: 40,
		SourceNote:              "test",
	}
}

// fields returns the field:code pairs of a validation error.
func fields(t *testing.T, err error) []string {
	t.Helper()
	var de *models.Error
	if !errors.As(err, &de) {
		t.Fatalf("want *models.Error, got %T %v", err, err)
	}
	var out []string
	for _, f := range de.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func TestSeed(t *testing.T) {
	s := Seed()
	if err := Validate(s); err != nil {
		t.Fatalf("seed invalid: %v", err)
	}
	if s.Status != StatusPublished || !s.EffectiveDate.Equal(date(2024, time.May, 1)) || s.ReferenceWeeklyHours != 38 {
		t.Errorf("seed header = %v %v %v", s.Status, s.EffectiveDate, s.ReferenceWeeklyHours)
	}
	for _, c := range []string{CategoryCleaning, CategoryHousehold, CategoryChildcare} {
		r, ok := s.Rate(c, 0)
		if !ok || r.Monthly != 207048 || r.Hourly != 1257 {
			t.Errorf("seed rate %s = %+v %v", c, r, ok)
		}
	}
	if s.Board != (BoardAndLodging{55, 109, 84, 74}) || s.DeductionCapPercent != 20 || s.WholeDwellingCapPercent != 40 {
		t.Errorf("seed board/caps = %+v %d %d", s.Board, s.DeductionCapPercent, s.WholeDwellingCapPercent)
	}
	if !strings.Contains(s.SourceNote, "SEED") || !strings.Contains(s.SourceNote, "Joint Committee 323") {
		t.Errorf("seed note does not say it is a seed to replace: %q", s.SourceNote)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Version)
		fields []string // field:code, sorted by field as models.Validation returns them
	}{
		{"valid", func(*Version) {}, nil},
		{"missing effective date", func(v *Version) { v.EffectiveDate = time.Time{} }, []string{"effective_date:required"}},
		{"zero reference week", func(v *Version) { v.ReferenceWeeklyHours = 0 }, []string{"reference_weekly_hours:out_of_range"}},
		{"absurd reference week", func(v *Version) { v.ReferenceWeeklyHours = 380 }, []string{"reference_weekly_hours:out_of_range"}},
		{"missing source note", func(v *Version) { v.SourceNote = "" }, []string{"source_note:required"}},
		{"cap zero", func(v *Version) { v.DeductionCapPercent = 0 }, []string{"deduction_cap_percent:out_of_range"}},
		{"dwelling cap below cap", func(v *Version) { v.WholeDwellingCapPercent = 10 }, []string{"whole_dwelling_cap_percent:out_of_range"}},
		{"negative board", func(v *Version) { v.Board.Evening = -1 }, []string{"board.evening:negative"}},
		{"missing board", func(v *Version) { v.Board.Lodging = 0 }, []string{"board.lodging:required"}},
		{"no categories", func(v *Version) { v.Categories = nil; v.Rates = nil }, []string{"categories:required"}},
		{"bad category code", func(v *Version) { v.Categories[0].Code = "Clean ing"; v.Rates = v.Rates[2:] },
			[]string{"categories[0].code:invalid_code"}},
		{"duplicate category", func(v *Version) { v.Categories[1].Code = "cleaning"; v.Rates = v.Rates[:2] },
			[]string{"categories[1].code:duplicate"}},
		{"missing label", func(v *Version) { v.Categories[1].Label = "" }, []string{"categories[1].label:required"}},
		{"no steps", func(v *Version) { v.Steps = nil; v.Rates = nil }, []string{"steps:required"}},
		{"first step not zero", func(v *Version) {
			v.Steps = []int{1, 5}
			v.Rates[0].FromYears, v.Rates[2].FromYears = 1, 1
		}, []string{"steps[0]:first_step_not_zero"}},
		{"steps not ascending", func(v *Version) {
			v.Steps = []int{0, 5, 3}
			v.Rates = append(v.Rates, Rate{"cleaning", 3, 220000, 1336}, Rate{"childcare", 3, 240000, 1457})
		}, []string{"steps[2]:not_ascending"}},
		{"duplicate step", func(v *Version) { v.Steps = []int{0, 5, 5} }, []string{"steps[2]:not_ascending"}},
		{"missing rate", func(v *Version) { v.Rates = v.Rates[:3] },
			[]string{"rates.childcare.5.hourly:required", "rates.childcare.5.monthly:required"}},
		{"negative monthly", func(v *Version) { v.Rates[0].Monthly = -5 },
			[]string{"rates.cleaning.0.monthly:negative"}},
		{"zero hourly", func(v *Version) { v.Rates[2].Hourly = 0 },
			[]string{"rates.childcare.0.hourly:required"}},
		{"step pays less monthly", func(v *Version) { v.Rates[1] = Rate{"cleaning", 5, 199999, 1215} },
			[]string{"rates.cleaning.5.monthly:below_previous_step"}},
		{"step pays less hourly", func(v *Version) { v.Rates[3].Hourly = 1329 },
			[]string{"rates.childcare.5.hourly:rate_disagrees_with_week", "rates.childcare.5.hourly:below_previous_step",
				"rates.childcare.5.monthly:rate_disagrees_with_week"}},
		{"step pays the same", func(v *Version) { v.Rates[1] = Rate{"cleaning", 5, 200000, 1215} }, nil},
		// One list of categories: the domain's.
		{"category employments cannot have", func(v *Version) {
			v.Categories = append(v.Categories, Category{"gardening", "Gardening"})
			v.Rates = append(v.Rates, Rate{"gardening", 0, 200000, 1215}, Rate{"gardening", 5, 200000, 1215})
		}, []string{"categories[2].code:unknown_category"}},
		{"the three domain categories", func(v *Version) {
			v.Categories = append(v.Categories, Category{"household", "Household work"})
			v.Rates = append(v.Rates, Rate{"household", 0, 200000, 1215}, Rate{"household", 5, 200000, 1215})
		}, nil},
		// Hourly and monthly agree with the reference week, to the cent.
		{"hourly a cent off", func(v *Version) { v.Rates[0].Hourly = 1216 },
			[]string{"rates.cleaning.0.hourly:rate_disagrees_with_week", "rates.cleaning.0.monthly:rate_disagrees_with_week"}},
		{"monthly set by the hourly rate", func(v *Version) { v.Rates[0] = Rate{"cleaning", 0, 200070, 1215} }, nil}, // 12.15 × 38 × 52/12 = 2000.70
		{"monthly agreeing through its hourly rate", func(v *Version) { v.Rates[0].Monthly = 200071 }, nil},          // 2000.71 / (38 × 52/12) = 12.1500
		{"monthly off both ways", func(v *Version) { v.Rates[0].Monthly = 200200 }, // 12.1591 -> 12.16; 12.15 makes 2000.70
			[]string{"rates.cleaning.0.hourly:rate_disagrees_with_week", "rates.cleaning.0.monthly:rate_disagrees_with_week"}},
		{"reference week changed alone", func(v *Version) { v.ReferenceWeeklyHours = 40 },
			[]string{"rates.childcare.0.hourly:rate_disagrees_with_week", "rates.childcare.0.monthly:rate_disagrees_with_week",
				"rates.childcare.5.hourly:rate_disagrees_with_week", "rates.childcare.5.monthly:rate_disagrees_with_week",
				"rates.cleaning.0.hourly:rate_disagrees_with_week", "rates.cleaning.0.monthly:rate_disagrees_with_week",
				"rates.cleaning.5.hourly:rate_disagrees_with_week", "rates.cleaning.5.monthly:rate_disagrees_with_week"}},
		// A correcting version says why.
		{"correction without a reason", func(v *Version) { v.CorrectsID = 1; v.CorrectionReason = "  " },
			[]string{"correction_reason:required"}},
		{"correction with a reason", func(v *Version) { v.CorrectsID = 1; v.CorrectionReason = "childcare typed as cleaning" }, nil},
		{"rate for unknown category", func(v *Version) { v.Rates = append(v.Rates, Rate{"garden", 0, 1, 1}) },
			[]string{"rates.garden.0:unknown_category"}},
		{"rate for unknown step", func(v *Version) { v.Rates = append(v.Rates, Rate{"cleaning", 2, 1, 1}) },
			[]string{"rates.cleaning.2:unknown_step"}},
		{"duplicate rate", func(v *Version) { v.Rates = append(v.Rates, v.Rates[0]) },
			[]string{"rates.cleaning.0:duplicate"}},
		{"several problems at once", func(v *Version) { v.SourceNote = ""; v.Board.Midday = -1 },
			[]string{"board.midday:negative", "source_note:required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := twoSteps()
			tt.edit(&v)
			err := Validate(v)
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if models.ErrorKind(err) != models.KindInvalid {
				t.Fatalf("want invalid, got %v", err)
			}
			if got := strings.Join(fields(t, err), " "); got != strings.Join(tt.fields, " ") {
				t.Errorf("fields = %s\nwant     %s", got, strings.Join(tt.fields, " "))
			}
		})
	}
}

func published(id int64, eff time.Time) Version {
	v := twoSteps()
	v.ID, v.Status, v.EffectiveDate = id, StatusPublished, eff
	return v
}

func TestPublish(t *testing.T) {
	now := date(2025, time.June, 15)
	existing := []Version{published(1, date(2024, time.May, 1)), published(2, date(2025, time.January, 1)), published(3, date(2025, time.September, 1))}
	tests := []struct {
		name      string
		draft     func() Version
		wantCode  string // "" = published
		wantField string
	}{
		{"future date between in force and scheduled", func() Version { d := twoSteps(); d.EffectiveDate = date(2025, time.July, 1); return d }, "", ""},
		{"future date after all", func() Version { d := twoSteps(); d.EffectiveDate = date(2026, time.January, 1); return d }, "", ""},
		{"catch-up date in the past but after the one in force", func() Version {
			d := twoSteps()
			d.EffectiveDate = date(2025, time.March, 1)
			return d
		}, "", ""},
		{"same date as a published version", func() Version { d := twoSteps(); d.EffectiveDate = date(2025, time.September, 1); return d },
			"invalid_input", "effective_date:effective_date_taken"},
		{"same date as the one in force", func() Version { d := twoSteps(); d.EffectiveDate = date(2025, time.January, 1); return d },
			"invalid_input", "effective_date:effective_date_taken"},
		{"before the one in force", func() Version { d := twoSteps(); d.EffectiveDate = date(2024, time.December, 1); return d },
			"invalid_input", "effective_date:effective_date_not_later"},
		{"already published", func() Version { return published(9, date(2026, time.January, 1)) }, "scale_version_published", ""},
		{"invalid draft", func() Version {
			d := twoSteps()
			d.EffectiveDate = date(2026, time.January, 1)
			d.SourceNote = ""
			return d
		},
			"invalid_input", "source_note:required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Publish(tt.draft(), existing, now)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("publish: %v", err)
				}
				if got.Status != StatusPublished || !got.PublishedAt.Equal(now) {
					t.Errorf("got status %s at %v", got.Status, got.PublishedAt)
				}
				if err := CanEdit(got); models.ErrorCode(err) != "scale_version_published" {
					t.Errorf("published version still editable: %v", err)
				}
				return
			}
			if models.ErrorCode(err) != tt.wantCode {
				t.Fatalf("code = %s (%v), want %s", models.ErrorCode(err), err, tt.wantCode)
			}
			if tt.wantField != "" {
				if f := fields(t, err); len(f) != 1 || f[0] != tt.wantField {
					t.Errorf("fields = %v, want %s", f, tt.wantField)
				}
			}
		})
	}
	t.Run("first version ever", func(t *testing.T) {
		d := twoSteps()
		if _, err := Publish(d, nil, now); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("does not alias the draft's slices", func(t *testing.T) {
		d := twoSteps()
		d.EffectiveDate = date(2026, time.January, 1)
		p, err := Publish(d, existing, now)
		if err != nil {
			t.Fatal(err)
		}
		d.Rates[0].Monthly = 1
		if p.Rates[0].Monthly == 1 {
			t.Error("published version shares its rates with the draft")
		}
	})
}

func TestInForce(t *testing.T) {
	draft := twoSteps()
	draft.EffectiveDate = date(2025, time.February, 1)
	versions := []Version{
		published(3, date(2025, time.September, 1)), // scheduled, out of order on purpose
		published(1, date(2024, time.May, 1)),
		draft, // drafts never count
		published(2, date(2025, time.January, 1)),
	}
	tests := []struct {
		on     time.Time
		wantID int64
		code   string
	}{
		{date(2024, time.April, 30), 0, ErrNoScaleInForce},
		{date(2024, time.May, 1), 1, ""},
		{date(2024, time.December, 31), 1, ""},
		{date(2025, time.January, 1), 2, ""},
		{date(2025, time.March, 1), 2, ""},
		{date(2025, time.August, 31), 2, ""},
		{date(2025, time.September, 1), 3, ""},
		{time.Date(2025, time.September, 1, 23, 59, 0, 0, time.FixedZone("CEST", 2*3600)), 3, ""},
		{date(2030, time.January, 1), 3, ""},
	}
	for _, tt := range tests {
		v, err := InForce(versions, tt.on)
		if tt.code != "" {
			if models.ErrorCode(err) != tt.code || models.ErrorKind(err) != models.KindNotFound {
				t.Errorf("InForce(%v) err = %v, want %s", tt.on, err, tt.code)
			}
			continue
		}
		if err != nil || v.ID != tt.wantID {
			t.Errorf("InForce(%v) = %d, %v; want %d", tt.on, v.ID, err, tt.wantID)
		}
	}
	t.Run("ambiguous is refused, not guessed", func(t *testing.T) {
		vs := []Version{published(1, date(2025, time.January, 1)), published(2, date(2025, time.January, 1))}
		if _, err := InForce(vs, date(2025, time.June, 1)); models.ErrorCode(err) != "scale_ambiguous" {
			t.Errorf("err = %v", err)
		}
		// An older tie does not matter once a later version is in force.
		vs = append(vs, published(3, date(2025, time.March, 1)))
		if v, err := InForce(vs, date(2025, time.June, 1)); err != nil || v.ID != 3 {
			t.Errorf("got %d %v", v.ID, err)
		}
	})
	t.Run("superseded", func(t *testing.T) {
		if !Superseded(versions[1], versions, date(2025, time.March, 1)) {
			t.Error("2024 version should be superseded in March 2025")
		}
		if Superseded(versions[3], versions, date(2025, time.March, 1)) {
			t.Error("version in force is not superseded")
		}
		if Superseded(versions[0], versions, date(2025, time.March, 1)) {
			t.Error("scheduled version is not superseded")
		}
	})
}

func TestNewDraftFrom(t *testing.T) {
	src := published(7, date(2025, time.January, 1))
	src.PublishedAt = date(2024, time.December, 1)
	d := NewDraftFrom(src)
	if d.ID != 0 || d.Status != StatusDraft || !d.EffectiveDate.IsZero() || !d.PublishedAt.IsZero() || d.BasedOnID != 7 {
		t.Errorf("draft header = %+v", d)
	}
	if d.SourceNote != src.SourceNote || len(d.Rates) != len(src.Rates) {
		t.Error("draft lost the table")
	}
	d.Rates[0].Monthly = 1
	d.Categories[0].Label = "x"
	d.Steps[0] = 9
	if src.Rates[0].Monthly == 1 || src.Categories[0].Label == "x" || src.Steps[0] == 9 {
		t.Error("editing the draft changed the published version")
	}
	if err := CanEdit(d); err != nil {
		t.Errorf("draft not editable: %v", err)
	}
}

func TestApplyIndexation(t *testing.T) {
	tests := []struct {
		name            string
		percent         float64
		monthly, hourly Cents // in
		wantM, wantH    Cents
	}{
		{"2% on the seed", 2, 207048, 1257, 211189, 1283}, // 2111.8896 -> 2111.89; its hourly 2111.89 / (38 × 52/12) = 12.8252 -> 12.83
		{"rounds half up", 0.5, 100, 101, 101, 102},       // 100.5 -> 101 (half up); 101.505 -> 102
		{"four decimals of percent", 2.0123, 1000000, 1000, 1020123, 1020},
		{"zero", 0, 207048, 1257, 207048, 1257},
		{"negative", -1, 207048, 1257, 204978, 1245},                  // 2049.7752 -> 2049.78; its hourly 12.4480 -> 12.45
		{"row set by the hourly rate", 2, 230533, 1400, 235144, 1428}, // 14.00 -> 14.28; its monthly 14.28 × 38 × 52/12 = 2351.44
		{"large", 11.08, 180000, 1100, 199944, 1222},                  // 1999.44; 12.2188 -> 12.22
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := twoSteps()
			v.Rates = []Rate{{"cleaning", 0, tt.monthly, tt.hourly}}
			got, err := ApplyIndexation(v, tt.percent)
			if err != nil {
				t.Fatal(err)
			}
			if got.Rates[0].Monthly != tt.wantM || got.Rates[0].Hourly != tt.wantH {
				t.Errorf("got %s / %s, want %s / %s", got.Rates[0].Monthly, got.Rates[0].Hourly, tt.wantM, tt.wantH)
			}
			if got.Board != v.Board {
				t.Error("board-and-lodging amounts must not be indexed")
			}
			if v.Rates[0].Monthly != tt.monthly {
				t.Error("input version modified")
			}
		})
	}
	for _, p := range []float64{-100, 100.01, 1e9} {
		if _, err := ApplyIndexation(twoSteps(), p); models.ErrorKind(err) != models.KindInvalid {
			t.Errorf("ApplyIndexation(%v) err = %v, want invalid", p, err)
		}
	}
	if _, err := ApplyIndexation(Seed(), 2); models.ErrorCode(err) != "scale_version_published" {
		t.Errorf("indexing a published version: %v", err)
	}
}

func TestIsStale(t *testing.T) {
	v := published(1, date(2024, time.May, 1))
	tests := []struct {
		now    time.Time
		months int
		want   bool
	}{
		{date(2024, time.May, 1), 0, false},
		{date(2025, time.May, 1), 0, false}, // exactly 12 months: not older yet
		{date(2025, time.May, 2), 0, true},
		{date(2025, time.May, 2), 13, false},
		{date(2024, time.November, 2), 6, true},
		{date(2024, time.November, 1), 6, false},
		{date(2026, time.January, 1), -1, true}, // non-positive means the default
	}
	for _, tt := range tests {
		if got := IsStale(v, tt.now, tt.months); got != tt.want {
			t.Errorf("IsStale(%v, %d) = %v, want %v", tt.now.Format(time.DateOnly), tt.months, got, tt.want)
		}
	}
}

func TestSeniority(t *testing.T) {
	tests := []struct {
		start, on time.Time
		want      int
	}{
		{date(2020, time.March, 15), date(2020, time.March, 15), 0},
		{date(2020, time.March, 15), date(2021, time.March, 14), 0},
		{date(2020, time.March, 15), date(2021, time.March, 15), 1},
		{date(2020, time.March, 15), date(2025, time.December, 31), 5},
		{date(2020, time.March, 15), date(2019, time.January, 1), 0}, // before start
		{date(2020, time.February, 29), date(2021, time.February, 28), 0},
		{date(2020, time.February, 29), date(2021, time.March, 1), 1},
		{date(2020, time.February, 29), date(2024, time.February, 29), 4},
		{date(2020, time.December, 31), time.Date(2021, time.December, 31, 23, 0, 0, 0, time.FixedZone("x", 3600)), 1},
	}
	for _, tt := range tests {
		if got := Seniority(tt.start, tt.on); got != tt.want {
			t.Errorf("Seniority(%s, %s) = %d, want %d", tt.start.Format(time.DateOnly), tt.on.Format(time.DateOnly), got, tt.want)
		}
	}
}
